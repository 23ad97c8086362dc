"""Merging agencies' answers, headless against the real store: who wins, what is kept, what repeats."""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES
from package_steps import AID, answer_elsewhere, lead_assessment, merge_back, package_for

from assistant import framework as fw
from assistant.engine.answers import Answer
from assistant.packages import conflicts
from assistant.packages.format import PackageError, check_returned
from assistant.session import Session
from assistant.store import Store


@pytest.fixture(autouse=True)
def mini_prompts(monkeypatch):
    monkeypatch.setenv("BMM_PROMPTS", str(FIXTURES))


@pytest.fixture
def lead(tmp_path) -> Store:
    store = Store(tmp_path / "lead")
    lead_assessment(store)
    return store


def answers(store: Store) -> dict[str, Answer]:
    with store.open(AID, write=False) as a:
        return a.answers()


def open_conflicts(store: Store) -> dict[str, dict]:
    with store.open(AID, write=False) as a:
        return a.records("conflict")


def test_the_package_interview_asks_only_its_elements_and_stamps_the_agency(lead, tmp_path):
    agency = Store(tmp_path / "customs")
    returned = answer_elsewhere(agency, package_for(lead, "Customs", ["systems"], "J. Okafor"), {})
    local = returned["meta"]["id"]
    with Session.open(agency, local) as s:
        assert [e.id for e in s.interview.elements] == ["systems"]
        assert s.current.id == "sys_connected"
        assert s.back() is None  # never back into the context or another element
        s.interview.ask("sys_connected")
        given = s.submit("35")
        assert (given.agency, given.who, given.origin) == ("Customs", "J. Okafor", "")
        assert s.interview.answers["ctx_date"].origin == "import"  # the context it was sent


def test_answers_sent_and_left_alone_are_not_merged_back(lead, tmp_path):
    returned = answer_elsewhere(Store(tmp_path / "imm"), package_for(lead, "Immigration", ["training"]),
                                {"trn_method": "adhoc"})
    done = merge_back(lead, returned)
    assert done.taken == ["trn_method"] and not done.conflicts and not done.same
    assert answers(lead)["trn_trainees"].value == 120 and answers(lead)["trn_trainees"].who == "Lead"


def test_a_newer_answer_here_is_never_replaced_and_both_are_kept(lead, tmp_path):
    package = package_for(lead, "Immigration", ["training"])
    returned = answer_elsewhere(Store(tmp_path / "imm"), package, {"trn_method": "adhoc"})
    with lead.open(AID) as a:  # the room answers it too, later than the agency
        a.save(Answer("trn_method", value="analysis", who="Lead", at="2099-01-01T00:00:00+00:00"))
    done = merge_back(lead, returned)
    assert done.conflicts == ["trn_method"] and not done.taken
    assert answers(lead)["trn_method"].value == "analysis"
    sides = open_conflicts(lead)["trn_method"]["sides"]
    assert [(s["value"], s["agency"]) for s in sides] == [("analysis", ""), ("adhoc", "Immigration")]
    assert sides[0]["who"] == "Lead" and sides[1]["at"] < sides[0]["at"]


def test_two_agencies_disagree_a_third_joins_and_repeats_change_nothing(lead, tmp_path):
    backs = [answer_elsewhere(Store(tmp_path / name), package_for(lead, name, ["training"], f"{name} head"),
                              {"trn_level": level})
             for name, level in (("Immigration", 2), ("Police", 3), ("Customs", 1))]
    assert merge_back(lead, backs[0]).taken == ["trn_level"]
    assert merge_back(lead, backs[1]).conflicts == ["trn_level"]
    third = merge_back(lead, backs[2])
    assert third.conflicts == ["trn_level"] and third.new_conflicts == 1
    sides = open_conflicts(lead)["trn_level"]["sides"]
    assert [(s["value"], s["agency"]) for s in sides] == [(2, "Immigration"), (3, "Police"), (1, "Customs")]
    with lead.open(AID, write=False) as a:
        before = a.export()
    for back in backs:
        again = merge_back(lead, back)
        assert not again.changed and again.already
    with lead.open(AID, write=False) as a:
        assert a.export() == before
        lines = conflicts.needs_validation(a, fw.get("mini"), "en")
    assert lines == ["How mature is training overall? — 2 Developing (Immigration, Immigration head); "
                     "3 Established (Police, Police head); 1 Basic (Customs, Customs head)"]


