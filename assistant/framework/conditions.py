"""Declarative conditions on answers: ``all`` / ``any`` / ``not`` of comparisons.

A condition is data, never evaluated Python. A comparison names a question and
exactly one operator::

    when: {question: trn_curriculum, equals: "yes"}
    when:
      all:
        - {question: hr_staff, greater_than: 50}
        - not: {question: hr_vetting, in: [none, partial]}

Answers are normalised values (``"yes"``, an option value, a list for
multi-choice, a number, a level, text, an ISO date) or the specials
``dont_know`` / ``not_applicable``. A question that is unanswered, skipped or
not applicable to this interview satisfies no comparison except
``answered: false``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scalar = bool | int | float | str

OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "contains",
    "greater_than",
    "at_least",
    "less_than",
    "at_most",
    "answered",
)


class Condition(BaseModel):
    """One node of a condition tree."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, allow_inf_nan=False)

    all: list[Condition] | None = Field(None, min_length=1)
    any: list[Condition] | None = Field(None, min_length=1)
    not_: Condition | None = Field(None, alias="not")
    question: str | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in", min_length=1)
    contains: Scalar | None = None
    greater_than: float | None = None
    at_least: float | None = None
    less_than: float | None = None
    at_most: float | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        groups = [k for k in ("all", "any", "not_") if getattr(self, k) is not None]
        ops = [k for k in OPERATORS if getattr(self, _attr(k)) is not None]
        if self.question is None:
            if len(groups) != 1 or ops:
                raise ValueError(
                    "a condition needs exactly one of: all, any, not, or question with one operator"
                )
        else:
            if groups:
                raise ValueError("a comparison (question: …) cannot also hold all/any/not")
            if len(ops) != 1:
                raise ValueError(
                    "a comparison needs exactly one operator: " + ", ".join(OPERATORS)
                )
        return self

    @property
    def operator(self) -> str | None:
        for k in OPERATORS:
            if getattr(self, _attr(k)) is not None:
                return k
        return None

    @property
    def operand(self) -> Any:
        op = self.operator
        return None if op is None else getattr(self, _attr(op))

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        """True when the condition holds for ``answers`` (question id → normalised value)."""
        if self.all is not None:
            return all(c.evaluate(answers) for c in self.all)
        if self.any is not None:
            return any(c.evaluate(answers) for c in self.any)
        if self.not_ is not None:
            return not self.not_.evaluate(answers)
        assert self.question is not None
        present = self.question in answers
        op, want = self.operator, self.operand
        if op == "answered":
            return present == want
        if not present:
            return False
        got = answers[self.question]
        if op == "equals":
            return _same(got, want)
        if op == "not_equals":
            return not _same(got, want)
        if op == "in":
            return any(_same(got, w) for w in want)
        if op == "contains":
            return isinstance(got, list) and want in got
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            return False
        if op == "greater_than":
            return got > want
        if op == "at_least":
            return got >= want
        if op == "less_than":
            return got < want
        return got <= want  # at_most

    def walk(self, loc: tuple = ()) -> Iterator[tuple[Condition, tuple]]:
        """Every node with its location (as the YAML keys and indexes leading to it)."""
        yield self, loc
        for key in ("all", "any"):
            for i, child in enumerate(getattr(self, key) or []):
                yield from child.walk((*loc, key, i))
        if self.not_ is not None:
            yield from self.not_.walk((*loc, "not"))

    def questions(self) -> set[str]:
        """Ids of every question this condition reads."""
        return {node.question for node, _ in self.walk() if node.question}


def _attr(op: str) -> str:
    return "in_" if op == "in" else op


def _same(got: Any, want: Any) -> bool:
    if isinstance(got, bool) or isinstance(want, bool):
        return got is want
    if isinstance(got, (int, float)) and isinstance(want, (int, float)):
        return float(got) == float(want)
    return got == want
