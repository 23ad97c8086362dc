"""The best and worst answer sets: what they answer, what they fire, declared extremes, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES

from assistant.analysis.extremes import BEST, WORST, answers, extremes
from assistant.framework.loader import load


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def values(framework, side) -> dict:
    return {a.question: a.value for a in answers(framework, side)}


def test_best_answers_walk_the_interview_and_open_follow_ups(mini):
    got = values(mini, BEST)
    assert got["trn_curriculum"] == "yes" and "trn_academy" in got  # its follow-up was answered too
    assert "trn_drafting" not in got  # only opened by "no"
    assert got["trn_method"] == "analysis"  # highest-scored option
    assert got["trn_level"] == 4 and got["cnd_level"] == 4
    assert got["cnd_code"] == "yes"  # unscored yes/no: yes at best
    assert got["ctx_scope"] == ["air"]  # unscored choice: first option
    assert got["sys_connected"] == 50  # number: middle of its range
    assert "dont_know" not in got.values() and "not_applicable" not in got.values()


def test_worst_answers_take_the_lowest_and_open_other_follow_ups(mini):
    got = values(mini, WORST)
    assert got["trn_curriculum"] == "no" and "trn_drafting" in got and "trn_academy" not in got
    assert got["trn_method"] == "none"
    assert got["trn_level"] == 1
    assert got["cnd_code"] == "no" and "cnd_breaches" not in got


def test_rules_fired_and_levels_per_element(mini):
    ex = extremes(mini)
    training = ex.element("training")
    assert training.best.fired == ()
    assert [r.id for r in training.worst.fired] == ["trn_r_curriculum", "trn_r_needs"]
    assert training.worst.high == 1
    assert training.best.level > training.worst.level == 1
    assert [r.id for r in ex.element("conduct").worst.fired] == ["cnd_r_code"]
    assert ex.element("systems").worst.fired == ()  # 50 % connected is not under 50
    assert ex.high_share() == pytest.approx(2 / 3)


def test_declared_best_and_worst_steer_unscored_questions(copy):
    edit(copy / "systems.yaml", "    max: 100\n", "    max: 100\n    best: 100\n    worst: 0\n")
    ex = extremes(load(copy).framework)
    systems = ex.element("systems")
    assert systems.best.fired == ()
    assert [r.id for r in systems.worst.fired] == ["sys_r_rollout"]
    assert systems.worst.because["sys_r_rollout"] == (("sys_connected", 0), ("sys_plan", "no"))


def test_scored_multi_choice_best_ticks_every_measure_worst_the_exclusive_option(copy):
    ctx = copy / "context.yaml"
    edit(ctx, "{value: air, label", "{value: air, score: 4, label")
    edit(ctx, "{value: land, label", "{value: land, score: 3, label")
    edit(ctx, "{value: sea, label", "{value: sea, score: 2, label")
    edit(ctx, "{value: none, exclusive: true, label", "{value: none, score: 1, exclusive: true, label")
    fw = load(copy).framework
    assert values(fw, BEST)["ctx_scope"] == ["air", "land", "sea"]
    assert values(fw, WORST)["ctx_scope"] == ["none"]
    edit(ctx, "      - {value: none, score: 1, exclusive: true, label: {en: None of these, fr: Aucune de celles-ci}}\n", "")
    assert values(load(copy).framework, WORST)["ctx_scope"] == ["sea"]  # no exclusive: lowest-scored


@pytest.mark.parametrize(
    ("after", "declared", "message"),
    [
        ("    max: 100\n", "    best: 101\n", "best: 101 is outside the range 'sys_connected' accepts"),
        ("    max: 100\n", "    worst: lots\n", "worst: 'lots' is not a number"),
        ("  - id: sys_plan\n    type: yes_no\n", "    best: maybe\n", "best: 'maybe' is not an option of 'sys_plan'"),
        ("  - id: sys_plan\n    type: yes_no\n", "    worst: dont_know\n", "worst: 'dont_know' cannot be a worst answer"),
    ],
)
def test_bad_declared_extremes_are_reported_with_their_file(copy, after, declared, message):
    edit(copy / "systems.yaml", after, after + declared)
    found = load(copy).problems
    assert len(found) == 1 and "systems.yaml:" in found[0] and message in found[0], found


def test_scored_questions_cannot_declare_extremes(copy):
    edit(copy / "training.yaml", "    scores: {yes: 3, no: 1}\n", "    scores: {yes: 3, no: 1}\n    best: \"no\"\n")
    (msg,) = load(copy).problems
    assert "training.yaml:" in msg and "'trn_curriculum' is scored" in msg


def test_cli_prints_levels_and_rules_per_element(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "assistant.analysis.extremes", "training", "--framework", "mini",
         "--prompts", str(FIXTURES)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "training (admin)" in out.stdout and "conduct" not in out.stdout.split("total:")[0]
    assert "worst   2 fired, 1 high: trn_r_curriculum (high), trn_r_needs (medium)" in out.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "assistant.analysis.extremes", "nope", "--framework", "mini",
         "--prompts", str(FIXTURES)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert bad.returncode == 2 and bad.stderr.strip() == "error: no element nope in mini"
