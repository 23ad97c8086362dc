"""The home screen reads the summaries only: never an assessment file, one read per start."""

from __future__ import annotations

import builtins
import io
import os
from collections import Counter

from textual.widgets import DataTable

from assistant.tui.app import create_app
from assistant.tui.home import HomeScreen


async def test_the_home_screen_opens_no_assessment_file(tui_store, new_assessment, monkeypatch):
    ids = [new_assessment(tui_store, aid=f"ruritania-000{i}", country=f"Ruritania {i}") for i in range(4)]
    tui_store.summaries()  # as after any save: every summary current
    opened: Counter[str] = Counter()

    def counting(real):
        def opening(path, *args, **kwargs):
            if str(path).startswith(str(tui_store.folder)):
                opened[os.path.basename(str(path))] += 1
            return real(path, *args, **kwargs)

        return opening

    monkeypatch.setattr(os, "open", counting(os.open))  # every way a file is opened
    monkeypatch.setattr(io, "open", counting(io.open))
    monkeypatch.setattr(builtins, "open", counting(builtins.open))
    app = create_app(tui_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        assert {str(table.get_row_at(i)[3]) for i in range(4)} == {"0 %"}
    assert not [name for name in opened if name.endswith((".json", ".journal"))], opened
    assert opened == Counter({".summaries": 1})  # one read per start: the folder's index of summaries
    assert len(ids) == 4


async def test_a_long_list_fills_in_after_the_first_screen(tui_store, new_assessment, monkeypatch):
    monkeypatch.setattr("assistant.tui.home.FIRST_ROWS", 2)
    monkeypatch.setattr("assistant.tui.home.MORE_ROWS", 2)
    for i in range(7):
        new_assessment(tui_store, aid=f"ruritania-000{i}", country=f"Ruritania {i}")
    app = create_app(tui_store)
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(6):
            await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 7
        assert sorted(str(table.get_row_at(i)[0]) for i in range(7)) == [f"Ruritania {i}" for i in range(7)]
        assert {str(table.get_row_at(i)[3]) for i in range(7)} == {"0 %"}


def test_the_home_screen_starts_without_loading_frameworks_or_the_interview(tmp_path):
    """Start-up with thousands of assessments pays only for the list: the question trees, their
    validation (pydantic, YAML), the interview screen and the dialogs load when they are needed."""
    import subprocess
    import sys

    probe = """
import asyncio, sys
from assistant.store import Store
from assistant.tui.app import create_app
from assistant.tui.home import HomeScreen

async def main():
    app = create_app(Store(sys.argv[1]))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    print(sorted(m for m in ("pydantic", "ruamel.yaml", "assistant.framework", "assistant.session",
                             "assistant.tui.interview", "assistant.tui.modals", "textual.widgets._text_area",
                             "docx", "jinja2") if m in sys.modules))

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "data")], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
