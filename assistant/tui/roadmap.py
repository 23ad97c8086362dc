"""The road map: the recommendations the answers trigger, as rows a facilitator edits, adds or drops.

Every change is saved at once through :mod:`assistant.analysis.edits` (on the UI thread, which
owns the store); the rows are then read back from a fresh analysis, so what is shown is what the
report will print.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static, TextArea

from assistant.analysis import analyse
from assistant.analysis import edits as edit_api
from assistant.analysis.result import PRIORITY_ORDER, Action, Analysis
from assistant.errors import BmmError
from assistant.framework.models import text
from assistant.i18n import t
from assistant.session import Session
from assistant.tui.common import SafeTextArea, localise_bindings, short, tr
from assistant.tui.modals import ConfirmScreen

MARK_EDITED, MARK_ADDED, MARK_DROPPED = "✎", "+", "×"
FIELD_LABELS = {"element": "element", "objective": "objective", "text": "action", "horizon": "horizon",
                "priority": "priority", "lead": "lead", "owner": "owner", "timeline": "timeline",
                "status": "status"}  # field -> report.c.<column> label


def one_line(value: str) -> str:
    """User text on one table line: line breaks and control characters become spaces (nothing else changes)."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value)


def cell(value: str, width: int, style: str = "") -> Text:
    """A table cell: plain text (never markup), shortened with … to ``width`` terminal cells."""
    out = Text(one_line(value), style=style, no_wrap=True, overflow="ellipsis", end="")
    if cell_len(out.plain) > width:
        out.truncate(width, overflow="ellipsis")
    return out


def label(lang: str, kind: str, value: str) -> str:
    """A catalogue label of a horizon, priority or status (the report's own words)."""
    return t(lang, f"report.{kind}.{value}")


def column(lang: str, name: str) -> str:
    return t(lang, f"report.c.{name}")


