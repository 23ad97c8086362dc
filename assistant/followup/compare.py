"""A follow-up compared with its baseline: levels then and now, what changed and why (pure).

Both are rated on the current framework (see :mod:`assistant.followup.baseline`). For each
element: both levels and scores, the change, the answers that differ (old → new) and the
contributions to the level that moved (a question's score then and now), which is why the
level moved. Also: answers to questions removed since the baseline, and the review of the
baseline's road-map actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.analysis import Analysis, analyse
from assistant.analysis.levels import ElementResult, Rating
from assistant.engine.answers import Answer
from assistant.engine.describe import describe
from assistant.engine.versions import reconcile
from assistant.followup.baseline import Baseline, confirmed_unchanged
from assistant.followup.review import STATUSES
from assistant.framework.models import Framework, text
from assistant.i18n import t

SCHEMA = 1  # of ``bmm compare --json``: bumped only when a field changes meaning or disappears


@dataclass(frozen=True)
class AnswerChange:
    """One question answered differently in the follow-up."""

    question: str
    text: str
    before: str  # as people read it ("Not answered" when there was none)
    after: str
    before_value: Any  # the value, or the status ("dont_know", "not_applicable"), or None
    after_value: Any
    meaning_changed: bool = False  # the question changed meaning since the baseline: compare with care


@dataclass(frozen=True)
class ScoreChange:
    """A question whose contribution to the element's level changed (None: did not count)."""

    question: str
    text: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class ElementChange:
    id: str
    component: str | None
    title: str
    before: Rating
    after: Rating
    answers: tuple[AnswerChange, ...] = ()
    why: tuple[ScoreChange, ...] = ()

    @property
    def change(self) -> str:
        """``up``, ``down``, ``same``, ``newly_rated``, ``no_longer_rated`` or ``not_rated``."""
        b, a = self.before.level, self.after.level
        if b is None and a is None:
            return "not_rated"
        if b is None:
            return "newly_rated"
        if a is None:
            return "no_longer_rated"
        return "up" if a > b else "down" if a < b else "same"

    @property
    def levels(self) -> int | None:
        """Levels gained (negative: lost); None unless rated both times."""
        b, a = self.before.level, self.after.level
        return None if a is None or b is None else a - b

    @property
    def score(self) -> float | None:
        b, a = self.before.score, self.after.score
        return None if a is None or b is None else a - b

    @property
    def moved(self) -> bool:
        return self.change in ("up", "down", "newly_rated", "no_longer_rated")


@dataclass
class Comparison:
    framework: Framework
    lang: str
    baseline: Baseline
    followup_id: str
    followup_meta: dict[str, Any]
    analysis: Analysis  # the follow-up's
    overall: tuple[Rating, Rating]
    elements: list[ElementChange]
    removed: list[tuple[str, str]] = field(default_factory=list)  # (question id, answer then)
    reviews: dict[str, dict[str, Any]] = field(default_factory=dict)  # baseline action key → review record
    confirmed: int = 0  # answers confirmed "unchanged" in the follow-up

    @property
    def moved(self) -> list[ElementChange]:
        return [e for e in self.elements if e.moved]

    def action_progress(self) -> dict[str, int]:
        """How many of the baseline's actions are in each review status (``not_reviewed`` too)."""
        counts = {s: 0 for s in (*STATUSES, "not_reviewed")}
        for action in self.baseline.actions:
            status = self.reviews.get(action.key, {}).get("status")
            counts[status if status in STATUSES else "not_reviewed"] += 1
        return counts


def compare(baseline: Baseline, followup_id: str, meta: Mapping[str, Any], answers: Mapping[str, Answer],
            edits: Mapping[str, Mapping[str, Any]] | None = None,
            reviews: Mapping[str, Mapping[str, Any]] | None = None, lang: str = "en") -> Comparison:
    """Compare a follow-up's answers (as stored) with its baseline."""
    f = baseline.framework
    now = reconcile(f, meta.get("framework_version"), dict(answers), lang).answers
    after = analyse(f, now, lang, edits)
    before = baseline.analysis
    if lang != before.lang:
        before = analyse(f, baseline.answers, lang, baseline.edits)
    labels = [text(s.label, lang) for s in f.scale]
    elements = []
    for r_after in after.elements:
        r_before = before.element(r_after.id)
        assert r_before is not None
        elements.append(ElementChange(
            r_after.id, r_after.component, text(r_after.element.title, lang), r_before.rating, r_after.rating,
            tuple(_answer_changes(r_before, r_after, baseline, before.answers, after.answers, lang, labels)),
            tuple(_score_changes(r_before, r_after, lang))))
    removed = []
    for qid, a in sorted(baseline.removed.items()):
        if a.counts:
            removed.append((qid, _shown(a)))
    return Comparison(f, lang, baseline, followup_id, dict(meta), after, (before.overall, after.overall), elements,
                      removed, {k: dict(v) for k, v in (reviews or {}).items()},
                      sum(1 for a in now.values() if confirmed_unchanged(a)))


def _answer_changes(before: ElementResult, r: ElementResult, baseline: Baseline, then: Mapping[str, Answer],
                    now: Mapping[str, Answer], lang: str, labels: list[str]) -> list[AnswerChange]:
    out = []
    then_live = {q.id for q in before.questions}
    now_live = {q.id for q in r.questions}
    for q in r.element.questions:
        old, new = then.get(q.id), now.get(q.id)
        changed = q.id in baseline.changed
        if changed:
            old = baseline.given.get(q.id)  # the answer then, to a question that meant something else
        if not _counts(old) and not _counts(new):
            continue
        if not changed and _same(old, new):
            continue
        out.append(AnswerChange(q.id, text(q.text, lang),
                                _said(q, old, q.id in then_live or changed, lang, labels),
                                _said(q, new, q.id in now_live, lang, labels), _value(old), _value(new), changed))
    return out


def _score_changes(before: ElementResult, after: ElementResult, lang: str) -> list[ScoreChange]:
    b = {c.question: c for c in before.contributions}
    a = {c.question: c for c in after.contributions}
    out = []
    for q in after.element.questions:
        cb, ca = b.get(q.id), a.get(q.id)
        sb, sa = (cb.score if cb else None), (ca.score if ca else None)
        if sb is None and sa is None:
            continue
        if sb is not None and sa is not None and abs(sb - sa) < 1e-9:
            continue
        out.append(ScoreChange(q.id, text(q.text, lang), sb, sa))
    return out


def _said(q: Any, a: Answer | None, asked: bool, lang: str, labels: list[str]) -> str:
    """The answer in words; "not asked" for a question an earlier answer made irrelevant."""
    if not asked:
        return t(lang, "compare.not_asked")
    return describe(q, a if _counts(a) else None, lang, labels)


def _counts(a: Answer | None) -> bool:
    return a is not None and a.counts


def _same(old: Answer | None, new: Answer | None) -> bool:
    if not _counts(old) or not _counts(new):
        return False
    assert old is not None and new is not None
    if old.status != new.status:
        return False
    if isinstance(old.value, list) and isinstance(new.value, list):
        return sorted(map(str, old.value)) == sorted(map(str, new.value))
    return old.value == new.value


def _value(a: Answer | None) -> Any:
    if not _counts(a):
        return None
    assert a is not None
    return a.value if a.status == "answered" else a.status


def _shown(a: Answer) -> str:
    if a.status != "answered":
        return a.status
    return ", ".join(map(str, a.value)) if isinstance(a.value, list) else str(a.value)
