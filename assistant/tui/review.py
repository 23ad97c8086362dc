"""A follow-up's review of the baseline's road-map actions for one element."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from assistant.analysis.result import Action
from assistant.followup.review import STATUSES
from assistant.i18n import t
from assistant.tui.common import localise_bindings, tr

Reviewed = dict[str, tuple[str, str]]  # action key → (status, note)


class ReviewScreen(ModalScreen[Reviewed | None]):
    """What became of each baseline action: done, in progress, not started or dropped, with a note.

    Returns the actions given a status (``{key: (status, note)}``), or None for "later".
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.review_save", id="review.save"),
        Binding("escape", "later", "tui.key.review_later", id="review.later"),
    ]

    def __init__(self, lang: str, title: str, actions: list[Action], done: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self.lang = lang
        self.title_text = title
        self.actions = actions
        self.done = done  # earlier reviews, shown as they were
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog", id="review"):
            yield Static(Content(tr(lang, "review.title", title=self.title_text)), classes="dialog-title")
            yield Static(Content(tr(lang, "review.intro", n=len(self.actions))), classes="dim")
            with VerticalScroll(id="review-actions"):
                for i, action in enumerate(self.actions):
                    before = self.done.get(action.key, {})
                    yield Static(Content(f"{i + 1}. {action.text}"), classes="review-action")
                    with RadioSet(id=f"status-{i}", compact=True):
                        for status in STATUSES:
                            yield RadioButton(t(lang, f"followup.review.{status}"), id=f"s{i}-{status}",
                                              value=before.get("status") == status, compact=True)
                    yield Input(before.get("note", ""), id=f"note-{i}", placeholder=tr(lang, "review.note_hint"),
                                compact=True)
            yield Static("", id="review-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(tr(lang, "review.save"), variant="primary", id="save", compact=True)
                yield Button(tr(lang, "review.later"), id="later", compact=True)

    def on_mount(self) -> None:
        self.query_one("#status-0", RadioSet).focus()

    def choose(self, index: int, status: str) -> None:
        """Select a status for the ``index``-th action (as a click or Enter on it does)."""
        self.query_one(f"#s{index}-{status}", RadioButton).value = True

    def results(self) -> Reviewed:
        out: Reviewed = {}
        for i, action in enumerate(self.actions):
            pressed = self.query_one(f"#status-{i}", RadioSet).pressed_button
            if pressed is not None and pressed.id:
                out[action.key] = (pressed.id.split("-", 1)[1], self.query_one(f"#note-{i}", Input).value)
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_later()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        self.dismiss(self.results())

    def action_later(self) -> None:
        self.dismiss(None)
