"""Maturity levels: per element from scale answers and scored options, then per component.

Rules (each figure keeps the answers that produced it, so the report can explain it):

- A ``scale`` answer contributes its level (1–4).
- A ``yes_no`` answer contributes the question's score for that answer, when it has ``scores``.
- A ``single_choice`` answer contributes the chosen option's score, when options are scored.
- A ``multi_choice`` answer contributes the mean score of the chosen options, when scored.
- "Don't know", "not applicable", skipped and unanswered questions contribute nothing, nor do
  answers to questions that no longer apply.

An element's score is the mean of its contributions; its level is the highest level the
score reaches (2.6 is "Developing": "Established" takes a 3), so a bar on the chart that
stops short of the "Established" line is never called Established. A component's score is the mean of its rated elements'
scores; the overall score the mean of every rated element's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from assistant.engine.answers import Answer
from assistant.engine.describe import describe
from assistant.framework.models import Element, Framework, text


@dataclass(frozen=True)
class Contribution:
    """One answer that counts towards an element's level."""

    question: str
    question_text: str
    answer_text: str
    score: float
    rule: str  # scale | yes_no | option | options


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

    @property
    def id(self) -> str:
        return self.element.id


def level_of(score: float | None, top: int) -> int | None:
    """The highest level a mean score reaches, kept within 1..top."""
    if score is None:
        return None
    return max(1, min(top, math.floor(score + 1e-9)))


def mean_rating(scores: list[float], top: int) -> Rating:
    if not scores:
        return Rating(None, None, 0)
    score = sum(scores) / len(scores)
    return Rating(score, level_of(score, top), len(scores))


def contribution(question: Any, answer: Answer, lang: str, scale_labels: list[str]) -> Contribution | None:
    """What one effective answer adds to its element's level, if anything."""
    if answer.status != "answered":
        return None
    value, kind, score, rule = answer.value, question.type, None, kind_rule(question.type)
    if kind == "scale" and isinstance(value, int) and not isinstance(value, bool):
        score = float(value)
    elif kind == "yes_no" and question.scores and value in question.scores:
        score = float(question.scores[value])
    elif kind in ("single_choice", "multi_choice"):
        scores = {o.value: o.score for o in question.options if o.score is not None}
        chosen = value if isinstance(value, list) else [value]
        got = [scores[v] for v in chosen if v in scores]
        if got:
            score = sum(got) / len(got)
    if score is None:
        return None
    return Contribution(question.id, text(question.text, lang),
                        describe(question, answer, lang, scale_labels), score, rule)


def kind_rule(kind: str) -> str:
    return {"scale": "scale", "yes_no": "yes_no", "single_choice": "option"}.get(kind, "options")


def rate_element(
    element: Element,
    component: str | None,
    applicable: list[Any],
    answers: dict[str, Answer],
    lang: str,
    scale_labels: list[str],
    top: int,
) -> ElementResult:
    """Rate one element from the effective answers to its applicable questions."""
    parts: list[Contribution] = []
    counts = dict(applicable=len(applicable), answered=0, dont_know=0, not_applicable=0, open=0)
    for q in applicable:
        a = answers.get(q.id)
        if a is None or not a.counts:
            counts["open"] += 1
            continue
        counts[a.status] += 1
        c = contribution(q, a, lang, scale_labels)
        if c is not None:
            parts.append(c)
    rating = mean_rating([c.score for c in parts], top)
    return ElementResult(element, component, rating, tuple(parts), Coverage(**counts), tuple(applicable))


def established_level(framework: Framework) -> int:
    """The level that counts as "Established": by its English label, else the one below the top."""
    for lvl in framework.scale:
        if text(lvl.label, "en").strip().lower() == "established":
            return lvl.level
    return max(lvl.level for lvl in framework.scale) - 1
