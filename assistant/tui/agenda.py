"""The agenda on screen: the clock lines (side panel, presentation) and the screen to plan minutes.

Every figure comes from :mod:`assistant.workshop.agenda`; this module only words and shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from assistant.errors import BmmError
from assistant.framework.models import text
from assistant.session import Session
from assistant.tui.common import localise_bindings, tr
from assistant.tui.workshop import FieldDialog, FieldInput
from assistant.workshop import agenda
from assistant.workshop.agenda import Clock, Slot, hhmm, mmss


def at(when: datetime, now: datetime, lang: str) -> str:
    """A clock time, with the date when it is not today."""
    local, today = when.astimezone(), now.astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    return local.strftime("%d/%m %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M")


def element_clock(slot: Slot, lang: str) -> str:
    """⏱ 12:05 / 20 min, with how far over when it has run over."""
    if slot.planned <= 0:
        return tr(lang, "agenda.clock_unplanned", spent=mmss(slot.spent))
    line = tr(lang, "agenda.clock", spent=mmss(slot.spent), planned=slot.planned)
    return line + "  " + tr(lang, "agenda.over", n=slot.over_by, minutes=slot.over_by) if slot.over else line


def day_line(c: Clock, lang: str) -> str:
    """Day 1 h 45 · agenda ends ≈ 16:40."""
    parts = [tr(lang, "agenda.day", time=hhmm(c.day_seconds))] if c.day_started else []
    if c.planned_total:
        parts.append(tr(lang, "agenda.ends", at=at(c.projected_end, c.now, lang)))
    return " · ".join(parts)


class AgendaScreen(FieldDialog):
    """Planned minutes per element: pick a row, type the minutes, Enter; 0 leaves an element out."""

    BINDINGS = [
        Binding("escape", "close", "tui.key.close", id="agenda.close"),
        Binding("r", "reset", "tui.key.agenda_reset", id="agenda.reset", tooltip="tui.tip.agenda_reset"),
        Binding("c", "component", "tui.key.agenda_component", id="agenda.component",
                tooltip="tui.tip.agenda_component"),
    ]

    def __init__(self, session: Session, clock_of: Callable[[], Clock]) -> None:
        super().__init__()  # (returns None)
        self.session, self.lang = session, session.lang
        self.clock_of = clock_of  # the agenda now (the interview's clock and sitting)
        self.clock = clock_of()
        localise_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog", id="agenda"):
            yield Static(Content(tr(lang, "agenda.title")), classes="dialog-title")
            yield Static("", id="agenda-total", markup=False)
            yield DataTable(id="agenda-table", cursor_type="row", zebra_stripes=True)
            yield FieldInput(id="agenda-minutes", type="integer", placeholder=tr(lang, "agenda.minutes_placeholder"),
                             clear_on_enter=True)
            yield Static("", id="agenda-error", markup=False)
            yield Static(Content(tr(lang, "agenda.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        lang = self.lang
        wide = max(16, min(48, int(min(self.app.size.width * 0.9, 100)) - 48))
        for key, label, width in (("element", "agenda.col.element", wide), ("questions", "agenda.col.questions", 9),
                                  ("planned", "agenda.col.planned", 13), ("spent", "agenda.col.spent", 10)):
            table.add_column(tr(lang, label), key=key, width=width)
        self._fill()
        current = self.clock.current
        if current is not None:  # start on the element being asked
            table.move_cursor(row=next(i for i, x in enumerate(self.clock.slots) if x.element == current.element))
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        iv, lang = self.session.interview, self.lang
        for slot in self.clock.slots:
            el = iv.element(slot.element)
            planned = str(slot.planned) if slot.planned else tr(lang, "agenda.off")
            if slot.custom:
                planned += " *"
            spent = mmss(slot.spent) + ("  ⚠" if slot.over else "")
            table.add_row(Content(text(el.title, lang)), f"{slot.answered}/{slot.applicable}", planned, spent,
                          key=slot.element)
        if row:
            table.move_cursor(row=min(row, table.row_count - 1))
        c = self.clock
        self.query_one("#agenda-total", Static).update(
            tr(lang, "agenda.total", planned=hhmm(c.planned_total * 60), ends=day_line(c, lang) or "—"))

    def _element(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        eid = self._element()
        slot = self.clock.slot(eid) if eid else None
        box = self.query_one(Input)
        box.value = str(slot.planned) if slot else ""
        self.set_focus(box)

    def field_entered(self, field: Input, value: str) -> None:
        eid = self._element()
        if eid is None:
            return
        try:
            agenda.set_planned(self.session, eid, value)
        except BmmError as exc:
            self.query_one("#agenda-error", Static).update(str(exc))
            self.refused(field, value)
            return
        self._saved()

    def action_reset(self) -> None:
        eid = self._element()
        if eid is not None and not isinstance(self.focused, Input):
            agenda.reset_planned(self.session, eid)
            self._saved()

    def action_component(self) -> None:
        """Only the selected element's component (and the context part) on the agenda."""
        eid = self._element()
        if eid is None or isinstance(self.focused, Input):
            return
        fw = self.session.framework
        comp = next((c for c in fw.components if any(e.id == eid for e in c.elements)), None)
        keep = {e.id for e in comp.elements} if comp is not None else {eid}
        if fw.context is not None:
            keep.add(fw.context.id)
        agenda.keep_only(self.session, keep)
        self._saved()

    def _saved(self) -> None:
        self.query_one("#agenda-error", Static).update("")
        self.query_one(Input).value = ""
        self.clock = self.clock_of()
        self._fill()
        self.set_focus(self.query_one(DataTable))

    def action_close(self) -> None:
        if isinstance(self.focused, Input):  # Esc leaves the minutes box first
            self.query_one(Input).value = ""
            self.set_focus(self.query_one(DataTable))
            return
        self.dismiss(None)
