"""The workshop's agenda and clock: planned minutes per element, time spent, pace, projected end.

Planned minutes are kept per element as records of kind ``"agenda"`` (key: the element id,
field ``minutes``); an element without one gets :func:`default_minutes` of its applicable
questions. Zero minutes leaves an element off the agenda (a workshop on one component).

Time spent is read from the answers' times, so it survives closing and reopening: the gap
between two consecutive changes (answers, skips, notes...) counts for the element of the
later one, unless it is longer than :data:`BREAK` (a break, lunch, the night). Since the
last change, the clock runs for the element now asked, from that change or from when the
assessment was opened, whichever is later (the minutes from opening to the first change of
a sitting count while it is open; the opening itself is not stored). The day starts at the first change or opening
of the current local date. The pace compares the time spent with the planned minutes of
the work done (planned × share of questions answered); once :data:`PACE_AFTER` planned
minutes are done and as many real minutes spent, the rest of the agenda is projected at that
pace, before that at the plan's.

Headless: no Textual; the TUI, plain mode and tests read the same :class:`Clock`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from assistant.errors import BmmError

KIND = "agenda"
PER_QUESTION = 2  # minutes per applicable question, by default
STEP = 5  # default minutes are rounded to this
MAX_MINUTES = 8 * 60  # one element never takes more than a working day
BREAK = 20 * 60  # seconds: a longer gap between two changes is a pause, not work on an element
IDLE = 2 * 3600  # seconds: the live clock of the current element stops growing after this
PACE_AFTER = 10  # planned minutes done before the projection follows the group's own pace


def default_minutes(questions: int) -> int:
    """Planned minutes for an element of ``questions`` applicable questions (2 each, to the nearest 5)."""
    if questions <= 0:
        return 0
    return max(STEP, round(questions * PER_QUESTION / STEP) * STEP)


@dataclass(frozen=True)
class Slot:
    """One element on the agenda: what was planned, what it has taken so far."""

    element: str
    planned: int  # minutes (0: not on the agenda)
    spent: float  # seconds
    answered: int
    applicable: int
    custom: bool  # planned minutes set by the facilitator (not the default)

    @property
    def over(self) -> bool:
        """The element has taken longer than planned."""
        return self.planned > 0 and self.spent > self.planned * 60

    @property
    def over_by(self) -> int:
        """Whole minutes beyond the plan (0 when within it)."""
        return max(0, int(self.spent - self.planned * 60) // 60) if self.over else 0

    @property
    def done_share(self) -> float:
        return self.answered / self.applicable if self.applicable else 1.0


@dataclass(frozen=True)
class Clock:
    """The agenda at one moment: every element's slot, the current one, the day and the projection."""

    now: datetime
    slots: tuple[Slot, ...]
    current: Slot | None
    day_started: datetime | None
    pace: float  # time taken per planned minute of work done (1.0: on plan)
    remaining: float  # seconds of planned work left, at the current pace
    planned_total: int  # minutes of the whole agenda

    @property
    def day_seconds(self) -> float:
        return (self.now - self.day_started).total_seconds() if self.day_started else 0.0

    @property
    def projected_end(self) -> datetime:
        """When the agenda ends if the rest goes at the current pace."""
        return self.now + timedelta(seconds=self.remaining)

    @property
    def warning(self) -> bool:
        """The element now asked has run over its planned time."""
        return self.current is not None and self.current.over

    def slot(self, element_id: str) -> Slot | None:
        return next((s for s in self.slots if s.element == element_id), None)


def planned(session: Any) -> dict[str, int]:
    """Planned minutes of every element, in interview order (facilitator's, else the default)."""
    stored = session.assessment.records(KIND)
    iv = session.interview
    out = {}
    for el in iv.elements:
        doc = stored.get(el.id)
        out[el.id] = int(doc["minutes"]) if _valid(doc) else default_minutes(len(iv.applicable_questions(el)))
    return out


def set_planned(session: Any, element_id: str, minutes: int | str) -> int:
    """Set an element's planned minutes (0 takes it off the agenda); saved at once. Returns the minutes."""
    if session.interview.element(element_id) is None:
        raise BmmError(f"no element {element_id!r} in this framework")
    try:
        value = int(str(minutes).strip())
    except ValueError:
        raise BmmError(f"{minutes!r}: planned time is a whole number of minutes, from 0 to {MAX_MINUTES}") from None
    if not 0 <= value <= MAX_MINUTES:
        raise BmmError(f"{value}: planned time is a whole number of minutes, from 0 to {MAX_MINUTES}")
    session.assessment.save_record(KIND, element_id, minutes=value)
    return value


