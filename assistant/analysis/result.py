"""The analysis of one assessment: levels, coverage, gaps, recommendations and road map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.analysis.levels import Coverage, ElementResult, Rating
from assistant.analysis.rules import Evidence
from assistant.framework.models import Component, Framework

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Action:
    """A recommendation, as the report and the road map show it (edits applied)."""

    key: str  # rec:<rule id> or add:<token>: the key to edit it with
    rule: str | None  # the rule id, None for a row the facilitator added
    element: str | None  # element id
    element_title: str
    objective: str
    text: str
    horizon: str  # short | long
    priority: str  # high | medium | low
    lead: str
    owner: str
    timeline: str
    status: str
    sdg: tuple[str, ...] = ()
    gcm: tuple[int, ...] = ()
    because: tuple[Evidence, ...] = ()
    edited: tuple[str, ...] = ()  # names of fields the facilitator changed
    added: bool = False

    @property
    def rank(self) -> tuple[int, int]:
        return (PRIORITY_ORDER.get(self.priority, 9), 0 if self.horizon == "short" else 1)


@dataclass(frozen=True)
class Objective:
    """A road-map objective with its priority actions (highest priority first)."""

    title: str
    horizon: str
    priority: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class ComponentResult:
    component: Component
    rating: Rating
    coverage: Coverage
    elements: tuple[ElementResult, ...]


@dataclass(frozen=True)
class Gap:
    element: ElementResult
    distance: float  # how far the score is below "Established"


@dataclass
class Analysis:
    framework: Framework
    lang: str
    established: int
    context: ElementResult | None
    components: list[ComponentResult]
    overall: Rating
    coverage: Coverage
    gaps: list[Gap]
    actions: list[Action]  # shown, ordered by priority then horizon then framework order
    dropped: list[Action] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)  # effective answers {qid: Answer}
    given: dict[str, Any] = field(default_factory=dict)  # every stored answer, skipped ones and notes too

    @property
    def elements(self) -> list[ElementResult]:
        """Every rated-or-not element of the components (not the context part)."""
        return [e for c in self.components for e in c.elements]

    def element(self, element_id: str) -> ElementResult | None:
        every = ([self.context] if self.context else []) + self.elements
        return next((e for e in every if e.id == element_id), None)

    def actions_for(self, element_id: str) -> list[Action]:
        return [a for a in self.actions if a.element == element_id]

    def road_map(self, horizon: str) -> list[Objective]:
        """Objectives of one horizon, each with its actions, ordered by priority."""
        groups: dict[str, list[Action]] = {}
        for a in self.actions:
            if a.horizon == horizon:
                groups.setdefault(a.objective, []).append(a)
        objectives = []
        for title, acts in groups.items():
            acts.sort(key=lambda a: a.rank)
            objectives.append(Objective(title, horizon, acts[0].priority, tuple(acts)))
        objectives.sort(key=lambda o: PRIORITY_ORDER.get(o.priority, 9))  # stable: framework order kept
        return objectives
