"""Recommendation rules: which ones the answers trigger, and the answers that triggered them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.engine.answers import Answer
from assistant.engine.describe import describe
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
            if rule.when.evaluate(values):
                because = tuple(
                    Evidence(qid, text(questions[qid].text, lang),
                             describe(questions[qid], answers.get(qid), lang, scale_labels))
                    for qid in _ordered(rule, questions)
                )
                out.append(Triggered(element, rule, because))
    return out


def _ordered(rule: Recommendation, questions: dict[str, Any]) -> list[str]:
    order = {qid: i for i, qid in enumerate(questions)}
    return sorted((q for q in rule.when.questions() if q in questions), key=lambda q: order[q])