def keep_only(session: Any, element_ids: Iterable[str]) -> None:
    """Put only these elements on the agenda (the others at 0 minutes; these back to their default
    if they were off), in one durable write: a workshop on one component."""
    keep = set(element_ids)
    stored = session.assessment.records(KIND)
    with session.assessment.batch():
        for el in session.interview.elements:
            doc = stored.get(el.id)
            if el.id not in keep:
                if not (_valid(doc) and doc["minutes"] == 0):  # type: ignore[index]
                    session.assessment.save_record(KIND, el.id, minutes=0)
            elif _valid(doc) and doc["minutes"] == 0:  # type: ignore[index]
                session.assessment.drop_record(KIND, el.id)


def reset_planned(session: Any, element_id: str) -> int:
    """Back to the default minutes for the element; returns them."""
    session.assessment.drop_record(KIND, element_id)
    return planned(session)[element_id]


def clock(session: Any, now: datetime, opened: datetime | None = None, current: str | None = None) -> Clock:
    """The agenda at ``now`` (aware datetime); ``opened``: when this sitting began; ``current``: the
    element now asked (default: the interview's current question's element)."""
    iv = session.interview
    if current is None and iv.current is not None:
        current = iv.element_of(iv.current.id).id
    events = _events(session, iv)
    spent = _spent(events, opened, now, current)
    custom = session.assessment.records(KIND)
    minutes = planned(session)
    slots = []
    for el in iv.elements:
        p = iv.element_progress(el)
        slots.append(Slot(el.id, minutes[el.id], spent.get(el.id, 0.0), p.answered, p.applicable,
                          _valid(custom.get(el.id))))
    on = [s for s in slots if s.planned > 0]
    done = sum(s.planned * s.done_share for s in on)
    taken = sum(s.spent for s in on)
    # the group's own pace only once it has worked PACE_AFTER minutes, planned and real: a quick
    # first element (or a test run) must not project the whole day to end in a quarter of an hour
    pace = taken / (done * 60) if done >= PACE_AFTER and taken >= PACE_AFTER * 60 else 1.0
    left = sum(s.planned * (1 - s.done_share) for s in on) * 60 * pace
    return Clock(now, tuple(slots), next((s for s in slots if s.element == current), None),
                 _day_start(events, opened, now), pace, left, sum(s.planned for s in on))


def _valid(doc: dict[str, Any] | None) -> bool:
    m = (doc or {}).get("minutes")
    return isinstance(m, int) and not isinstance(m, bool) and 0 <= m <= MAX_MINUTES


_parsed: WeakKeyDictionary[Any, tuple[int, list[tuple[datetime, str]]]] = WeakKeyDictionary()


def _events(session: Any, iv: Any) -> list[tuple[datetime, str]]:
    """Each change to a question of this framework, in time order: when, and its element.

    The history only grows, so the entries read last time are kept per session and only the
    new ones parsed: the clock is refreshed every second and after every answer.
    """
    history = session.assessment.history()
    done, events = _parsed.get(session, (0, []))
    if done > len(history):  # not the same history (reloaded): read it all again
        done, events = 0, []
    events = list(events)
    for h in history[done:]:
        qid, at = h.get("question"), h.get("at")
        if not qid or not at or not iv.has(qid) or h.get("action") == "prefill":
            continue
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            continue
        if when.tzinfo is not None:
            events.append((when, iv.element_of(qid).id))
    events.sort(key=lambda e: e[0])
    _parsed[session] = (len(history), events)
    return events


def _spent(events: list[tuple[datetime, str]], opened: datetime | None, now: datetime,
           current: str | None) -> dict[str, float]:
    """Seconds per element: gaps between changes (pauses left out), then the live clock."""
    marks: list[tuple[datetime, str | None]] = list(events)
    if opened is not None:
        marks.append((opened, None))
        marks.sort(key=lambda m: m[0])
    out: dict[str, float] = {}
    prev: datetime | None = None
    for when, eid in marks:
        if prev is not None and eid is not None:
            gap = (when - prev).total_seconds()
            if 0 <= gap <= BREAK:
                out[eid] = out.get(eid, 0.0) + gap
        prev = when if prev is None else max(prev, when)
    if current is not None and prev is not None:
        tail = (now - prev).total_seconds()
        if 0 < tail:
            out[current] = out.get(current, 0.0) + min(tail, IDLE)
    return out


def _day_start(events: list[tuple[datetime, str]], opened: datetime | None, now: datetime) -> datetime | None:
    """The first change or opening since local midnight (events are in time order)."""
    local = now.astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    first = next((w for w, _ in events if midnight <= w <= now), None)
    if opened is not None and midnight <= opened <= now and (first is None or opened < first):
        return opened
    return first


def mmss(seconds: float) -> str:
    """A time spent as a clock shows it: 12:05, or 1:02:05 past an hour."""
    s = int(max(0, seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


def hhmm(seconds: float) -> str:
    """A duration in hours and minutes: 1 h 05, or 40 min."""
    m = int(max(0, seconds)) // 60
    return f"{m // 60} h {m % 60:02d}" if m >= 60 else f"{m} min"
