"""The bundled Border and Migration Management Assessment: structure, reachability, rules, languages."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from helpers import run_bmm

from assistant import framework as fw
from assistant.engine import Interview
from assistant.framework.models import DONT_KNOW, NOT_APPLICABLE

ELEMENT_IDS = {
    "admin": ["org_structure", "cooperation", "hr_management", "performance_standards", "training",
              "values_conduct"],
    "ops": ["entry_residence", "passenger_processing", "prosecutions", "detention_removal",
            "counter_corruption", "humanitarian_considerations", "humanitarian_border_mgmt",
            "gender_mainstreaming", "identity_management"],
    "reg": ["national_strategies", "legislation", "institutional_strategies", "institutional_regulations",
            "international_cooperation", "international_conventions"],
    "info": ["bmis", "alert_lists", "travel_documents", "visa_system", "system_integrity", "api_pnr",
             "intelligence"],
}
CONTEXT_IDS = ["ctx_date", "ctx_method", "ctx_agencies", "ctx_scope", "ctx_bcp_count", "ctx_respondents",
               "ctx_focus"]


@pytest.fixture(scope="module")
def bmm() -> fw.Framework:
    return fw.get("bmm")


def test_component_and_element_ids_are_stable(bmm):
    assert {c.id: [e.id for e in c.elements] for c in bmm.components} == ELEMENT_IDS
    assert [c.id for c in bmm.components] == ["admin", "ops", "reg", "info"]
    assert [q.id for q in bmm.context.questions] == CONTEXT_IDS


def test_framework_show_json_meets_the_content_bar(bmm, tmp_path):
    out = run_bmm(["framework", "show", "bmm", "--json"], {"BMM_HOME": str(tmp_path), "PATH": ""})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["components"]) == 4
    elements = [e for c in data["components"] for e in c["elements"]]
    assert len(elements) == 28
    for el in elements:
        qs = el["questions"]
        assert 6 <= len(qs) <= 12, el["id"]
        assert sum(q["type"] == "scale" for q in qs) >= 1, el["id"]
        assert sum("when" in q for q in qs) >= 1, el["id"]
        assert len(el["recommendations"]) >= 3, el["id"]
        assert all(q.get("guidance", {}).get("why") for q in qs), el["id"]
        horizons = {r["horizon"] for r in el["recommendations"]}
        assert horizons, el["id"]
    texts = list(_texts(data))
    assert len(texts) > 2000
    for path, value in texts:
        assert set(value) == {"en", "fr"}, path
        assert all(v.strip() for v in value.values()), path


def test_every_scale_question_has_four_described_levels(bmm):
    for el in bmm.elements():
        for q in el.questions:
            if q.type == "scale":
                assert len(q.levels) == 4 and all(len(d["en"]) > 20 and len(d["fr"]) > 20 for d in q.levels)


def test_human_rights_and_gender_are_asked_where_they_bear(bmm):
    words = ("human rights", "gender", "women", "sex and age", "child", "vulnerab", "asylum", "trafficking")
    for eid in ("training", "values_conduct", "detention_removal", "humanitarian_considerations",
                "gender_mainstreaming", "passenger_processing", "intelligence"):
        el = next(e for e in bmm.elements() if e.id == eid)
        text = " ".join(fw.text(q.text, "en").lower() for q in el.questions)
        assert sum(w in text for w in words) >= 2, eid


def test_recommendations_link_to_sdg_and_gcm(bmm):
    rules = [r for el in bmm.elements() for r in el.recommendations]
    assert sum("10.7" in r.sdg for r in rules) >= 0.8 * len(rules)
    assert sum(bool({7, 11} & set(r.gcm)) for r in rules) >= 0.8 * len(rules)
    assert {r.horizon for r in rules} == {"short", "long"}
    assert {r.priority for r in rules} == {"high", "medium", "low"}


# ---- reachability and rules, by exploring answers -------------------------------------------


def _candidates(bmm) -> dict[str, list[Any]]:
    """Possible answers per question, including thresholds its conditions mention; None = skipped."""
    thresholds: dict[str, set[float]] = {}
    conditions = [q.when for _, q in bmm.questions() if q.when]
    conditions += [c for el in bmm.elements() for r in el.recommendations for c in (r.when, r.unless) if c]
    for cond in conditions:
        for node, _ in cond.walk():
            if node.question and node.operator in ("greater_than", "at_least", "less_than", "at_most"):
                thresholds.setdefault(node.question, set()).add(node.operand)
    out: dict[str, list[Any]] = {}
    for _, q in bmm.questions():
        values: list[Any] = [None, *q.specials()]
        if q.type in ("yes_no", "single_choice"):
            values += q.option_values()
        elif q.type == "multi_choice":
            opts = q.option_values()
            values += [[o] for o in opts] + [opts] + [opts[: len(opts) // 2]] + [opts[len(opts) // 2:]]
        elif q.type == "scale":
            values += [1, 2, 3, 4]
        elif q.type == "number":
            lo = q.min if q.min is not None else 0
            hi = q.max if q.max is not None else lo + 1000
            nums = {lo, hi, (lo + hi) / 2}
            for t in thresholds.get(q.id, ()):
                nums |= {t - 1, t, t + 1, t - 0.5, t + 0.5}
            values += sorted(n for n in nums if lo <= n <= hi and (not q.integer or n == int(n)))
        elif q.type == "date":
            values += ["2026-03-14"]
        else:
            values += ["Free text answer"]
        out[q.id] = values
    return out


def _explore(bmm, runs: int = 3000):
    rng = random.Random(7)
    cands = _candidates(bmm)
    order = [q for _, q in bmm.questions()]
    rules = [r for el in bmm.elements() for r in el.recommendations]
    reached: set[str] = set()
    fired: set[str] = set()
    silent: set[str] = set()
    for run in range(runs):
        bias = rng.random()  # some runs mostly answer "well", some mostly "badly"
        values: dict[str, Any] = {}
        for q in order:
            if q.when is not None and not q.when.evaluate(values):
                continue
            reached.add(q.id)
            options = cands[q.id]
            pick = options[min(len(options) - 1, int(rng.random() ** (bias * 3 + 0.2) * len(options)))] \
                if run % 2 else rng.choice(options)
            if pick is not None:
                values[q.id] = pick
        for r in rules:
            (fired if r.fires(values) else silent).add(r.id)
    return reached, fired, silent, {r.id for r in rules}


def test_every_question_is_reachable_and_every_rule_fires_and_stays_silent(bmm):
    reached, fired, silent, rules = _explore(bmm)
    assert {q.id for _, q in bmm.questions()} - reached == set()
    assert rules - fired == set()
    assert rules - silent == set()


def test_special_answers_are_offered(bmm):
    specials = [q.specials() for _, q in bmm.questions()]
    assert sum(DONT_KNOW in s for s in specials) >= 0.9 * len(specials)
    assert sum(NOT_APPLICABLE in s for s in specials) >= 0.8 * len(specials)


# ---- the whole framework through the plain interview, in each language ------------------------


def _line(q, lang: str, turn: int) -> str:
    """A valid typed answer that varies with the turn, so branches differ."""
    if q.type in ("yes_no", "single_choice", "scale"):
        n = {"yes_no": 2, "scale": 4}.get(q.type) or len(q.options)
        return str(1 + turn % n)
    if q.type == "multi_choice":
        return "1,2" if turn % 2 else "1"
    if q.type == "number":
        lo = q.min if q.min is not None else 0
        value = int(lo) + 3 if q.max is None or q.max >= lo + 3 else int(lo)
        return str(value)
    if q.type == "date":
        return "14/03/2026"
    return "Réponse libre : « test » <&>" if lang == "fr" else "Free answer: \"test\" <&>"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_complete_plain_interview_of_the_whole_framework(bmm, tmp_path, lang):
    iv = Interview(bmm, lang=lang)
    lines = []
    while iv.current is not None:  # plan the answers with the same engine the command uses
        line = _line(iv.current, lang, len(lines))
        iv.record(iv.parse(line))
        lines.append(line)
    env = {"BMM_HOME": str(tmp_path / "home"), "PATH": ""}
    created = run_bmm(["new", "--country", "Avalon", "--lang", lang], env)
    aid = created.stdout.strip().splitlines()[-1]
    out = run_bmm(["interview", aid, "--plain"], env, stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    done = "All questions are answered." if lang == "en" else "Toutes les questions ont une réponse."
    assert done in out.stdout
    exported = json.loads(run_bmm(["export", aid], env).stdout)
    assert len(exported["answers"]) == len(lines) > 200


def _texts(node, path=""):
    if isinstance(node, dict):
        if node and set(node) <= {"en", "fr"} and all(isinstance(v, str) for v in node.values()):
            yield path, node
            return
        for k, v in node.items():
            if k != "when":
                yield from _texts(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(v, f"{path}[{i}]")


def test_agencies_from_the_creation_form_are_not_asked_again(bmm):
    from assistant.session import Session
    from assistant.store import memory_store

    store = memory_store()
    a = store.create("Avalon", "bmm", bmm.version, agencies=["Border police", "Customs <DGD>"])
    s = Session(a, bmm)
    assert s.interview.answers["ctx_agencies"].value == "Border police, Customs <DGD>"
    asked = []
    while s.current is not None and s.current.id.startswith("ctx_"):
        asked.append(s.current.id)
        s.skip()
    assert "ctx_agencies" not in asked and "ctx_method" in asked
    s.close()
    b = store.create("Borduria", "bmm", bmm.version)  # nothing given: the question is asked
    assert Session(b, bmm).interview.answers.get("ctx_agencies") is None
