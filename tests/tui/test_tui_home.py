"""The home screen: friendly start, create, open, export, delete with confirmation."""

from __future__ import annotations

import json

from textual.widgets import DataTable

from assistant.tui.app import create_app
from assistant.tui.home import HomeScreen
from assistant.tui.interview import InterviewScreen


async def test_empty_data_folder_shows_a_friendly_start(tui_store):
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#empty").display
        assert not app.screen.query_one(DataTable).display


async def test_create_an_assessment_from_the_form(tui_store):
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press("ctrl+s")  # no country yet: refused with a message
        assert "country" in str(app.screen.query_one("#form-error").render()).lower()
        await pilot.press(*"Ruritania [x]", "tab", *"Pilot <&>", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        meta = app.screen.session.meta
    assert (meta["country"], meta["title"], meta["framework"], meta["lang"]) == ("Ruritania [x]", "Pilot <&>", "bmm", "en")
    assert len(tui_store.summaries()) == 1


async def test_list_open_export_and_delete(tui_store, new_assessment, tmp_path):
    new_assessment(tui_store, country="Ruritania [bold]", aid="ruritania-0001")
    app = create_app(tui_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "Ruritania [bold]"
        assert str(table.get_row_at(0)[3]) == "0 %"
        await pilot.press("e")
        exports = list((tui_store.root / "exports").glob("ruritania-0001-*.json"))
        assert len(exports) == 1 and json.loads(exports[0].read_text())["meta"]["id"] == "ruritania-0001"
        # it holds every answer: readable by its owner only, in a private folder
        assert exports[0].stat().st_mode & 0o777 == 0o600
        assert (tui_store.root / "exports").stat().st_mode & 0o777 == 0o700
        await pilot.press("enter")
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press(*"2026-03-14", "enter", "escape")  # answer, then back home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one(DataTable).get_row_at(0)[3]) == "10 %"
        await pilot.press("d")
        await pilot.press("escape")  # cancelled
        assert tui_store.exists("ruritania-0001")
        await pilot.press("d", "y")
        await pilot.pause()
        assert not tui_store.exists("ruritania-0001")
        assert app.screen.query_one("#empty").display


def test_a_broken_key_map_is_named_not_ignored(tmp_path):
    import pytest

    from assistant.errors import BmmError
    from assistant.tui.app import read_keymap

    (tmp_path / "keymap.json").write_text('{"interview.why": ', encoding="utf-8")
    with pytest.raises(BmmError, match=r"keymap.json: cannot read the key map .*fix the file or delete it"):
        read_keymap(tmp_path)
    (tmp_path / "keymap.json").write_text('{"interview.why": "f2"}', encoding="utf-8")
    assert read_keymap(tmp_path) == {"interview.why": "f2"}
