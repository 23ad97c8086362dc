"""`bmm validate` checks every scored question's finding sentences (planted faults on a copy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, edit, run_bmm

from assistant.framework.checks import finding_check
from assistant.framework.loader import load


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def findings(folder: Path) -> list[str]:
    loaded = load(folder)
    assert loaded.problems == [], loaded.problems  # finding faults never stop a framework loading
    return finding_check(loaded.framework, loaded.sources)


def test_the_mini_framework_has_every_finding_it_needs(copy):
    assert findings(copy) == []


def test_each_fault_is_named_by_file_question_and_key(copy, cli_env):
    tr, cnd, sysf = copy / "training.yaml", copy / "conduct.yaml", copy / "systems.yaml"
    # a missing French sentence, a whole key gone, a key that is no answer, a foreign placeholder
    edit(tr, "        fr: Un programme national de formation définit ce que chaque agent des frontières apprend.\n", "")
    edit(tr, '      "4":\n        en: Training follows an accredited framework that is reviewed regularly.\n'
             "        fr: La formation suit un cadre accrédité et régulièrement révisé.\n", "")
    edit(tr, "      adhoc:\n", "      ad_hoc:\n")
    edit(sysf, "{value}{unit} of the crossing", "{count}{unit} of the crossing")
    edit(cnd, "      \"yes\":\n        en: A code of conduct binds every border official.",
         "      \"yes\":\n        en: A code of conduct {binds every border official.")
    out = run_bmm(["validate", str(copy)], cli_env)
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stdout.splitlines()

    def line(*parts: str) -> str:
        hits = [x for x in lines if all(p in x for p in parts)]
        assert len(hits) == 1, (parts, out.stdout)
        return hits[0]

    assert line("'trn_curriculum'", "'yes'", "no 'fr' sentence").startswith("mini/training.yaml:")
    assert "training.yaml:" in line("'trn_level'", "no finding sentence for '4'")
    assert "training.yaml:" in line("'trn_method'", "no finding sentence for 'adhoc'")
    assert "training.yaml:" in line("finding key 'ad_hoc' is not an answer of 'trn_method'")
    assert "systems.yaml:" in line("'sys_connected'", "unknown placeholder {count}")
    assert "conduct.yaml:" in line("'cnd_code'", "stray brace")
    assert "Traceback" not in out.stdout + out.stderr
    assert "6 problem(s) found" in out.stderr


def test_every_question_type_has_its_own_keys(copy):
    tr, ctx = copy / "training.yaml", copy / "context.yaml"
    # a multi_choice with option scores needs "some" and its exclusive options; a text takes none
    edit(ctx, "{value: air, label:", "{value: air, score: 3, label:")
    for value in ("land", "sea"):
        edit(ctx, f"{{value: {value}, label:", f"{{value: {value}, score: 2, label:")
    edit(ctx, "{value: none, exclusive: true, label:", "{value: none, exclusive: true, score: 1, label:")
    edit(tr, "    text: {en: Anything else about training?",
         "    finding: {any: {en: Officials said more., fr: Les agents en ont dit plus.}}\n"
         "    text: {en: Anything else about training?")
    problems = findings(copy)
    assert any("'ctx_scope' has no finding sentence for 'some', 'none'" in p for p in problems), problems
    assert any("text questions take no finding" in p and "training.yaml:" in p for p in problems), problems
    # a number needs its figure
    edit(copy / "systems.yaml", 'en: "{value}{unit} of the crossing', 'en: "Most of the crossing')
    assert any("'sys_connected'" in p and "put {value} where it goes" in p for p in findings(copy))


def test_unscored_questions_need_no_finding_but_may_have_one(copy):
    tr = copy / "training.yaml"
    edit(tr, "    when: {question: trn_curriculum, equals: \"yes\"}\n",
         "    when: {question: trn_curriculum, equals: \"yes\"}\n"
         "    finding: {\"yes\": {en: An academy teaches it., fr: Une académie l'enseigne.}, maybe: {en: x, fr: y}}\n")
    (problem,) = findings(copy)
    assert "finding key 'maybe' is not an answer of 'trn_academy' (keys: yes, no)" in problem
