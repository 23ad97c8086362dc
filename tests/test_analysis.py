"""Analysis on hand-built answer sets: levels, coverage, gaps, rules, road map, edits."""

from __future__ import annotations

import pytest

from assistant.analysis import analyse
from assistant.analysis import edits as edit_api
from assistant.engine.answers import Answer
from assistant.errors import BmmError


def A(qid, value=None, status="answered", note=""):  # noqa: N802 - reads like a table row
    return Answer(qid, status=status, value=value, note=note)


def test_element_score_is_the_mean_of_answers_placed_between_worst_and_best(mini):
    result = analyse(mini, [A("trn_curriculum", "yes"), A("trn_method", "adhoc"), A("trn_level", 2)])
    training = result.element("training")
    # the group's own rating (the scale question) is kept beside the level, not averaged in
    assert [c.question for c in training.contributions] == ["trn_curriculum", "trn_method"]
    assert training.group_level == 2
    # yes is the best answer (4); "ad hoc" scores 2 on a 1..4 range: a third of the way (2.0)
    assert [c.score for c in training.contributions] == [4, pytest.approx(2.0)]
    assert training.rating.score == pytest.approx(3.0)
    assert training.rating.level == 3
    # the explanation keeps the answers in words
    assert training.contributions[1].answer_text == "Ad hoc requests"


def test_level_is_the_highest_threshold_reached_and_unscored_answers_do_not_count(mini):
    assert mini.thresholds() == {1: 1, 2: 1.75, 3: 2.5, 4: 3.25}  # equal bands when none declared
    result = analyse(mini, [A("trn_curriculum", "no"), A("trn_method", "adhoc"), A("trn_trainees", 40),
                            A("trn_notes", "text"), A("trn_level", 3), A("trn_drafting", "yes")])
    training = result.element("training")
    assert training.rating.score == pytest.approx(1.5) and training.rating.level == 1
    assert training.rating.parts == 2
    result = analyse(mini, [A("trn_curriculum", "yes"), A("trn_method", "none")])  # mean 2.5
    assert result.element("training").rating.level == 3  # Established starts at 2.5
    result = analyse(mini, [A("trn_curriculum", "yes")])  # half the scored questions: rated
    assert result.element("training").rating.level == 4


def test_dont_know_and_not_applicable_count_for_coverage_not_for_level(mini):
    result = analyse(mini, [A("trn_curriculum", status="dont_know"), A("trn_method", status="not_applicable"),
                            A("trn_level", 1), A("trn_trainees", status="skipped")])
    training = result.element("training")
    assert not training.rating.rated and training.group_level == 1  # no scored answer counts
    cov = training.coverage
    assert (cov.answered, cov.dont_know, cov.not_applicable, cov.open) == (1, 1, 1, 2)
    assert cov.applicable == 5  # curriculum, trainees, method, level, notes (no follow-up applies)
    assert cov.ratio == pytest.approx(3 / 5)
    assert cov.dont_know_share == pytest.approx(1 / 3)


def test_answers_of_questions_that_no_longer_apply_are_ignored(mini):
    # trn_academy applies only when trn_curriculum is yes; the curriculum answer is now "no"
    result = analyse(mini, [A("trn_curriculum", "no"), A("trn_academy", "yes")])
    assert "trn_academy" not in {q.id for q in result.element("training").questions}
    assert "trn_academy" not in result.answers


def test_unrated_elements_and_component_levels(mini):
    result = analyse(mini, [A("trn_curriculum", "yes"), A("trn_method", "analysis"), A("cnd_code", "no"),
                            A("trn_level", 4), A("cnd_level", 1), A("sys_connected", 80)])
    admin, info = result.components
    assert result.element("training").rating.score == 4.0 and result.element("conduct").rating.score == 1.0
    assert admin.rating.score == pytest.approx(2.5) and admin.rating.level == 3
    assert not info.rating.rated and not result.element("systems").rating.rated  # no scored question
    assert result.overall.score == pytest.approx(2.5)


def test_gaps_are_elements_below_established_ordered_by_distance(mini):
    result = analyse(mini, [A("trn_curriculum", "no"), A("trn_method", "adhoc"), A("cnd_code", "no")])
    assert result.established == 3
    assert [(g.element.id, g.distance) for g in result.gaps] == [("conduct", 1.5), ("training", 1.0)]
    result = analyse(mini, [A("trn_curriculum", "yes"), A("trn_method", "analysis"), A("cnd_code", "yes")])
    assert result.gaps == []


def test_triggered_and_untriggered_rules(mini):
    result = analyse(mini, [A("trn_curriculum", "no"), A("trn_method", "analysis"), A("cnd_code", "yes"),
                            A("sys_connected", 30), A("sys_plan", "yes")])
    assert [a.rule for a in result.actions] == ["trn_r_curriculum"]  # needs, code, roll-out not triggered
    action = result.actions[0]
    assert (action.horizon, action.priority, action.lead) == ("long", "high", "Training directorate")
    assert action.sdg == ("10.7",) and action.gcm == (11,)
    assert action.objective == "A national curriculum"
    assert [(e.question, e.answer_text) for e in action.because] == [("trn_curriculum", "No")]


