"""`bmm analyse ID [--json]`: the documented JSON shape, the text lines, and import ≡ interview."""

from __future__ import annotations

import json
import os

import pytest
from helpers import FIXTURES, run_bmm

ANSWERS = "\n".join([
    "2026-03-14",       # ctx_date
    "1,3",              # ctx_scope: airports, seaports
    "2",                # trn_curriculum: no
    "1",                # trn_drafting (opened by "no"): yes
    "120",              # trn_trainees
    "2",                # trn_method: ad hoc requests
    "3",                # trn_level: the group says Established
    "Officers learn on the job.",
    "2",                # cnd_code: no
    "1",                # cnd_level
    "30",               # sys_connected
    "?",                # sys_plan (opened by under 50 %): don't know
]) + "\n"


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """One data folder for the module, holding one assessment interviewed in French."""
    home = tmp_path_factory.mktemp("analyse")
    env = dict(os.environ, BMM_HOME=str(home / "home"), BMM_PROMPTS=str(FIXTURES))
    env.pop("BMM_DEBUG", None)
    return env


@pytest.fixture(scope="module")
def aid(env) -> str:
    out = run_bmm(["new", "--country", "Avalon", "--framework", "mini", "--lang", "fr"], env)
    aid = out.stdout.strip().splitlines()[-1]
    done = run_bmm(["interview", aid, "--plain"], env, stdin=ANSWERS)
    assert done.returncode == 0, done.stderr
    return aid


def analysed(env, aid, *extra) -> dict:
    out = run_bmm(["analyse", aid, "--json", *extra], env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_json_holds_levels_scores_coverage_and_the_answers_behind_each_recommendation(env, aid):
    data = analysed(env, aid, "--lang", "en")
    assert data["schema"] == 1 and data["framework"] == "mini"
    by_id = {e["id"]: e for e in data["elements"]}
    assert list(by_id) == ["training", "conduct", "systems"]
    training = by_id["training"]
    assert {k: training[k] for k in ("component", "level", "group_level", "score", "coverage")} == {
        "component": "admin", "level": 1, "group_level": 3, "score": 1.5, "coverage": 1.0}
    assert [(a["question"], a["answer"], a["score"]) for a in training["answers"]] == [
        ("trn_curriculum", "No", 1), ("trn_method", "Ad hoc requests", 2)]
    assert by_id["conduct"]["level"] == 1 and by_id["conduct"]["score"] == 1
    assert by_id["systems"]["level"] is None  # nothing scored: not rated
    recs = {r["id"]: r for r in data["recommendations"]}
    assert set(recs) == {"trn_r_curriculum", "trn_r_needs", "cnd_r_code", "sys_r_rollout"}
    assert {k: recs["trn_r_curriculum"][k] for k in ("element", "priority", "horizon", "because")} == {
        "element": "training", "priority": "high", "horizon": "long", "because": ["trn_curriculum"]}
    # the roll-out rule read two answers: under 50 % connected, and no plan ("don't know")
    assert recs["sys_r_rollout"]["because"] == ["sys_connected", "sys_plan"]
    assert data["components"][0] == {"id": "admin", "level": 1, "score": 1.25, "coverage": 1.0}


def test_an_imported_export_analyses_like_the_interviewed_assessment(env, aid, tmp_path):
    export = tmp_path / "avalon.json"
    assert run_bmm(["export", aid, "-o", str(export)], env).returncode == 0
    imported = run_bmm(["import", str(export), "--id", "avalon-copy"], env)
    assert imported.returncode == 0, imported.stderr
    original, copy = analysed(env, aid), analysed(env, "avalon-copy")
    assert original.pop("assessment") == aid and copy.pop("assessment") == "avalon-copy"
    assert copy == original


def test_text_is_one_line_per_element_in_the_assessments_language(env, aid):
    out = run_bmm(["analyse", aid], env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    training = [x for x in lines if x.startswith("  Programme de formation")]
    assert training == ["  Programme de formation : Élémentaire (niveau 1, note 1,5) ; appréciation du groupe : "
                        "Établi ; 2 questions notées comptées sur 2 ; 2 recommandation(s)"]
    assert any("pas encore évalué" in x for x in lines)  # systems
    assert "Recommandations déclenchées : 4 (dont 3 de priorité haute)" in lines
    english = run_bmm(["analyse", aid, "--lang", "en"], env).stdout
    assert "  Training programme: Basic (level 1, score 1.5); group's rating: Established" in english


def test_unknown_assessment_is_one_clear_line(cli_env):
    out = run_bmm(["analyse", "nope"], cli_env)
    assert out.returncode != 0
    assert out.stderr.strip().startswith("bmm: no assessment 'nope'") and "Traceback" not in out.stderr
