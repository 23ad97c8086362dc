"""Recommendation rules: which ones the answers trigger, and the answers that triggered them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.engine.answers import Answer
from assistant.engine.describe import describe
from assistant.framework.conditions import Condition
from assistant.framework.models import Element, Recommendation, text


@dataclass(frozen=True)
class Evidence:
    """An answer a rule read: the question and the answer in words."""

    question: str
    question_text: str
    answer_text: str


@dataclass(frozen=True)
class Triggered:
    element: Element
    rule: Recommendation
    because: tuple[Evidence, ...]


def triggered(
    elements: list[Element],
    values: dict[str, Any],
    answers: dict[str, Answer],
    questions: dict[str, Any],
    lang: str,
    scale_labels: list[str],
) -> list[Triggered]:
    """Every rule whose condition holds on the effective answers, in framework order."""
    out = []
    for element in elements:
        for rule in element.recommendations:
            if rule.fires(values):
                because = tuple(
                    Evidence(qid, text(questions[qid].text, lang),
                             describe(questions[qid], answers.get(qid), lang, scale_labels))
                    for qid in _ordered(because_ids(rule, values), questions)
                )
                out.append(Triggered(element, rule, because))
    return out


def because_ids(rule: Recommendation, values: dict[str, Any]) -> set[str]:
    """The answered questions that made a firing rule fire.

    The comparisons that hold (in an ``any``, only the branches that hold), the answered
    questions under a ``not``, and the answered questions of an ``unless`` that does not hold.
    """
    out = _satisfied(rule.when, values)
    if rule.unless is not None:
        out |= {q for q in rule.unless.questions() if q in values}
    return out


def _satisfied(cond: Condition, values: dict[str, Any]) -> set[str]:
    if cond.all is not None:
        return set().union(*(_satisfied(c, values) for c in cond.all))
    if cond.any is not None:
        return set().union(*(_satisfied(c, values) for c in cond.any if c.evaluate(values)))
    if cond.not_ is not None:
        return {q for q in cond.not_.questions() if q in values}
    return {cond.question} if cond.question in values and cond.evaluate(values) else set()


def _ordered(ids: set[str], questions: dict[str, Any]) -> list[str]:
    order = {qid: i for i, qid in enumerate(questions)}
    return sorted((q for q in ids if q in questions), key=lambda q: order[q])
