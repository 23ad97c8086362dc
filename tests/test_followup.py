"""Follow-up assessments: created from a baseline (also one on an older framework version),
"unchanged" in one step, the comparison, the road-map review, and export/import of the link."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, edit, run_bmm

from assistant import framework as fw
from assistant.engine.answers import Answer
from assistant.errors import BmmError
from assistant.followup.baseline import confirm_unchanged, create_follow_up, read_baseline
from assistant.followup.compare_cli import as_json, load
from assistant.followup.review import parse_status, reviews, save_review
from assistant.session import Session
from assistant.store import Store

BASELINE = {  # training weak, conduct strong, systems half-connected
    "ctx_date": "2026-03-14", "ctx_scope": ["air", "land"],
    "trn_curriculum": "no", "trn_drafting": "no", "trn_trainees": 50, "trn_method": "none", "trn_level": 2,
    "cnd_code": "yes", "cnd_breaches": "A disciplinary board.", "cnd_level": 3,
    "sys_connected": 40, "sys_plan": "no",
}


def save_all(a, values: dict) -> None:
    for qid, value in values.items():
        a.save(Answer(qid, value=value, who="Ana"))


@pytest.fixture
def home(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("BMM_PROMPTS", str(FIXTURES))
    return Store(tmp_path / "home")


@pytest.fixture
def baseline(home) -> str:
    a = home.create("Avalon", "mini", "0.1", title="Baseline 2026", agencies=["Police", "Customs"])
    save_all(a, BASELINE)
    a.close()
    return a.id


def test_a_follow_up_takes_the_baseline_country_team_and_the_current_version(home, baseline):
    f = create_follow_up(home, baseline)
    meta = f.meta
    f.close()
    assert meta["baseline"] == baseline and meta["country"] == "Avalon"
    assert meta["framework"] == "mini" and meta["framework_version"] == "0.1"
    assert meta["agencies"] == ["Police", "Customs"]
    assert meta["title"].startswith("Follow-up of Baseline 2026")
    with home.open(f.id, write=False) as again:  # the link is in the file itself
        assert again.meta["baseline"] == baseline and again.answers() == {}


def test_new_follow_up_from_the_command_line_and_a_missing_or_damaged_baseline(home, baseline, cli_env):
    cli_env["BMM_HOME"] = str(home.root)
    out = run_bmm(["new", "--follow-up", baseline, "--title", "Review 2029"], cli_env)
    assert out.returncode == 0, out.stderr
    fid = out.stdout.strip().splitlines()[-1]
    assert f"follow-up of {baseline}" in out.stdout
    listed = json.loads(run_bmm(["list", "--json"], cli_env).stdout)
    assert {r["id"]: r["title"] for r in listed}[fid] == "Review 2029"

    both = run_bmm(["new", "--follow-up", baseline, "--country", "Elsewhere"], cli_env)
    assert both.returncode == 2 and "takes its baseline's country" in both.stderr
    missing = run_bmm(["new", "--follow-up", "atlantis-0000"], cli_env)
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "no baseline assessment 'atlantis-0000'" in missing.stderr
    assert "Traceback" not in missing.stderr

    (home.folder / f"{baseline}.json").write_text("{ not json", encoding="utf-8")
    damaged = run_bmm(["new", "--follow-up", baseline], cli_env)
    assert damaged.returncode == 1 and damaged.stderr.count("\n") == 1, damaged.stderr
    assert f"the baseline {baseline} cannot be read" in damaged.stderr and "Traceback" not in damaged.stderr
    assert len(json.loads(run_bmm(["list", "--json"], cli_env).stdout)) == 2  # nothing new was created


def test_unchanged_records_the_baseline_answer_as_a_real_answer_with_its_history(home, baseline):
    fid = create_follow_up(home, baseline)
    fid.close()
    with Session.open(home, fid.id) as s:
        base = read_baseline(home, baseline, s.framework, s.lang)
        s.goto("training")
        assert s.current.id == "trn_curriculum"
        kept = confirm_unchanged(s, base)
        assert (kept.status, kept.value, kept.origin) == ("answered", "no", f"baseline:{baseline}")
        assert s.current.id == "trn_drafting"  # the interview moved on, as after any answer
        assert s.assessment.history()[-1]["question"] == "trn_curriculum"
        assert s.assessment.history()[-1]["value"] == "no"
    with Session.open(home, fid.id) as s:  # saved: reopened, it is there, and :undo takes it back
        assert s.interview.answers["trn_curriculum"].value == "no"
        q, taken, now = s.undo()
        assert q.id == "trn_curriculum" and taken.value == "no" and not now.counts


def test_unchanged_is_refused_where_the_baseline_has_no_answer(home, baseline):
    f = create_follow_up(home, baseline)
    f.close()
    with Session.open(home, f.id) as s:
        base = read_baseline(home, baseline, s.framework, s.lang)
        s.goto("training")
        s.submit("yes")  # now the curriculum exists: "academy" is asked, which the baseline never was
        assert s.current.id == "trn_academy"
        with pytest.raises(BmmError, match="no answer to this question"):
            confirm_unchanged(s, base)
        assert "trn_academy" not in s.interview.answers


# ---- a baseline on an older framework version ---------------------------------------------------
@pytest.fixture
def prompts(tmp_path, monkeypatch):
    root = tmp_path / "prompts"
    shutil.copytree(FIXTURES / "mini", root / "mini")
    monkeypatch.setenv("BMM_PROMPTS", str(root))
    return root


def release_0_2(prompts: Path) -> None:
    """Version 0.2: 'adhoc' renamed 'requests', trn_level re-worded, trn_notes removed."""
    fwy = prompts / "mini" / "framework.yaml"
    edit(fwy, 'version: "0.1"', 'version: "0.2"')
    fwy.write_text(fwy.read_text() + (
        "changes:\n"
        '  - {version: "0.2", question: trn_method, renamed: {adhoc: requests}}\n'
        '  - {version: "0.2", question: trn_level, reworded: true}\n'
        '  - {version: "0.2", question: trn_notes, removed: true}\n'))
    tr = prompts / "mini" / "training.yaml"
    edit(tr, "{value: adhoc, score: 2,", "{value: requests, score: 2,")
    edit(tr, "in: [none, adhoc]", "in: [none, requests]")
    edit(tr, "  - id: trn_notes\n    type: text\n    text: {en: Anything else about training?, "
             "fr: Autre chose sur la formation ?}\n", "")
    fw.get.cache_clear()  # this process read 0.1 already (a new `bmm` process starts afresh)


@pytest.fixture
def old_baseline(prompts, tmp_path):
    """A baseline answered on version 0.1, then the framework moves to 0.2."""
    store = Store(tmp_path / "home")
    a = store.create("Avalon", "mini", "0.1")
    save_all(a, {"trn_curriculum": "yes", "trn_academy": "no", "trn_method": "adhoc", "trn_level": 3,
                 "trn_notes": "Two academies."})
    a.close()
    release_0_2(prompts)
    return store, a.id


def test_a_follow_up_of_a_baseline_on_an_older_version(old_baseline):
    store, bid = old_baseline
    before = (store.folder / f"{bid}.json").read_bytes()
    f = create_follow_up(store, bid)
    assert f.meta["framework_version"] == "0.2"
    f.close()
    with Session.open(store, f.id) as s:
        base = read_baseline(store, bid, s.framework, s.lang)
        method, level = base.reference("trn_method"), base.reference("trn_level")
        assert method.answer.value == "requests" and method.confirmable  # renamed: matched by id, mapped
        assert level.earlier.value == 3 and level.changed and not level.confirmable  # re-worded: flagged
        assert base.reference("trn_trainees").earlier is None  # not answered then: no reference
        s.goto("training")
        s.submit("yes")
        s.submit("yes")
        s.submit("120")
        assert s.current.id == "trn_method"
        assert confirm_unchanged(s, base).value == "requests"
        assert s.current.id == "trn_level"
        with pytest.raises(BmmError, match="changed meaning"):
            confirm_unchanged(s, base)
        assert "trn_level" not in s.interview.answers  # never recorded silently
    assert (store.folder / f"{bid}.json").read_bytes() == before  # the baseline is only read
    with store.open(bid, write=False) as a:
        assert a.meta["framework_version"] == "0.1"

    c = as_json(load(store, bid, f.id))
    assert c["baseline"]["framework_version"] == "0.1" and c["framework_version"] == "0.2"
    assert c["removed_questions"] == [{"question": "trn_notes", "before": "Two academies."}]
    training = next(e for e in c["elements"] if e["id"] == "training")
    changes = {x["question"]: x for x in training["answers"]}
    assert "trn_method" not in changes  # "adhoc" then is "requests" now: the same answer
    assert changes["trn_academy"]["before_value"] == "no" and changes["trn_academy"]["after_value"] == "yes"
    assert changes["trn_level"]["meaning_changed"] is True and changes["trn_level"]["before_value"] == 3
    assert c["confirmed_unchanged"] == 1


# ---- the comparison -----------------------------------------------------------------------------
@pytest.fixture
def pair(home, baseline):
    """A follow-up where training improved, conduct did not change and systems fell back."""
    f = create_follow_up(home, baseline)
    save_all(f, {**BASELINE, "trn_curriculum": "yes", "trn_academy": "yes", "trn_trainees": 150,
                 "trn_method": "analysis", "trn_level": 3, "sys_connected": 20})
    f.close()
    return baseline, f.id


def test_compare_json_gives_both_levels_the_answers_that_changed_and_why(home, pair, cli_env):
    bid, fid = pair
    cli_env["BMM_HOME"] = str(home.root)
    out = run_bmm(["compare", bid, fid, "--json"], cli_env)
    assert out.returncode == 0, out.stderr
    c = json.loads(out.stdout)
    assert c["schema"] == 1 and c["baseline"]["id"] == bid and c["followup"]["id"] == fid
    el = {e["id"]: e for e in c["elements"]}
    training, conduct = el["training"], el["conduct"]
    assert training["before"] == {"level": 1, "score": 1.0}  # no curriculum, needs not identified
    assert training["after"] == {"level": 4, "score": 4.0}
    assert (training["change"], training["levels"], training["score"]) == ("up", 3, 3.0)
    changed = {x["question"]: (x["before_value"], x["after_value"]) for x in training["answers"]}
    assert changed == {"trn_curriculum": ("no", "yes"), "trn_academy": (None, "yes"),
                       "trn_drafting": ("no", None), "trn_trainees": (50, 150),
                       "trn_method": ("none", "analysis"), "trn_level": (2, 3)}
    assert {x["question"]: (x["before"], x["after"]) for x in training["why"]} == {
        "trn_curriculum": (1.0, 4.0), "trn_method": (1.0, 4.0)}
    assert conduct["change"] == "same" and conduct["answers"] == [] and conduct["why"] == []
    assert c["actions"] and all(x["status"] == "not_reviewed" for x in c["actions"])

    text = run_bmm(["compare", bid, fid], cli_env)
    assert text.returncode == 0, text.stderr
    assert "Training programme: 1 Basic (1.0) → 4 Advanced (4.0), up 3 levels" in text.stdout
    assert "Is there a national curriculum?: No → Yes" in text.stdout
    assert "Values and conduct: 4 Advanced (4.0) → 4 Advanced (4.0), unchanged" in text.stdout

    wrong = run_bmm(["compare", "nowhere-0000", fid], cli_env)
    assert wrong.returncode == 1 and "no baseline assessment 'nowhere-0000'" in wrong.stderr


def test_the_review_of_the_baseline_road_map_is_kept_and_counted(home, pair):
    bid, fid = pair
    base = read_baseline(home, bid)
    actions = {a.rule: a for a in base.actions}
    assert set(actions) == {"trn_r_curriculum", "trn_r_needs", "sys_r_rollout"}
    with home.open(fid) as f:
        save_review(f, actions["trn_r_curriculum"], parse_status("1"), "Curriculum adopted in 2028.")
        save_review(f, actions["trn_r_needs"], parse_status("en cours", "fr"))
        with pytest.raises(BmmError, match="Choose one of"):
            parse_status("maybe")
    c = as_json(load(home, bid, fid))
    statuses = {x["key"]: (x["status"], x["note"]) for x in c["actions"]}
    assert statuses == {"rec:trn_r_curriculum": ("done", "Curriculum adopted in 2028."),
                        "rec:trn_r_needs": ("in_progress", ""), "rec:sys_r_rollout": ("not_reviewed", "")}
    assert c["action_progress"] == {"done": 1, "in_progress": 1, "not_started": 0, "dropped": 0,
                                    "not_reviewed": 1}


def test_export_and_import_keep_the_link_and_the_reviews(home, pair, cli_env, tmp_path):
    bid, fid = pair
    base = read_baseline(home, bid)
    with home.open(fid) as f:
        save_review(f, base.actions[0], "dropped", "Overtaken by the new law.")
    cli_env["BMM_HOME"] = str(home.root)
    path = tmp_path / "follow-up.json"
    assert run_bmm(["export", fid, "-o", str(path)], cli_env).returncode == 0
    out = run_bmm(["import", str(path), "--id", "copy-of-follow-up"], cli_env)
    assert out.returncode == 0, out.stderr
    with home.open("copy-of-follow-up", write=False) as copy:
        assert copy.meta["baseline"] == bid
        assert reviews(copy)[base.actions[0].key]["status"] == "dropped"
    assert as_json(load(home, bid, "copy-of-follow-up"))["elements"] == as_json(load(home, bid, fid))["elements"]


# ---- plain mode -----------------------------------------------------------------------------------
def test_plain_mode_shows_the_baseline_and_takes_same_and_the_review(home, baseline, cli_env):
    cli_env["BMM_HOME"] = str(home.root)
    fid = run_bmm(["new", "--follow-up", baseline], cli_env).stdout.strip().splitlines()[-1]
    lines = [":same", "2029-04-02", ":same",  # the start date is today's (refused); the scope as at the baseline
             ":goto training", "yes", ":same", "yes", "120", "3", ":inchangé", "Two academies now.",
             "1: adopted in 2028", "", ":quit"]
    out = run_bmm(["interview", fid, "--plain"], cli_env, stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    said = out.stdout
    assert "This is the date of this assessment itself" in said
    assert "Baseline level of this element: 1 Basic (1.0)" in said
    assert "Baseline: No  (:same if it has not changed)" in said
    assert "The baseline has no answer to this question" in said  # trn_academy was not asked then
    assert "Saved, unchanged since the baseline." in said
    assert "The baseline's road map had 2 actions for Training programme" in said
    assert "Recorded: done." in said and "Left for later" in said
    with home.open(fid, write=False) as f:
        answers = f.answers()
        assert answers["ctx_date"].value == "2029-04-02" and answers["ctx_date"].origin == ""
        assert answers["ctx_scope"].value == ["air", "land"] and answers["ctx_scope"].origin == f"baseline:{baseline}"
        assert answers["trn_academy"].value == "yes"  # typed after :same was refused
        assert answers["trn_method"].value == "analysis" and answers["trn_method"].origin == ""
        assert answers["trn_level"].value == 2 and answers["trn_notes"].status == "answered"
        done = reviews(f)
        assert done == {"rec:trn_r_curriculum": done["rec:trn_r_curriculum"]}
        assert done["rec:trn_r_curriculum"]["status"] == "done"
        assert done["rec:trn_r_curriculum"]["note"] == "adopted in 2028"
