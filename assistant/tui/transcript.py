"""The conversation: one line-drawn widget, however long the workshop.

A full workshop has well over 1,000 turns. All turns are kept as data; the last
:attr:`Transcript.window` of them are laid out as lines of text at the current width,
and only the lines in view are drawn. Adding a turn lays out that turn alone: no widget
is mounted, and nothing else in the conversation is measured again, so answering costs
the same at turn 10 and at turn 1,000. Older turns are laid out on request (PageUp).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from assistant.tui.common import short
from assistant.tui.steady import SteadyScrolling

EDGE_LEFT, EDGE_RIGHT = "▌", "▐"


@dataclass(frozen=True)
class Turn:
    """One message: ``role`` is assistant, user, element, note or info."""

    role: str
    text: str
    qid: str | None = None


@dataclass
class Laid:
    """A turn laid out: where its lines start in the transcript, and how many there are."""

    index: int  # in Transcript.turns
    start: int  # first line of the turn's text (after its top margin)
    height: int


class Transcript(SteadyScrolling, ScrollView, can_focus=True):
    """The chat transcript; focus it to pick an earlier answer and change it."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "tui.key.previous_answer", id="transcript.up"),
        Binding("down", "cursor(1)", "tui.key.next_answer", id="transcript.down"),
        Binding("enter", "revise", "tui.key.change_answer", id="transcript.change"),
        Binding("pageup", "more", "tui.key.earlier", id="transcript.more"),
        Binding("escape", "leave", "tui.key.back_to_answer", id="transcript.leave"),
    ]

    COMPONENT_CLASSES = {
        "transcript--assistant", "transcript--assistant-edge", "transcript--user", "transcript--user-edge",
        "transcript--element", "transcript--note", "transcript--info", "transcript--selected",
        "transcript--hidden",
    }
    DEFAULT_CSS = """
    Transcript { scrollbar-gutter: stable; overflow-x: hidden; }
    Transcript > .transcript--assistant { background: $boost; }
    Transcript > .transcript--assistant-edge { color: $primary; }
    Transcript > .transcript--user { background: $primary-muted; }
    Transcript > .transcript--user-edge { color: $secondary; }
    Transcript > .transcript--element { color: $primary; text-style: bold; }
    Transcript > .transcript--note { color: $text-muted; text-style: italic; }
    Transcript > .transcript--info { color: $success; text-style: italic; }
    Transcript > .transcript--selected { background: $accent 40%; text-style: bold; }
    Transcript > .transcript--hidden { color: $text-muted; text-style: italic; }
    """

    class Revise(Message):
        """The user asked to change the answer to ``qid``."""

        def __init__(self, qid: str) -> None:
            super().__init__()
            self.qid = qid

    class Leave(Message):
        """Focus should go back to the answer input."""

    def __init__(self, hidden_label: str = "{n}", window: int = 150, **kw) -> None:
        super().__init__(**kw)
        self.turns: list[Turn] = []
        self.window = window  # turns laid out as lines (older ones on PageUp)
        self._first = 0  # index in self.turns of the first laid-out turn
        self._hidden_label = hidden_label
        self._cursor: int | None = None  # index in self.turns of the selected answer
        self._laid: list[Laid] = []  # laid-out turns, oldest first
        # every laid-out line at self._width, as plain segments: a Strip carries seven caches, so
        # Strips are made only for the lines drawn, when they are drawn
        self._lines: list[list[Segment]] = []
        self._width = 0
        self._styles: dict[str, Style] | None = None
        self._base = (Style.null(), False)  # own style, and narrow screen or not, when the lines were laid out
        # lines laid out at other widths, kept for when that width comes back:
        # width -> (lines, laid, turns covered, first turn, selected turn)
        self._widths: dict[int, tuple[list[list[Segment]], list[Laid], int, int, int | None]] = {}

    # ---- drawing -----------------------------------------------------------------
    @property
    def text_width(self) -> int:
        """Cells available for the conversation (the scrollbar's gutter is always kept)."""
        return max(0, self.scrollable_content_region.width)

    def notify_style_update(self) -> None:
        """Lay out again only if the conversation's own styles changed (not for every class the
        screen takes, such as the elements panel opening)."""
        super().notify_style_update()
        old, self._styles = self._styles, None
        if (old is not None and self._base == (self.rich_style, self._narrow())
                and all(self._style(k) == v for k, v in old.items())):
            return
        self._relayout()

    def _narrow(self) -> bool:
        """Turns are laid out tighter on a narrow screen."""
        return self.screen.has_class("-narrow") if self.is_attached else False

    def _style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = {}
        if name not in self._styles:
            self._styles[name] = self.get_component_rich_style(f"transcript--{name}", default=Style.null())
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.text_width
        if self._width != width and width:
            self._rewidth()
        if 0 <= index < len(self._lines) and width == self._width:
            return Strip(self._lines[index], width)
        return Strip.blank(width, self.rich_style)

    def _lay_out_turn(self, i: int) -> list[list[Segment]]:
        """The lines of turn ``i`` at the current width, its top margin first."""
        turn, width = self.turns[i], self._width
        narrow = self._narrow()
        base = self.rich_style
        selected = self._style("selected") if i == self._cursor else Style.null()
        role = turn.role if turn.role in ("assistant", "user", "note", "element", "info") else "info"
        gap = self._gap(i)
        body = base + self._style(role) + selected
        if role == "assistant":
            box = width - (2 if narrow else 8)
            inner = max(4, box - 3)  # the edge and one cell of padding either side
        elif role in ("user", "note"):
            inner = max(4, int(width * 0.9) - (4 if narrow else 8) - 3)
        else:
            inner = max(4, width - 2)
        lines = Text(short(turn.text), no_wrap=False, end="").wrap(self.app.console, inner, overflow="fold")
        if role in ("user", "note"):  # a reply is as wide as its longest line, on the right
            inner = min(inner, max((line.cell_len for line in lines), default=1))
        strips = [[Segment(" " * width, base)] for _ in range(gap)]
        for line in lines:
            line.truncate(inner, pad=True)
            text = [Segment(" ", body), *(Segment(s.text, body + s.style if s.style else body)
                                        for s in line.render(self.app.console)), Segment(" ", body)]
            if role == "assistant":
                segs = [Segment(EDGE_LEFT, base + self._style("assistant-edge")), *text]
            elif role == "user":
                left = max(0, width - inner - 3)
                segs = [Segment(" " * left, base), *text, Segment(EDGE_RIGHT, base + self._style("user-edge"))]
            elif role == "note":
                segs = [Segment(" " * max(0, width - inner - 3), base), *text]
            else:
                segs = text
            strips.append(list(Strip(segs).crop_extend(0, width, base)))
        return strips

    def _rewidth(self) -> None:
        """A new width (the elements panel opened or closed, the window resized): the lines already
        laid out at that width are used again, with only the turns added since laid out."""
        if self._width > 0:
            self._widths[self._width] = (self._lines, self._laid, len(self.turns), self._first, self._cursor)
            while len(self._widths) > 3:
                self._widths.pop(next(iter(self._widths)))
        kept = self._widths.pop(self.text_width, None)
        if kept is None or kept[3] != self._first or kept[2] > len(self.turns):
            self._relayout(forget=False)
            return
        self._lines, self._laid, count, _, cursor = kept
        self._width = self.text_width
        for i in range(count, len(self.turns)):
            self._append_lines(i)
        if cursor != self._cursor:  # the selection moved meanwhile: its two turns drawn again
            for i in (cursor, self._cursor):
                if i is not None:
                    self._redraw(i)
        self._sized()

    def _relayout(self, forget: bool = True) -> None:
        """Lay out every laid-out turn again (new theme, turns dropped or brought back, or a width
        not seen before); ``forget`` the lines kept for other widths unless only the width changed."""
        if forget:
            self._widths.clear()
        self._base = (self.rich_style, self._narrow())
        self._width = self.text_width
        self._lines, self._laid = [], []
        if self._width <= 0:
            return
        if self._first:
            self._lines.append(self._hidden_line())
        for i in range(self._first, len(self.turns)):
            self._append_lines(i)
        self._sized()

    def _hidden_line(self) -> list[Segment]:
        """The line above the first laid-out turn: how many earlier turns PageUp brings back."""
        label = self._hidden_label.format(n=self._first)
        hidden = Strip([Segment(label.center(self._width), self.rich_style + self._style("hidden"))])
        return list(hidden.crop_extend(0, self._width, self.rich_style))

    def _gap(self, i: int) -> int:
        """Blank lines above turn ``i`` (an element's heading stands further apart)."""
        return 2 if self.turns[i].role == "element" else 1

    def _append_lines(self, i: int) -> None:
        strips = self._lay_out_turn(i)
        gap = self._gap(i)
        self._laid.append(Laid(i, len(self._lines) + gap, len(strips) - gap))
        self._lines.extend(strips)

    def _sized(self) -> None:
        self.virtual_size = Size(self._width, len(self._lines))
        self._scroll_update(self.virtual_size)  # the scrollbar follows; the screen needs no new layout
        self.refresh()

    # ---- adding ---------------------------------------------------------------
    def load(self, turns: list[Turn]) -> None:
        """Replace the whole transcript (on reopening an assessment)."""
        self.turns = list(turns)
        self._first = max(0, len(self.turns) - self.window)
        self._cursor = None
        self._relayout()
        self.show_question()

    def add(self, *turns: Turn) -> None:
        """Append turns: only they are laid out; the oldest are let go in batches past the window."""
        start = len(self.turns)
        self.turns.extend(turns)
        if len(self.turns) - self._first > self.window + 50:
            self._let_go(len(self.turns) - self.window, laid_up_to=start)
        elif self._width:
            for i in range(start, len(self.turns)):
                self._append_lines(i)
            self._sized()
        self.show_question()

    def _let_go(self, first: int, laid_up_to: int) -> None:
        """Turns before ``first`` are no longer laid out: their lines are cut from the top (the
        turns kept are not laid out again, so a long session costs the same at every batch)."""
        if self._cursor is not None and self._cursor < first:
            self._cursor = None
        if not self._width or first >= laid_up_to or self._base != (self.rich_style, self._narrow()):
            self._first = first
            self._relayout()
            return
        self._widths.clear()  # the lines kept for other widths start at the old first turn
        kept = self._laid[first - self._first:]
        top = kept[0].start - self._gap(first)  # its margin too
        self._first = first
        self._lines = [self._hidden_line(), *self._lines[top:]]
        self._laid = [Laid(laid.index, laid.start - top + 1, laid.height) for laid in kept]
        for i in range(laid_up_to, len(self.turns)):
            self._append_lines(i)
        self._sized()

    def action_more(self) -> None:
        """Lay out up to 50 earlier turns above the ones shown."""
        if self._first:
            self._first = max(0, self._first - 50)
            self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True, force=True)

    @property
    def hidden(self) -> int:
        """Turns not laid out (PageUp brings them back)."""
        return self._first

    def hidden_text(self) -> str:
        return self._hidden_label.format(n=self._first) if self._first else ""

    # ---- where the question is ---------------------------------------------------
    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """The window or the answer panel below changed: lay out again, keep the question in view.

        Done while the screen is being arranged, so the frame drawn next already shows the question
        (a Resize event comes after that frame, and the question would be cut off in it)."""
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed:
            if self.text_width != self._width:
                self._rewidth()
            self.show_question()
        return changed

    def on_resize(self, event: events.Resize) -> None:
        if self.text_width != self._width:  # normally already done when the size was set
            self._rewidth()
            self.show_question()

    def turn_lines(self, i: int) -> tuple[int, int] | None:
        """First line and height of turn ``i`` in the transcript, or None if it is not laid out."""
        k = i - self._first
        if 0 <= k < len(self._laid):
            return self._laid[k].start, self._laid[k].height
        return None

    def last(self, role: str) -> int | None:
        """Index of the latest turn of ``role``."""
        return next((i for i in range(len(self.turns) - 1, -1, -1) if self.turns[i].role == role), None)

    def show_question(self) -> None:
        """Keep the latest question whole in view: the end of the conversation, or the question's
        beginning if it is taller than the view. Left alone while the user picks an earlier answer."""
        if self.has_focus:
            return
        target = self.max_scroll_y
        asked = self.last("assistant")
        where = self.turn_lines(asked) if asked is not None else None
        if where is not None and where[0] < target:
            target = where[0]
        self.scroll_to(y=target, animate=False, immediate=True, force=True)

    # ---- choosing an earlier answer ----------------------------------------------
    def _answers(self) -> list[int]:
        return [i for i in range(self._first, len(self.turns))
                if self.turns[i].qid and self.turns[i].role in ("user", "note")]

    def on_focus(self) -> None:
        answers = self._answers()
        if answers and self._cursor is None:
            self._select(answers[-1])

    def on_blur(self) -> None:
        if self._cursor is not None:
            old, self._cursor = self._cursor, None
            self._redraw(old)

    def _redraw(self, i: int) -> None:
        """Lay out turn ``i`` again in place (selection changes its style, never its height)."""
        where = self.turn_lines(i)
        if where is None or not self._width:
            return
        start, height = where
        self._lines[start: start + height] = self._lay_out_turn(i)[-height:]
        self.refresh()

    def _select(self, i: int) -> None:
        old, self._cursor = self._cursor, i
        if old is not None:
            self._redraw(old)
        self._redraw(i)
        where = self.turn_lines(i)
        if where is not None:
            start, height = where
            view = self.scrollable_content_region.height
            if start < self.scroll_y:
                self.scroll_to(y=start, animate=False, immediate=True, force=True)
            elif start + height > self.scroll_y + view:
                self.scroll_to(y=start + height - view, animate=False, immediate=True, force=True)

    @property
    def selected(self) -> Turn | None:
        return self.turns[self._cursor] if self._cursor is not None else None

    def action_cursor(self, step: int) -> None:
        answers = self._answers()
        if not answers:
            return
        if self._cursor not in answers:
            self._select(answers[-1])
            return
        k = answers.index(self._cursor) + step
        if k < 0 and self._first > 0:
            self.action_more()
            answers = self._answers()
            k = answers.index(self._cursor) - 1
        self._select(answers[max(0, min(k, len(answers) - 1))])

    def action_revise(self) -> None:
        if self._cursor is not None and self.turns[self._cursor].qid:
            self.post_message(self.Revise(self.turns[self._cursor].qid))

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def turn_at(self, y: int) -> int | None:
        """The turn drawn on line ``y`` of the view, if any."""
        line = round(self.scroll_y) + y
        k = bisect_right([laid.start for laid in self._laid], line) - 1
        if k >= 0 and line < self._laid[k].start + self._laid[k].height:
            return self._laid[k].index
        return None

    def on_click(self, event: events.Click) -> None:
        i = self.turn_at(event.y)
        if i is not None and self.turns[i].role in ("user", "note") and self.turns[i].qid:
            self.post_message(self.Revise(self.turns[i].qid))
