"""Maturity levels: per element from its scored answers, then per component.

The model in one sentence: each scored answer counts from 1 (its question's worst answer) to
the top level (its best), an element's score is the mean over its scored questions, and its
level is the highest whose threshold (``min_score`` in the framework's scale, else equal
bands) the score reaches, as shown to one decimal.

- ``yes_no`` and ``single_choice``: the answer's score placed between the question's lowest
  and highest score; ``multi_choice``: the scores of the ticked options added up, between the
  lowest single option (or an exclusive "none of these") and every scored option ticked.
- A scored follow-up that is not asked although the best answers would ask it counts as its
  worst answer; one not asked that only the weaker answers ask (a follow-up about a gap)
  counts as its best (so opening follow-ups never lowers a level). A follow-up that neither
  the best nor the worst answers ask (it depends on circumstances, such as the kinds of
  border), and one behind a "don't know" or an unanswered question, does not count.
- "Don't know", "not applicable", skipped and unanswered questions do not count.
- The group's own rating (the element's ``scale`` question) is kept beside the computed
  level, never averaged into it.
- An element with fewer than half of its scored questions counted is "not rated yet".

A component's score is the mean of its rated elements' scores; the overall score the mean of
every rated element's; their levels use the same thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.engine.answers import Answer
from assistant.engine.describe import describe
from assistant.framework.models import Element, Framework, text
from assistant.i18n import t


@dataclass(frozen=True)
class Contribution:
    """One answer that counts towards an element's level."""

    question: str
    question_text: str
    answer_text: str
    score: float  # on the 1..top scale: 1 is the question's worst answer, top its best
    rule: str  # yes_no | option | options | not_asked


@dataclass(frozen=True)
class Coverage:
    """How fully an element (or a set of elements) was answered."""

    applicable: int = 0
    answered: int = 0
    dont_know: int = 0
    not_applicable: int = 0
    open: int = 0

    @property
    def responded(self) -> int:
        """Questions with an answer or a special answer (what the interview counts as done)."""
        return self.answered + self.dont_know + self.not_applicable

    @property
    def ratio(self) -> float:
        return self.responded / self.applicable if self.applicable else 1.0

    @property
    def dont_know_share(self) -> float:
        return self.dont_know / self.responded if self.responded else 0.0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (self.applicable, self.answered, self.dont_know, self.not_applicable, self.open)


