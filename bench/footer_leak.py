"""Minimal reproduction (for an upstream report): Textual's Footer keeps the watchers of removed keys.

    python bench/footer_leak.py

Each time the bindings change (here: focus moves between two inputs with different keys),
``Footer.recompose`` builds new ``FooterKey`` widgets, each ``data_bind(compact=Footer.compact)``.
The old keys are removed, but their watchers stay in the Footer's ``__watchers["compact"]``
list (pruned only when ``compact`` itself changes): the list, scanned by ``_watch`` for every
new key, grows without bound and keeps every removed FooterKey alive.
Prints the list's length and the live FooterKey objects after 0, 100 and 200 focus changes.
"""

from __future__ import annotations

import asyncio
import gc

import textual
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey


class A(Input):
    BINDINGS = [Binding("ctrl+s", "noop", "Send")]


class B(Input):
    BINDINGS = [Binding("ctrl+t", "noop", "Tick")]


class Repro(App):
    BINDINGS = [Binding(f"f{i}", "noop", f"Key {i}") for i in range(1, 9)]

    def compose(self) -> ComposeResult:
        yield A(id="a")
        yield B(id="b")
        yield Footer()


def state(app: App) -> tuple[int, int]:
    gc.collect()
    footer = app.screen.query_one(Footer)
    watchers = len(getattr(footer, "__watchers", {}).get("compact", []))
    return watchers, sum(isinstance(o, FooterKey) for o in gc.get_objects())


async def main() -> None:
    app = Repro()
    async with app.run_test() as pilot:
        await pilot.pause()
        print(f"textual {textual.__version__}")
        for n in range(201):
            if n % 100 == 0:
                watchers, live = state(app)
                print(f"after {n:3d} focus changes: {watchers:5d} watchers of Footer.compact, "
                      f"{live:5d} FooterKey objects alive, {len(app.screen.query(FooterKey))} shown")
            app.set_focus(app.query_one("#a" if n % 2 else "#b"))
            await pilot.pause()


if __name__ == "__main__":
    asyncio.run(main())
