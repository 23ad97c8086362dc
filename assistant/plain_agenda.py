"""The agenda in the plain interview: ``:agenda`` lists planned and spent minutes per element, the
day's time and the projected end; ``:agenda ELEMENT MINUTES`` changes an element's plan (0 leaves
it off). French name: ``:ordre`` (ordre du jour). Figures come from :mod:`assistant.workshop.agenda`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from assistant.errors import BmmError
from assistant.framework.models import text
from assistant.workshop import agenda
from assistant.workshop.agenda import hhmm, mmss

if TYPE_CHECKING:
    from assistant.plain import PlainInterview

ALIASES = {":ordre": ":agenda", ":odj": ":agenda"}




def now() -> datetime:
    """The agenda's clock (tests set their own)."""
    return datetime.now(UTC)


def run(plain: PlainInterview, arg: str) -> None:
    """``:agenda`` with no argument lists; ``:agenda ELEMENT MINUTES`` plans."""
    s, tr = plain.s, plain.tr
    if arg:
        name, _, minutes = arg.rpartition(" ")
        el = plain._match_element(name.strip()) if name.strip() else None
        if el is None or not minutes.strip():
            plain.say(tr("plain.agenda.usage"))
            return
        try:
            value = agenda.set_planned(s, el.id, minutes)
        except BmmError as exc:
            plain.say(f"   {exc}")
            return
        plain.say(tr("plain.agenda.set", title=text(el.title, plain.lang), minutes=value) if value
                  else tr("plain.agenda.off", title=text(el.title, plain.lang)))
        return
    at = now()
    c = agenda.clock(s, at, opened=getattr(plain, "opened", None))
    plain.say(tr("plain.agenda.header"))
    for n, slot in enumerate(c.slots, 1):
        title = text(s.interview.element(slot.element).title, plain.lang)
        here = ">" if c.current is not None and slot.element == c.current.element else " "
        planned = tr("plain.agenda.minutes", minutes=slot.planned) if slot.planned else tr("plain.agenda.not_on")
        line = f" {here}{n:>3}. {title}: {planned} · {mmss(slot.spent)}"
        if slot.over:
            line += "  " + tr("plain.agenda.over", minutes=slot.over_by)
        plain.say(line)
    ends = c.projected_end.astimezone()
    when = ends.strftime("%H:%M") if ends.date() == at.astimezone().date() else ends.strftime("%Y-%m-%d %H:%M")
    plain.say(tr("plain.agenda.footer", day=hhmm(c.day_seconds), planned=hhmm(c.planned_total * 60), ends=when))