class RowForm(ModalScreen[dict[str, str] | None]):
    """Edit one road-map row, or add one (``action`` None); returns the fields saved, or None.

    ``save(fields)`` stores them; a :class:`BmmError` it raises is shown in the form, which stays open.
    """

    BINDINGS = [
        Binding("escape", "cancel", "tui.key.cancel", id="rowform.cancel"),
        Binding("ctrl+s", "save", "tui.key.save", id="rowform.save"),
    ]

    def __init__(self, lang: str, action: Action | None, elements: list[tuple[str, str]],
                 save: Callable[[dict[str, str]], None]) -> None:
        super().__init__()
        self.lang, self.action, self.elements, self.save = lang, action, elements, save
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang, a = self.lang, self.action
        with VerticalScroll(classes="dialog", id="row-form"):
            yield Label(tr(lang, "rowform.edit_title" if a else "rowform.add_title"), classes="dialog-title")
            if a is not None and a.rule:
                yield Static(Content(tr(lang, "rowform.about", element=a.element_title or "—")), classes="dim")
            yield Label(tr(lang, "rowform.text"))
            yield SafeTextArea(a.text if a else "", id="rf-text", soft_wrap=True, compact=True)
            with Grid(id="row-grid"):
                if a is None or a.added:
                    yield Label(column(lang, "element"))
                    options = [(Text(title), eid) for eid, title in self.elements]
                    current = a.element if a is not None and a.element else Select.NULL
                    yield Select(options, id="rf-element", value=current, prompt=tr(lang, "rowform.no_element"),
                                 compact=True)
                yield Label(column(lang, "objective"))
                yield Input(a.objective if a else "", id="rf-objective", compact=True,
                            placeholder=tr(lang, "rowform.objective_hint"))
                for name in ("horizon", "priority", "status"):
                    allowed = {"horizon": edit_api.HORIZONS, "priority": edit_api.PRIORITIES,
                               "status": edit_api.STATUSES}[name]
                    default = {"horizon": "short", "priority": "medium", "status": "proposed"}[name]
                    yield Label(column(lang, name))
                    yield Select([(label(lang, name, v), v) for v in allowed], id=f"rf-{name}",
                                 value=getattr(a, name) if a else default, allow_blank=False, compact=True)
                yield Label(column(lang, "owner"))
                yield Input(a.owner if a else "", id="rf-owner", compact=True,
                            placeholder=tr(lang, "rowform.owner_hint"))
                yield Label(column(lang, "timeline"))
                yield Input(a.timeline if a else "", id="rf-timeline", compact=True,
                            placeholder=tr(lang, "rowform.timeline_hint"))
                yield Label(column(lang, "lead"))
                yield Input(a.lead if a else "", id="rf-lead", compact=True)
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(tr(lang, "rowform.save"), variant="primary", id="save", compact=True)
                yield Button(tr(lang, "rowform.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#rf-text").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def values(self) -> dict[str, str]:
        """Every field as typed (surrounding spaces removed)."""
        out = {"text": self.query_one("#rf-text", TextArea).text.strip()}
        for name in ("objective", "owner", "timeline", "lead"):
            out[name] = self.query_one(f"#rf-{name}", Input).value.strip()
        for name in ("horizon", "priority", "status"):
            out[name] = str(self.query_one(f"#rf-{name}", Select).value)
        for sel in self.query("#rf-element").results(Select):
            out["element"] = "" if sel.value is Select.NULL else str(sel.value)
        return out

    def changes(self) -> dict[str, str]:
        """What to save: the changed fields of an edited row; the filled-in fields of a new one."""
        values, a = self.values(), self.action
        if a is None:
            keep = ("text", "horizon", "priority", "status")
            return {k: v for k, v in values.items() if v or k in keep}
        current = {k: getattr(a, k) or "" for k in values}
        return {k: v for k, v in values.items() if v != current[k]}

    def action_save(self) -> None:
        error = self.query_one("#form-error", Static)
        fields = self.changes()
        if not self.values()["text"]:
            error.update(tr(self.lang, "rowform.need_text"))
            self.query_one("#rf-text").focus()
            return
        if fields:
            try:
                self.save(fields)
            except (BmmError, OSError) as exc:
                error.update(tr(self.lang, "roadmap.failed", error=str(exc)))
                return
        self.dismiss(fields)


class RoadMapScreen(Screen[None]):
    """The recommendations and road-map rows of the open assessment (short term first, by priority)."""

    BINDINGS = [
        Binding("escape", "back", "tui.key.back", id="roadmap.back", tooltip="tui.tip.roadmap_back"),
        Binding("e", "edit", "tui.key.edit", id="roadmap.edit", tooltip="tui.tip.roadmap_edit"),
        Binding("a", "add", "tui.key.add", id="roadmap.add", tooltip="tui.tip.roadmap_add"),
        Binding("d", "drop", "tui.key.drop", id="roadmap.drop", tooltip="tui.tip.roadmap_drop"),
        Binding("r", "restore", "tui.key.restore", id="roadmap.restore", tooltip="tui.tip.roadmap_restore"),
        Binding("v", "toggle_dropped", "tui.key.dropped", id="roadmap.dropped", tooltip="tui.tip.roadmap_dropped"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.lang = session.lang
        self.show_dropped = False
        self.analysis: Analysis | None = None
        self.rows: list[tuple[Action, bool]] = []  # (action, dropped), in table order
        self._width = 0
        localise_bindings(self, self.lang)

    # ---- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        meta, lang = self.session.meta, self.lang
        heading = " · ".join(x for x in (t(lang, "report.h.road_map"), meta.get("country", ""),
                                          meta.get("title", "")) if x)
        yield Static(Content(heading), id="topbar")
        yield Static("", id="rm-count", markup=False)
        yield DataTable(id="rm-table", cursor_type="row", zebra_stripes=True, cell_padding=0)
        yield Static("", id="rm-detail", markup=False)
        yield Static(Content(tr(lang, "roadmap.legend")), id="rm-legend", classes="dim")
        yield Footer(compact=True)

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self.fill(self.current_key())

    # ---- data ----------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Analyse the answers with the stored edits again and show the rows."""
        s = self.session
        self.analysis = analyse(s.framework, s.interview.answers, self.lang, s.assessment.edits())
        self.fill(select if select is not None else self.current_key())

    def ordered(self) -> list[tuple[Action, bool]]:
        """Short term first, then long term; by priority within each (as the report's road map)."""
        a = self.analysis
        if a is None:
            return []
        rows = [(x, False) for h in edit_api.HORIZONS for x in a.actions if x.horizon == h]
        if self.show_dropped:
            dropped = sorted(a.dropped, key=lambda x: (x.horizon != "short", PRIORITY_ORDER.get(x.priority, 9)))
            rows += [(x, True) for x in dropped]
        return rows

    def current_key(self) -> str | None:
        row = self.selected()
        return row[0].key if row else None

    def selected(self) -> tuple[Action, bool] | None:
        if not self.rows:
            return None
        n = self.table.cursor_row
        return self.rows[n] if 0 <= n < len(self.rows) else None

    # ---- the table -------------------------------------------------------------------------
    def columns(self, width: int) -> list[tuple[str, str, int]]:
        """(name, header, width) of the columns that fit: the action text gets what is left.

        Columns are one cell apart (the table has no cell padding, so 80 columns leave room to read).
        """
        lang, gap = self.lang, 1
        rows = [a for a, _ in self.rows]

        def fit(header: str, values: list[str], cap: int) -> int:
            return min(cap, max([cell_len(header)] + [cell_len(one_line(v)) for v in values]))

        wide = width >= 110
        sizes = {
            "mark": 1,
            "horizon": fit(column(lang, "horizon"), [tr(lang, f"roadmap.horizon.{h}") for h in edit_api.HORIZONS], 12),
            "priority": fit(column(lang, "priority"), [label(lang, "priority", p) for p in edit_api.PRIORITIES], 12),
            "element": fit(column(lang, "element"), [a.element_title for a in rows], 26),
            "owner": fit(column(lang, "owner"), [a.owner for a in rows], 22 if wide else 14),
            "timeline": fit(column(lang, "timeline"), [a.timeline for a in rows], 18),
            "status": fit(column(lang, "status"), [label(lang, "status", s) for s in edit_api.STATUSES], 14),
        }
        order = ("mark", "horizon", "priority", "element", "action", "owner", "timeline", "status")
        avail = width - 3  # the vertical scrollbar and a margin
        shown = {"mark", "horizon", "priority", "action", "owner", "status"}

        def left() -> int:  # what the action text would get
            return avail - sum(sizes[n] + gap for n in shown if n != "action") - gap

        for optional, smaller in (("element", 18), ("timeline", 12)):  # while the action keeps 36 cells
            shown.add(optional)
            if left() < 36:
                sizes[optional] = min(sizes[optional], max(smaller, cell_len(column(lang, optional))))
            if left() < 36:
                shown.discard(optional)
        sizes["action"] = max(left(), 12)
        return [(n, "" if n == "mark" else column(lang, n), sizes[n]) for n in order if n in shown]

    def fill(self, select: str | None = None) -> None:
        """Rebuild the table (columns follow the screen width), keeping the selected row."""
        table, lang = self.table, self.lang
        old = table.cursor_row
        self.rows = self.ordered()
        self._width = self.size.width or self.app.size.width
        cols = self.columns(self._width)
        table.clear(columns=True)
        for i, (name, header, width) in enumerate(cols):
            table.add_column(Text(header), width=width + (i < len(cols) - 1), key=name)
        for action, dropped in self.rows:
            style = "dim italic" if dropped else ""
            mark = MARK_DROPPED if dropped else MARK_ADDED if action.added else MARK_EDITED if action.edited else ""
            values = {
                "mark": mark,
                "horizon": tr(lang, f"roadmap.horizon.{action.horizon}"),
                "priority": label(lang, "priority", action.priority),
                "element": action.element_title or "—",
                "action": action.text,
                "owner": action.owner,
                "timeline": action.timeline,
                "status": label(lang, "status", action.status),
            }
            table.add_row(*(cell(values[n], w, style) for n, _, w in cols), key=action.key)
        keys = [a.key for a, _ in self.rows]
        if select in keys:
            table.move_cursor(row=keys.index(select), animate=False)
        elif self.rows:
            table.move_cursor(row=min(max(old, 0), len(self.rows) - 1), animate=False)
        self.show_count()
        self.show_detail()

    def show_count(self) -> None:
        a = self.analysis
        shown, dropped = (len(a.actions), len(a.dropped)) if a else (0, 0)
        key = "roadmap.count_listed" if self.show_dropped and dropped else "roadmap.count"
        self.query_one("#rm-count", Static).update(tr(self.lang, key, n=shown, dropped=dropped))

    def show_detail(self) -> None:
        """The whole of the selected row, under the table."""
        lang, row = self.lang, self.selected()
        detail = self.query_one("#rm-detail", Static)
        if row is None:
            detail.update(Content(tr(lang, "roadmap.empty")))
            return
        a, dropped = row

        def field(name: str, value: str) -> str:
            return tr(lang, "roadmap.field", label=column(lang, FIELD_LABELS[name]), value=value or "—")

        sep = "  ·  "
        lines = [sep.join((label(lang, "horizon", a.horizon), field("priority", label(lang, "priority", a.priority)),
                           field("status", label(lang, "status", a.status)))),
                 sep.join(dict.fromkeys(x for x in (a.element_title, a.objective) if x)),
                 short(a.text, 1000),
                 sep.join((field("owner", a.owner), field("timeline", a.timeline), field("lead", a.lead)))]
        state = []
        if dropped:
            state.append(MARK_DROPPED + " " + tr(lang, "roadmap.is_dropped"))
        if a.added:
            state.append(MARK_ADDED + " " + tr(lang, "roadmap.is_added"))
        elif a.edited:
            names = t(lang, "list_sep").join(column(lang, c) for f, c in FIELD_LABELS.items() if f in a.edited)
            state.append(MARK_EDITED + " " + tr(lang, "roadmap.is_edited", fields=names))
        if state:
            lines.append(sep.join(state))
        detail.update(Content("\n".join(lines)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # ---- saving ------------------------------------------------------------------------------
    def elements(self) -> list[tuple[str, str]]:
        fw, lang = self.session.framework, self.lang
        return [(el.id, text(el.title, lang)) for el in fw.elements()]

    def note(self, key: str, action_text: str, severity: str = "information") -> None:
        self.notify(tr(self.lang, key, text=short(one_line(action_text), 80)), markup=False,
                    severity=severity)  # type: ignore[arg-type]

    def action_edit(self) -> None:
        row = self.selected()
        if row is None:
            self.notify(tr(self.lang, "roadmap.no_row"), severity="warning")
            return
        action = row[0]

        def save(fields: dict[str, str]) -> None:
            edit_api.edit(self.session.assessment, action.key, **fields)

        def done(fields: dict[str, str] | None) -> None:
            self.table.focus()
            if fields is None:
                return
            if not fields:
                self.notify(tr(self.lang, "roadmap.no_change"))
                return
            self.reload(select=action.key)
            self.note("roadmap.saved", fields.get("text", action.text))

        self.app.push_screen(RowForm(self.lang, action, self.elements(), save), done)

    def action_add(self) -> None:
        added: list[str] = []

        def save(fields: dict[str, Any]) -> None:
            fields = dict(fields)
            added.append(edit_api.add(self.session.assessment, fields.pop("text"), **fields))

        def done(fields: dict[str, str] | None) -> None:
            self.table.focus()
            if fields is None or not added:
                return
            self.reload(select=added[0])
            self.note("roadmap.added", fields["text"])

        self.app.push_screen(RowForm(self.lang, None, self.elements(), save), done)

    def action_drop(self) -> None:
        row = self.selected()
        if row is None:
            self.notify(tr(self.lang, "roadmap.no_row"), severity="warning")
            return
        action, dropped = row
        if dropped:
            self.notify(tr(self.lang, "roadmap.already_dropped"))
            return
        def confirmed(yes: bool | None) -> None:
            self.table.focus()
            if yes:
                self._save(edit_api.drop, action, "roadmap.deleted" if action.added else "roadmap.dropped")

        key = "roadmap.confirm_delete" if action.added else "roadmap.confirm_drop"  # a row never goes unasked
        self.app.push_screen(ConfirmScreen(self.lang, tr(self.lang, key, text=short(one_line(action.text), 200))),
                             confirmed)

    def action_restore(self) -> None:
        row = self.selected()
        a = self.analysis
        if row is not None and row[1]:
            self._save(edit_api.restore, row[0], "roadmap.restored")
            return
        if a is None or not a.dropped:
            self.notify(tr(self.lang, "roadmap.none_dropped"))
            return
        if not self.show_dropped:  # list the dropped rows and put the cursor on the first one
            self.action_toggle_dropped()
        self.notify(tr(self.lang, "roadmap.pick_dropped"))

    def _save(self, change: Callable[..., None], action: Action, done_key: str) -> None:
        try:
            change(self.session.assessment, action.key)
        except (BmmError, OSError) as exc:
            self.notify(tr(self.lang, "roadmap.failed", error=str(exc)), severity="error", markup=False)
            return
        self.reload(select=action.key)
        self.note(done_key, action.text)

    def action_toggle_dropped(self) -> None:
        a = self.analysis
        if not self.show_dropped and (a is None or not a.dropped):
            self.notify(tr(self.lang, "roadmap.none_dropped"))
            return
        self.show_dropped = not self.show_dropped
        self.fill()
        if self.show_dropped and a is not None:  # the cursor on the first dropped row
            self.table.move_cursor(row=len(a.actions), animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
