"""The home screen: the assessments in the data folder; create, open, export, delete."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant import outpath
from assistant.errors import BmmError
from assistant.store import Store, Summary
from assistant.tui.common import localise_bindings, tr
from assistant.tui.modals import ConfirmScreen


def progress_pct(summary: Summary) -> str:
    """Share of applicable questions answered, from the assessment's summary ("?" when unknown)."""
    pct = summary.percent
    return "?" if pct is None else f"{pct} %"


COLUMNS = ("country", "title", "framework", "progress", "updated")
FIRST_ROWS = 100  # rows put in the table at once: more than a screenful
MORE_ROWS = 400  # then this many after each refresh


def clip(value: str, width: int) -> Text:
    """Plain text cut to ``width`` cells with an ellipsis (never parsed as markup)."""
    out = Text(value, no_wrap=True, overflow="ellipsis")
    out.truncate(max(width, 1), overflow="ellipsis")
    return out


def column_widths(total: int, labels: dict[str, str], rows: list[list[str]]) -> dict[str, int]:
    """Column widths that fit ``total`` cells: progress and date always whole, country and title cut.

    ``rows`` hold the cell texts in column order (country, title, framework, progress, updated).
    """
    keys = list(labels)
    natural = {k: max([cell_len(labels[k])] + [cell_len(r[i]) for r in rows]) for i, k in enumerate(keys)}
    fixed = {k: natural[k] for k in ("framework", "progress", "updated")}
    room = total - sum(fixed.values()) - 2 * len(keys)  # each cell has one space either side
    country = min(natural["country"], max(cell_len(labels["country"]), 6, room // 3))
    title = max(cell_len(labels["title"]), 5, room - country)
    return {**fixed, "country": country, "title": min(title, natural["title"])}


def when(iso: str) -> str:
    """An ISO time as local "YYYY-MM-DD HH:MM"."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]


class HomeScreen(Screen):
    """Every assessment, most recently edited first; a friendly start when there is none."""

    BINDINGS = [
        Binding("n", "new", "tui.key.new", id="home.new", tooltip="tui.tip.new"),
        Binding("enter", "open", "tui.key.open", id="home.open", tooltip="tui.tip.open"),
        Binding("e", "export", "tui.key.export", id="home.export", tooltip="tui.tip.export"),
        Binding("delete,d", "delete", "tui.key.delete", id="home.delete", tooltip="tui.tip.delete"),
    ]

    def __init__(self, store: Store, lang: str) -> None:
        super().__init__()
        self.store = store
        self.lang = lang
        self._rows: list[tuple[str, list[str]]] = []  # (id, cell texts) of every assessment
        self._filling = 0  # which fill of the table is under way
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Static(Content(tr(lang, "home.title")), id="topbar")
        with Vertical(id="home"):
            yield Static(Content(tr(lang, "home.empty", where=self.store.where())), id="empty")
            yield DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
            yield Static(Content(tr(lang, "home.where", where=self.store.where())), id="where", classes="dim")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        """Shown first, or again after an interview: one read of the summaries each time."""
        self.reload()

    def on_resize(self) -> None:
        self._fill()

    def reload(self) -> None:
        """Read the assessments' summaries (never the assessments), then lay out the table."""
        self._rows = []
        for s in self.store.summaries():
            if s.problem:
                self._rows.append((s.id, [s.id, tr(self.lang, "home.damaged"), "", "", ""]))
            else:
                self._rows.append((s.id, [s.country, s.title, s.framework,
                                          progress_pct(s), when(s.updated)]))
        self._fill()
        self.query_one("#empty").display = not self._rows
        table = self.query_one(DataTable)
        table.display = bool(self._rows)
        if self._rows:
            table.focus()

    def _fill(self) -> None:
        """Columns sized to the terminal: long countries and titles are cut with … so that
        progress and the date of the last edit always show."""
        table = self.query_one(DataTable)
        selected = self._selected()
        labels = {k: tr(self.lang, f"home.col.{k}") for k in COLUMNS}
        widths = column_widths(self.app.size.width - 6, labels, [cells for _, cells in self._rows])
        table.clear(columns=True)
        for key, label in labels.items():
            table.add_column(label, key=key, width=widths[key])
        self._filling += 1
        self._add_rows(self._filling, 0, widths, selected)

    def _add_rows(self, filling: int, start: int, widths: dict[str, int], selected: str | None) -> None:
        """Rows in chunks: the first screenful at once, the rest after each refresh, so the
        screen shows at once even with thousands of assessments (a newer fill stops an older one)."""
        if filling != self._filling:
            return
        table = self.query_one(DataTable)
        end = start + (FIRST_ROWS if start == 0 else MORE_ROWS)
        keys = COLUMNS
        for aid, cells in self._rows[start:end]:
            table.add_row(*(clip(c, widths[k]) for k, c in zip(keys, cells, strict=True)), key=aid)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
            selected = None
        if end < len(self._rows):
            self.call_after_refresh(self._add_rows, filling, end, widths, selected)

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count or not table.display:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.open_assessment(str(event.row_key.value))  # type: ignore[attr-defined]

    def action_open(self) -> None:
        aid = self._selected()
        if aid:
            self.app.open_assessment(aid)  # type: ignore[attr-defined]

    def action_new(self) -> None:
        def created(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            try:
                a = self.store.create(**values)
            except BmmError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            a.close()
            self.app.open_assessment(a.id)  # type: ignore[attr-defined]

        from assistant.tui.forms import NewAssessmentScreen  # loads the frameworks: only when asked

        self.app.push_screen(NewAssessmentScreen(self.lang), created)

    def action_export(self) -> None:
        aid = self._selected()
        if not aid or self.store.memory:
            return
        try:
            with self.store.open(aid, write=False) as a:
                data = a.export()
        except BmmError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        folder = self.store.root / "exports"  # type: ignore[operator]
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            name = f"{aid}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
            # an export holds every answer: private, never through a planted link
            path = outpath.write(folder / name, payload.encode("utf-8"), mode=outpath.PRIVATE_MODE)
        except (BmmError, OSError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(tr(self.lang, "home.exported", path=str(path)), markup=False)

    def action_delete(self) -> None:
        aid = self._selected()
        if not aid:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete(aid)
            except BmmError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(tr(self.lang, "home.deleted", id=aid), markup=False)
            self.reload()

        self.app.push_screen(ConfirmScreen(self.lang, tr(self.lang, "home.confirm_delete", id=aid)), confirmed)
