"""The question-tree format: loading, validation messages, `bmm validate`, `bmm framework show`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, edit, run_bmm

from assistant import paths
from assistant.framework.loader import load


@pytest.fixture
def broken(tmp_path) -> Path:
    """A copy of the mini framework that tests damage in place."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def problems(folder: Path) -> list[str]:
    return load(folder).problems


def test_mini_framework_loads_in_order(mini):
    assert [e.id for e in mini.elements()] == ["context", "training", "conduct", "systems"]
    assert [c.id for c in mini.components] == ["admin", "info"]
    kinds = {q.type for _, q in mini.questions()}
    assert kinds == {"yes_no", "single_choice", "multi_choice", "scale", "number", "text", "date"}


def test_yes_and_no_stay_strings(mini):
    q = next(q for _, q in mini.questions() if q.id == "trn_academy")
    assert q.when.equals == "yes"
    rule = next(r for r in mini.context.recommendations) if mini.context.recommendations else None
    assert rule is None


def test_unknown_key_is_located(broken):
    edit(broken / "conduct.yaml", "  - id: cnd_code\n    type: yes_no\n", "  - id: cnd_code\n    type: yes_no\n    guidence: oops\n")
    (msg,) = problems(broken)
    assert msg.endswith("conduct.yaml:7:5: unknown key 'guidence' (check its spelling, or remove it)")


def test_every_problem_is_reported_at_once(broken):
    edit(broken / "training.yaml", "fr: Est-il enseigné dans une académie ?", "de: Wird es gelehrt?")
    edit(broken / "training.yaml", 'when: {question: trn_curriculum, equals: "no"}', 'when: {question: trn_curriculum, equals: "nope"}')
    edit(broken / "systems.yaml", "question: sys_connected, less_than: 50}\n    text", "question: sys_plan, equals: \"yes\"}\n    text")
    edit(broken / "systems.yaml", "- not: {question: sys_plan,", "- not: {question: sys_plann,")
    edit(broken / "conduct.yaml", "question: cnd_code, equals", "question: cnd_breaches, equals")
    found = problems(broken)
    text = "\n".join(found)
    assert "missing 'fr' text (the framework declares en, fr)" in text
    assert "text in undeclared language 'de'" in text
    assert "'nope' is not an option of 'trn_curriculum' (options: yes, no)" in text
    assert "condition depends on itself ('sys_plan')" in text
    assert "condition names unknown question 'sys_plann'" in text
    assert "condition depends on itself ('cnd_breaches')" in text
    assert len(found) == 6
    for line in found:  # every message is file:line:column: message
        where, _, _ = line.partition(": ")
        name, line_no, col = where.rsplit(":", 2)
        assert name.endswith(".yaml") and int(line_no) > 0 and int(col) > 0


def test_partially_scored_question_and_wrong_scale(broken):
    edit(broken / "training.yaml", "{value: adhoc, score: 2,", "{value: adhoc,")
    edit(broken / "conduct.yaml", "      - {en: Independent oversight, fr: Contrôle indépendant}\n", "")
    text = "\n".join(problems(broken))
    assert "option 'adhoc' has no score, but other options of this question do" in text
    assert "has 3 levels but the framework's scale has 4" in text


def test_duplicate_ids_and_bad_type(broken):
    edit(broken / "conduct.yaml", "id: cnd_level", "id: trn_level")
    edit(broken / "systems.yaml", "type: number", "type: numbr")
    text = "\n".join(problems(broken))
    assert "duplicate question id 'trn_level' (also in element 'training')" in text
    assert "unknown question type 'numbr'; use one of: yes_no, single_choice" in text


def test_yaml_syntax_error_names_line(broken):
    edit(broken / "conduct.yaml", "intro: {en: Integrity of staff., fr: Intégrité du personnel.}", "intro: {en: Integrity: of staff")
    (msg,) = problems(broken)
    assert "conduct.yaml:" in msg and "invalid YAML" in msg


def test_missing_element_file(broken):
    (broken / "systems.yaml").unlink()
    (msg,) = problems(broken)
    assert "framework.yaml:17:" in msg and "element file 'systems.yaml' not found" in msg


def test_numeric_operator_on_text_question(broken):
    edit(broken / "conduct.yaml", "when: {question: cnd_code, equals: \"yes\"}", "when: {question: ctx_date, greater_than: 3}")
    (msg,) = problems(broken)
    assert "greater_than only applies to number and scale questions; 'ctx_date' is date" in msg


