"""A home screen with more assessments than it shows: the most recent first, a search line for the rest."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from assistant.tui.app import create_app
from assistant.tui.home import HomeScreen
from assistant.tui.interview import InterviewScreen

COUNTRIES = ["Côte d'Ivoire", "Avalon", "Borduria", "Syldavia", "Ruritania", "Freedonia"]  # oldest first


@pytest.fixture
def six(tui_store, new_assessment, monkeypatch):
    """Six assessments (Côte d'Ivoire edited longest ago) and a home screen that shows three."""
    monkeypatch.setattr("assistant.tui.home.SHOWN", 3)
    monkeypatch.setattr("assistant.tui.home.COMPLETE_AFTER", 0.1)
    for i, country in enumerate(COUNTRIES):
        new_assessment(tui_store, aid=f"assessment-000{i}", country=country)
    tui_store.summaries()  # the folder's index current, as after any list
    return tui_store


def countries(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def count_line(app) -> str:
    line = app.screen.query_one("#count", Static)
    return str(line.render()) if line.display else ""


async def settle(pilot) -> None:
    """Until the list is complete: the most recent first, every entry checked a moment later."""
    await pilot.pause()
    await pilot.pause(0.3)  # COMPLETE_AFTER, as the fixture sets it, and some
    await pilot.pause()


async def test_the_most_recent_are_shown_and_the_count_says_how_to_find_the_others(six):
    app = create_app(six)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert countries(app) == ["Freedonia", "Ruritania", "Syldavia"]
        assert count_line(app) == "The 3 most recently edited of 6 assessments. Press / to find any other."
        assert any(b.binding.action == "find" for b in app.screen.active_bindings.values())


async def test_the_search_finds_an_old_assessment_ignoring_case_and_accents_and_opens_it(six):
    app = create_app(six)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"COTE")
        assert isinstance(app.screen.focused, Input)
        assert countries(app) == ["Côte d'Ivoire"]
        assert count_line(app) == "1 of 6 assessments matches “COTE”."
        await pilot.press("enter")  # to the list …
        assert isinstance(app.screen.focused, DataTable)
        await pilot.press("enter")  # … and open the match
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.meta["country"] == "Côte d'Ivoire"


async def test_no_match_is_said_and_escape_brings_the_list_back(six):
    app = create_app(six)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[zz]")  # user text, never markup
        assert countries(app) == []
        assert count_line(app) == "No assessment matches “[zz]”. Esc clears the search."
        await pilot.press("escape")
        assert app.screen.query_one("#find", Input).value == ""
        assert countries(app) == ["Freedonia", "Ruritania", "Syldavia"]
        assert isinstance(app.screen.focused, DataTable)


async def test_many_matches_show_the_most_recent_of_them(six):
    app = create_app(six)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"assessment")  # every id matches
        assert countries(app) == ["Freedonia", "Ruritania", "Syldavia"]
        assert count_line(app) == ("The 3 most recently edited of the 6 assessments matching “assessment”: "
                                   "type more to narrow the list.")
        await pilot.press(*" 0001")
        assert countries(app) == ["Avalon"]


async def test_the_search_speaks_french(six):
    app = create_app(six, lang="fr")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert count_line(app) == ("Les 3 évaluations modifiées le plus récemment, sur 6. "
                                   "Appuyez sur / pour trouver les autres.")
        keys = {b.binding.action: b.binding.description for b in app.screen.active_bindings.values()}
        assert keys["find"] == "Chercher"
        await pilot.press("slash", *"ivoire")
        assert count_line(app) == "1 évaluation sur 6 correspond à « ivoire »."


async def test_a_short_list_has_no_search_line(tui_store, new_assessment):
    for i in range(2):
        new_assessment(tui_store, aid=f"assessment-000{i}", country=f"Country {i}")
    app = create_app(tui_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#find", Input).display
        assert count_line(app) == ""
        assert not any(b.binding.action == "find" for b in app.screen.active_bindings.values())
        await pilot.press("n")  # the table has the keys, not a hidden search line
        assert not isinstance(app.screen, HomeScreen)


async def test_an_assessment_the_index_does_not_know_yet_is_listed_once_the_list_is_complete(six, new_assessment):
    new_assessment(six, aid="assessment-0009", country="Elbonia")  # another process: not in the index yet
    app = create_app(six)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert countries(app) == ["Elbonia", "Freedonia", "Ruritania"]
        assert count_line(app) == "The 3 most recently edited of 7 assessments. Press / to find any other."


async def test_the_first_screen_comes_from_the_index_and_a_search_looks_through_everything(six, new_assessment,
                                                                                           monkeypatch):
    monkeypatch.setattr("assistant.tui.home.COMPLETE_AFTER", 60)  # not checked on its own during the test
    new_assessment(six, aid="assessment-0009", country="Elbonia")  # another process: not in the index yet
    app = create_app(six)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert countries(app) == ["Freedonia", "Ruritania", "Syldavia"]  # the index's most recent
        assert count_line(app) == "The 3 most recently edited of 6 assessments. Press / to find any other."
        await pilot.press("slash", *"elbo")
        assert countries(app) == ["Elbonia"]
        assert count_line(app) == "1 of 7 assessments matches “elbo”."
