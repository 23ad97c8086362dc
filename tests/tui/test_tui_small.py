"""The smaller things of issue 12: each one as a user meets it."""

from __future__ import annotations

import pytest
from test_tui_interview import settle, texts
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from assistant.tui.app import create_app


def line(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_keymap_problems_are_said_and_remapped_keys_shown(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    keymap = {"interview.skip": "y", "interview.nope": "f3", "interview.note": "ctrl+b", "interview.jump": "f12"}
    app = create_app(tui_store, open_id=aid, keymap=keymap)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any('"interview.skip": "y" is used to answer' in m for m in messages), messages
        assert any('"interview.nope" is not a binding id' in m for m in messages)
        assert any('"interview.note": "ctrl+b" is already the key of "interview.back"' in m for m in messages)
        shown = {(k.key_display or k.key, k.description) for k in app.screen.query(FooterKey)}
        assert ("f12", "Elements") in shown and ("^l", "Skip") in shown and ("^n", "Note") in shown
        await pilot.press("f12")
        assert app.focused is app.screen.tree


async def test_hints_errors_and_the_report_say_the_right_thing(tui_store, new_assessment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "d:" not in line(app, "#hint") and "x:" not in line(app, "#hint")  # the date offers neither
        await pilot.press(*"01/01/2099", "enter")
        assert "check the year" in line(app, "#error")
        await pilot.press("ctrl+u", *"2026-03-14", "enter")
        assert "d: Don't know, x: Not applicable" in line(app, "#hint")
        await pilot.press("enter")  # nothing ticked
        assert line(app, "#error") == "Tick at least one option (its number, or Space), then press Enter."
        await pilot.press("1", "enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("n")  # 1 of 6 answered in training, then F7: a level, said to be provisional
        await pilot.press("f7")
        await settle(pilot)
        assert "Provisional: based on 1 of 6 questions" in line(app, "#summary-level")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert any(t.startswith("The report will be written to ") and str(tmp_path) in t for t in texts(app))
        await app.workers.wait_for_complete()


async def test_the_form_forgets_its_complaint_once_the_country_is_typed(tui_store):
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert "country" in line(app, "#form-error").lower()
        await pilot.press(*"Ruritania")
        assert line(app, "#form-error") == ""
        assert app.screen.query_one("#country", Input).value == "Ruritania"


@pytest.mark.parametrize("width", [80, 120, 160])
async def test_the_key_bar_shows_whole_keys_and_where_the_others_are(tui_store, new_assessment, width):
    """No key is cut mid-word at any width: those that do not fit are left to "All keys" (Ctrl+P)."""
    from assistant.tui.footer import KeyFooter

    aid = new_assessment(tui_store, aid=f"ruritania-w{width}")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause(0.5)
        footer = app.screen.query_one(KeyFooter)
        keys = [k for k in footer.query(FooterKey) if k.display]
        palette = [k for k in keys if k.has_class("-command-palette")]
        assert [k.description for k in palette] == ["All keys"]
        shown = [k for k in keys if k not in palette]
        assert all(k.region.right <= palette[0].region.x for k in shown)
        assert [k.description for k in shown][:3] == ["Why?", "Note", "Back"]  # the first keys first
        if width >= 160:
            assert "Home" in [k.description for k in shown]
