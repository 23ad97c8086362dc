"""Small dialogs, typed by what they return."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from assistant.tui.common import SafeTextArea, localise_bindings, tr


class _Dialog(ModalScreen):
    BINDINGS = [Binding("escape", "cancel", "tui.key.cancel", id="dialog.cancel")]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        localise_bindings(self, lang)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(_Dialog):
    """A yes/no question; returns True when confirmed."""

    BINDINGS = [Binding("y", "confirm", "tui.key.confirm", id="dialog.confirm")]

    def __init__(self, lang: str, message: str) -> None:
        super().__init__(lang)
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.message))
            with Horizontal(classes="buttons"):
                yield Button(tr(self.lang, "confirm.yes"), variant="error", id="yes")
                yield Button(tr(self.lang, "confirm.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class NoteScreen(_Dialog):
    """A note or evidence reference for a question; returns the text, or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", "tui.key.save_note", id="note.save")]

    def __init__(self, lang: str, question: str, note: str, evidence: str = "") -> None:
        super().__init__(lang)
        self.question, self.note, self.evidence = question, note, evidence

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr(self.lang, "note.title"), classes="dialog-title")
            yield Static(Content(self.question), classes="dim")
            if self.evidence:
                yield Static(Content(tr(self.lang, "note.evidence", text=self.evidence)), classes="dim")
            yield SafeTextArea(self.note, id="note-text", soft_wrap=True)
            yield Static(Content(tr(self.lang, "note.hint")), classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


class WhyScreen(_Dialog):
    """Why a question is asked: guidance, examples and standards."""

    BINDINGS = [Binding("enter", "cancel", "tui.key.close", id="why.close")]

    def __init__(self, lang: str, title: str, body: str) -> None:
        super().__init__(lang)
        self.title_text, self.body = title, body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            with VerticalScroll():
                yield Static(Content(self.body))
            yield Static(Content(tr(self.lang, "why.hint")), classes="hint")
