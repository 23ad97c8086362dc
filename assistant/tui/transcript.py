"""The conversation: light one-widget turns, with only the latest ones mounted.

A full workshop has well over 1,000 turns. All turns are kept as data; only
the last :attr:`Transcript.window` are widgets, so answering costs the same at
turn 10 and at turn 1,000. Older turns are brought back on request.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from assistant.tui.common import short


@dataclass(frozen=True)
class Turn:
    """One message: ``role`` is assistant, user, element, note or info."""

    role: str
    text: str
    qid: str | None = None


class TurnView(Static):
    """One turn, always plain text (user text is never parsed as markup)."""

    def __init__(self, turn: Turn) -> None:
        super().__init__(short(turn.text), markup=False, classes=f"turn -{turn.role}")
        self.turn = turn

    def on_click(self, event: events.Click) -> None:
        if self.turn.role in ("user", "note") and self.turn.qid:
            self.post_message(Transcript.Revise(self.turn.qid))


class Transcript(VerticalScroll, can_focus=True):
    """The chat transcript; focus it to pick an earlier answer and change it."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "tui.key.previous_answer", id="transcript.up"),
        Binding("down", "cursor(1)", "tui.key.next_answer", id="transcript.down"),
        Binding("enter", "revise", "tui.key.change_answer", id="transcript.change"),
        Binding("pageup", "more", "tui.key.earlier", id="transcript.more"),
        Binding("escape", "leave", "tui.key.back_to_answer", id="transcript.leave"),
    ]

    class Revise(Message):
        """The user asked to change the answer to ``qid``."""

        def __init__(self, qid: str) -> None:
            super().__init__()
            self.qid = qid

    class Leave(Message):
        """Focus should go back to the answer input."""

    def __init__(self, hidden_label: str = "{n}", window: int = 60, **kw) -> None:
        super().__init__(**kw)
        self.turns: list[Turn] = []
        self.window = window
        self._first = 0  # index in self.turns of the first mounted turn
        self._hidden_label = hidden_label
        self._cursor: TurnView | None = None
        self._views: list[TurnView] = []  # mounted turn widgets, oldest first

    def compose(self):
        yield Static("", id="hidden-turns", markup=False)

    def on_mount(self) -> None:
        self.anchor()
        self._update_hidden()

    def on_resize(self, event: events.Resize) -> None:
        """The answer panel below grew or shrank: the question asked must stay in view."""
        self.call_after_refresh(self.show_question)

    def show_question(self) -> None:
        """Keep the latest question whole in view: the end of the conversation (taking the anchor
        back, whatever scrolled it away), or the question's beginning if it is taller than the view."""
        if self.has_focus:  # the user is choosing an earlier answer: leave the view where they put it
            return
        self.scroll_end(animate=False)  # once laid out; re-engages the anchor
        self.call_after_refresh(self._question_top)

    def _question_top(self, tries: int = 3) -> None:
        view = next((v for v in reversed(self._views) if v.turn.role == "assistant"), None)
        if view is None:
            return
        if not view.virtual_region.height:  # not laid out yet: its place is not known
            if tries:
                self.call_after_refresh(self._question_top, tries - 1)
            return
        if view.virtual_region.y < self.scroll_y:
            self.scroll_to(y=view.virtual_region.y, animate=False, immediate=True, release_anchor=False)

    # ---- adding ---------------------------------------------------------------
    def load(self, turns: list[Turn]) -> None:
        """Replace the whole transcript (on reopening an assessment)."""
        self.remove_children(self._views)
        self.turns = list(turns)
        self._first = max(0, len(self.turns) - self.window)
        self._views = [TurnView(t) for t in self.turns[self._first:]]
        self.mount_all(self._views)
        self._update_hidden()
        self.scroll_end(animate=False)

    def add(self, *turns: Turn) -> None:
        """Append turns; drop the oldest widgets once the window is exceeded by a batch."""
        self.turns.extend(turns)
        views = [TurnView(t) for t in turns]
        self._views.extend(views)
        self.mount_all(views)
        if len(self._views) > self.window + 20:  # trim in batches, not on every answer …
            self.call_after_refresh(self._trim)  # … once the new turns are on screen
        self.scroll_end(animate=False)

    def _trim(self) -> None:
        """Unmount the oldest turns beyond the window (they stay in ``turns``; PageUp brings them back)."""
        if len(self._views) <= self.window + 20:
            return
        drop = self._views[: len(self._views) - self.window]
        del self._views[: len(drop)]
        self._first += len(drop)
        if self._cursor in drop:
            self._cursor = None
        self.remove_children(drop)
        self._update_hidden()

    def action_more(self) -> None:
        """Mount up to 50 earlier turns above the ones shown."""
        if self._first == 0:
            self.scroll_home(animate=False)
            return
        start = max(0, self._first - 50)
        views = [TurnView(t) for t in self.turns[start: self._first]]
        self._views[:0] = views
        self._first = start
        self.mount_all(views, after=self.query_one("#hidden-turns"))
        self._update_hidden()
        self.scroll_home(animate=False)

    def _update_hidden(self) -> None:
        label = self.query_one("#hidden-turns", Static)
        label.display = self._first > 0
        if self._first:
            label.update(self._hidden_label.format(n=self._first))

    # ---- choosing an earlier answer ----------------------------------------------
    def _answers(self) -> list[TurnView]:
        return [v for v in self._views if v.turn.qid and v.turn.role in ("user", "note")]

    def on_focus(self) -> None:
        answers = self._answers()
        if answers and self._cursor is None:
            self._select(answers[-1])

    def on_blur(self) -> None:
        if self._cursor is not None:
            self._cursor.remove_class("-selected")
            self._cursor = None

    def _select(self, view: TurnView) -> None:
        if self._cursor is not None:
            self._cursor.remove_class("-selected")
        self._cursor = view
        view.add_class("-selected")
        self.scroll_to_widget(view, animate=False)

    def action_cursor(self, step: int) -> None:
        answers = self._answers()
        if not answers:
            return
        if self._cursor not in answers:
            self._select(answers[-1])
            return
        i = answers.index(self._cursor) + step
        if i < 0 and self._first > 0:
            self.action_more()
            answers = self._answers()
            i = answers.index(self._cursor) - 1
        self._select(answers[max(0, min(i, len(answers) - 1))])

    def action_revise(self) -> None:
        if self._cursor is not None and self._cursor.turn.qid:
            self.post_message(self.Revise(self._cursor.turn.qid))

    def action_leave(self) -> None:
        self.post_message(self.Leave())
