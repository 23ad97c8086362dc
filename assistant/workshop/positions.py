"""Where each agency stands on a question, the answer agreed, and how sure the group is of it.

Positions are kept on the answer itself (``Answer.positions``: one per agency, with its
option and reason), so they are journalled and exported with it; before any answer is
agreed they sit on an open placeholder, as a note does. ``agree`` saves the agreed answer
with its positions and how it was reached (consensus, majority or contested): the agencies
whose position differs are its dissent, each with its reason. A contested answer still
counts in the score; the analysis says the element holds contested answers.

``set_confidence`` tags an answer as documented, observed or stated (a new history entry,
the value unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.engine.answers import AGREEMENT, CONFIDENCE, Answer
from assistant.engine.describe import describe
from assistant.errors import InvalidAnswer
from assistant.i18n import t
from assistant.store.assessments import one_line
from assistant.workshop import WorkshopError

if TYPE_CHECKING:
    from assistant.engine.interview import Interview
    from assistant.store.assessments import Assessment


@dataclass(frozen=True)
class Position:
    """One agency's position on a question: the value it holds (as stored) and why."""

    agency: str
    value: Any
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "value": self.value, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Position:
        return cls(str(d.get("agency") or ""), d.get("value"), str(d.get("reason") or ""))


def key_of(value: Any) -> Any:
    """A hashable form of a value (a list of options becomes a tuple; anything else odd, text)."""
    if isinstance(value, list):
        return tuple(key_of(v) for v in value)
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def describe_value(q: Any, value: Any, lang: str, scale_labels: list[str] | None = None) -> str:
    """A position's value in words ("Yes", "Ad hoc requests", "Don't know"); odd values as text."""
    status = value if value in ("dont_know", "not_applicable") else "answered"
    v = list(value) if isinstance(value, tuple) else value
    try:
        return describe(q, Answer(q.id, status=status, value=v if status == "answered" else None),  # type: ignore[arg-type]
                        lang, scale_labels)
    except (TypeError, ValueError, AttributeError):
        return str(value)


def positions_of(answer: Answer | None) -> list[Position]:
    return [Position.from_dict(p) for p in (answer.positions if answer is not None else ())]


def dissent_of(answer: Answer | None) -> list[Position]:
    """The positions that differ from the agreed answer (empty when nothing is agreed yet)."""
    if answer is None or not answer.counts:
        return []
    agreed = key_of(answer.condition_value)
    return [p for p in positions_of(answer) if key_of(p.value) != agreed]


