"""A follow-up in the TUI, driven with Pilot against real files: the baseline's answers and levels
as references, Ctrl+Y for "unchanged", the review of the baseline's road map, and the home-screen key."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from assistant.engine.answers import Answer
from assistant.followup.baseline import create_follow_up
from assistant.store import Store
from assistant.tui.app import create_app
from assistant.tui.forms import FollowUpScreen
from assistant.tui.interview import InterviewScreen
from assistant.tui.review import ReviewScreen
from assistant.tui.summary import SummaryScreen
from assistant.tui.transcript import Transcript

BASELINE = {"ctx_date": "2026-03-14", "ctx_scope": ["air", "sea"], "trn_curriculum": "no", "trn_drafting": "no",
            "trn_trainees": 50, "trn_method": "none", "trn_level": 2, "trn_notes": "Two academies."}


def make_pair(store: Store) -> tuple[str, str]:
    b = store.create("Ruritania", "mini", "0.1", title="Baseline", aid="ruritania-0001")
    for qid, value in BASELINE.items():
        b.save(Answer(qid, value=value))
    b.close()
    f = create_follow_up(store, b.id)
    f.close()
    return b.id, f.id


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def texts(screen: InterviewScreen) -> list[str]:
    return [t.text for t in screen.query_one(Transcript).turns]


async def test_references_ctrl_y_and_the_review_of_the_baseline_road_map(tui_store):
    bid, fid = make_pair(tui_store)
    app = create_app(tui_store, open_id=fid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert texts(screen)[-1].endswith("Baseline: 2026-03-14")  # the start date: no Ctrl+Y offered
        await pilot.press("ctrl+y")
        assert "date of this assessment itself" in str(screen.query_one("#error", Static).render())
        await pilot.press(*"2029-04-02", "enter")
        await settle(pilot)
        assert texts(screen)[-1].endswith("Baseline: Airports, Seaports  (Ctrl+Y if unchanged)")
        await pilot.press("ctrl+y")  # the borders in scope
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("c")  # the context has no road map: straight on
        await settle(pilot)
        assert app.screen is screen
        assert "Baseline level: 1 Basic (score 1.0)" in texts(screen)[-2]  # under the element's introduction
        assert "Baseline: No  (Ctrl+Y if unchanged)" in texts(screen)[-1]

        await pilot.press("y")  # a curriculum now exists
        await settle(pilot)
        assert screen.session.current.id == "trn_academy"
        assert texts(screen)[-1].endswith("Baseline: not answered")
        await pilot.press("ctrl+y")  # nothing to confirm: said, nothing saved, same question
        assert "no answer to this question" in str(screen.query_one("#error", Static).render())
        assert screen.session.current.id == "trn_academy"
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+y")  # trainees: still 50
        await settle(pilot)
        await pilot.press("3")  # needs now identified by an analysis
        await settle(pilot)
        await pilot.press("ctrl+y")  # the group's own level: still 2
        await settle(pilot)
        assert screen.session.current.id == "trn_notes"
        await pilot.press("ctrl+y")  # from a text box too
        await settle(pilot)
        assert "Unchanged since the baseline: Two academies." in texts(screen)

        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("c")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [a.rule for a in review.actions] == ["trn_r_curriculum", "trn_r_needs"]
        await pilot.press("enter")  # the first status of the first action: done
        review.query_one("#note-0", Input).focus()
        await pilot.press(*"Adopted in 2028")
        review.choose(1, "in_progress")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "Baseline road map: 2 of 2 actions reviewed for this element." in texts(screen)

    with tui_store.open(fid, write=False) as f:
        answers = f.answers()
        records = f.records("review")
    assert answers["ctx_date"].value == "2029-04-02" and answers["ctx_date"].origin == ""
    assert answers["ctx_scope"].value == ["air", "sea"] and answers["ctx_scope"].origin == f"baseline:{bid}"
    assert answers["trn_trainees"].value == 50 and answers["trn_level"].value == 2
    assert answers["trn_notes"].value == "Two academies." and answers["trn_notes"].origin == f"baseline:{bid}"
    assert answers["trn_academy"].value == "yes" and answers["trn_academy"].origin == ""
    assert answers["trn_method"].value == "analysis"
    assert {k: (r["status"], r["note"]) for k, r in records.items()} == {
        "rec:trn_r_curriculum": ("done", "Adopted in 2028"), "rec:trn_r_needs": ("in_progress", "")}


async def test_a_follow_up_from_the_home_screen(tui_store):
    b = tui_store.create("Ruritania", "mini", "0.1", title="Baseline", aid="ruritania-0001")
    b.save(Answer("trn_curriculum", value="no"))
    b.close()
    app = create_app(tui_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FollowUpScreen)
        assert "Ruritania" in str(form.query_one("#followup-of", Static).render())
        await pilot.press(*"Review 2029")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.baseline is not None
        meta = screen.session.meta
        assert meta["baseline"] == "ruritania-0001" and meta["title"] == "Review 2029"
        assert meta["country"] == "Ruritania"


async def test_no_unchanged_key_outside_a_follow_up(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("same", ()) is False
        await pilot.press("ctrl+y")  # does nothing: the date is still asked, nothing saved
        assert screen.session.current.id == "ctx_date"
        assert not any("Baseline" in t for t in texts(screen))
