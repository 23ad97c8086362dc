"""Minimal reproduction (for an upstream report): Textual keeps removed screens' render caches.

    .venv/bin/python bench/styles_cache_leak.py

``StylesCache.get_inner_outer`` is memoised with ``functools.lru_cache(1024)`` on the method,
so its key holds the StylesCache instance, and through it every Strip that widget drew. A
modal of 30 lines pushed and popped 50 times fills the memo with 1,024 removed widgets'
caches, which stay reachable; emptying the memo (what assistant/tui/footer.py
``release_closed_styles`` does when a dialog closes) leaves none.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys

from textual._styles_cache import StylesCache
from textual.app import App
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


def rss() -> float:
    with open(f"/proc/{os.getpid()}/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS"))


class Dialog(ModalScreen):
    def compose(self):
        with Vertical():
            for i in range(30):
                yield Static(f"line {i} " + "text " * 12)


class Demo(App):
    pass


async def run(clear: bool) -> list[tuple[int, int, float]]:
    rows = []
    app = Demo()
    async with app.run_test(size=(120, 40)) as pilot:
        for i in range(1, 201):
            await app.push_screen(Dialog())
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            if clear:
                StylesCache.get_inner_outer.cache_clear()
            if i % 50 == 0:
                gc.collect()
                rows.append((i, StylesCache.get_inner_outer.cache_info().currsize, rss()))
    return rows


def main() -> None:
    for clear in (False, True):
        print("memo emptied after each dialog" if clear else "Textual as it is")
        for i, held, mib in asyncio.run(run(clear)):
            print(f"  after {i:3} dialogs: {held:4} memo entries, RSS {mib:6.1f} MiB")
    sys.exit(0)


if __name__ == "__main__":
    main()
