"""A small built-in assessment used to check templates (``bmm validate``) and in tests.

It uses every question type, a context part, notes, "don't know" answers, triggered rules
with SDG/GCM links, an added recommendation: every variable a template may use is present.
"""

from __future__ import annotations

from typing import Any

from assistant.analysis import Analysis, analyse
from assistant.engine.answers import Answer
from assistant.framework.models import Framework


def _t(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _scale(qid: str) -> dict[str, Any]:
    return {"id": qid, "type": "scale", "text": _t("Overall, how mature is it?", "Globalement, quel niveau ?"),
            "levels": [_t(x, x) for x in ("None", "Partial", "Nationwide", "Evaluated")]}


SAMPLE_FRAMEWORK: dict[str, Any] = {
    "id": "sample", "version": "1", "languages": ["en", "fr"],
    "title": _t("Sample assessment", "Évaluation type"),
    "description": _t("A sample.", "Un exemple."),
    "scale": [{"level": i, "label": _t(en, fr), "summary": _t(en, fr)}
              for i, (en, fr) in enumerate([("Basic", "Élémentaire"), ("Developing", "En développement"),
                                             ("Established", "Établi"), ("Advanced", "Avancé")], 1)],
    "context": {"id": "context", "title": _t("Context", "Contexte"), "intro": _t("About.", "À propos."),
                "questions": [{"id": "c_date", "type": "date", "text": _t("Start?", "Début ?")},
                              {"id": "c_scope", "type": "multi_choice", "text": _t("Scope?", "Périmètre ?"),
                               "options": [{"value": "air", "label": _t("Air", "Air")},
                                           {"value": "land", "label": _t("Land", "Terre")}]}]},
    "components": [
        {"id": "one", "title": _t("Administration", "Administration"), "intro": _t("Intro.", "Intro."),
         "elements": [
             {"id": "alpha", "title": _t("Training", "Formation"), "intro": _t("Intro.", "Intro."),
              "standards": ["A standard"],
              "questions": [
                  {"id": "a_yes", "type": "yes_no", "scores": {"yes": 3, "no": 1}, "text": _t("Plan?", "Plan ?")},
                  {"id": "a_choice", "type": "single_choice", "text": _t("How?", "Comment ?"),
                   "options": [{"value": "bad", "score": 1, "label": _t("Badly", "Mal")},
                               {"value": "good", "score": 4, "label": _t("Well", "Bien")}]},
                  {"id": "a_num", "type": "number", "min": 0, "text": _t("How many?", "Combien ?")},
                  {"id": "a_text", "type": "text", "text": _t("Describe.", "Décrivez.")},
                  {"id": "a_dk", "type": "yes_no", "text": _t("Audit?", "Audit ?")},
                  _scale("a_level")],
              "recommendations": [
                  {"id": "a_r1", "when": {"question": "a_yes", "equals": "no"}, "text": _t("Adopt a plan.", "Adopter un plan."),
                   "objective": _t("A plan", "Un plan"), "horizon": "short", "priority": "high",
                   "lead": _t("Ministry", "Ministère"), "sdg": ["10.7"], "gcm": [11]},
                  {"id": "a_r2", "when": {"question": "a_dk", "in": ["no", "dont_know"]},
                   "text": _t("Audit it.", "L'auditer."), "horizon": "long", "priority": "low",
                   "lead": _t("Inspectorate", "Inspection")}]},
             {"id": "beta", "title": _t("Conduct", "Déontologie"), "intro": _t("Intro.", "Intro."),
              "questions": [_scale("b_level")]}]},
        {"id": "two", "title": _t("Information", "Information"),
         "elements": [{"id": "gamma", "title": _t("Systems", "Systèmes"), "intro": _t("Intro.", "Intro."),
                       "questions": [_scale("g_level")]}]},
    ],
}  # fmt: skip

SAMPLE_ANSWERS = [
    Answer("c_date", value="2026-01-15"), Answer("c_scope", value=["air", "land"]),
    Answer("a_yes", value="no", note="Decree 12/2020"), Answer("a_choice", value="good"),
    Answer("a_num", value=120), Answer("a_text", value="Officers learn on the job."),
    Answer("a_dk", status="dont_know"), Answer("a_level", value=2), Answer("b_level", value=4),
]  # fmt: skip

SAMPLE_META = {"id": "sample", "country": "Sampleland", "title": "", "team": ["A. Expert"],
               "agencies": ["Border police"], "start_date": "2026-01-15", "end_date": "2026-03-01",
               "updated": "2026-03-01T10:00:00+00:00"}
SAMPLE_EDITS = {"add:sample": {"key": "add:sample", "added": True, "text": "Hold a workshop.",
                               "horizon": "short", "priority": "medium", "element": "beta"}}


def sample_framework() -> Framework:
    return Framework.model_validate(SAMPLE_FRAMEWORK)


def sample_analysis(lang: str = "en") -> Analysis:
    return analyse(sample_framework(), SAMPLE_ANSWERS, lang, SAMPLE_EDITS)


def sample_comparison(lang: str = "en") -> Any:
    """The sample as a follow-up of a weaker baseline (an answer since removed, a reviewed action):
    every variable of the report's "Changes since the baseline" has a value."""
    from assistant.followup.baseline import Baseline
    from assistant.followup.compare import compare

    f = sample_framework()
    given = {a.question: a for a in SAMPLE_ANSWERS}
    given.update({"a_choice": Answer("a_choice", value="bad"), "b_level": Answer("b_level", value=3),
                  "a_gone": Answer("a_gone", value="yes")})
    answers = {k: v for k, v in given.items() if k != "a_gone"}
    baseline = Baseline("sample-2023", {"id": "sample-2023", "country": "Sampleland", "title": "Baseline 2023",
                                        "start_date": "2023-02-01"}, "0", f, given, answers, {},
                        {"a_gone": given["a_gone"]}, analyse(f, answers, lang, {}))
    reviews = {"rec:a_r1": {"status": "done", "note": "Plan adopted in 2024."}}
    return compare(baseline, "sample", SAMPLE_META, {a.question: a for a in SAMPLE_ANSWERS}, SAMPLE_EDITS, reviews,
                   lang)
