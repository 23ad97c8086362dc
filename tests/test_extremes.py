"""The best and worst answer sets: what they answer, what they fire, declared extremes, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, edit, run_bmm

from assistant.analysis.extremes import BEST, WORST, answers, extremes
from assistant.framework.loader import load


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


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


def test_a_whole_number_question_takes_a_whole_best_answer(copy):
    edit(copy / "training.yaml", "    integer: true\n", "    integer: true\n    best: 2.5\n")
    (msg,) = load(copy).problems
    assert "training.yaml:" in msg and "best: 'trn_trainees' takes whole numbers, not 2.5" in msg


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


RULE = """  - id: {id}
    when: {when}
{extra}    text: {{en: Do it., fr: Le faire.}}
    horizon: short
    priority: {priority}
    lead: {{en: Ministry, fr: Ministère}}
"""


def add_rule(folder: Path, rid: str, when: str, priority: str = "medium", extra: str = "") -> None:
    path = folder / "training.yaml"
    path.write_text(path.read_text(encoding="utf-8") + RULE.format(id=rid, when=when, priority=priority, extra=extra),
                    encoding="utf-8")


def test_validate_flags_a_rule_that_fires_at_best(cli_env, copy):
    add_rule(copy, "trn_r_wrong", '{question: trn_curriculum, equals: "yes"}')
    out = run_bmm(["validate", str(copy)], cli_env)
    assert out.returncode == 2  # problems found
    (line,) = [x for x in out.stdout.splitlines() if "trn_r_wrong" in x]
    assert "training.yaml:" in line
    assert "fires when every answer is at its best (trn_curriculum=yes)" in line


def test_validate_flags_more_than_four_rules_at_worst(cli_env, copy):
    for n in range(3):
        add_rule(copy, f"trn_r_extra{n}", '{question: trn_curriculum, equals: "no"}')
    out = run_bmm(["validate", str(copy)], cli_env)
    assert out.returncode == 2
    assert "element 'training' fires 5 recommendations with the worst answers (at most 4)" in out.stdout
    add_rule(copy, "trn_r_more", '{question: trn_method, in: [none, adhoc]}')  # 6 now
    out = run_bmm(["validate", str(copy)], cli_env)
    assert "fires 6 recommendations" in out.stdout


def test_validate_warns_when_high_is_over_a_third_of_the_worst_case(cli_env, copy):
    out = run_bmm(["validate", str(copy)], cli_env)
    assert out.returncode == 0  # a warning, not an error
    assert 'warning: 2 of the 3 recommendations the worst answers fire are "high" (67%' in out.stderr
    edit(copy / "conduct.yaml", "priority: high", "priority: medium")
    out = run_bmm(["validate", str(copy)], cli_env)
    assert out.returncode == 0 and '"high"' not in out.stderr  # 1 of 3 is a third: allowed


def test_validate_asks_for_best_and_worst_of_unscored_questions_rules_read(cli_env, copy):
    out = run_bmm(["validate", str(copy)], cli_env)
    assert out.returncode == 0
    assert "systems.yaml:5:5: warning: rule 'sys_r_rollout' reads 'sys_connected'; if its answer reflects " \
           "maturity, declare its best: and worst: answers" in out.stderr
    edit(copy / "systems.yaml", "    max: 100\n", "    max: 100\n    best: 100\n    worst: 0\n")
    out = run_bmm(["validate", str(copy)], cli_env)
    assert out.returncode == 0 and "sys_connected" not in out.stderr


def test_unless_stops_a_rule_when_an_answer_says_it_is_in_place(copy):
    add_rule(copy, "trn_r_academy", "{question: trn_level, at_most: 4}",
             extra='    unless: {question: trn_curriculum, equals: "yes"}\n')
    ex = extremes(load(copy).framework)
    training = ex.element("training")
    assert "trn_r_academy" not in [r.id for r in training.best.fired]
    assert "trn_r_academy" in [r.id for r in training.worst.fired]
    assert training.worst.because["trn_r_academy"] == (("trn_curriculum", "no"), ("trn_level", 1))


def test_unless_naming_an_unknown_question_is_located(copy):
    add_rule(copy, "trn_r_academy", "{question: trn_level, at_most: 4}",
             extra='    unless: {question: trn_curiculum, equals: "yes"}\n')
    (msg,) = load(copy).problems
    assert "training.yaml:" in msg and "condition names unknown question 'trn_curiculum'" in msg