def test_validate_command_ok_and_failing(cli_env, broken):
    ok = run_bmm(["validate", str(FIXTURES / "mini")], cli_env)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "OK: 1 framework(s), 3 elements, 14 questions"
    edit(broken / "training.yaml", "type: scale", "type: scal")
    bad = run_bmm(["validate", str(broken)], cli_env)
    assert bad.returncode == 2
    assert "training.yaml:" in bad.stdout and "unknown question type 'scal'" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_framework_show_json(cli_env):
    out = run_bmm(["framework", "show", "mini", "--json"], cli_env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    el = data["components"][0]["elements"][0]
    assert el["id"] == "training"
    assert el["questions"][0]["id"] == "trn_curriculum"
    assert el["questions"][0]["text"] == {"en": "Is there a national curriculum?", "fr": "Existe-t-il un programme national ?"}
    assert el["recommendations"][0]["id"] == "trn_r_curriculum"
    assert el["questions"][1]["when"] == {"question": "trn_curriculum", "equals": "yes"}


def test_unknown_framework_is_one_line(cli_env):
    out = run_bmm(["framework", "show", "nope"], cli_env)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "no framework 'nope'" in out.stderr


def test_bundled_prompts_and_templates_ship_with_the_package():
    """Installed from a wheel, prompts/ and templates/ live inside the package."""
    import assistant

    pkg = Path(assistant.__file__).resolve().parent
    prompts = paths._bundled("prompts")
    assert (prompts / "bmm" / "framework.yaml").is_file()
    assert paths._bundled("templates").is_dir()
    if not (pkg.parent / "pyproject.toml").exists():  # an installed copy, not the source tree
        assert prompts == pkg / "prompts"


def test_condition_on_a_later_question(broken):
    edit(broken / "training.yaml", "  - id: trn_curriculum\n    type: yes_no\n", "  - id: trn_curriculum\n    type: yes_no\n    when: {question: trn_level, at_least: 2}\n")
    (msg,) = problems(broken)
    assert "training.yaml:8:12: condition depends on a later question ('trn_level')" in msg


def test_validated_framework_cache_follows_file_changes(broken, tmp_path, monkeypatch):
    from assistant import framework as fw
    from assistant.errors import FrameworkError

    monkeypatch.setenv("BMM_CACHE", str(tmp_path / "cache"))
    fw.get.cache_clear()
    first = fw.get("mini", str(broken.parent))
    assert list((tmp_path / "cache" / "frameworks").glob("mini-*.json"))
    edit(broken / "training.yaml", "Is there a national curriculum?", "Is there a national curriculum (revised)?")
    fw.get.cache_clear()
    second = fw.get("mini", str(broken.parent))
    assert first != second
    assert second.components[0].elements[0].questions[0].text["en"] == "Is there a national curriculum (revised)?"
    edit(broken / "training.yaml", "type: scale", "type: scal")
    fw.get.cache_clear()
    with pytest.raises(FrameworkError, match="unknown question type 'scal'"):
        fw.get("mini", str(broken.parent))
    fw.get.cache_clear()


def test_framework_file_mistakes_are_located(broken):
    edit(broken / "framework.yaml", "  - id: admin", "  - id: Admin Bad")
    edit(broken / "framework.yaml", "languages: [en, fr]", "languages: [en, FR]")
    found = "\n".join(problems(broken))
    assert "framework.yaml:12:5: id: 'Admin Bad' is not a valid id; use lowercase letters" in found
    assert "framework.yaml:3:17: languages: 'FR' is not a language code; use two lowercase letters" in found


def test_thresholds_no_answer_can_reach(broken):
    edit(broken / "systems.yaml", "less_than: 50}\n    text", "less_than: 500}\n    text")
    edit(broken / "training.yaml", "when: {question: trn_method, in: [none, adhoc]}", "when: {question: trn_trainees, equals: thirty}")
    found = "\n".join(problems(broken))
    assert "500 is outside the answers 'sys_connected' accepts (0–100)" in found
    assert "'thirty' is not a number; 'trn_trainees' is a number question" in found


def test_a_recommendation_that_fires_with_nothing_answered_is_reported(broken):
    edit(broken / "conduct.yaml", 'when: {question: cnd_code, in: ["no", dont_know]}', 'when: {not: {question: cnd_code, equals: "yes"}}')
    (msg,) = problems(broken)
    assert "recommendation 'cnd_r_code' fires even when nothing is answered" in msg
    assert "add {question: cnd_code, answered: true}" in msg


def test_the_framework_cache_keeps_only_the_latest_versions(broken, tmp_path, monkeypatch):
    """Every edit of a question tree (or a new version of the assistant) writes a new cache entry:
    the folder keeps the latest few, not every version ever validated (1,371 files, 201 MB, were
    found in a developer's cache)."""
    from assistant import framework as fw
    from assistant.framework.loader import KEEP

    monkeypatch.setenv("BMM_CACHE", str(tmp_path / "cache"))
    for i in range(KEEP + 5):
        edit(broken / "training.yaml", "Is there a national curriculum", f"Is there a national curriculum {i}")
        fw.get.cache_clear()
        latest = fw.get("mini", str(broken.parent))
        assert latest.components[0].elements[0].questions[0].text["en"].startswith(f"Is there a national curriculum {i}")
    entries = list((tmp_path / "cache" / "frameworks").glob("mini-*.json"))
    assert len(entries) == KEEP
    fw.get.cache_clear()
    again = fw.get("mini", str(broken.parent))  # the latest is still there, and used
    assert again == latest
    fw.get.cache_clear()
