"""Minimal reproduction (for an upstream report): removed Input and TextArea widgets stay alive.

    python bench/input_leak.py

``Input._on_mount`` and ``TextArea._on_mount`` subscribe the widget to
``screen.text_selection_started_signal`` with a closure over the widget; the signal keeps it in
a WeakKeyDictionary whose value refers to the key, so the entry never goes, and it is pruned
only when the signal is published. ``TextArea`` also ``watch``es ``app.theme``, pruned only
when the theme changes. A screen that swaps its input per question (a questionnaire) keeps
every removed input with its render caches. Prints the live Input/TextArea objects after
0, 100 and 200 swaps, without and with the workaround the assistant uses
(assistant.tui.footer.ForgetOnUnmount).
"""

from __future__ import annotations

import asyncio
import gc
import sys
from pathlib import Path

import textual
from textual.app import App, ComposeResult
from textual.widgets import Input, Static, TextArea

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from assistant.tui.footer import ForgetOnUnmount  # noqa: E402


class FixedInput(ForgetOnUnmount, Input):
    pass


class FixedTextArea(ForgetOnUnmount, TextArea):
    pass


class Swapper(App):
    def __init__(self, kinds: tuple[type, type]) -> None:
        super().__init__()
        self.kinds = kinds

    def compose(self) -> ComposeResult:
        yield Static("questions")


def live() -> int:
    gc.collect()
    return sum(isinstance(o, Input | TextArea) for o in gc.get_objects())


async def swaps(kinds: tuple[type, type]) -> list[int]:
    app = Swapper(kinds)
    counts = []
    async with app.run_test() as pilot:
        for n in range(201):
            if n % 100 == 0:
                counts.append(live())
            for old in app.screen.query(".answer"):
                await old.remove()
            await app.screen.mount(kinds[n % 2](classes="answer"))
            await pilot.pause()
    return counts


def main() -> None:
    print(f"textual {textual.__version__}: live Input/TextArea after 0, 100, 200 swaps")
    print("  Textual's widgets:     ", asyncio.run(swaps((Input, TextArea))))
    print("  with ForgetOnUnmount:  ", asyncio.run(swaps((FixedInput, FixedTextArea))))


if __name__ == "__main__":
    main()
