"""The scoring model on the real bmm framework: extremes, monotonicity, coverage, the group's rating."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import framework as fw
from assistant.analysis import analyse
from assistant.analysis.best_worst import BEST, NEUTRAL_DATE, NEUTRAL_TEXT, extreme
from assistant.analysis.extremes import extremes
from assistant.analysis.levels import group_note, is_scored
from assistant.engine.answers import Answer
from assistant.framework.loader import load


@pytest.fixture(scope="module")
def bmm() -> fw.Framework:
    return fw.get("bmm")


@pytest.fixture(scope="module")
def bmm_extremes(bmm):
    return extremes(bmm)


def test_best_answers_give_the_top_level_in_every_element(bmm, bmm_extremes):
    top = max(s.level for s in bmm.scale)
    levels = {row.element.id: row.best.level for row in bmm_extremes.elements if row.component}
    assert len(levels) == 28
    assert set(levels.values()) == {top}, {k: v for k, v in levels.items() if v != top}


def test_worst_answers_give_level_1_in_every_element(bmm_extremes):
    levels = {row.element.id: row.worst.level for row in bmm_extremes.elements if row.component}
    assert set(levels.values()) == {1}, {k: v for k, v in levels.items() if v != 1}


# ---- monotonicity -----------------------------------------------------------------------------

def random_value(q, rnd: random.Random):
    """A real (never don't know / not applicable) answer to ``q``, normalised."""
    kind = q.type
    if kind == "scale":
        return rnd.randint(1, len(q.levels))
    if kind == "yes_no":
        return rnd.choice(["yes", "no"])
    if kind == "single_choice":
        return rnd.choice(q.options).value
    if kind == "multi_choice":
        exclusive = [o.value for o in q.options if o.exclusive]
        if exclusive and rnd.random() < 0.2:
            return [exclusive[0]]
        measures = [o.value for o in q.options if not o.exclusive]
        picked = set(rnd.sample(measures, rnd.randint(1, len(measures))))
        return [v for v in measures if v in picked]
    if kind == "number":
        lo = q.min if q.min is not None else 0
        hi = q.max if q.max is not None else lo + 1000
        return rnd.randint(int(lo), int(hi)) if q.integer else round(rnd.uniform(lo, hi), 1)
    return NEUTRAL_DATE if kind == "date" else NEUTRAL_TEXT


def interview(framework, memo: dict, rnd: random.Random, override: dict | None = None) -> list[Answer]:
    """Answer every question that applies, in order (follow-ups opened by an answer are answered)."""
    values, out = {}, []
    for _, q in framework.questions():
        if q.when is None or q.when.evaluate(values):
            if override and q.id in override:
                value = override[q.id]
            else:
                value = memo.setdefault(q.id, random_value(q, rnd))
            values[q.id] = value
            out.append(Answer(q.id, value=value))
    return out


def better(q, value, rnd: random.Random):
    """A strictly better answer than ``value``, or None when it is already the best."""
    if q.type == "yes_no":
        ups = [v for v in ("yes", "no") if q.scores[v] > q.scores[value]]
        return rnd.choice(ups) if ups else None
    if q.type == "single_choice":
        now = next(o.score for o in q.options if o.value == value)
        ups = [o.value for o in q.options if o.score > now]
        return rnd.choice(ups) if ups else None
    measures = [o.value for o in q.options if not o.exclusive and o.score is not None]
    missing = [v for v in measures if v not in value]
    if not missing:
        return None
    kept = [v for v in value if v in measures]
    add = rnd.choice(missing)
    return [v for v in measures if v in kept or v == add]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_improving_one_answer_never_lowers_a_level(bmm, seed):
    rnd = random.Random(seed)
    memo: dict = {}
    before_answers = interview(bmm, memo, rnd)
    questions = {q.id: q for _, q in bmm.questions()}
    candidates = [(a.question, b) for a in before_answers
                  if is_scored(q := questions[a.question]) and (b := better(q, a.value, rnd)) is not None]
    qid, improved = rnd.choice(candidates)
    after_answers = interview(bmm, memo, rnd, {qid: improved})
    before, after = analyse(bmm, before_answers), analyse(bmm, after_answers)
    for b, a in zip(before.elements, after.elements, strict=True):
        assert b.rating.rated and a.rating.rated, b.id  # everything answered: every element rated
        assert a.rating.score >= b.rating.score - 1e-9, (b.id, qid, improved)
        assert a.rating.level >= b.rating.level, (b.id, qid, improved)
    for b, a in zip(before.components, after.components, strict=True):
        assert a.rating.level >= b.rating.level


def test_opening_a_follow_up_never_lowers_the_score(tmp_path):
    """A scored follow-up not asked because its gate was worse counts as its worst answer."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    path = target / "training.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - id: trn_academy\n    type: yes_no\n", "  - id: trn_academy\n    type: yes_no\n    scores: {yes: 4, no: 1}\n")
    text = text.replace("  - id: trn_drafting\n    type: yes_no\n", "  - id: trn_drafting\n    type: yes_no\n    scores: {yes: 2, no: 1}\n")
    path.write_text(text, encoding="utf-8")
    mini = load(target).framework

    def training(*answers):
        return analyse(mini, [Answer(q, value=v) for q, v in answers]).element("training")

    no = training(("trn_curriculum", "no"), ("trn_drafting", "yes"), ("trn_method", "analysis"))
    # curriculum 1, academy not asked (worse gate) 1, drafting yes 4, method 4
    assert [(c.question, c.score, c.rule) for c in no.contributions] == [
        ("trn_curriculum", 1, "yes_no"), ("trn_academy", 1, "not_asked"),
        ("trn_drafting", 4, "yes_no"), ("trn_method", 4, "option")]
    assert no.contributions[1].answer_text == "not asked (settled by an earlier answer)"
    yes = training(("trn_curriculum", "yes"), ("trn_academy", "no"), ("trn_method", "analysis"))
    # curriculum 4, academy no 1, drafting not asked (better gate) 4, method 4
    assert yes.rating.score == pytest.approx(13 / 4) and no.rating.score == pytest.approx(10 / 4)
    # a follow-up behind a "don't know" does not count at all
    dk = analyse(mini, [Answer("trn_curriculum", status="dont_know"), Answer("trn_method", value="analysis")])
    assert [c.question for c in dk.element("training").contributions] == ["trn_method"]


def test_a_follow_up_that_depends_on_circumstances_does_not_count_when_not_asked(tmp_path):
    """Neither the best nor the worst answers open it (it asks about land borders): no score."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    path = target / "systems.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("questions:\n", """questions:
  - id: sys_land_posts
    type: yes_no
    scores: {yes: 4, no: 1}
    when: {question: ctx_scope, contains: land}
    text: {en: Are land posts connected?, fr: Les postes terrestres sont-ils connectés ?}
""", 1), encoding="utf-8")
    mini = load(target).framework
    air = analyse(mini, [Answer("ctx_scope", value=["air"])]).element("systems")
    assert air.scored == 1 and air.counted == 0 and not air.rating.rated
    land = analyse(mini, [Answer("ctx_scope", value=["land"]), Answer("sys_land_posts", value="no")])
    assert land.element("systems").rating.level == 1


