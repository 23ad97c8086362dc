"""Agencies answering apart, through the real `bmm`: assign → answer elsewhere (plain mode, a second
data folder) → merge, with a conflict, a repeat merge, and files that must change nothing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from helpers import run_bmm


def ok(r) -> str:
    assert r.returncode == 0, r.stderr
    return r.stdout


def refused(r, *words: str) -> None:
    assert r.returncode in (1, 2), r.stdout
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and "unexpected" not in r.stderr, r.stderr
    for w in words:
        assert w in r.stderr, r.stderr


def state(env, aid) -> dict:
    data = json.loads(ok(run_bmm(["export", aid], env)))
    return {k: data[k] for k in ("answers", "history", "records")}


@pytest.fixture
def flow(cli_env, tmp_path):
    """The lead's assessment, Immigration's package answered in its own data folder, and the file back."""
    lead, agency = cli_env, {**cli_env, "BMM_HOME": str(tmp_path / "immigration-laptop")}
    aid = ok(run_bmm(["new", "--country", "Avalon", "--framework", "mini"], lead)).splitlines()[-1]
    ok(run_bmm(["interview", aid, "--plain"], lead, stdin="2026-03-14\n1\nyes\nyes\n120\n:quit\n"))
    said = ok(run_bmm(["assign", aid, "--agency", "Immigration", "--elements", "training,systems",
                       "--person", "A. Diallo", "-o", str(tmp_path / "package.json")], lead))
    assert "Next: send this file to Immigration" in said and f"bmm merge {aid}" in said
    package = tmp_path / "package.json"
    assert stat.S_IMODE(os.stat(package).st_mode) == 0o600  # it holds answers: private, like an export

    said = ok(run_bmm(["import", str(package)], agency))
    local = said.splitlines()[-1]
    assert "Training programme, Border management information system" in said
    assert f"bmm interview {local}" in said and f"bmm export {local}" in said
    # Immigration changes one answer it was sent (120 → 250) and answers the rest of its elements
    out = ok(run_bmm(["interview", local, "--plain"], agency,
                     stdin=":back\n250\n3\n2\nBudget cut in 2025\n40\n"))
    assert "This is the package for Immigration: 2 elements" in out
    assert "Values and conduct" not in out and "When did the assessment start" not in out  # only its elements
    assert f"bmm export {local} -o" in out  # the next step, at the end
    back = tmp_path / "back.json"
    sent = run_bmm(["export", local, "-o", str(back)], agency)
    assert f"Next: send back.json back to the assessment team; they bring it in with `bmm merge {aid} back.json`" \
        in sent.stderr
    return lead, aid, back, package


def test_merge_takes_new_answers_keeps_a_conflict_and_a_repeat_changes_nothing(flow):
    lead, aid, back, _ = flow
    said = ok(run_bmm(["merge", aid, str(back)], lead))
    assert "back.json (Immigration, A. Diallo): 4 taken, 0 updated, 0 same, 1 conflict, 0 skipped." in said
    assert "F11" in said and ":conflicts" in said
    merged = state(lead, aid)
    answers = {a["question"]: a for a in merged["answers"]}
    method = answers["trn_method"]
    assert (method["value"], method["agency"], method["who"]) == ("analysis", "Immigration", "A. Diallo")
    assert method["origin"].startswith("merge:immigration-")
    assert answers["trn_trainees"]["value"] == 120 and "origin" not in answers["trn_trainees"]  # never overwritten
    conflict = next(r for r in merged["records"] if r["kind"] == "conflict")
    assert conflict["key"] == "trn_trainees"
    assert [(s["value"], s["agency"]) for s in conflict["sides"]] == [(120, ""), (250, "Immigration")]
    merges = [h for h in merged["history"] if h["action"] == "merge"]
    assert {h["question"] for h in merges} == {"trn_method", "trn_level", "trn_notes", "sys_connected"}
    assert all(h["agency"] == "Immigration" and h["who"] == "A. Diallo" for h in merges)  # what came from where

    analysed = ok(run_bmm(["analyse", aid], lead))  # shown as needing validation until settled
    assert "1 answer to validate" in analysed
    assert "How many officers are trained each year? — 120 officers a year (this assessment, " in analysed
    settle = json.loads(ok(run_bmm(["analyse", aid, "--json"], lead)))["to_settle"]
    assert [(x["question"], [(y["answer"], y["agency"]) for y in x["answers"]]) for x in settle] == \
        [("trn_trainees", [(120, ""), (250, "Immigration")])]

    again = ok(run_bmm(["merge", aid, str(back)], lead))
    assert "already merged, nothing changed (0 taken, 0 updated, 4 same, 1 conflict, 0 skipped)" in again
    assert state(lead, aid) == merged

    # the lead settles it in plain mode, keeping Immigration's figure
    out = ok(run_bmm(["interview", aid, "--plain"], lead, stdin=":conflicts\n:settle 1 b\n:conflicts\n:quit\n"))
    assert "a) 120 officers a year — this assessment" in out and "b) 250 officers a year — Immigration, A. Diallo" in out
    assert "Settled: How many officers are trained each year? → 250 officers a year" in out
    assert "No answers to settle" in out
    settled = state(lead, aid)
    assert not [r for r in settled["records"] if r["kind"] == "conflict"]
    assert next(a for a in settled["answers"] if a["question"] == "trn_trainees")["agency"] == "Immigration"
    assert json.loads(ok(run_bmm(["analyse", aid, "--json"], lead)))["to_settle"] == []
    settled = state(lead, aid)
    assert "nothing changed" in ok(run_bmm(["merge", aid, str(back)], lead))  # the decision is not reopened
    assert state(lead, aid) == settled


def test_export_and_import_keep_sources_and_conflicts(flow, tmp_path):
    lead, aid, back, _ = flow
    ok(run_bmm(["merge", aid, str(back)], lead))
    ok(run_bmm(["export", aid, "-o", str(tmp_path / "lead.json")], lead))
    copy = ok(run_bmm(["import", str(tmp_path / "lead.json"), "--id", "avalon-copy"], lead)).splitlines()[-1]
    assert state(lead, copy) == state(lead, aid)
    out = ok(run_bmm(["interview", copy, "--plain"], lead, stdin=":conflicts\n:quit\n"))
    assert "1 question was answered differently" in out and "250 officers a year — Immigration" in out


def test_files_that_cannot_be_merged_change_nothing(flow, tmp_path):
    lead, aid, back, package = flow
    before = state(lead, aid)
    data = json.loads(back.read_text())

    def variant(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    damaged = variant("damaged.json", back.read_text()[: len(back.read_text()) // 2])
    refused(run_bmm(["merge", aid, str(damaged)], lead), "damaged.json", "not a JSON export")
    bad_answer = json.loads(json.dumps(data))
    bad_answer["answers"][0]["status"] = "maybe"
    refused(run_bmm(["merge", aid, str(variant("bad.json", json.dumps(bad_answer)))], lead),
            "bad.json: damaged file", "unknown status")
    newer = {**data, "meta": {**data["meta"], "framework_version": "9.0"}}
    refused(run_bmm(["merge", aid, str(variant("newer.json", json.dumps(newer)))], lead),
            "version 9.0", "newer than the 0.1 installed here", "upgrade bmm-assistant")
    refused(run_bmm(["merge", aid, str(package)], lead), "the package sent to Immigration, not its answers")
    export = variant("export.json", ok(run_bmm(["export", aid], lead)))
    refused(run_bmm(["merge", aid, str(export)], lead), "an assessment export, not answers from a package")
    refused(run_bmm(["merge", aid, str(variant("list.json", "[1, 2]"))], lead), "not answers from a bmm package")
    # a good file beside a bad one: nothing of either is merged
    refused(run_bmm(["merge", aid, str(back), str(damaged)], lead), "damaged.json")
    assert state(lead, aid) == before

    other = ok(run_bmm(["new", "--country", "Borduria", "--framework", "mini"], lead)).splitlines()[-1]
    other_before = state(lead, other)
    refused(run_bmm(["merge", other, str(back)], lead), f"a package of assessment {aid!r}, not {other!r}")
    assert state(lead, other) == other_before


def test_packages_that_cannot_be_opened_leave_no_assessment(cli_env, tmp_path):
    aid = ok(run_bmm(["new", "--country", "Avalon", "--framework", "mini"], cli_env)).splitlines()[-1]
    refused(run_bmm(["assign", aid, "--agency", "Customs", "--elements", "training,nowhere"], cli_env),
            "unknown element(s) nowhere", "training, conduct, systems")
    ok(run_bmm(["assign", aid, "--agency", "Customs", "--elements", "conduct", "-o", str(tmp_path)], cli_env))
    package = tmp_path / f"{aid}-customs-package.json"
    data = json.loads(package.read_text())
    elsewhere = {**cli_env, "BMM_HOME": str(tmp_path / "customs")}
    cases = {
        "newer.json": {**data, "meta": {**data["meta"], "framework_version": "2.0"}},
        "schema.json": {**data, "schema": 7},
        "elements.json": {**data, "package": {**data["package"], "elements": ["nowhere"]}},
        "noagency.json": {**data, "package": {**data["package"], "agency": " "}},
        "value.json": {**data, "answers": [{"question": "ctx_date", "value": "yesterday"}]},
    }
    words = {"newer.json": "newer than the 0.1", "schema.json": "newer bmm-assistant",
             "elements.json": "nowhere are not in framework", "noagency.json": "names no agency",
             "value.json": "not one its question accepts"}
    for name, content in cases.items():
        (tmp_path / name).write_text(json.dumps(content))
        refused(run_bmm(["import", str(tmp_path / name)], elsewhere), name, words[name])
    assert not list((tmp_path / "customs" / "assessments").glob("*.json"))
    opened = ok(run_bmm(["import", str(package)], elsewhere))
    assert "was already opened" in ok(run_bmm(["import", str(package)], elsewhere))
    assert opened.splitlines()[-1] == f"{aid}-customs"
