"""The conflicts screen (F11) with Pilot, on a conflict made by a real package and merge."""

from __future__ import annotations

from package_steps import AID, answer_elsewhere, lead_assessment, merge_back, package_for
from textual.widgets import Input, OptionList

from assistant.store import Store
from assistant.tui.app import create_app
from assistant.tui.conflicts import ConflictsScreen
from assistant.tui.interview import InterviewScreen


def conflicting(tmp_path) -> Store:
    lead = Store(tmp_path / "lead")
    lead_assessment(lead)
    returned = answer_elsewhere(Store(tmp_path / "immigration"),
                                package_for(lead, "Immigration", ["training"], "A. Diallo"),
                                {"trn_trainees": 250, "trn_method": "analysis"})
    done = merge_back(lead, returned)
    assert done.conflicts == ["trn_trainees"] and done.taken == ["trn_method"]
    return lead


async def open_conflicts(pilot) -> ConflictsScreen:
    await pilot.pause()
    await pilot.press("f11")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConflictsScreen)
    return pilot.app.screen


def lines(screen: ConflictsScreen) -> list[str]:
    return [str(o.prompt) for o in screen.query_one(OptionList).options]


async def test_the_group_keeps_the_agencys_answer(tmp_path):
    lead = conflicting(tmp_path)
    app = create_app(lead, open_id=AID)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        said = [t.text for t in app.screen.transcript.turns]
        assert any("1 question was answered differently by agencies: F11 shows the answers side by side" in t
                   for t in said)
        assert any(t.startswith("From Immigration, A. Diallo: A needs analysis") for t in said)  # merged, sourced
        screen = await open_conflicts(pilot)
        shown = lines(screen)
        assert "How many officers are trained each year? (Training programme)" in shown[0]
        assert "120" in shown[1] and "this assessment, Lead" in shown[1] and "2026-03-14 09:01" in shown[1]
        assert "250" in shown[2] and "Immigration, A. Diallo" in shown[2]
        assert "Another answer" in shown[3]
        await pilot.press("down", "enter")  # the agency's answer
        await pilot.pause()
        assert "Settled" in str(screen.query_one("#conflicts-error").render())
        assert "No answers to settle" in str(screen.query_one("#conflicts-title").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
    with lead.open(AID, write=False) as a:
        kept = a.answers()["trn_trainees"]
        assert (kept.value, kept.agency, kept.who) == (250, "Immigration", "A. Diallo")
        assert a.records("conflict") == {}
        settle, decision, drop = a.history()[-3:]  # one durable write: answer, decision, conflict dropped
        assert (settle["action"], settle["value"], drop["action"]) == ("settle", 250, "record_drop")
        assert a.records("settled")["trn_trainees"]["chosen"]["value"] == 250
        assert [s["value"] for s in a.records("settled")["trn_trainees"]["sides"]] == [120, 250]


async def test_the_group_gives_another_answer(tmp_path):
    lead = conflicting(tmp_path)
    app = create_app(lead, open_id=AID)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conflicts(pilot)
        await pilot.press("down", "down", "enter")  # "Another answer…"
        await pilot.pause()
        assert screen.query_one(Input).has_focus
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        assert "whole number" in str(screen.query_one("#conflicts-error").render())  # said, nothing saved
        screen.query_one(Input).value = ""
        await pilot.press(*"180", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    with lead.open(AID, write=False) as a:
        kept = a.answers()["trn_trainees"]
        assert kept.value == 180 and kept.origin == "" and a.records("conflict") == {}


async def test_a_package_opened_in_the_tui_asks_only_its_elements(tmp_path):
    from package_steps import answer_elsewhere as opened_elsewhere

    from assistant.tui.sidepanel import ElementTree

    lead = Store(tmp_path / "lead")
    lead_assessment(lead)
    agency = Store(tmp_path / "customs")
    local = opened_elsewhere(agency, package_for(lead, "Customs", ["systems"], "J. Okafor"), {})["meta"]["id"]
    app = create_app(agency, open_id=local)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(ElementTree)
        assert list(tree._element_nodes) == ["systems"]  # no context, no other element to jump to
        assert "What share of crossing points is connected?" in str(app.screen.query_one("#stage").render())
        await pilot.press(*"35", "enter")
        await pilot.pause()
        await pilot.press("1")  # the roll-out plan asked after a low share: the package is done
        await pilot.pause()
        await pilot.press("escape")  # past the element's summary
        await pilot.pause()
        said = app.screen.transcript.turns[-1].text
        assert f"bmm export {local} -o {local}-answers.json" in said  # the next step, where it is read
    with agency.open(local, write=False) as a:
        given = a.answers()["sys_connected"]
        assert (given.value, given.agency, given.who) == (35, "Customs", "J. Okafor")
