"""A conversation that reads like one: a clean start, back and forth, jumps, and the record on reopening."""

from __future__ import annotations

import shutil

import pytest
from helpers import FIXTURES
from test_tui_interview import answer_context, saved, settle, texts

from assistant import framework as fw
from assistant.framework import loader
from assistant.tui.app import create_app


@pytest.fixture
def with_prefill(tmp_path, monkeypatch):
    """The mini framework with a context question prefilled from the form's agencies."""
    root = tmp_path / "prompts"
    shutil.copytree(FIXTURES / "mini", root / "mini")
    ctx = root / "mini" / "context.yaml"
    ctx.write_text(ctx.read_text(encoding="utf-8") + (
        "  - id: ctx_agencies\n    type: text\n    prefill: agencies\n"
        "    text: {en: Which agencies take part?, fr: Quelles institutions participent ?}\n"), encoding="utf-8")
    monkeypatch.setenv("BMM_PROMPTS", str(root))
    loader.get.cache_clear()
    yield
    loader.get.cache_clear()


async def test_a_new_assessment_with_prefilled_answers_starts_at_the_beginning(tui_store, with_prefill):
    framework = fw.get("mini")
    tui_store.create("Ruritania", "mini", framework.version, title="Pilot", aid="ruritania-0001",
                     agencies=["Border Police", "Customs"]).close()
    app = create_app(tui_store, open_id="ruritania-0001")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        turns = texts(app)
        assert turns[0] == "Assessment context — Mini assessment\nAbout this assessment."  # introduced
        assert turns[1] == "1/3  When did the assessment start?"  # question 1 first
        assert len(turns) == 2  # no "Welcome back", no prefilled answer before it
        assert app.screen.session.current.id == "ctx_date"
    assert saved(tui_store)["ctx_agencies"].value == "Border Police, Customs"


async def test_back_twice_then_forward_shows_each_question_and_nothing_dangles(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y", "y")  # curriculum, academy: now at the number of trainees
        screen = app.screen
        await pilot.press("ctrl+b", "ctrl+b")
        assert screen.session.current.id == "trn_curriculum"
        assert "Left without an answer for now: it stays open." in texts(app)  # the trainees question
        await pilot.press("y")
        assert screen.session.current.id == "trn_academy"  # the second question is shown again …
        await pilot.press("n")  # … and its wrong answer corrected
        assert screen.session.current.id == "trn_trainees"  # then back where the user was
        assert "Changed from Yes to No" in texts(app)
        await pilot.press("ctrl+g")
        tree = screen.tree
        tree.move_cursor(tree._element_nodes["systems"])
        await pilot.press("enter")
        await settle(pilot)
        turns = texts(app)
        assert "Moved to Border management information system from the elements panel." in turns
        assert turns[-2].startswith("Border management information system — Information management\n")
        await pilot.press(*"30", "enter")
    assert saved(tui_store, aid)["trn_academy"].value == "no"
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:  # reopened: the questions keep their numbers
        await settle(pilot)
        turns = texts(app)
        assert "2/2  Which borders are in scope?" in turns
        assert "1/2  What share of crossing points is connected?" in turns
        assert sum(t.startswith("Training programme — ") for t in turns) == 1
