"""The baseline: a bare Textual app that shows a new numbered question on every Enter.

Same terminal, same Textual, a transcript of light ``Static`` turns and a Footer, no engine
and no store: what Textual itself costs from a key to text on the screen.
Run by bench/run.py: ``python bench/bare_app.py``.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static


class BareApp(App):
    BINDINGS = [Binding("enter", "next", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def compose(self) -> ComposeResult:
        yield VerticalScroll(Static("bare app ready"), id="chat")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#chat", VerticalScroll).anchor()

    def action_next(self) -> None:
        self.n += 1
        chat = self.query_one("#chat", VerticalScroll)
        chat.mount(Static(f"answer {self.n - 1}", markup=False),
                   Static(f"{self.n}/1000  bare question number {self.n}", markup=False))
        if len(chat.children) > 120:  # a window, like the interview's transcript
            chat.remove_children(list(chat.children)[:40])


if __name__ == "__main__":
    BareApp().run()
