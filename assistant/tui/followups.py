"""The follow-ups screen: parked, "don't know" and open questions, filterable by owner.

Enter on a row returns its question id: the interview asks it (then comes back to where it
was), and answering it takes it off the list. The list and the filter are the session's
(:meth:`assistant.session.Session.followups`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from assistant.i18n import t
from assistant.session import Session
from assistant.tui.common import localise_bindings, short, tr
from assistant.tui.workshop import FieldDialog, FieldInput


class FollowUpsScreen(FieldDialog):
    """Returns the id of the question to go to, or None."""

    BINDINGS = [
        Binding("escape", "close", "tui.key.close", id="followups.close"),
        Binding("slash", "filter", "tui.key.filter", id="followups.filter", tooltip="tui.tip.filter"),
    ]

    def __init__(self, session: Session, owner: str = "") -> None:
        super().__init__()
        self.session, self.lang = session, session.lang
        self.owner = owner
        localise_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog", id="followups"):
            yield Static(Content(tr(lang, "followups.title")), classes="dialog-title")
            yield FieldInput(self.owner, id="followups-owner", placeholder=tr(lang, "followups.owner_placeholder"))
            yield Static("", id="followups-count", markup=False, classes="dim")
            yield DataTable(id="followups-table", cursor_type="row", zebra_stripes=True)
            yield Static(Content(tr(lang, "followups.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        wide = max(24, int(min(self.app.size.width * 0.9, 140)) - 64)
        for key, width in (("kind", 9), ("owner", 14), ("due", 10), ("question", wide), ("element", 14)):
            table.add_column(tr(self.lang, f"followups.col.{key}"), key=key, width=width)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        lang = self.lang
        items = self.session.followups(owner=self.owner.strip() or None)
        for f in items:
            table.add_row(t(lang, f"followups.kind.{f.kind}"), Content(f.owner or "—"), f.due or "—",
                          Content(short(f.text, 90)), Content(short(f.element_title, 30)), key=f.question)
        if items:
            count = tr(lang, "followups.count", n=len(items))
        else:
            count = tr(lang, "followups.none_for", owner=self.owner) if self.owner.strip() else t(lang, "followups.none")
        self.query_one("#followups-count", Static).update(count)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.owner = event.value
        self._fill()

    def field_entered(self, field: Input, value: str) -> None:
        self.set_focus(self.query_one(DataTable))

    def action_filter(self) -> None:
        self.set_focus(self.query_one(Input))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(str(event.row_key.value))

    def action_close(self) -> None:
        if isinstance(self.focused, Input) and self.query_one(DataTable).row_count:
            self.set_focus(self.query_one(DataTable))
            return
        self.dismiss(None)
