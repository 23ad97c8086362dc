"""Pydantic models of a question tree: framework → components → elements → questions.

Texts are ``{language: text}`` maps. Conditions are declarative data (see
:mod:`assistant.framework.conditions`). Unknown keys are errors, so a typo in
a YAML file is caught rather than silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.framework.conditions import Condition

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
LocalText = dict[str, str]
Reference = str | LocalText

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
SPECIAL_VALUES = (DONT_KNOW, NOT_APPLICABLE)
Extreme = bool | int | float | str | list[str]  # a declared best or worst answer


class Strict(BaseModel):
    """Base for every model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, allow_inf_nan=False)


class Guidance(Strict):
    """Why a question is asked, examples of good answers, standards it relates to."""

    why: LocalText
    examples: LocalText | None = None
    standards: list[Reference] = []


class Option(Strict):
    """One choice of a single- or multi-choice question.

    ``exclusive`` marks a multi-choice option such as "None of these" that cannot be
    ticked together with others.
    """

    value: Id
    label: LocalText
    score: float | None = None
    exclusive: bool = False


class QuestionBase(Strict):
    """What every question type has in common."""

    id: Id
    text: LocalText
    guidance: Guidance | None = None
    evidence: LocalText | None = Field(
        None, description="Prompt for the document, system or statistic that shows the answer."
    )
    dont_know: bool = True
    not_applicable: bool = True
    when: Condition | None = None
    prefill: Literal["country", "title", "team", "agencies"] | None = Field(
        None, description="Answer it from what was given when the assessment was created."
    )
    best: Extreme | None = Field(
        None, description="Unscored questions: the answer a fully mature system gives (for rule checks)."
    )
    worst: Extreme | None = Field(
        None, description="Unscored questions: the answer the least mature system gives (for rule checks)."
    )
    finding: dict[str, LocalText] | None = Field(
        None, description="The report's finding sentence per answer: keyed by option value (yes, no, a "
                          "single choice's values), 'some' and exclusive option values for a multi-choice "
                          "({values} = the ticked labels), level numbers '1'.. for a scale, 'any' for a "
                          "number or date ({value}, {unit}).",
    )

    @model_validator(mode="after")
    def _extremes(self) -> QuestionBase:
        for side in ("best", "worst"):
            problem = extreme_problem(self, side)
            if problem:
                raise ValueError(problem)
        return self

    def is_scored(self) -> bool:
        """True when the question's answers carry scores (scale levels count as scores)."""
        return False

    def option_values(self) -> list[str]:
        """Values a condition may compare this question's answer with (besides specials)."""
        return []

    def specials(self) -> list[str]:
        """The special answers this question offers, in display order."""
        out = []
        if self.dont_know:
            out.append(DONT_KNOW)
        if self.not_applicable:
            out.append(NOT_APPLICABLE)
        return out


class YesNoQuestion(QuestionBase):
    type: Literal["yes_no"]
    scores: dict[Literal["yes", "no"], float] | None = None

    def option_values(self) -> list[str]:
        return ["yes", "no"]

    def is_scored(self) -> bool:
        return self.scores is not None


class SingleChoiceQuestion(QuestionBase):
    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)

    def option_values(self) -> list[str]:
        return [o.value for o in self.options]

    def is_scored(self) -> bool:
        return any(o.score is not None for o in self.options)


class MultiChoiceQuestion(QuestionBase):
    type: Literal["multi_choice"]
    options: list[Option] = Field(min_length=2)

    def option_values(self) -> list[str]:
        return [o.value for o in self.options]

    def is_scored(self) -> bool:
        return any(o.score is not None for o in self.options)


class ScaleQuestion(QuestionBase):
    """A maturity scale: one concrete descriptor per level of the framework's scale."""

    type: Literal["scale"]
    levels: list[LocalText] = Field(min_length=2)

    def is_scored(self) -> bool:
        return True


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    min: float | None = None
    max: float | None = None
    unit: LocalText | None = None
    integer: bool = False

    @model_validator(mode="after")
    def _range(self) -> NumberQuestion:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self


class TextQuestion(QuestionBase):
    type: Literal["text"]
    multiline: bool = True


class DateQuestion(QuestionBase):
    type: Literal["date"]


