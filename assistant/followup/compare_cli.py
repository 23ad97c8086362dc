"""``bmm compare BASELINE_ID FOLLOWUP_ID [--json]``: levels then and now, and why they moved.

The JSON is stable for scripts (its fields are described in the README, "Comparing a
follow-up with its baseline"); the text is one block per element, in the follow-up's language.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from assistant.i18n import t

if TYPE_CHECKING:
    from assistant.analysis.levels import Rating
    from assistant.followup.compare import Comparison, ElementChange
    from assistant.store.assessments import Store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("baseline", metavar="BASELINE_ID")
    parser.add_argument("followup", metavar="FOLLOWUP_ID")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--lang", choices=["en", "fr"], help="language of the texts")


def load(store: Store, baseline_id: str, followup_id: str, lang: str | None = None) -> Comparison:
    """Read both assessments (for reading only) and compare them."""
    from assistant import framework as fw
    from assistant.followup.baseline import read_baseline
    from assistant.followup.compare import compare
    from assistant.followup.review import reviews

    with store.open(followup_id, write=False) as a:
        meta, answers, edits, done = a.meta, a.answers(), a.edits(), reviews(a)
    lang = lang or meta.get("lang") or "en"
    framework = fw.get(meta.get("framework", "bmm"))
    baseline = read_baseline(store, baseline_id, framework, lang)
    if meta.get("baseline") != baseline_id:
        done = {}  # reviews of another baseline's actions say nothing about this one's
    return compare(baseline, followup_id, meta, answers, edits, done, lang)


def run(args: argparse.Namespace, store: Store) -> int:
    import json

    c = load(store, args.baseline, args.followup, args.lang)
    if args.json:
        print(json.dumps(as_json(c), ensure_ascii=False, indent=2))
    else:
        print(as_text(c))
    return 0


def _rating(r: Rating) -> dict[str, Any]:
    return {"level": r.level, "score": None if r.score is None else round(r.score, 3)}


def _delta(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def as_json(c: Comparison) -> dict[str, Any]:
    """The comparison as plain data (see the README for each field)."""
    from assistant.followup.baseline import started

    b = c.baseline
    overall_before, overall_after = c.overall
    return {
        "schema": 1,
        "framework": c.framework.id,
        "framework_version": c.framework.version,
        "lang": c.lang,
        "baseline": {"id": b.id, "framework_version": b.version, "date": b.date},
        "followup": {"id": c.followup_id, "framework_version": str(c.followup_meta.get("framework_version", "")),
                     "date": started(c.followup_meta, c.analysis.given), "baseline": c.followup_meta.get("baseline")},
        "overall": {"before": _rating(overall_before), "after": _rating(overall_after),
                    "levels": None if overall_before.level is None or overall_after.level is None
                    else overall_after.level - overall_before.level},
        "elements": [_element(e) for e in c.elements],
        "removed_questions": [{"question": q, "before": v} for q, v in c.removed],
        "confirmed_unchanged": c.confirmed,
        "actions": [
            {"key": x.key, "element": x.element, "text": x.text,
             "status": c.reviews.get(x.key, {}).get("status", "not_reviewed"),
             "note": c.reviews.get(x.key, {}).get("note", "")}
            for x in b.actions
        ],
        "action_progress": c.action_progress(),
    }


def _element(e: ElementChange) -> dict[str, Any]:
    return {
        "id": e.id, "component": e.component, "title": e.title,
        "before": _rating(e.before), "after": _rating(e.after),
        "change": e.change, "levels": e.levels, "score": _delta(e.score),
        "answers": [{"question": x.question, "text": x.text, "before": x.before, "after": x.after,
                     "before_value": x.before_value, "after_value": x.after_value,
                     "meaning_changed": x.meaning_changed} for x in e.answers],
        "why": [{"question": x.question, "text": x.text, "before": _delta(x.before), "after": _delta(x.after)}
                for x in e.why],
    }


def level_text(c: Comparison, r: Rating) -> str:
    from assistant.engine.describe import decimal

    if r.level is None:
        return t(c.lang, "compare.unrated")
    return t(c.lang, "compare.level", level=r.level, label=c.framework.scale_label(r.level, c.lang),
             score=decimal(r.score or 0, c.lang))


def change_text(c: Comparison, e: ElementChange | None, levels: int | None = None, kind: str = "") -> str:
    kind = e.change if e is not None else kind
    levels = e.levels if e is not None else levels
    if kind in ("up", "down"):
        return t(c.lang, f"compare.change.{kind}", n=abs(levels or 0))
    return t(c.lang, f"compare.change.{kind}")


def as_text(c: Comparison) -> str:
    from assistant.engine.describe import decimal
    from assistant.followup.baseline import started

    lang, b = c.lang, c.baseline
    meta = c.followup_meta
    lines = [t(lang, "compare.title", country=meta.get("country", ""), followup=c.followup_id,
               fdate=started(meta, c.analysis.given), baseline=b.id, bdate=b.date)]
    if b.version != c.framework.version:
        lines.append(t(lang, "compare.versions", old=b.version, new=c.framework.version))
    ob, oa = c.overall
    kind = ("not_rated" if ob.level is None and oa.level is None else "newly_rated" if ob.level is None
            else "no_longer_rated" if oa.level is None else "up" if oa.level > ob.level
            else "down" if oa.level < ob.level else "same")
    levels = None if ob.level is None or oa.level is None else oa.level - ob.level
    lines.append(t(lang, "compare.overall", before=level_text(c, ob), after=level_text(c, oa),
                   change=change_text(c, None, levels, kind)))
    for e in c.elements:
        lines.append("")
        lines.append(t(lang, "compare.element", title=e.title, before=level_text(c, e.before),
                       after=level_text(c, e.after), change=change_text(c, e)))
        for x in e.answers:
            key = "compare.answer.meaning" if x.meaning_changed else "compare.answer"
            lines.append("    " + t(lang, key, question=x.text, before=x.before, after=x.after))
        if e.why and e.change != "same":
            parts = [t(lang, "compare.why.part", question=x.question,
                       before=decimal(x.before, lang) if x.before is not None else "–",
                       after=decimal(x.after, lang) if x.after is not None else "–") for x in e.why]
            lines.append("    " + t(lang, "compare.why", parts="; ".join(parts)))
    if c.removed:
        lines.append("")
        lines.append(t(lang, "compare.removed", items="; ".join(f"{q} ({v})" for q, v in c.removed)))
    if b.actions:
        p = c.action_progress()
        lines.append("")
        lines.append(t(lang, "compare.actions", n=len(b.actions), **p))
    return "\n".join(lines)
