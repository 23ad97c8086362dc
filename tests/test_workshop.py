"""The workshop core through the session: roster and speaker, positions and agreement,
confidence, parking and follow-ups, and what the analysis makes of them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import FIXTURES

from assistant.analyse_cli import as_json, as_text
from assistant.analysis import analyse
from assistant.analysis.sources import all_sources
from assistant.session import Session
from assistant.store.assessments import default_who
from assistant.workshop import WorkshopError


def opened(store, mini, agencies=("Immigration", "Customs")) -> Session:
    with store.create("Avalon", mini.id, mini.version, agencies=list(agencies)) as a:
        aid = a.id
    return Session.open(store, aid, str(FIXTURES))


def reopen(store, s: Session) -> Session:
    s.close()
    return Session.open(store, s.assessment.id, str(FIXTURES))


def three_agencies(s: Session) -> None:
    s.add_participant("Amina Diallo", "Immigration", role="Head of training")
    s.add_participant("Jon Moe", "customs")
    s.add_participant("Léa Roux", "Border Police")


def test_without_a_roster_answers_keep_the_login_name(store, mini):
    s = opened(store, mini)
    got = s.submit("2026-03-14")
    assert (got.who, got.agency) == (default_who(), "")
    assert s.speaker is None
    s.close()


def test_roster_and_speaker_are_remembered_and_stamp_every_answer(store, mini):
    s = opened(store, mini)
    three_agencies(s)
    people = s.participants()
    assert [p.name for p in people] == ["Amina Diallo", "Jon Moe", "Léa Roux"]
    assert people[1].agency == "Customs"  # spelt as the assessment already spells it
    assert s.agencies() == ["Immigration", "Customs", "Border Police"]
    with pytest.raises(WorkshopError, match="already on the roster"):
        s.add_participant("amina diallo", "Customs")
    with pytest.raises(WorkshopError, match="'Zed' is not on the roster"):
        s.set_speaker("Zed")

    s.set_speaker("lea")  # the start of a name, without its accent
    first = s.submit("2026-03-14")
    assert (first.who, first.agency) == ("Léa Roux", "Border Police")
    s = reopen(store, s)
    assert s.speaker is not None and s.speaker.name == "Léa Roux"  # defaults to the last one
    assert s.submit("1").who == "Léa Roux"
    today = date.today().isoformat()
    assert [(x.date, x.names) for x in s.sessions()] == [(today, ("Léa Roux",))]

    s.set_speaker("Jon Moe")
    s.goto("training")
    assert s.submit("yes").agency == "Customs"
    s.update_participant(people[1].key, agency="Immigration", role="Liaison")
    assert s.speaker.agency == "Immigration" and s.submit("no").agency == "Immigration"
    s.record_attendance("2026-03-15", [people[0].key, people[2].key])
    with pytest.raises(WorkshopError, match="'15/03/2026' is not a date: give it as YYYY-MM-DD"):
        s.record_attendance("15/03/2026", [people[0].key])
    s.remove_participant(people[1].key)
    assert s.speaker is None and s.interview.who == default_who()
    s = reopen(store, s)
    assert s.interview.answers["trn_curriculum"].who == "Jon Moe"  # answers keep the name they were given with
    assert s.speaker is None
    assert [x.date for x in s.sessions()] == sorted(["2026-03-15", today])
    assert s.sessions()[0].names == ("Amina Diallo", "Léa Roux")
    s.close()


def test_positions_tally_dissent_and_majority(store, mini):
    s = opened(store, mini)
    three_agencies(s)
    s.goto("training")
    q = "trn_curriculum"
    s.record_positions(q, [{"agency": "customs", "value": "2", "reason": "only a draft exists"},
                           {"agency": "Immigration", "value": "yes"}])
    with pytest.raises(WorkshopError, match="different positions"):
        s.agree(q, None, "consensus")
    with pytest.raises(WorkshopError, match="tied"):
        s.agree(q, None, "majority")
    s.record_positions(q, [{"agency": "Border", "value": "yes", "reason": "academy syllabus"}])
    assert s.tally(q) == {"yes": 2, "no": 1}
    assert s.tally_text(q) == "Yes: 2 (Immigration, Border Police); No: 1 (Customs)"
    assert s.current.id == q  # positions alone do not answer it
    with pytest.raises(WorkshopError, match="No is not the position most agencies hold"):
        s.agree(q, "no", "majority")
    agreed = s.agree(q, None, "majority")
    assert (agreed.value, agreed.agreement) == ("yes", "majority")
    assert s.current.id == "trn_academy"  # agreeing answers the question and moves on
    assert [(p.agency, p.value, p.reason) for p in s.dissent(q)] == [("Customs", "no", "only a draft exists")]
    with pytest.raises(WorkshopError, match="'Navy' is not an agency of this workshop"):
        s.record_positions(q, [{"agency": "Navy", "value": "yes"}])
    with pytest.raises(WorkshopError, match="'7' is not an answer to this question"):
        s.record_positions(q, [{"agency": "Customs", "value": "7"}])
    with pytest.raises(WorkshopError, match="consensus, majority or contested"):
        s.agree(q, "yes", "unanimous")
    s = reopen(store, s)
    assert s.dissent(q)[0].reason == "only a draft exists"
    s.close()


def test_a_contested_answer_counts_and_the_analysis_says_so(store, mini):
    s = opened(store, mini)
    three_agencies(s)
    s.goto("training")
    s.record_positions("trn_method", [{"agency": "Immigration", "value": "analysis"},
                                      {"agency": "Customs", "value": "1", "reason": "no needs study"}])
    s.agree("trn_method", "3", "contested")
    s.submit_value("yes", "trn_curriculum")
    result = analyse(mini, s.interview.answers, "en")
    training = result.element("training")
    assert [c.question for c in training.contributions] == ["trn_curriculum", "trn_method"]  # still counts
    assert all_sources(result)["training"].contested == ("trn_method",)
    data = as_json(result, s.assessment.id)
    row = next(e for e in data["elements"] if e["id"] == "training")
    assert (row["contested"], row["contested_questions"]) == (1, ["trn_method"])
    assert [(x["question"], x["agreement"]) for x in row["answers"]] == [("trn_curriculum", ""),
                                                                          ("trn_method", "contested")]
    assert next(e for e in data["elements"] if e["id"] == "conduct")["contested"] == 0
    assert "Training programme: " in as_text(result, {}) and "; 1 answer contested" in as_text(result, {})
    s.close()


def test_confidence_tags_an_answer_and_rates_the_element(store, mini):
    s = opened(store, mini)
    s.goto("training")
    with pytest.raises(WorkshopError, match="Answer the question first"):
        s.set_confidence("trn_curriculum", "documented")
    s.submit("yes")
    s.submit_value("analysis", "trn_method")
    s.set_confidence("trn_curriculum", "documented")
    tagged = s.set_confidence("trn_method", "stated")
    assert (tagged.value, tagged.confidence) == ("analysis", "stated")
    assert [e["action"] for e in s.assessment.history()[-2:]] == ["confidence", "confidence"]
    with pytest.raises(WorkshopError, match="documented, observed or stated"):
        s.set_confidence("trn_method", "rumoured")
    result = analyse(mini, s.interview.answers, "en")
    src = all_sources(result)["training"]
    assert src.confidence == {"documented": 1, "observed": 0, "stated": 1, "untagged": 0}
    assert src.level == "documented"  # half of the tagged scored answers are documented
    assert all_sources(result)["conduct"].level is None
    s.change("trn_curriculum", "yes")  # the same answer again keeps its tag
    assert s.interview.answers["trn_curriculum"].confidence == "documented"
    s.change("trn_curriculum", "no")  # a different answer needs its own evidence
    assert s.interview.answers["trn_curriculum"].confidence == ""
    result = analyse(mini, s.interview.answers, "en")
    row = next(e for e in as_json(result)["elements"] if e["id"] == "training")
    assert (row["confidence"], row["confidence_counts"]["stated"]) == ("stated", 1)
    s.close()


def test_parking_moves_on_lists_and_answering_clears(store, mini):
    s = opened(store, mini)
    three_agencies(s)
    s.submit("2026-03-14")
    s.submit("1")
    s.goto("training")
    s.submit("yes")
    assert s.current.id == "trn_academy"
    with pytest.raises(WorkshopError, match="'30 June' is not a date"):
        s.park("trn_academy", "Customs", "30 June")
    s.park("trn_academy", "customs", "2026-06-30")
    assert s.current.id == "trn_trainees"  # moved on
    s.submit("dk")
    s.park("trn_trainees", "Amina Diallo")
    s.submit("1")  # needs analysis: no → 1 "They are not"
    s.goto("conduct")  # the rest of training is now open in a started element
    s.skip()
    items = {f.question: f for f in s.followups()}
    assert items["trn_academy"].kind == "parked" and items["trn_academy"].owner == "Customs"
    assert items["trn_academy"].due == "2026-06-30"
    assert items["trn_trainees"].kind == "parked"  # a "don't know" that was parked
    assert items["trn_level"].kind == "unanswered" and items["cnd_code"].kind == "unanswered"  # skipped
    assert "sys_connected" not in items  # an element nobody has started yet
    assert [f.question for f in s.followups("CUSTOMS")] == ["trn_academy"]
    assert [f.question for f in s.followups("immigration")] == ["trn_trainees"]  # Amina's agency
    assert [f.question for f in s.followups("Jon")] == []  # owner names are matched whole
    assert [f.question for f in s.followups("Jon Moe")] == ["trn_academy"]  # his agency's items

    assert s.interview.next_question().id != "trn_academy"  # parked: not offered again
    s.change("trn_trainees", "dk")  # "don't know" again: still parked
    assert "trn_trainees" in s.parked()
    s.submit_value("no", "trn_academy")
    s.change("trn_trainees", "350")
    assert s.parked() == {}
    s = reopen(store, s)
    assert s.parked() == {} and "trn_academy" not in {f.question for f in s.followups()}
    s.park("sys_connected", "Ministry of Digital Affairs")
    assert s.unpark("sys_connected") and not s.unpark("sys_connected")
    s.close()


def test_export_and_import_keep_the_whole_workshop(tmp_path, mini):
    from assistant.store import Store

    store = Store(tmp_path / "data")
    s = opened(store, mini)
    three_agencies(s)
    s.set_speaker("Amina")
    s.record_attendance("2026-03-15", [p.key for p in s.participants()])
    s.goto("training")
    s.record_positions("trn_curriculum", [{"agency": "Customs", "value": "no", "reason": "draft"},
                                          {"agency": "Immigration", "value": "yes"}])
    s.agree("trn_curriculum", "yes", "contested")
    s.set_confidence("trn_curriculum", "observed")
    s.park(s.current.id, "Border Police", "2026-07-01")
    aid = s.assessment.id
    data = s.assessment.export()
    s.close()
    copy = store.import_data(json.loads(json.dumps(data)), aid="copy")
    c = Session.open(store, copy, str(FIXTURES))
    assert [p.name for p in c.participants()] == ["Amina Diallo", "Jon Moe", "Léa Roux"]
    assert c.speaker.name == "Amina Diallo"
    assert [x.date for x in c.sessions()][0] == "2026-03-15"
    a = c.interview.answers["trn_curriculum"]
    assert (a.agreement, a.confidence, a.who, a.agency) == ("contested", "observed", "Amina Diallo", "Immigration")
    assert c.dissent("trn_curriculum")[0].agency == "Customs"
    assert c.parked()["trn_academy"]["owner"] == "Border Police"
    assert c.assessment.export()["records"] == data["records"]
    c.close()
    assert aid != copy


def test_skip_and_undo_keep_what_the_agencies_said(store, mini):
    s = opened(store, mini)
    s.goto("training")
    s.record_positions("trn_curriculum", [{"agency": "Customs", "value": "no", "reason": "draft"}])
    s.skip()
    assert s.positions("trn_curriculum")[0].reason == "draft"
    s.agree("trn_curriculum", "no", "consensus")
    s.undo()  # the agreed answer is taken back; the positions are not
    a = s.interview.answers["trn_curriculum"]
    assert not a.counts and (a.agreement, len(a.positions)) == ("", 1)
    s = reopen(store, s)
    assert s.tally("trn_curriculum") == {"no": 1}
    s.close()


def test_odd_workshop_data_from_an_imported_file_does_not_break_anything(tmp_path, mini):
    from assistant.report import write_report
    from assistant.store import Store

    store = Store(tmp_path / "data")
    s = opened(store, mini)
    data = s.assessment.export()
    s.close()
    data["answers"] = [{"question": "trn_level", "status": "answered", "value": 2, "agreement": "contested",
                        "positions": [{"agency": 5, "value": {"x": 1}}, {"value": [1, [2]]}, {}]}]
    data["records"] = [
        {"kind": "participant", "key": "p", "name": 7, "agency": None, "n": "first"},
        {"kind": "participant", "key": "q", "name": "Q", "agency": "Customs", "n": True},
        {"kind": "session", "key": "not a date", "participants": "p", "names": 3},
        {"kind": "parked", "key": "trn_notes", "owner": ["x"], "due": 2026},
        {"kind": "speaker", "key": "current", "participant": ["p"]},
    ]
    aid = store.import_data(data, aid="odd")
    s = Session.open(store, aid, str(FIXTURES))
    assert [p.name for p in s.participants()] == ["7", "Q"]
    assert s.tally("trn_level") and "{'x': 1}" in s.tally_text("trn_level")
    assert {f.question for f in s.followups()} >= {"trn_notes"}
    s.close()
    with store.open(aid, write=False) as a:
        path = write_report(a, mini, tmp_path / "odd.docx")
    assert path.is_file()
