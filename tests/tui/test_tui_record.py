"""A visible record: every answer shown as recorded, changes as changes, and Ctrl+Z to take one back."""

from __future__ import annotations

from test_tui_interview import answer_context, saved, settle, texts

from assistant.tui.app import create_app
from assistant.tui.inputs import TextBox


async def test_answers_are_recorded_visibly_changed_and_taken_back(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        assert "Recorded: Airports, Seaports" in texts(app)
        await pilot.press("y")
        assert texts(app)[-2] == "Recorded: Yes"  # at once, just above the next question
        await pilot.press("ctrl+z")
        await settle(pilot)
        screen = app.screen
        assert screen.session.current.id == "trn_curriculum"  # asked again
        assert "Taken back: Yes. The question is asked again (its history is kept)." in texts(app)
        assert not screen.session.interview.answers["trn_curriculum"].counts
        await pilot.press("n")
        assert screen.session.current.id == "trn_drafting"
        await pilot.press("ctrl+t", "enter")  # the last answer in the transcript: "No"
        await settle(pilot)
        assert screen.session.current.id == "trn_curriculum"
        await pilot.press("y")
        assert "Changed from No to Yes" in texts(app)
    history = [(h["action"], h.get("value")) for h in _history(tui_store, aid) if h.get("question") == "trn_curriculum"]
    assert history == [("answer", "yes"), ("undo", None), ("answer", "no"), ("change", "yes")]
    assert saved(tui_store, aid)["trn_curriculum"].value == "yes"
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:  # reopened: the same record
        await settle(pilot)
        again = texts(app)
        for line in ("Recorded: Yes", "Taken back: Yes. The question is asked again (its history is kept).",
                     "Recorded: No", "Changed from No to Yes"):
            assert line in again


async def test_nothing_to_take_back_is_said(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any("no answer to take back" in n.message for n in app._notifications)
        assert app.screen.session.current.id == "ctx_date"


def _history(store, aid):
    with store.open(aid, write=False) as a:
        return a.history()


async def test_ctrl_z_works_from_a_text_box_too(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        tree = app.screen.tree
        tree.move_cursor(tree._element_nodes["conduct"])
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.focused, TextBox)
        await pilot.press(*"draft", "ctrl+z")  # the text area's own undo does not hide this one
        await settle(pilot)
        assert app.screen.session.current.id == "cnd_code"
    assert not saved(tui_store, aid)["cnd_code"].counts
