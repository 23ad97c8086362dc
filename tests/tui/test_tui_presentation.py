"""Presentation mode for a projector: the element, the question, the options, what was just recorded."""

from __future__ import annotations

import pytest
from test_tui_interview import saved, settle
from textual.widgets import Static

from assistant.tui.app import create_app
from assistant.tui.summary import SummaryScreen


def shown(screen, selector: str) -> str:
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display and widget.region.height else ""


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_presentation_shows_the_question_the_record_and_the_time(tui_store, new_assessment, size):
    aid = new_assessment(tui_store, aid=f"ruritania-{size[0]}")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f8")
        await settle(pilot)
        head = shown(screen, "#stage-head")
        assert " ".join(head.split()).startswith("Assessment context · 1/2 · ⏱ 00:0")  # the element and its clock
        assert shown(screen, "#banner") == ""  # nothing recorded yet
        await pilot.press(*"2026-03-14", "enter")
        await settle(pilot)
        assert shown(screen, "#banner") == "✔ When did the assessment start? → Recorded: 2026-03-14"
        assert "Which borders are in scope?" in shown(screen, "#stage")
        await pilot.press("1", "enter")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen) and summary.has_class("-presentation")
        box = summary.query_one("#summary")
        assert box.region.width >= size[0] - 2 and box.region.height >= size[1] - 2  # the whole screen
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+l")  # a skip says so, even when the screen would look the same
        await settle(pilot)
        assert shown(screen, "#banner") == "✔ Is there a national curriculum? → Skipped for now"
        assert screen.query_one("#stage").region.width >= size[0] - 10
    assert saved(tui_store, f"ruritania-{size[0]}")["ctx_scope"].value == ["air"]


async def test_presentation_comes_back_after_a_jump_or_a_look_at_the_transcript(tui_store, new_assessment):
    aid = new_assessment(tui_store, aid="ruritania-jump")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("ctrl+g")  # the elements panel, over the question: the room sees it
        await settle(pilot)
        assert not screen.has_class("-presentation")
        await pilot.press("down", "down", "enter")  # past the component, to its first element
        await settle(pilot)
        assert screen.has_class("-presentation")
        assert shown(screen, "#stage-head").startswith("Training")
        await pilot.press("ctrl+t")  # the transcript, then Esc back to the question
        await settle(pilot)
        assert not screen.has_class("-presentation")
        await pilot.press("escape")
        await settle(pilot)
        assert screen.has_class("-presentation")
