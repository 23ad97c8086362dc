"""The parking lot and the follow-ups list.

A question nobody in the room can answer is parked (records kind ``parked``, keyed by
question id) with an owner (a participant, an agency, or anyone named) and a due date.
Parking the question being asked moves the interview on without offering it again.
Answering a parked question (an answer or "not applicable"; "don't know" leaves it parked)
clears it, in the same durable write as the answer.

:meth:`ParkingMixin.followups` lists what is still to find out, in framework order:

- ``parked``: every parked question that still applies;
- ``dont_know``: answers "don't know" (not parked);
- ``unanswered``: questions skipped anywhere, and open questions of elements already started
  (with at least one answer, skip, note or position recorded) other than the element being
  asked now. Elements nobody has opened yet, and the rest of the element in progress, are left
  out: they are the agenda, not follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.engine.answers import Answer
from assistant.engine.interview import MAX_OFFERS
from assistant.framework.models import text
from assistant.i18n import t
from assistant.store.assessments import one_line
from assistant.workshop import WorkshopError
from assistant.workshop.roster import fold, parse_date

if TYPE_CHECKING:
    from assistant.engine.interview import Interview
    from assistant.store.assessments import Assessment
    from assistant.workshop.roster import Participant

KIND = "parked"
KINDS = ("parked", "dont_know", "unanswered")


@dataclass(frozen=True)
class FollowUp:
    """One thing still to find out, and who will."""

    question: str
    element: str  # element id
    kind: str  # parked | dont_know | unanswered
    owner: str = ""
    due: str = ""  # YYYY-MM-DD or ""
    text: str = ""  # the question, in the interview language
    element_title: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


def clears(answer: Answer) -> bool:
    """Whether an answer settles a parked question: a real answer or "not applicable"."""
    return answer.status in ("answered", "not_applicable")


class ParkingMixin:
    """The parking part of :class:`assistant.session.Session`."""

    assessment: Assessment
    interview: Interview
    lang: str

    if TYPE_CHECKING:  # provided by the roster mixin
        def participants(self) -> list[Participant]: ...
        def agencies(self) -> list[str]: ...
        def _undo_on_failure(self, qid: str | None) -> Any: ...

    def parked(self) -> dict[str, dict[str, Any]]:
        """Parked questions by id: ``{"owner", "due", "at"}``."""
        return self.assessment.records(KIND)

    def park(self, qid: str, owner: str = "", due: Any = None) -> dict[str, Any]:
        """Park a question for ``owner`` by ``due`` (``YYYY-MM-DD``); the interview moves past it."""
        if not self.interview.has(qid):
            raise WorkshopError(t(self.lang, "workshop.err.question", question=qid))
        when = parse_date(due, self.lang) if due not in (None, "") else ""
        who = self.owner_name(owner)
        old = self.interview.answers.get(qid)
        current = self.interview.current
        moving = current is not None and current.id == qid and (old is None or not old.counts)
        with self._undo_on_failure(qid), self.assessment.batch():
            doc = self.assessment.save_record(KIND, qid, owner=who, due=when)
            if moving:  # left open, not offered again: it is on the follow-ups list
                base = old or Answer(qid, status="skipped")
                held = self.interview.stamp(replace(base, status="skipped", skips=MAX_OFFERS))
                self.interview.record(held, advance=False)
                self.assessment.save(held, action="park")
        if moving:
            self.interview.advance()
        return doc

    def unpark(self, qid: str) -> bool:
        """Take a question off the parking lot; False if it was not parked."""
        if qid not in self.parked():
            return False
        self.assessment.drop_record(KIND, qid)
        return True

    def owner_name(self, owner: str) -> str:
        """An owner as the roster spells it (a participant's name or an agency), else as typed."""
        given = one_line(owner or "")
        if not given:
            return ""
        for name in [p.name for p in self.participants()] + self.agencies():
            if fold(name) == fold(given):
                return name
        return given

    def followups(self, owner: str | None = None) -> list[FollowUp]:
        """Parked, "don't know" and open questions (see the module docstring), for ``owner`` if given."""
        asking = self.interview.cursor if self.interview.current is not None else None
        return followups_of(self.interview, self.parked(), self.participants(), self.lang, owner, asking)

    def _clear_parked(self, answer: Answer) -> None:
        """Called in the session's save path, inside the answer's batch."""
        if clears(answer) and answer.question in self.parked():
            self.assessment.drop_record(KIND, answer.question)


def followups_of(iv: Interview, parked: dict[str, dict[str, Any]], people: list[Participant], lang: str,
                 owner: str | None = None, asking: str | None = None) -> list[FollowUp]:
    """The follow-ups of an interview's answers (``asking``: the element in progress, left out)."""
    out: list[FollowUp] = []
    for el in iv.elements:
        started = el.id != asking and any(q.id in iv.answers for q in el.questions)
        for q in iv.applicable_questions(el):
            a = iv.answers.get(q.id)
            rec = parked.get(q.id)
            if rec is not None:
                kind = "parked"
            elif a is not None and a.status == "dont_know":
                kind = "dont_know"
            elif (a is not None and a.status == "skipped" and a.skips) or (started and (a is None or not a.counts)):
                kind = "unanswered"
            else:
                continue
            out.append(FollowUp(q.id, el.id, kind, str((rec or {}).get("owner") or ""),
                                str((rec or {}).get("due") or ""), text(q.text, lang),
                                text(el.title, lang), a.note if a is not None else ""))
    if owner:
        out = [f for f in out if owned_by(f.owner, owner, people)]
    return out


def owned_by(item_owner: str, wanted: str, people: list[Participant]) -> bool:
    """An item is someone's if its owner is them, their agency, or (for an agency) one of its people."""
    if not item_owner:
        return False
    a, b = fold(item_owner), fold(wanted)
    if a == b:
        return True
    for p in people:
        name, agency = fold(p.name), fold(p.agency)
        if (a == name and b == agency) or (a == agency and b == name):
            return True
    return False
