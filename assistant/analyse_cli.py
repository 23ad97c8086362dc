"""``bmm analyse ID [--json]``: levels, scores, coverage and triggered recommendations.

The JSON (``--json``) is stable, for scripts and dashboards; its shape is described in the
README ("The analysis as JSON"). The text output is one line per element, in the
assessment's language (or ``--lang``).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the analysis is imported when the command runs, not for every `bmm`
    from assistant.analysis import Analysis
    from assistant.analysis.levels import ElementResult, Rating
    from assistant.analysis.sources import Sources
    from assistant.store.assessments import Store

SCHEMA = 1  # bumped only when a field changes meaning or disappears


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("--json", action="store_true", help="print the analysis as JSON")
    parser.add_argument("--lang", choices=["en", "fr"], help="language of the texts")


def run(args: argparse.Namespace, store: Store) -> int:
    from assistant import framework as fw
    from assistant.analysis import analyse

    with store.open(args.id, write=False) as assessment:
        meta = assessment.meta
        lang = args.lang or meta.get("lang") or "en"
        framework = fw.get(meta.get("framework", "bmm"))
        result = analyse(framework, assessment.answers(), lang, assessment.edits())
        settle = to_settle(assessment, framework, lang)
    if args.json:
        print(json.dumps({**as_json(result, args.id), "to_settle": settle}, ensure_ascii=False, indent=2))
    else:
        print(as_text(result, meta))
        if settle:  # answers agencies gave differently: the levels above use the one recorded
            from assistant.i18n import t

            print("\n" + t(lang, "analyse.to_settle", n=len(settle)))
            print("\n".join(f"  {x['line']}" for x in settle))
    return 0


def to_settle(assessment: Any, framework: Any, lang: str) -> list[dict[str, Any]]:
    """Unsettled conflicts (see :mod:`assistant.packages.conflicts`): to validate before the report."""
    from assistant.packages import conflicts

    docs = conflicts.unresolved(assessment)
    lines = conflicts.needs_validation(assessment, framework, lang)
    return [{"question": d["key"], "element": d.get("element", ""), "line": line,
             "answers": [{"answer": c.value if c.status == "answered" else c.status, "agency": c.agency,
                          "who": c.who, "at": c.at} for c in conflicts.choices(d, None)]}
            for d, line in zip(docs, lines, strict=True)]


def as_json(a: Analysis, assessment_id: str = "") -> dict[str, Any]:
    """The analysis as plain data (see the README for the meaning of each field)."""
    from assistant.analysis.sources import all_sources

    f = a.framework
    sources = all_sources(a)
    return {
        "schema": SCHEMA,
        "assessment": assessment_id,
        "framework": f.id,
        "framework_version": f.version,
        "lang": a.lang,
        "scale": [{"level": lvl, "label": f.scale_label(lvl, a.lang), "min_score": low}
                  for lvl, low in sorted(f.thresholds().items())],
        "overall": _rating(a.overall),
        "components": [
            {"id": c.component.id, **_rating(c.rating), "coverage": _ratio(c.coverage.ratio)}
            for c in a.components
        ],
        "elements": [_element(e, sources[e.id], a.answers) for e in a.elements],
        "recommendations": [
            {"id": x.rule, "element": x.element, "priority": x.priority, "horizon": x.horizon,
             "because": [e.question for e in x.because], "text": x.text, "edited": list(x.edited)}
            for x in a.actions if x.rule is not None
        ],
    }


def _element(e: ElementResult, src: Sources, answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": e.id,
        "component": e.component,
        **_rating(e.rating),
        "group_level": e.group_level,
        "coverage": _ratio(e.coverage.ratio),
        "scored": e.scored,
        "counted": e.counted,
        "answers": [
            {"question": c.question, "answer": c.answer_text, "score": round(c.score, 3),
             "asked": c.rule != "not_asked", **_answer_source(answers.get(c.question))}
            for c in e.contributions
        ],
        **_sources(src),
    }


def _answer_source(answer: Any) -> dict[str, str]:
    """How an answer was reached and how it is known ("" when not recorded)."""
    return {"agreement": getattr(answer, "agreement", ""), "confidence": getattr(answer, "confidence", "")}


def _sources(src: Sources) -> dict[str, Any]:
    """Workshop fields: contested answers and evidence confidence (see the README)."""
    return {"contested": len(src.contested), "contested_questions": list(src.contested),
            "confidence": src.level, "confidence_counts": dict(src.confidence)}


def _rating(r: Rating) -> dict[str, Any]:
    return {"level": r.level, "score": None if r.score is None else round(r.score, 3)}


def _ratio(x: float) -> float:
    return round(x, 3)


def _sources_text(src: Sources, lang: str) -> str:
    """"; 1 answer contested; evidence: documented" after an element's line, or ""."""
    from assistant.i18n import t

    out = ""
    if src.contested:
        out += t(lang, "analyse.contested", n=len(src.contested))
    if src.level:
        out += t(lang, "analyse.confidence", level=t(lang, f"confidence.{src.level}"))
    return out


def as_text(a: Analysis, meta: dict[str, Any]) -> str:
    """One line per element under its component, then the triggered recommendations."""
    from assistant.analysis.sources import all_sources
    from assistant.engine.describe import decimal
    from assistant.framework.models import text
    from assistant.i18n import t

    lang, f = a.lang, a.framework
    sources = all_sources(a)

    def level(r: Rating) -> str:
        if r.level is None:
            return t(lang, "analyse.unrated")
        return t(lang, "analyse.level", label=f.scale_label(r.level, lang), level=r.level,
                 score=decimal(r.score or 0, lang))

    lines = [t(lang, "analyse.title", country=meta.get("country", ""), level=level(a.overall))]
    for c in a.components:
        lines.append("")
        lines.append(f"{text(c.component.title, lang)}: {level(c.rating)}")
        for e in c.elements:
            group = f.scale_label(e.group_level, lang) if e.group_level else "–"
            recs = len(a.actions_for(e.id))
            lines.append("  " + t(lang, "analyse.element", title=text(e.element.title, lang), level=level(e.rating),
                                  group=group, counted=e.counted, scored=e.scored, recs=recs)
                         + _sources_text(sources[e.id], lang))
    triggered = [x for x in a.actions if x.rule is not None]
    lines.append("")
    lines.append(t(lang, "analyse.recommendations", n=len(triggered),
                   high=sum(1 for x in triggered if x.priority == "high")))
    for x in triggered:
        because = ", ".join(e.question for e in x.because) or "–"
        lines.append(f"  [{t(lang, 'analyse.priority.' + x.priority)}] {x.rule} ({x.element}): {x.text} "
                     + t(lang, "analyse.because", questions=because))
    return "\n".join(lines)
