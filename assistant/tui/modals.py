"""Small dialogs, typed by what they return."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, Static, TextArea

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
    """A note or evidence reference; returns ``(question id, text)``, or None if cancelled.

    ``targets`` are the questions it may belong to, ``(qid, question text, evidence asked for)``,
    the default first: the question just answered (its evidence line was the one being read)
    and the one now asked. The dialog names the question the note goes to.
    """

    BINDINGS = [Binding("ctrl+s", "save", "tui.key.save_note", id="note.save")]

    def __init__(self, lang: str, targets: list[tuple[str, str, str]], note_of: dict[str, str]) -> None:
        super().__init__(lang)
        self.targets, self.note_of = targets, note_of
        self.index = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(tr(self.lang, "note.title"), classes="dialog-title")
            if len(self.targets) > 1:
                with RadioSet(id="note-target"):
                    for i, (_, question, _) in enumerate(self.targets):
                        which = tr(self.lang, "note.just_answered" if i == 0 else "note.now_asked")
                        yield RadioButton(Content(f"{which}: {question}"), value=i == 0)
            else:
                yield Static(Content(tr(self.lang, "note.for", question=self.targets[0][1])), classes="dim")
            yield Static("", id="note-evidence", classes="dim", markup=False)
            yield SafeTextArea(self.note_of.get(self.targets[0][0], ""), id="note-text", soft_wrap=True)
            yield Static(Content(tr(self.lang, "note.hint_choose" if len(self.targets) > 1 else "note.hint")),
                         classes="hint")

    def on_mount(self) -> None:
        self._show_evidence()
        self.query_one(TextArea).focus()

    def _show_evidence(self) -> None:
        evidence = self.targets[self.index][2]
        label = self.query_one("#note-evidence", Static)
        label.display = bool(evidence)
        label.update(tr(self.lang, "note.evidence", text=evidence) if evidence else "")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Another question chosen: its own note, if any, to edit."""
        box = self.query_one(TextArea)
        typed = box.text
        if typed == self.note_of.get(self.targets[self.index][0], ""):  # nothing typed yet: swap notes
            box.load_text(self.note_of.get(self.targets[event.index][0], ""))
        self.index = event.index
        self._show_evidence()

    def action_save(self) -> None:
        self.dismiss((self.targets[self.index][0], self.query_one(TextArea).text))


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
