"""Framework versions: declared changes map or flag old answers; undeclared ones are caught."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import FIXTURES, run_bmm

from assistant import framework as fw
from assistant.analysis import analyse
from assistant.engine.answers import Answer
from assistant.framework.loader import load
from assistant.report.build import snapshot
from assistant.session import Session
from assistant.store import Store


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def prompts(tmp_path):
    """A writable copy of the mini framework (version 0.1) in its own prompts folder."""
    root = tmp_path / "prompts"
    shutil.copytree(FIXTURES / "mini", root / "mini")
    return root


@pytest.fixture
def answered(prompts, tmp_path):
    """An assessment answered on version 0.1: a choice, a level and a free text."""
    store = Store(tmp_path / "data")
    a = store.create("Avalon", "mini", "0.1")
    for answer in (Answer("trn_curriculum", value="yes"), Answer("trn_method", value="adhoc"),
                   Answer("trn_level", value=3), Answer("trn_notes", value="Two academies.")):
        a.save(answer)
    a.close()
    return store, a.id


def release_0_2(prompts, declare=True):
    """Version 0.2: 'adhoc' renamed 'requests', trn_level re-worded, trn_notes removed."""
    fwy = prompts / "mini" / "framework.yaml"
    edit(fwy, 'version: "0.1"', 'version: "0.2"')
    if declare:
        fwy.write_text(fwy.read_text() + (
            "changes:\n"
            '  - {version: "0.2", question: trn_method, renamed: {adhoc: requests}}\n'
            '  - {version: "0.2", question: trn_level, reworded: true}\n'
            '  - {version: "0.2", question: trn_notes, removed: true}\n'))
    tr = prompts / "mini" / "training.yaml"
    edit(tr, "{value: adhoc, score: 2,", "{value: requests, score: 2,")
    edit(tr, "in: [none, adhoc]", "in: [none, requests]")
    edit(tr, "      adhoc:\n", "      requests:\n")  # its finding sentence follows the option
    edit(tr, "  - id: trn_notes\n    type: text\n    text: {en: Anything else about training?, "
             "fr: Autre chose sur la formation ?}\n", "")
    assert load(prompts / "mini").problems == []


def test_opening_an_older_assessment_maps_renamed_options_and_flags_the_rest(prompts, answered):
    store, aid = answered
    release_0_2(prompts)
    with Session.open(store, aid, str(prompts)) as s:
        answers = s.interview.answers
        assert answers["trn_method"].value == "requests"
        assert answers["trn_level"].status == "skipped" and answers["trn_level"].value is None
        assert "needs review: this question was re-worded in version 0.2" in answers["trn_level"].note
        assert "earlier answer: 3" in answers["trn_level"].note
        assert set(s.review) == {"trn_level", "trn_notes"}
        assert s.meta["framework_version"] == "0.2"
        result = analyse(s.framework, answers, "en")
        training = next(e for c in result.components for e in c.elements if e.id == "training")
        assert {c.question for c in training.contributions} == {"trn_curriculum", "trn_method"}
    # saved once: the next opening has nothing left to map, and the old answer is in the history
    with Session.open(store, aid, str(prompts)) as s:
        assert s.review == {} and s.upgraded_from is None
        assert s.interview.answers["trn_method"].value == "requests"
        assert any(h.get("action") == "upgrade" and h.get("question") == "trn_level"
                   and h["previous"]["value"] == 3 for h in s.assessment.history())


def test_the_report_of_an_older_assessment_never_counts_a_flagged_answer(prompts, answered):
    store, aid = answered
    release_0_2(prompts)
    framework = fw.get("mini", str(prompts))
    from assistant.engine.versions import reconcile

    with store.open(aid, write=False) as a:
        data = snapshot(a)
    rec = reconcile(framework, data.meta["framework_version"], data.answers)
    assert rec.answers["trn_method"].value == "requests"
    assert rec.answers["trn_level"].counts is False
    assert "trn_notes" not in rec.answers and rec.removed["trn_notes"].value == "Two academies."
    assert rec.undeclared == {}


def test_an_undeclared_change_is_flagged_not_printed_raw(prompts, answered):
    store, aid = answered
    release_0_2(prompts, declare=False)
    with Session.open(store, aid, str(prompts)) as s:
        method = s.interview.answers["trn_method"]
        assert method.status == "skipped" and "'adhoc' no longer fits this question" in method.note
        assert "trn_notes" in s.review


def test_validate_against_an_assessment_catches_undeclared_changes(prompts, answered, cli_env):
    store, aid = answered
    cli_env["BMM_HOME"] = str(store.folder.parent)
    release_0_2(prompts, declare=False)
    out = run_bmm(["validate", str(prompts / "mini"), "--against", aid], cli_env)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "framework.yaml:2:" in out.stdout
    assert f"assessment {aid} (version 0.1): 'trn_method': the answer 'adhoc' no longer fits" in out.stdout
    assert "'trn_notes': this question is no longer in the framework" in out.stdout


def test_validate_against_an_assessment_passes_when_changes_are_declared(prompts, answered, cli_env):
    store, aid = answered
    cli_env["BMM_HOME"] = str(store.folder.parent)
    release_0_2(prompts)
    out = run_bmm(["validate", str(prompts / "mini"), "--against", aid], cli_env)
    assert out.returncode == 0, out.stdout + out.stderr


def test_recorded_fingerprint_catches_changes_without_a_version_or_a_declaration(prompts, cli_env):
    out = run_bmm(["framework", "record", str(prompts / "mini")], cli_env)
    assert out.returncode == 0, out.stderr
    recorded = json.loads((prompts / "mini" / "fingerprint.json").read_text())
    assert recorded["version"] == "0.1" and "adhoc" in recorded["questions"]["trn_method"]["options"]
    tr = prompts / "mini" / "training.yaml"
    edit(tr, "{value: adhoc, score: 2,", "{value: requests, score: 2,")
    edit(tr, "in: [none, adhoc]", "in: [none, requests]")
    edit(tr, "      adhoc:\n", "      requests:\n")  # its finding sentence follows the option
    same_version = load(prompts / "mini").problems
    assert len(same_version) == 1
    assert "framework.yaml:2:1: option(s) 'adhoc' of 'trn_method' were removed or renamed, but the " \
           "version is still '0.1'" in same_version[0]
    edit(prompts / "mini" / "framework.yaml", 'version: "0.1"', 'version: "0.2"')
    (undeclared,) = load(prompts / "mini").problems
    assert "between 0.1 and 0.2 and no change declares it" in undeclared
    fwy = prompts / "mini" / "framework.yaml"
    fwy.write_text(fwy.read_text() + 'changes:\n  - {version: "0.2", question: trn_method, renamed: {adhoc: requests}}\n')
    assert load(prompts / "mini").problems == []


def test_declared_changes_are_checked(prompts):
    fwy = prompts / "mini" / "framework.yaml"
    fwy.write_text(fwy.read_text() + (
        "changes:\n"
        '  - {version: "0.3", question: trn_level, reworded: true}\n'
        '  - {version: "0.1", question: trn_method, renamed: {adhoc: requested}}\n'
        '  - {version: "0.1", question: trn_curriculum, removed: true}\n'))
    found = "\n".join(load(prompts / "mini").problems)
    assert "framework.yaml:25:6: change declared for version '0.3', later than the framework's version '0.1'" in found
    assert "'requested' is not an option of 'trn_method'" in found
    assert "question 'trn_curriculum' is declared removed but is still in the framework" in found
    fwy.write_text(fwy.read_text() + '  - {version: "0.1", question: trn_method, removed: true, reworded: true}\n')
    (both,) = load(prompts / "mini").problems
    assert "framework.yaml:28:5: changes: give exactly one of renamed" in both


def test_the_report_shows_needs_review_instead_of_a_raw_old_value(prompts, answered, tmp_path):
    from docx import Document

    from assistant.report.build import write_report

    store, aid = answered
    release_0_2(prompts, declare=False)  # 'adhoc' silently became 'requests'
    framework = fw.get("mini", str(prompts))
    with store.open(aid, write=False) as a:
        out = write_report(a, framework, tmp_path / "r.docx", lang="en")
    rows = [[c.text for c in r.cells] for t in Document(str(out)).tables for r in t.rows]
    method = next(r for r in rows if r[0] == "How are needs identified?" and len(r) == 2)  # annex A: the note under
    assert method[1].startswith("Needs review\nNote: ") and "the answer 'adhoc' no longer fits" in method[1]
    assert ["Training programme", "How are needs identified?", "Needs review"] in rows  # items to verify
    assert not any("adhoc" in cell for r in rows for cell in r if "no longer fits" not in cell)


def test_an_export_from_an_older_version_imports_and_is_mapped_when_opened(prompts, answered, cli_env):
    store, aid = answered
    cli_env["BMM_HOME"] = str(store.folder.parent)
    cli_env["BMM_PROMPTS"] = str(prompts)
    exported = run_bmm(["export", aid], cli_env)
    assert exported.returncode == 0, exported.stderr
    release_0_2(prompts)
    old = json.loads(exported.stdout)
    old["meta"]["id"] = "avalon-old"
    path = store.folder.parent / "old.json"
    path.write_text(json.dumps(old))
    out = run_bmm(["import", str(path)], cli_env)
    assert out.returncode == 0, out.stderr
    with Session.open(store, "avalon-old", str(prompts)) as s:
        assert s.interview.answers["trn_method"].value == "requests"


def test_the_plain_interview_says_how_many_answers_need_review(prompts, answered, cli_env):
    store, aid = answered
    cli_env["BMM_HOME"] = str(store.folder.parent)
    cli_env["BMM_PROMPTS"] = str(prompts)
    release_0_2(prompts)
    out = run_bmm(["interview", aid, "--plain"], cli_env, stdin=":quit\n")
    assert out.returncode == 0, out.stderr
    assert "started on version 0.1 of the framework, now 0.2: 2 answers need review" in out.stdout
    again = run_bmm(["interview", aid, "--plain"], cli_env, stdin=":quit\n")
    assert "need review" not in again.stdout  # said once, when the answers were set aside
