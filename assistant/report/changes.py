"""The follow-up report's "Changes since the baseline": what the template shows, as plain data (pure).

A table of every element's level then and now, a paragraph per element that moved (with the
answers behind the move), the progress of the baseline's action plan from the follow-up's
review, and one paragraph for the executive summary. Without a baseline, ``shown`` is False
and every list is empty, so templates can test ``changes.shown``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.engine.describe import decimal
from assistant.followup.review import STATUSES
from assistant.i18n import t
from assistant.report.clean import clean
from assistant.report.colours import colour

if TYPE_CHECKING:
    from assistant.analysis.levels import Rating
    from assistant.followup.compare import Comparison, ElementChange

MOVED_ANSWERS = 5  # answers quoted per element that moved; the comparison (`bmm compare`) has them all
SUMMARY_NAMES = 3  # elements named in the executive summary per direction
ARROWS = {"up": "↑", "down": "↓", "same": "=", "newly_rated": "+", "no_longer_rated": "–", "not_rated": ""}


def empty() -> dict[str, Any]:
    return {"shown": False, "title": "", "intro": "", "rows": [], "moved": [], "unmoved": "", "progress": "",
            "actions": [], "summary": "", "removed": ""}


def changes_context(c: Comparison | None, lang: str, long_date: Any) -> dict[str, Any]:
    """The section's texts in ``lang``; ``long_date(iso, lang)`` writes a date as the report does."""
    if c is None:
        return empty()
    f, b = c.framework, c.baseline
    top = max(lvl.level for lvl in f.scale)

    def tr(key: str, **kw: Any) -> str:
        return t(lang, f"report.changes.{key}", **kw)

    def level(r: Rating) -> str:
        if r.level is None:
            return t(lang, "report.not_rated")
        return tr("level", label=f.scale_label(r.level, lang), score=decimal(r.score or 0, lang))

    when = long_date(b.date, lang)
    name = clean(b.meta.get("title") or b.meta.get("country") or b.id)
    intro = tr("intro", date=when, title=name)
    if b.version != f.version:
        intro += " " + tr("versions", old=clean(b.version), new=clean(f.version))
    numbers = {e.id: f"{i}.{j}" for i, comp in enumerate(c.analysis.components, 1)
               for j, e in enumerate(comp.elements, 1)}
    rows = [{"n": numbers.get(e.id, ""), "title": clean(e.title), "before": level(e.before), "after": level(e.after),
             "change": _change(e, lang), "c_before": colour(e.before.level, top), "c_after": colour(e.after.level, top)}
            for e in c.elements]
    moved = [{"title": f"{numbers.get(e.id, '')} {clean(e.title)}".strip(), **_moved(e, lang, level)}
             for e in c.moved]
    same = sum(1 for e in c.elements if e.change == "same")
    unmoved = tr("unmoved", n=same) if same else ""
    progress, actions = _plan(c, lang)
    removed = ""
    if c.removed:
        removed = tr("removed", n=len(c.removed))
    return {"shown": True, "title": name, "intro": intro, "rows": rows, "moved": moved, "unmoved": unmoved,
            "progress": progress, "actions": actions, "summary": _summary(c, lang, when, level), "removed": removed}


def _change(e: ElementChange, lang: str) -> str:
    arrow = ARROWS.get(e.change, "")
    if e.change in ("up", "down"):
        return f"{arrow} {t(lang, f'compare.change.{e.change}', n=abs(e.levels or 0))}"
    return f"{arrow} {t(lang, f'compare.change.{e.change}')}".strip()


def _moved(e: ElementChange, lang: str, level: Any) -> dict[str, Any]:
    """What moved an element: a sentence, then the answers behind it, one per line."""
    text = t(lang, f"report.changes.moved.{e.change}", before=level(e.before), after=level(e.after))
    scored = {x.question for x in e.why}  # the answers whose score moved the level come first
    answers = [a for a in e.answers if not a.meaning_changed]
    answers.sort(key=lambda a: a.question not in scored)
    if any(a.question in scored for a in answers):
        shown = [a for a in answers if a.question in scored][:MOVED_ANSWERS]
    else:
        shown = answers[:MOVED_ANSWERS]
    items = [t(lang, "report.changes.answer", question=clean(a.text), before=clean(a.before), after=clean(a.after))
             for a in shown]
    if shown:
        text += " " + t(lang, "report.changes.because")
    else:
        text += " " + t(lang, "report.changes.no_answers")
    more = t(lang, "report.changes.more", n=len(answers) - len(shown)) if len(answers) > len(shown) else ""
    return {"text": text, "answers": items, "more": more}


def _plan(c: Comparison, lang: str) -> tuple[str, list[dict[str, str]]]:
    actions = c.baseline.actions
    if not actions:
        return t(lang, "report.changes.plan.none"), []
    p = c.action_progress()
    if p["not_reviewed"] == len(actions):
        progress = t(lang, "report.changes.plan.unreviewed", n=len(actions))
    else:
        progress = t(lang, "report.changes.plan", n=len(actions), **{k: p[k] for k in STATUSES})
        if p["not_reviewed"]:
            progress += " " + t(lang, "report.changes.plan.open", n=p["not_reviewed"])
    titles = {e.id: e.title for e in c.elements}
    rows = []
    for x in actions:
        review = c.reviews.get(x.key, {})
        status = review.get("status")
        rows.append({"text": clean(x.text), "element": clean(titles.get(x.element or "", "")) or "–",
                     "status": t(lang, f"followup.review.{status}") if status in STATUSES
                     else t(lang, "report.changes.not_reviewed"),
                     "note": clean(review.get("note", "")) or "–"})
    return progress, rows


def _summary(c: Comparison, lang: str, when: str, level: Any) -> str:
    before, after = c.overall
    if before.level is not None and after.level is not None and before.level == after.level:
        head = t(lang, "report.changes.summary.same", date=when, level=level(after))
    else:
        head = t(lang, "report.changes.summary.head", date=when, before=level(before), after=level(after))
    out = [head]
    for kind in ("up", "down"):
        moved = [e for e in c.elements if e.change == kind]
        moved.sort(key=lambda e: -abs(e.score or 0))
        if moved:
            names = t(lang, "list_sep").join(clean(e.title) for e in moved[:SUMMARY_NAMES])
            more = t(lang, "report.changes.summary.others", n=len(moved) - SUMMARY_NAMES) \
                if len(moved) > SUMMARY_NAMES else ""
            out.append(t(lang, f"report.changes.summary.{kind}", n=len(moved), names=names + more))
    if len(out) == 1:
        out.append(t(lang, "report.changes.summary.none"))
    if c.baseline.actions and c.action_progress()["not_reviewed"] < len(c.baseline.actions):
        p = c.action_progress()
        out.append(t(lang, "report.changes.summary.plan", n=len(c.baseline.actions), done=p["done"],
                     in_progress=p["in_progress"]))
    return " ".join(out)