def test_a_later_file_from_the_same_package_updates_an_older_one_never(lead, tmp_path):
    agency = Store(tmp_path / "imm")
    package = package_for(lead, "Immigration", ["training"])
    first = answer_elsewhere(agency, package, {"trn_method": "none"})
    local = first["meta"]["id"]
    with Session.open(agency, local) as s:  # the agency corrects itself and sends the file again
        s.submit_value("analysis", "trn_method")
    with agency.open(local, write=False) as a:
        second = json.loads(json.dumps(a.export()))
    second["answers"] = [d if d["question"] != "trn_method" else {**d, "at": "2099-01-01T00:00:00+00:00"}
                         for d in second["answers"]]  # unmistakably later, whatever the clock did
    assert merge_back(lead, first).taken == ["trn_method"]
    assert merge_back(lead, second).updated == ["trn_method"]
    assert answers(lead)["trn_method"].value == "analysis"
    late = merge_back(lead, first)  # the older file arrives after the newer one
    assert "older" in late.skipped["trn_method"] and not late.changed
    assert answers(lead)["trn_method"].value == "analysis" and not open_conflicts(lead)


def test_answers_the_framework_does_not_accept_are_skipped_with_the_reason(lead, tmp_path):
    returned = answer_elsewhere(Store(tmp_path / "imm"), package_for(lead, "Immigration", ["training"]),
                                {"trn_method": "adhoc", "trn_level": 2})
    for d in returned["answers"]:
        if d["question"] == "trn_level":
            d["value"] = 9
    done = merge_back(lead, returned)
    assert done.taken == ["trn_method"] and "9" in done.skipped["trn_level"]
    assert "trn_level" not in answers(lead)


def test_returned_files_are_checked_before_anything(lead, tmp_path):
    returned = answer_elsewhere(Store(tmp_path / "imm"), package_for(lead, "Immigration", ["training"]), {})
    with pytest.raises(PackageError, match="not 'borduria-0001'; merge it into avalon-0001"):
        check_returned(returned, "borduria-0001", "back.json")
    hostile = {**returned, "meta": {**returned["meta"], "package": {**returned["meta"]["package"], "id": "../x"}}}
    with pytest.raises(PackageError, match="'id' is missing or not an id"):
        check_returned(hostile, AID, "back.json")


def test_a_settled_question_is_not_reopened_by_merging_the_same_files_again(lead, tmp_path):
    backs = [answer_elsewhere(Store(tmp_path / name), package_for(lead, name, ["training"]), {"trn_level": level})
             for name, level in (("Immigration", 2), ("Police", 3))]
    for back in backs:
        merge_back(lead, back)
    with Session.open(lead, AID) as s:
        doc = conflicts.unresolved(s.assessment)[0]
        police = conflicts.choices(doc, s.interview.answers.get("trn_level"))[1]
        conflicts.settle(s, "trn_level", police, chosen=True)
    with lead.open(AID, write=False) as a:
        before = a.export()
    for back in backs:
        again = merge_back(lead, back)
        assert not again.changed
    with lead.open(AID, write=False) as a:
        assert a.export() == before and a.answers()["trn_level"].agency == "Police"
    assert "settled by the group" in merge_back(lead, backs[0]).skipped["trn_level"]


def test_back_then_forward_in_a_package_stays_in_its_elements(lead, tmp_path):
    agency = Store(tmp_path / "imm")
    local = answer_elsewhere(agency, package_for(lead, "Immigration", ["training", "systems"]), {})["meta"]["id"]
    with Session.open(agency, local) as s:
        s.interview.ask("sys_connected")
        assert s.back().id == "trn_notes"  # conduct lies between them in the framework, not in the package
        s.submit("Fine")
        assert s.current.id == "sys_connected"