def test_dont_know_triggers_rules_that_ask_for_it_and_order_is_by_priority(mini):
    result = analyse(mini, [A("cnd_code", status="dont_know"), A("trn_method", "none"),
                            A("sys_connected", 10)])
    assert [a.rule for a in result.actions] == ["cnd_r_code", "sys_r_rollout", "trn_r_needs"]
    assert [a.priority for a in result.actions] == ["high", "high", "medium"]


def test_road_map_groups_actions_by_objective_and_horizon(mini):
    result = analyse(mini, [A("trn_curriculum", "no"), A("trn_method", "none"), A("cnd_code", "no")])
    short = result.road_map("short")
    assert [(o.title, o.priority) for o in short] == [("Values and conduct", "high"),
                                                       ("Training programme", "medium")]
    long = result.road_map("long")
    assert [o.title for o in long] == ["A national curriculum"]
    assert long[0].actions[0].timeline == "2 to 5 years"


def test_french_analysis_speaks_french(mini):
    result = analyse(mini, [A("trn_curriculum", "no"), A("trn_level", 2)], lang="fr")
    action = result.actions[0]
    assert action.text == "Élaborer un programme national." and action.timeline == "2 à 5 ans"
    assert result.element("training").contributions[0].answer_text == "Non"


def test_facilitator_edits_survive_regeneration(mini, store):
    a = store.create("Avalon", "mini", "0.1")
    answers = [A("trn_curriculum", "no"), A("trn_method", "none"), A("cnd_code", "no")]
    for ans in answers:
        a.save(ans)
    edit_api.edit(a, "rec:trn_r_curriculum", owner="National Academy", timeline="2027–2029", status="agreed")
    edit_api.edit(a, "rec:trn_r_curriculum", priority="medium")  # merged with the first edit
    edit_api.drop(a, "rec:cnd_r_code")
    key = edit_api.add(a, "Twin the academy with a neighbour's.", horizon="long", priority="low",
                       element="training", owner="IOM")
    a.close()

    for _ in range(2):  # regenerating twice gives the same result
        b = store.open(a.id, write=False)
        result = analyse(mini, b.answers(), "en", b.edits())
        b.close()
        by_key = {x.key: x for x in result.actions}
        cur = by_key["rec:trn_r_curriculum"]
        assert (cur.owner, cur.timeline, cur.status, cur.priority) == ("National Academy", "2027–2029",
                                                                      "agreed", "medium")
        assert set(cur.edited) == {"owner", "timeline", "status", "priority"}
        assert "rec:cnd_r_code" not in by_key and [d.key for d in result.dropped] == ["rec:cnd_r_code"]
        added = by_key[key]
        assert added.added and added.element == "training" and added.objective == "Training programme"
        assert added.rank == (2, 1)

    b = store.open(a.id)
    edit_api.restore(b, "rec:cnd_r_code")
    edit_api.drop(b, key)
    edit_api.reset(b, "rec:trn_r_curriculum")
    result = analyse(mini, b.answers(), "en", b.edits())
    b.close()
    keys = [x.key for x in result.actions]
    assert "rec:cnd_r_code" in keys and key not in keys
    assert next(x for x in result.actions if x.key == "rec:trn_r_curriculum").owner == "Training directorate"


def test_an_edit_of_a_rule_that_stops_triggering_is_kept_for_when_it_triggers_again(mini, store):
    a = store.create("Avalon", "mini", "0.1")
    edit_api.edit(a, "rec:cnd_r_code", owner="Inspectorate")
    a.save(A("cnd_code", "yes"))
    assert analyse(mini, a.answers(), "en", a.edits()).actions == []
    a.save(A("cnd_code", "no"))
    assert analyse(mini, a.answers(), "en", a.edits()).actions[0].owner == "Inspectorate"
    a.close()


def test_edits_are_validated(store):
    a = store.create("Avalon", "mini", "0.1")
    with pytest.raises(BmmError, match="horizon"):
        edit_api.edit(a, "rec:x", horizon="soon")
    with pytest.raises(BmmError, match="cannot edit"):
        edit_api.edit(a, "rec:x", colour="red")
    with pytest.raises(BmmError, match="needs a text"):
        edit_api.add(a, "  ")
    a.close()


def test_restoring_a_dropped_row_keeps_its_other_edits():
    from helpers import FIXTURES

    from assistant import framework as fw
    from assistant.analysis import analyse
    from assistant.analysis import edits as ed
    from assistant.engine.answers import Answer
    from assistant.store import memory_store

    mini = fw.get("mini", str(FIXTURES))
    store = memory_store()
    a = store.create("Avalon", mini.id, mini.version)
    a.save(Answer("cnd_code", value="no"))
    ed.edit(a, "rec:cnd_r_code", owner="Inspectorate")
    ed.drop(a, "rec:cnd_r_code")
    assert "rec:cnd_r_code" not in {x.key for x in analyse(mini, a.answers(), "en", a.edits()).actions}
    ed.restore(a, "rec:cnd_r_code")
    shown = {x.key: x for x in analyse(mini, a.answers(), "en", a.edits()).actions}
    assert shown["rec:cnd_r_code"].owner == "Inspectorate"