@dataclass(frozen=True)
class Rating:
    """A score with its level, or nothing when no scored answer exists."""

    score: float | None
    level: int | None
    parts: int  # how many contributions (or elements) the mean is over

    @property
    def rated(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class ElementResult:
    element: Element
    component: str | None  # component id, None for the context part
    rating: Rating
    contributions: tuple[Contribution, ...]
    coverage: Coverage
    questions: tuple[Any, ...] = field(default=())  # applicable questions, in order
    group_level: int | None = None  # the group's own rating: its answer to the scale question
    scored: int = 0  # scored questions of the element (not counting the scale question)

    @property
    def counted(self) -> int:
        """Scored questions that count towards the level."""
        return len(self.contributions)

    @property
    def id(self) -> str:
        return self.element.id


def level_of(score: float | None, thresholds: dict[int, float]) -> int | None:
    """The highest level whose threshold the score, as shown (one decimal), reaches."""
    if score is None:
        return None
    shown = float(f"{score:.1f}")
    return max((lvl for lvl, low in thresholds.items() if shown >= low - 1e-9), default=min(thresholds))


def mean_rating(scores: list[float], thresholds: dict[int, float]) -> Rating:
    if not scores:
        return Rating(None, None, 0)
    score = sum(scores) / len(scores)
    return Rating(score, level_of(score, thresholds), len(scores))


def fraction(question: Any, value: Any) -> float | None:
    """Where an answer lies between its question's worst (0) and best (1); None if unscored."""
    kind = question.type
    if kind == "yes_no":
        if not question.scores or value not in question.scores:
            return None
        return _between(question.scores[value], min(question.scores.values()), max(question.scores.values()))
    if kind not in ("single_choice", "multi_choice"):
        return None
    scores = {o.value: o.score for o in question.options if o.score is not None}
    if not scores:
        return None
    if kind == "single_choice":
        return _between(scores[value], min(scores.values()), max(scores.values())) if value in scores else None
    measures = [o for o in question.options if o.score is not None and not o.exclusive]
    if not isinstance(value, list) or not measures:
        return None
    low = min(o.score for o in measures)
    total = sum(o.score for o in measures)
    got = sum(o.score for o in measures if o.value in value)
    if total <= low:
        return 1.0 if got else 0.0
    return max(0.0, min(1.0, (got - low) / (total - low)))


def _between(score: float, low: float, high: float) -> float | None:
    return None if high <= low else (score - low) / (high - low)


def is_scored(question: Any) -> bool:
    """Scored questions count towards the computed level; the scale question does not."""
    return question.type != "scale" and question.is_scored()


def kind_rule(kind: str) -> str:
    return {"yes_no": "yes_no", "single_choice": "option"}.get(kind, "options")


def rate_element(
    element: Element,
    component: str | None,
    applicable: list[Any],
    answers: dict[str, Answer],
    lang: str,
    scale_labels: list[str],
    thresholds: dict[int, float],
    best_path: frozenset[str] = frozenset(),
    settled: set[str] | None = None,
    worst_path: frozenset[str] = frozenset(),
) -> ElementResult:
    """Rate one element from the effective answers.

    ``best_path`` / ``worst_path``: questions that apply under the best / worst answers; a
    hidden one of the best path only counts as its worst answer, a hidden one of the worst path
    only as its best, any other hidden one (on both paths, or neither) not at all. ``settled``: hidden questions whose
    gates are all answered (only those count).
    """
    top = max(thresholds)
    live = {q.id for q in applicable}
    parts: list[Contribution] = []
    counts = dict(applicable=len(applicable), answered=0, dont_know=0, not_applicable=0, open=0)
    group = None
    for q in applicable:
        a = answers.get(q.id)
        if a is None or not a.counts:
            counts["open"] += 1
            continue
        counts[a.status] += 1
        if q.type == "scale" and a.status == "answered" and group is None:
            group = a.value
    scored = [q for q in element.questions if is_scored(q)]
    for q in scored:
        a = answers.get(q.id)
        if q.id in live:
            share = fraction(q, a.value) if a is not None and a.status == "answered" else None
            if share is None:
                continue
            answer_text = describe(q, a, lang, scale_labels)
            rule = kind_rule(q.type)
        elif settled is not None and q.id in settled and ((q.id in best_path) != (q.id in worst_path)):
            # asked only on the best path: hidden by a weaker answer; only on the worst: by a
            # stronger one. Asked on both (a scope question such as the borders covered): it
            # says nothing about maturity and does not count.
            share = 0.0 if q.id in best_path else 1.0
            answer_text = t(lang, "not_asked")
            rule = "not_asked"
        else:
            continue
        parts.append(Contribution(q.id, text(q.text, lang), answer_text, 1 + (top - 1) * share, rule))
    if len(parts) * 2 >= len(scored) and parts:
        rating = mean_rating([c.score for c in parts], thresholds)
    else:
        rating = Rating(None, None, len(parts))
    return ElementResult(element, component, rating, tuple(parts), Coverage(**counts), tuple(applicable),
                         group, len(scored))


def settled_hidden(questions: list[Any], live: set[str], answers: dict[str, Answer]) -> set[str]:
    """Questions not asked whose gates are all decided: answered, or themselves settled."""
    out: set[str] = set()
    for q in questions:
        if q.id in live or q.when is None:
            continue
        gates = q.when.questions()
        if all((a := answers.get(g)) is not None and a.status == "answered" and g in live or g in out
               for g in gates):
            out.add(q.id)
    return out


def group_note(result: ElementResult, framework: Framework, lang: str) -> str:
    """A sentence when the group's own rating differs from the computed level, else ""."""
    group, level = result.group_level, result.rating.level
    if group is None or level is None or group == level:
        return ""
    key = "rating.group_higher" if group > level else "rating.group_lower"
    return t(lang, key, group_label=framework.scale_label(group, lang), label=framework.scale_label(level, lang))


def established_level(framework: Framework) -> int:
    """The level that counts as "Established": by its English label, else the one below the top."""
    for lvl in framework.scale:
        if text(lvl.label, "en").strip().lower() == "established":
            return lvl.level
    return max(lvl.level for lvl in framework.scale) - 1