class PositionsMixin:
    """The positions-and-agreement part of :class:`assistant.session.Session`."""

    assessment: Assessment
    interview: Interview
    lang: str

    if TYPE_CHECKING:  # provided by the session and the roster mixin
        def match_agency(self, given: str) -> str: ...
        def _keep(self, answer: Answer, advance: bool = True, action: str | None = None) -> Answer: ...
        def _undo_on_failure(self, qid: str | None) -> Any: ...

    def positions(self, qid: str) -> list[Position]:
        return positions_of(self.interview.answers.get(qid))

    def record_positions(self, qid: str, positions: Iterable[Position | dict[str, Any]]) -> Answer:
        """Record agencies' positions (each replaces that agency's earlier one); values are checked.

        A value may be what one would type (an option's number or name, ``dk``) or a stored value.
        """
        q = self.interview.question(qid)
        kept = {p.agency.casefold(): p for p in self.positions(qid)}
        for item in positions:
            p = item if isinstance(item, Position) else Position.from_dict(item)
            agency = self.match_agency(p.agency)
            kept[agency.casefold()] = Position(agency, self._position_value(q, p.value), one_line(p.reason))
        return self._save_positions(qid, list(kept.values()), action="positions")

    def clear_positions(self, qid: str) -> Answer:
        return self._save_positions(qid, [], action="positions")

    def tally(self, qid: str) -> dict[Any, int]:
        """How many agencies hold each value, most held first (ties in the order first given)."""
        counts: dict[Any, int] = {}
        for p in self.positions(qid):
            k = key_of(p.value)
            counts[k] = counts.get(k, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def dissent(self, qid: str) -> list[Position]:
        """Agencies whose position differs from the agreed answer, with their reasons."""
        return dissent_of(self.interview.answers.get(qid))

    def describe_value(self, qid: str, value: Any) -> str:
        """A position's value in words ("Yes", "Ad hoc requests", "Don't know")."""
        q = self.interview.question(qid)
        return describe_value(q, value, self.lang, self.interview.scale_labels)

    def agree(self, qid: str, raw: str | None, how: str) -> Answer:
        """Save the agreed answer (typed ``raw``, or from the positions when None) and how it was reached."""
        if how not in AGREEMENT:
            raise WorkshopError(t(self.lang, "workshop.err.how", how=how))
        q = self.interview.question(qid)
        counts = self.tally(qid)
        if raw is None or not str(raw).strip():
            value = self._from_positions(qid, counts, how)
            answer = self.interview.parse_value(list(value) if isinstance(value, tuple) else value, q)
        else:
            answer = self.interview.parse(str(raw), q)
        agreed = key_of(answer.condition_value)
        if counts and how == "consensus" and set(counts) != {agreed}:
            raise WorkshopError(t(self.lang, "workshop.err.not_consensus", tally=self.tally_text(qid)))
        if counts and how == "majority" and not self._leads(counts, agreed):
            raise WorkshopError(t(self.lang, "workshop.err.not_majority", value=describe(q, answer, self.lang,
                                  self.interview.scale_labels), tally=self.tally_text(qid)))
        answer = replace(answer, agreement=how, positions=tuple(p.to_dict() for p in self.positions(qid)))
        current = self.interview.current
        return self._keep(answer, advance=current is not None and current.id == qid)

    def tally_text(self, qid: str) -> str:
        """The tally in words: "Yes: 2 (Customs, Police); No: 1 (Immigration)"."""
        parts = []
        for value, n in self.tally(qid).items():
            who = ", ".join(p.agency for p in self.positions(qid) if key_of(p.value) == value)
            parts.append(t(self.lang, "workshop.tally", value=self.describe_value(qid, value), n=n, agencies=who))
        return t(self.lang, "list_sep").join(parts)

    def dissent_text(self, qid: str) -> str:
        """The dissent in words: "Customs: No (only a draft exists)"."""
        return t(self.lang, "list_sep").join(
            t(self.lang, "workshop.dissent", agency=p.agency, value=self.describe_value(qid, p.value),
              reason=f" ({p.reason})" if p.reason else "")
            for p in self.dissent(qid))

    # ---- confidence -------------------------------------------------------------------------------
    def set_confidence(self, qid: str, level: str) -> Answer:
        """Tag an answer as ``documented``, ``observed`` or ``stated`` ("" clears it)."""
        if level and level not in CONFIDENCE:
            raise WorkshopError(t(self.lang, "workshop.err.confidence", level=level))
        old = self.interview.answers.get(qid)
        if old is None or old.status != "answered":
            raise WorkshopError(t(self.lang, "workshop.err.confidence_unanswered"))
        tagged = replace(old, confidence=level)
        with self._undo_on_failure(qid):
            self.interview.record(tagged, advance=False)
            self.assessment.save(tagged, action="confidence")
        return tagged

    # ---- helpers --------------------------------------------------------------------------------------
    def _position_value(self, q: Any, value: Any) -> Any:
        try:
            if isinstance(value, str):
                parsed = self.interview.parse(value, q)
            else:
                parsed = self.interview.parse_value(list(value) if isinstance(value, tuple) else value, q)
        except InvalidAnswer as exc:
            raise WorkshopError(t(self.lang, "workshop.err.option", value=value, why=str(exc))) from None
        return parsed.condition_value

    def _from_positions(self, qid: str, counts: dict[Any, int], how: str) -> Any:
        if not counts:
            raise WorkshopError(t(self.lang, "workshop.err.no_positions"))
        values = list(counts)
        if how == "consensus" and len(values) > 1:
            raise WorkshopError(t(self.lang, "workshop.err.not_consensus", tally=self.tally_text(qid)))
        if not self._leads(counts, values[0]):
            raise WorkshopError(t(self.lang, "workshop.err.tie", tally=self.tally_text(qid)))
        return values[0]

    @staticmethod
    def _leads(counts: dict[Any, int], value: Any) -> bool:
        """Whether ``value`` is held by more agencies than any other value."""
        n = counts.get(value, 0)
        return n > 0 and all(c < n for v, c in counts.items() if v != value)

    def _save_positions(self, qid: str, positions: list[Position], action: str) -> Answer:
        old = self.interview.answers.get(qid)
        base = old if old is not None else self.interview.stamp(Answer(qid, status="skipped", skips=0))
        updated = replace(base, positions=tuple(p.to_dict() for p in positions))
        with self._undo_on_failure(qid):
            self.interview.record(updated, advance=False)
            self.assessment.save(updated, action=action)
        return updated
