"""Workshop mode in the TUI, driven with Pilot against real files: the roster and the speaker,
agencies' positions, confidence, parking and follow-ups, and the agenda's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from test_tui_interview import interview, saved, settle, texts
from textual.widgets import DataTable, Static

from assistant.session import Session
from assistant.store import Store
from assistant.tui.agenda import AgendaScreen
from assistant.tui.app import create_app
from assistant.tui.followups import FollowUpsScreen
from assistant.tui.summary import SummaryScreen
from assistant.tui.workshop import ConfidenceScreen, ParkScreen, PositionsScreen, RosterScreen, SpeakerScreen

ROOM = [("Amina Diallo", "Customs"), ("Jean Dupont", "Police"), ("Lena Novak", "Immigration")]


def shown(app, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


def prepare(store: Store, aid: str, roster: bool = True, context: bool = True) -> None:
    """Three agencies in the room, and the context part answered: the interview is at training."""
    with Session.open(store, aid) as s:
        if roster:
            for name, agency in ROOM:
                s.add_participant(name, agency)
        if context:
            s.submit("2026-03-14")
            s.submit("1")


async def test_roster_editor_and_speaker_carry_the_name_and_agency(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert shown(app, "#speaker") == ""  # nobody speaking yet
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)  # nobody on the roster: the editor opens first
        for name, agency in ROOM:  # one line each: "Name, Agency"
            await pilot.press(*f"{name}, {agency}", "enter")
        await pilot.press(*"Jean, customs, Deputy director", "enter")  # a second Jean is fine (agency as spelt)
        await pilot.press(*"Jean Dupont, Police", "enter")  # a second Jean Dupont is not
        await settle(pilot)
        assert "Jean Dupont is already on the roster" in shown(app, ".ws-error")
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[1].plain for i in range(table.row_count)] == ["Customs", "Police", "Immigration",
                                                                                  "Customs"]
        assert table.get_row_at(3)[2].plain == "Deputy director"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SpeakerScreen)
        await pilot.press("down", "enter")  # Jean Dupont (Police)
        await settle(pilot)
        assert shown(app, "#speaker") == "Speaking: Jean Dupont (Police)  (F3 to change)"
        await pilot.press(*"2026-03-14", "enter")
        await settle(pilot)
        assert any(x.startswith("Jean Dupont (Police): Recorded: 2026-03-14") for x in texts(app))
    answer = saved(tui_store, aid)["ctx_date"]
    assert (answer.who, answer.agency) == ("Jean Dupont", "Police")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:  # reopened: the same speaker, the reply says who gave it
        await settle(pilot)
        assert shown(app, "#speaker") == "Speaking: Jean Dupont (Police)  (F3 to change)"
        assert any(x.startswith("Jean Dupont: Recorded: 2026-03-14") for x in texts(app))


async def test_positions_tally_dissent_and_a_contested_answer(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    prepare(tui_store, aid)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.session.current.id == "trn_curriculum"
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, PositionsScreen)
        # one line per agency, typed quickly one after the other: "AGENCY OPTION [reason]"
        await pilot.press(*"customs 1 Decree of 2019", "enter", *"Police yes", "enter", *"Interior 2", "enter")
        await settle(pilot)
        assert "'Interior' is not an agency of this workshop" in shown(app, ".ws-error")
        assert app.screen.query_one("#positions-line").value == "Interior 2"  # kept, to correct it
        await pilot.press("ctrl+u", *"Immig 2 Only a draft exists", "enter")
        await settle(pilot)
        tally = shown(app, "#positions-tally")
        assert tally == "Tally: Yes: 2 (Customs, Police); No: 1 (Immigration)"
        assert "• Immigration: No — Only a draft exists" in shown(app, "#positions-list")
        await pilot.press("ctrl+s")  # "consensus" is not true: said, nothing saved
        await settle(pilot)
        assert "different positions" in shown(app, ".ws-error") and isinstance(app.screen, PositionsScreen)
        app.screen.query_one("#positions-how").focus()
        await pilot.press("right", "enter")  # majority
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PositionsScreen)
        assert any(x.startswith("Agreed (majority). Recorded: Yes") for x in texts(app))
        assert interview(app).session.current.id == "trn_academy"  # moved on
        await pilot.press("f4")  # the next one is contested
        await settle(pilot)
        await pilot.press(*"Customs 1", "enter", *"Police 2 Classes stopped in 2024", "enter")
        app.screen.query_one("#positions-agreed").focus()
        await pilot.press("1")
        app.screen.query_one("#positions-how").focus()
        await pilot.press("right", "right", "enter", "ctrl+s")  # contested
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "1 answer contested: it counts, but needs validation" in shown(app, "#summary-sources")
        assert "[contested]" in str(summary.query_one("#summary-answers").get_option("trn_academy").prompt)
    answers = saved(tui_store, aid)
    agreed = answers["trn_curriculum"]
    assert (agreed.value, agreed.agreement) == ("yes", "majority")
    assert {p["agency"]: (p["value"], p["reason"]) for p in agreed.positions} == {
        "Customs": ("yes", "Decree of 2019"), "Police": ("yes", ""), "Immigration": ("no", "Only a draft exists")}
    contested = answers["trn_academy"]
    assert (contested.value, contested.agreement) == ("yes", "contested")
    assert [p for p in contested.positions if p["value"] != "yes"] == [
        {"agency": "Police", "value": "no", "reason": "Classes stopped in 2024"}]


async def test_confidence_is_tagged_on_the_answer_just_given(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    prepare(tui_store, aid, roster=False)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")  # nothing answered here yet: said, no dialog
        await settle(pilot)
        assert not isinstance(app.screen, ConfidenceScreen)
        assert any("Answer the question first" in n.message for n in app._notifications)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ConfidenceScreen)
        assert "Is there a national curriculum?" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("down", "down", "enter")  # stated
        await settle(pilot)
        assert 'Evidence for "Is there a national curriculum?": stated' in texts(app)
        assert interview(app).session.current.id == "trn_academy"  # still where it was
        await pilot.press("f7")
        await settle(pilot)
        assert "Evidence: mostly stated (1 stated)" in shown(app, "#summary-sources")
    answer = saved(tui_store, aid)["trn_curriculum"]
    assert (answer.value, answer.confidence) == ("yes", "stated")


async def test_parking_then_answering_clears_the_follow_up(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    prepare(tui_store, aid)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, ParkScreen)
        await pilot.press(*"police 30/04/2026", "enter")  # a date the wrong way round: said
        await settle(pilot)
        assert "not a date" in shown(app, ".ws-error")
        await pilot.press("ctrl+u", *"police 2026-04-30", "enter")
        await settle(pilot)
        screen = interview(app)
        assert "Parked for Police, due 2026-04-30: on the follow-ups list (F5)" in texts(app)
        assert screen.session.current.id == "trn_trainees"  # moved on (the follow-up question does not apply yet)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["parked", "Police", "2026-04-30", "Is there a national curriculum?", "Training programme"] in rows
        await pilot.press("slash", *"customs")  # Customs follows up nothing
        await settle(pilot)
        assert table.row_count == 0 and shown(app, "#followups-count") == "Nothing to follow up for customs."
        await pilot.press("ctrl+u", *"jean dupont", "enter")  # Jean Dupont is Police: their agency's items
        await settle(pilot)
        assert [str(c) for c in table.get_row_at(0)][:2] == ["parked", "Police"]
        await pilot.press("enter")  # go to it
        await settle(pilot)
        assert screen.session.current.id == "trn_curriculum"
        await pilot.press("n")
        await settle(pilot)
        assert screen.session.current.id == "trn_drafting"  # the question this answer opens
        await pilot.press("y")
        await settle(pilot)
        assert screen.session.current.id == "trn_trainees"  # then back to where the room was
        assert screen.session.parked() == {}
        await pilot.press("f5")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert all(str(table.get_row_at(i)[0]) != "parked" for i in range(table.row_count))
    assert saved(tui_store, aid)["trn_curriculum"].value == "no"


class FakeClock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at


async def test_the_agenda_warns_when_an_element_runs_over_and_presentation_shows_the_clock(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    clock = FakeClock()
    app = create_app(tui_store, open_id=aid, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = interview(app)
        assert shown(app, "#clock-label") == "⏱ 00:00 / 5 min"  # 2 questions: 5 minutes planned
        assert "Assessment context" in shown(app, "#agenda-clock")
        clock.at += timedelta(minutes=4)
        await pilot.press(*"2026-03-14", "enter")
        await settle(pilot)
        assert shown(app, "#clock-label").startswith("⏱ 04:")
        assert not screen.query_one("#clock-label").has_class("-over")
        clock.at += timedelta(minutes=3)
        screen._tick()  # the clock's every-second refresh
        await settle(pilot)
        assert "⚠ 2 min over" in shown(app, "#clock-label") and screen.query_one("#clock-label").has_class("-over")
        assert any("Assessment context has run over its 5 minutes" in n.message for n in app._notifications)
        await pilot.press("f8")
        await settle(pilot)
        head = shown(app, "#stage-head")
        assert " ".join(head.split()).startswith("Assessment context · 2/2 · ⏱ 07:") and "⚠ 2 min over" in head
        assert "ends ≈" in head and screen.query_one("#stage-head").has_class("-over")
        await pilot.press("f8", "ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("enter", "ctrl+u", *"15", "enter")  # context: 15 minutes now
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][2:] == ["15 *", "07:00"]
        await pilot.press("down", "enter", "ctrl+u", *"999", "enter")
        await settle(pilot)
        assert "999: planned time is a whole number of minutes, from 0 to 480" == shown(app, "#agenda-error")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert shown(app, "#clock-label") == "⏱ 07:00 / 15 min"
    with tui_store.open(aid, write=False) as a:
        assert a.records("agenda")["context"]["minutes"] == 15


async def test_the_workshop_screens_speak_french(tui_store, new_assessment):
    aid = new_assessment(tui_store, lang="fr")
    prepare(tui_store, aid)
    with Session.open(tui_store, aid) as s:
        s.set_speaker("Lena")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert shown(app, "#speaker") == "À la parole : Lena Novak (Immigration)  (F3 pour changer)"
        assert shown(app, "#clock-label").startswith("⏱ ") and " / 10 min" in shown(app, "#clock-label")
        await pilot.press("f4")
        await settle(pilot)
        assert shown(app, ".dialog-title") == "Positions : Existe-t-il un programme national ?"
        await pilot.press(*"douanes 1", "enter")  # not an agency of this workshop: said in French
        await settle(pilot)
        assert "'douanes' n'est pas une institution de cet atelier" in shown(app, ".ws-error")
        await pilot.press("escape", "ctrl+o")
        await settle(pilot)
        assert shown(app, ".dialog-title") == "Ordre du jour : minutes prévues par élément"
        assert str(app.screen.query_one(DataTable).get_row_at(1)[0]) == "Programme de formation"
        await pilot.press("escape", "f5")
        await settle(pilot)
        assert shown(app, ".dialog-title") == "Suivi : reportées, ne sait pas, encore ouvertes"
        palette = [c.title for c in app.get_system_commands(interview(app))]
        assert "Intervenant (f3)" in palette and "Reporter (^k)" in palette and "Ordre du jour (^o)" in palette
