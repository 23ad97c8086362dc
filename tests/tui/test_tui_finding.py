"""The element summary shows the finding the report will write; the user accepts or rewrites it."""

from __future__ import annotations

from test_tui_interview import answer_context, settle
from textual.widgets import Static, TextArea

from assistant.analysis.prose import finding_key
from assistant.tui.app import create_app
from assistant.tui.summary import FindingScreen, SummaryScreen


def finding_shown(app) -> str:
    return str(app.screen.query_one("#summary-finding", Static).render())


def stored(store, aid="ruritania-0001") -> dict:
    with store.open(aid, write=False) as a:
        return a.edits()


async def test_rewrite_reset_and_accept_the_draft_finding(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await answer_context(pilot)  # the context part has no finding: its summary shows none
        await pilot.press("n", "n", *"10", "enter", "1", "1", *"none", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        draft = finding_shown(app)
        assert draft.startswith("Draft finding for the report:")
        assert "There is no national training curriculum" in draft
        assert "Training needs are not identified" in draft

        await pilot.press("e")  # the editor opens on the draft
        await settle(pilot)
        assert isinstance(app.screen, FindingScreen)
        area = app.screen.query_one(TextArea)
        assert "There is no national training curriculum" in area.text
        area.select_all()
        await pilot.press(*"Officers learn on the job.", "enter", "enter", *"No curriculum exists.", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        shown = finding_shown(app)
        assert "rewritten by the team" in shown
        assert "Officers learn on the job.\n\nNo curriculum exists." in shown
        assert stored(tui_store)[finding_key("training")]["text"] == "Officers learn on the job.\n\nNo curriculum exists."

        await pilot.press("r")  # back to the draft
        await settle(pilot)
        assert "There is no national training curriculum" in finding_shown(app)
        assert finding_key("training") not in stored(tui_store)

        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(TextArea).select_all()
        await pilot.press(*"Our words.", "ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # accept: the interview goes on
        await settle(pilot)
        assert not isinstance(app.screen, SummaryScreen)
        assert app.screen.session.current.id == "cnd_code"
    assert stored(tui_store)[finding_key("training")]["text"] == "Our words."
