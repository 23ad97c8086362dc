"""The home screen: the assessments in the data folder; find, create, open, export, delete.

With thousands of assessments the table shows the most recently edited ones (:data:`SHOWN`)
and a search line finds any other by country, title or id, so the screen is up at once.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from assistant import outpath
from assistant.errors import BmmError
from assistant.store import Store, Summary, summaries
from assistant.tui.common import localise_bindings, tr


def progress_pct(summary: Summary) -> str:
    """Share of applicable questions answered, from the assessment's summary ("?" when unknown)."""
    pct = summary.percent
    return "?" if pct is None else f"{pct} %"


COLUMNS = ("country", "title", "framework", "progress", "updated")
SHOWN = 200  # assessments in the table at most: the most recently edited, or the best matches
FIRST_ROWS = 60  # rows put in the table at once: more than a screenful, so the first frame has them
MORE_ROWS = 400  # then this many after each refresh, up to SHOWN
COMPLETE_AFTER = 1.0  # seconds from showing the most recent assessments to checking every one


def folded(text: str) -> str:
    """Text for matching: case and accents ignored ("cote" finds "Côte d'Ivoire")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def count(lang: str, n: int) -> str:
    """A count as people write it: 5,000 in English, 5 000 in French."""
    grouped = f"{n:,}"
    return grouped.replace(",", "\u202f") if lang == "fr" else grouped


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
    """The assessments, most recently edited first; a friendly start when there is none."""

    AUTO_FOCUS = "#assessments"
    BINDINGS = [
        Binding("n", "new", "tui.key.new", id="home.new", tooltip="tui.tip.new"),
        Binding("enter", "open", "tui.key.open", id="home.open", tooltip="tui.tip.open"),
        Binding("e", "export", "tui.key.export", id="home.export", tooltip="tui.tip.export"),
        Binding("delete,d", "delete", "tui.key.delete", id="home.delete", tooltip="tui.tip.delete"),
        Binding("f", "follow_up", "tui.key.follow_up", id="home.follow_up", tooltip="tui.tip.follow_up"),
        Binding("slash", "find", "tui.key.find", id="home.find", tooltip="tui.tip.find"),
    ]

    def __init__(self, store: Store, lang: str) -> None:
        super().__init__()
        self.store = store
        self.lang = lang
        self._rows: list[Summary] = []  # every assessment, most recently edited first
        self._haystacks: list[str] = []  # folded id, country and title of each, made at the first search
        self._total = -1  # assessments in the folder (-1: not read yet)
        self._fresh = False  # the list was read on mount, for the first showing
        self._unchecked: summaries.Index | None = None  # the index read at start, until every entry is checked
        self._shown: list[tuple[str, list[str]]] = []  # (id, cell texts) of the rows in the table
        self._width = -1  # the terminal width the table was laid out for
        self._filling = 0  # which fill of the table is under way
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Static(Content(tr(lang, "home.title")), id="topbar")
        with Vertical(id="home"):
            yield Static(Content(tr(lang, "home.empty", where=self.store.where())), id="empty")
            yield FindInput(placeholder=tr(lang, "home.find"), id="find", compact=True)
            yield Static(id="count", classes="dim")
            yield DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
            yield Static(Content(tr(lang, "home.where", where=self.store.where())), id="where", classes="dim")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The list before the first frame (the table lays its rows out with the screen), unless
        an assessment opens at once over this screen: then when it is first shown."""
        if self.is_current:
            self.reload()
            self._fresh = True

    def on_screen_resume(self) -> None:
        """Shown (again, after an interview): one read of the summaries each time."""
        if self._fresh:
            self._fresh = False  # just read on mount
            return
        self.reload()

    def on_resize(self) -> None:
        if self.app.size.width != self._width:  # a start sends several: lay out once per width
            self._fill()

    def reload(self) -> None:
        """Read the assessments' summaries (never the assessments), then lay out the table.

        At start the most recently edited come first from the folder's index alone, and the
        list is completed (every entry checked, any the index did not know yet) a moment after
        that first screen, from the same read of the index.
        """
        recent = None if self._total >= 0 else self.store.recent(SHOWN)
        if recent is None:
            self._unchecked = None
            rows = self.store.summaries()
            self._lay_out(rows, len(rows))
            return
        rows, total, index = recent
        self._lay_out(rows, total)
        self._unchecked = index
        self.set_timer(COMPLETE_AFTER, self._complete)

    def _complete(self) -> None:
        """Every entry checked (and any the index did not know added): a moment after the first
        screen, as soon as a search needs them all. Done at once, the check would hold up the
        first frame on its way to the terminal (Textual writes it from another thread)."""
        index, self._unchecked = self._unchecked, None
        if index is not None:
            rows = self.store.summaries(index)
            self._lay_out(rows, len(rows))

    def _lay_out(self, rows: list[Summary], total: int) -> None:
        if (rows[:SHOWN], total) == (self._rows[:SHOWN], self._total) and len(rows) == len(self._rows):
            self._rows = rows  # the table already shows them
            return
        self._rows, self._total = rows, total
        self._haystacks = []
        find = self.query_one("#find", Input)
        find.display = total > SHOWN or bool(find.value)
        self._show()
        self.query_one("#empty").display = not rows
        self.refresh_bindings()  # "follow-up" needs an assessment to follow up, "find" many of them
        table = self.query_one(DataTable)
        table.display = bool(rows)
        if rows and not (find.display and self.focused is find):
            table.focus()

    def _show(self) -> None:
        """The rows matching the search line (all when it is empty), at most :data:`SHOWN` of
        them, most recently edited first; the count line says how many there are in all."""
        text = self.query_one("#find", Input).value.strip()
        if not text:
            matches = self._rows
        else:
            if not self._haystacks:
                self._haystacks = [folded(f"{s.id} {s.country} {s.title} {s.framework}") for s in self._rows]
            words = folded(text).split()
            matches = [row for row, hay in zip(self._rows, self._haystacks, strict=True)
                       if all(w in hay for w in words)]
        self._shown = [(s.id, self._cells(s)) for s in matches[:SHOWN]]
        self._say_count(text, len(matches))
        self._fill()

    def _cells(self, s: Summary) -> list[str]:
        """The texts of one row, in column order (made for the rows shown only)."""
        if s.problem:
            return [s.id, tr(self.lang, "home.damaged"), "", "", ""]
        return [s.country, s.title, s.framework, progress_pct(s), when(s.updated)]

    def _say_count(self, text: str, matching: int) -> None:
        lang, total = self.lang, self._total
        if text and not matching:
            line = tr(lang, "home.no_match", text=text)
        elif text and matching > SHOWN:
            line = tr(lang, "home.matches_more", shown=count(lang, SHOWN), matching=count(lang, matching),
                      text=text)
        elif text:
            line = tr(lang, "home.matches", n=matching, shown=count(lang, matching), total=count(lang, total),
                      text=text)
        elif total > SHOWN:
            line = tr(lang, "home.showing", shown=count(lang, SHOWN), total=count(lang, total))
        else:
            line = ""
        counter = self.query_one("#count", Static)
        counter.update(Content(line))  # the search text is the user's: never markup
        counter.display = bool(line)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._complete()  # a search looks through every assessment
        self._show()

    def find_done(self, clear: bool) -> None:
        """Enter, Down or Esc in the search line: to the table (Esc also clears the search)."""
        find = self.query_one("#find", Input)
        if clear and find.value:
            find.value = ""  # the Changed message shows every row again
        find.display = self._total > SHOWN or bool(find.value)
        table = self.query_one(DataTable)
        if table.row_count or clear:
            table.focus()

    def action_find(self) -> None:
        self._complete()
        find = self.query_one("#find", Input)
        find.display = True
        find.focus()

    def _fill(self) -> None:
        """Columns sized to the terminal: long countries and titles are cut with … so that
        progress and the date of the last edit always show."""
        table = self.query_one(DataTable)
        selected = self._selected()
        labels = {k: tr(self.lang, f"home.col.{k}") for k in COLUMNS}
        self._width = self.app.size.width
        widths = column_widths(self._width - 6, labels, [cells for _, cells in self._shown])
        table.clear(columns=True)
        for key, label in labels.items():
            table.add_column(label, key=key, width=widths[key])
        self._filling += 1
        self._add_rows(self._filling, 0, widths, selected)

    def _add_rows(self, filling: int, start: int, widths: dict[str, int], selected: str | None) -> None:
        """Rows in chunks: :data:`FIRST_ROWS` at once, the rest after each refresh (a newer fill
        stops an older one)."""
        if filling != self._filling:
            return
        table = self.query_one(DataTable)
        end = start + (FIRST_ROWS if start == 0 else MORE_ROWS)
        keys = COLUMNS
        for aid, cells in self._shown[start:end]:
            table.add_row(*(clip(c, widths[k]) for k, c in zip(keys, cells, strict=True)), key=aid)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
            selected = None
        if end < len(self._shown):
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "follow_up" and not self._rows:
            return False  # nothing to follow up: not in the footer
        if action == "find" and self._total <= SHOWN:
            return False  # every assessment is in the table: nothing to find
        return True

    def action_follow_up(self) -> None:
        """A follow-up of the selected assessment: same country, the current framework version."""
        aid = self._selected()
        if not aid:
            return
        summary = next((x for x in self.store.summaries() if x.id == aid), None)
        if summary is None or summary.problem:
            self.notify(tr(self.lang, "followup.damaged", id=aid), severity="error", markup=False)
            return
        named = " · ".join(x for x in (summary.country, summary.title, aid) if x)

        def chosen(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            from assistant.followup.baseline import create_follow_up

            try:
                a = create_follow_up(self.store, aid, title=values["title"], lang=values["lang"])
            except BmmError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            a.close()
            self.app.open_assessment(a.id)  # type: ignore[attr-defined]

        from assistant.tui.forms import FollowUpScreen  # loads the frameworks: only when asked

        self.app.push_screen(FollowUpScreen(self.lang, named, summary.lang), chosen)

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

        from assistant.tui.modals import ConfirmScreen  # not needed to start

        self.app.push_screen(ConfirmScreen(self.lang, tr(self.lang, "home.confirm_delete", id=aid)), confirmed)


class FindInput(Input):
    """The home screen's search line: Enter or Down goes to the table, Esc clears the search."""

    def on_key(self, event: events.Key) -> None:
        if event.key in ("enter", "down", "escape"):
            event.stop()
            event.prevent_default()
            self.screen.find_done(clear=event.key == "escape")  # type: ignore[attr-defined]