# ---- coverage ----------------------------------------------------------------------------------

def test_an_element_under_half_answered_is_not_rated_yet(bmm):
    """For every element: the best answers elsewhere, and only its first k scored questions answered.

    A follow-up not asked because its (answered) gate settles it counts as answered.
    """
    best = interview(bmm, {}, random.Random(0), override={q.id: extreme(q, BEST) for _, q in bmm.questions()})
    unrated = 0
    for component in bmm.components:
        for element in component.elements:
            scored = [q.id for q in element.questions if is_scored(q)]
            own = {q.id for q in element.questions}
            n = len(scored)
            for k in sorted({0, (n - 1) // 2, (n + 1) // 2, n}):
                keep = set(scored[:k])
                answers = [a for a in best if a.question not in own or a.question in keep]
                result = analyse(bmm, answers).element(element.id)
                assert result.scored == n
                under_half = result.counted * 2 < n
                assert result.rating.rated is not under_half, (element.id, k, result.counted)
                if under_half:
                    assert result.rating.level is None
                    unrated += 1
    full = analyse(bmm, best)
    assert all(e.rating.rated and e.counted * 2 >= e.scored for e in full.elements)  # all answered: rated
    assert unrated >= 28  # at least nothing answered leaves every element unrated


# ---- the group's own rating -------------------------------------------------------------------

def test_the_groups_rating_is_kept_beside_the_level_and_a_difference_is_told(mini):
    answers = [Answer("trn_curriculum", value="no"), Answer("trn_method", value="none"), Answer("trn_level", value=4)]
    result = analyse(mini, answers).element("training")
    assert result.rating.level == 1 and result.group_level == 4
    assert group_note(result, mini, "en") == (
        "The group rated this element Advanced, higher than the level its answers give (Basic).")
    assert group_note(result, mini, "fr").startswith("Le groupe a placé cet élément au niveau Avancé, plus élevé")
    same = analyse(mini, [*answers[:2], Answer("trn_level", value=1)]).element("training")
    assert same.rating.level == 1 and group_note(same, mini, "en") == ""


def test_declared_thresholds_are_checked(tmp_path):
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    path: Path = target / "framework.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("label: {en: Established, fr: Établi}}", "label: {en: Established, fr: Établi}, min_score: 3.5}")
                    .replace("label: {en: Advanced, fr: Avancé}}", "label: {en: Advanced, fr: Avancé}, min_score: 3.2}"),
                    encoding="utf-8")
    (msg,) = load(target).problems
    assert "framework.yaml:" in msg and "min_score must be higher than the level below's (3.5)" in msg


def test_the_element_summary_says_when_the_groups_rating_differs(store, mini):
    from assistant.session import Session
    from assistant.tui.bridge import element_findings

    a = store.create("Avalon", mini.id, mini.version, title="Baseline", lang="fr")
    with Session(a, mini) as s:
        for qid, value in (("trn_curriculum", "no"), ("trn_method", "none"), ("trn_level", 4)):
            s.submit_value(value, qid)
        shown = element_findings(s, "training").level
    assert shown.startswith("1 Élémentaire (")
    assert "Le groupe a placé cet élément au niveau Avancé, plus élevé que celui que donnent ses réponses" in shown