Question = Annotated[
    YesNoQuestion
    | SingleChoiceQuestion
    | MultiChoiceQuestion
    | ScaleQuestion
    | NumberQuestion
    | TextQuestion
    | DateQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES = ("yes_no", "single_choice", "multi_choice", "scale", "number", "text", "date")


class Recommendation(Strict):
    """A rule: when the condition holds on the answers, recommend this."""

    id: Id
    when: Condition
    unless: Condition | None = Field(
        None, description="The rule does not fire when this holds (an answer says it is in place)."
    )
    objective: LocalText | None = None
    text: LocalText
    horizon: Literal["short", "long"]
    priority: Literal["high", "medium", "low"]
    lead: LocalText
    sdg: list[Annotated[str, Field(pattern=r"^\d{1,2}\.[0-9a-c]{1,2}$")]] = []
    gcm: list[Annotated[int, Field(ge=1, le=23)]] = []
    # Optional action-plan fields; the report derives defaults when they are absent.
    phase: Literal[1, 2, 3] | None = None  # 1: 0–6 months, 2: 6–18 months, 3: 18–60 months
    after: list[Id] = []  # rules of the same framework this action must follow (e.g. the law it needs)
    indicator: LocalText | None = None  # how completion is recognised
    cost: Literal["low", "medium", "high"] | None = None  # indicative cost band

    def fires(self, values: dict[str, Any]) -> bool:
        """True when ``when`` holds on the answers and ``unless`` does not."""
        return self.when.evaluate(values) and not (self.unless is not None and self.unless.evaluate(values))

    def reads(self) -> set[str]:
        """Ids of every question the rule's conditions read."""
        return self.when.questions() | (self.unless.questions() if self.unless is not None else set())


class Element(Strict):
    """An element of the framework (e.g. training), asked as one block of questions."""

    id: Id
    title: LocalText
    intro: LocalText
    standards: list[Reference] = []
    questions: list[Question] = Field(min_length=1)
    recommendations: list[Recommendation] = []


class Component(Strict):
    id: Id
    title: LocalText
    intro: LocalText | None = None
    elements: list[Element] = Field(min_length=1)


class ScaleLevel(Strict):
    level: int = Field(ge=1)
    label: LocalText
    summary: LocalText | None = None
    min_score: float | None = Field(
        None, description="The lowest element score (1 to the top level) that reaches this level."
    )


class Change(Strict):
    """What changed in one question at ``version`` (``changes:`` in framework.yaml).

    Exactly one of: ``renamed`` (old option value → new one; answers are mapped),
    ``removed`` (the question is gone; its answers are set aside for review) or
    ``reworded`` (the question now means something else; its answers need review).
    """

    version: str
    question: Id
    renamed: dict[str, str] | None = None
    removed: bool = False
    reworded: bool = False
    note: LocalText | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Change:
        kinds = [k for k, on in (("renamed", self.renamed), ("removed", self.removed),
                                 ("reworded", self.reworded)) if on]
        if len(kinds) != 1:
            raise ValueError("give exactly one of renamed: {old: new}, removed: true, reworded: true")
        return self


class ReportText(Strict):
    """What the report says that belongs to the framework, not to the assistant.

    ``title`` and ``header`` may contain ``{country}``. ``alignment`` is the paragraph on
    the global commitments the assessment serves (for example SDG 10.7 and the GCM);
    without it the report leaves that section out.
    """

    title: LocalText | None = None
    header: LocalText | None = None
    alignment: LocalText | None = None


class Framework(Strict):
    """A whole assessment framework, resolved from its YAML files."""

    id: Id
    version: str
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(min_length=1)
    title: LocalText
    description: LocalText | None = None
    scale: list[ScaleLevel] = Field(min_length=2)
    context: Element | None = None
    components: list[Component] = Field(min_length=1)
    changes: list[Change] = []
    report: ReportText | None = None

    def elements(self) -> Iterator[Element]:
        """Every element in interview order: the context part first, then each component's."""
        if self.context is not None:
            yield self.context
        for component in self.components:
            yield from component.elements

    def questions(self) -> Iterator[tuple[Element, Any]]:
        """Every (element, question) pair in interview order."""
        for element in self.elements():
            for question in element.questions:
                yield element, question

    def thresholds(self) -> dict[int, float]:
        """Level → the lowest score reaching it: as declared, else equal bands from 1 to the top."""
        top = max(lvl.level for lvl in self.scale)
        return {
            lvl.level: lvl.min_score if lvl.min_score is not None
            else 1 + (top - 1) * (lvl.level - 1) / top
            for lvl in self.scale
        }

    def scale_label(self, level: int, lang: str) -> str:
        for lvl in self.scale:
            if lvl.level == level:
                return text(lvl.label, lang)
        return str(level)


def extreme_problem(q: Any, side: str) -> str | None:
    """Why a question's declared ``best`` / ``worst`` answer is not acceptable, if it is not."""
    value = getattr(q, side)
    if value is None:
        return None
    if q.is_scored():
        return f"{side}: {q.id!r} is scored; its {side} answer comes from its scores, remove {side}"
    if value in SPECIAL_VALUES:
        return f"{side}: {value!r} cannot be a {side} answer; give a real answer"
    kind, options = q.type, q.option_values()
    if kind == "multi_choice":
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in options]
        if not values or bad:
            return f"{side}: {bad[0] if bad else value!r} is not an option of {q.id!r} (options: {', '.join(options)})"
        return None
    if isinstance(value, list):
        return f"{side}: {q.id!r} takes one answer, not a list"
    if kind in ("yes_no", "single_choice"):
        if value not in options:
            return f"{side}: {value!r} is not an option of {q.id!r} (options: {', '.join(options)})"
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{side}: {value!r} is not a number; {q.id!r} is a number question"
        if (q.min is not None and value < q.min) or (q.max is not None and value > q.max):
            return f"{side}: {value:g} is outside the range {q.id!r} accepts"
        if q.integer and not float(value).is_integer():
            return f"{side}: {q.id!r} takes whole numbers, not {value:g}"
    elif kind == "date":
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return f"{side}: {value!r} is not a date (write YYYY-MM-DD)"
    elif kind == "text" and not str(value).strip():
        return f"{side}: give a non-empty text"
    return None


def text(value: LocalText | str | None, lang: str, fallback: str = "en") -> str:
    """The text of a localised map in ``lang``, else the fallback language, else any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(fallback) or next(iter(value.values()), "")
