"""`bmm demo`: realistic, deterministic answers for every element, robust to new questions."""

from __future__ import annotations

import docx
import pytest
from helpers import run_bmm

from assistant import framework as fw
from assistant.analysis import analyse
from assistant.engine.answers import Answer
from assistant.report.consistency import contradictions, contradicts
from assistant.report.demo import demo_data, ensure_demo
from assistant.store import memory_store


@pytest.fixture(scope="module")
def bmm() -> fw.Framework:
    return fw.get("bmm")  # the bundled framework must load: a failure here is a real failure


def test_demo_answers_every_element_of_the_real_framework(bmm):
    store = memory_store()
    aid, created = ensure_demo(store, bmm, "en")
    assert created and aid == "demo-avalon"
    with store.open(aid, write=False) as a:
        meta, answers, edits = a.meta, a.answers(), a.edits()
    assert meta["country"] == "Republic of Avalon" and meta["end_date"] == "2026-03-20"
    result = analyse(bmm, answers, "en", edits)
    assert result.coverage.open == 0 and result.coverage.responded == result.coverage.applicable
    for element in result.elements:
        assert element.rating.rated, element.id
        assert element.id in demo_data()["elements"], f"no demo profile for {element.id}"
        assert any(answers[q.id].note for q in element.questions if q.id in answers), element.id
    levels = {e.rating.level for e in result.elements}
    assert len(levels) >= 3  # a realistic spread, not one flat level
    assert result.actions and result.gaps
    assert any(x.added for x in result.actions)  # a facilitator's own row, to show edits


def test_demo_is_deterministic_and_reused(bmm):
    one, two = memory_store(), memory_store()
    ensure_demo(one, bmm, "fr")
    ensure_demo(two, bmm, "fr")
    with one.open("demo-avalon-fr", write=False) as a, two.open("demo-avalon-fr", write=False) as b:
        first = {q: (x.status, x.value, x.note) for q, x in a.answers().items()}
        assert first == {q: (x.status, x.value, x.note) for q, x in b.answers().items()}
        assert a.meta["country"] == "République d'Avalon"
    assert ensure_demo(one, bmm, "fr") == ("demo-avalon-fr", False)
    with one.open("demo-avalon-fr", write=False) as a:
        assert {q: (x.status, x.value, x.note) for q, x in a.answers().items()} == first


def test_demo_keeps_working_when_questions_are_added(mini):
    store = memory_store()
    aid, _ = ensure_demo(store, mini, "en")  # elements without a profile get a default one
    with store.open(aid, write=False) as a:
        before = {q: x.value for q, x in a.answers().items()}
    data = mini.model_dump(by_alias=True, exclude_none=True)
    data["components"][0]["elements"][0]["questions"].append(
        {"id": "trn_new", "type": "yes_no", "scores": {"yes": 3, "no": 1}, "text": {"en": "New?", "fr": "Nouveau ?"}})
    grown = fw.Framework.model_validate(data)
    assert ensure_demo(store, grown, "en") == (aid, False)
    with store.open(aid, write=False) as a:
        after = {q: x.value for q, x in a.answers().items()}
        assert analyse(grown, a.answers()).coverage.open == 0
    assert set(after) - set(before) == {"trn_new"}
    assert {q: after[q] for q in before} == before


def test_bmm_demo_command_writes_the_report_and_prints_its_path(bmm, cli_env, tmp_path):
    env = dict(cli_env)
    env.pop("BMM_PROMPTS")
    r = run_bmm(["demo"], env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "demo-avalon-report.docx"
    assert str(out) in r.stdout and "Republic of Avalon" in r.stdout
    doc = docx.Document(str(out))
    elements = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert sum(1 for h in elements if h[:1].isdigit()) == sum(1 for _ in bmm.elements()) - 1
    # prose, not a question-and-answer dump: each question at most twice, each recommendation once
    whole = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert max(whole.count(fw.text(q.text, "en")) for _, q in bmm.questions()) <= 2
    assert all(whole.count(fw.text(r.text, "en")) <= 1 for el in bmm.elements() for r in el.recommendations)
    before = []
    for p in doc.paragraphs:
        if p.style.name == "Heading 1" and p.text.startswith("Annex A"):
            break
        before.append(p.text)
    assert not [x for x in before if x.rstrip().endswith(("? Yes.", "? No.", "? Yes", "? No"))]
    r = run_bmm(["demo", "--lang", "fr", "-o", str(tmp_path / "fr.docx")], env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Résumé analytique" in [p.text for p in docx.Document(str(tmp_path / "fr.docx")).paragraphs]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_demo_note_contradicts_its_answer_and_numbers_are_plausible(bmm, lang):
    store = memory_store()
    aid, _ = ensure_demo(store, bmm, lang)
    with store.open(aid, write=False) as a:
        answers = a.answers()
    assert contradictions(bmm, answers.values(), lang) == []
    days = [answers[q.id].value for _, q in bmm.questions()
            if q.type == "number" and q.id in answers and "day" in fw.text(q.unit or {}, "en")]
    assert days and max(days) <= 365  # no years of detention or of waiting for an appeal


def test_the_check_catches_a_no_beside_the_law_it_cites_and_a_far_number(bmm):
    law = next(q for _, q in bmm.questions() if q.type == "yes_no" and "law" in fw.text(q.text, "en").lower())
    no = Answer(law.id, value="no", note="Border Police Act 2011, art. 4–9.")
    assert contradicts(law, no, no.note) is not None
    assert contradicts(law, Answer(law.id, value="yes", note=no.note), no.note) is None
    count = next(q for _, q in bmm.questions() if q.type == "number" and "cases" in fw.text(q.unit or {}, "en"))
    far = Answer(count.id, value=30771, note="41 cases referred in 2025.")
    assert contradicts(count, far, far.note) is not None
    assert contradicts(count, Answer(count.id, value=41, note=far.note), far.note) is None


def test_a_no_beside_a_note_saying_the_thing_exists_is_caught_whatever_the_topic(bmm):
    body = next(q for _, q in bmm.questions() if q.id == "coop_coord_body")  # not a question about a law
    decree = "Decree 2019/114 creates the IBM Council; minutes of 3 meetings since 2023."
    assert contradicts(body, Answer(body.id, value="no", note=decree), decree) is not None
    assert contradicts(body, Answer(body.id, value="yes", note=decree), decree) is None
    fr = "Le décret 2019/114 crée le Conseil GIF ; procès-verbaux de 3 réunions depuis 2023."
    assert contradicts(body, Answer(body.id, value="no", note=fr), fr, "fr") is not None
    # a note that states the gap, or a reservation, agrees with a "No"
    plan = next(q for _, q in bmm.questions() if q.id == "nst_costed_plan")
    for note in ("National IBM Strategy 2022–2026 adopted; action plan without budget lines.",
                 "No costed plan; the strategy adopted in 2022 lists activities only."):
        assert contradicts(plan, Answer(plan.id, value="no", note=note), note) is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_demo_note_sits_beside_the_question_it_was_written_for(bmm, lang):
    store = memory_store()
    aid, _ = ensure_demo(store, bmm, lang)
    with store.open(aid, write=False) as a:
        answers = a.answers()
    for element, profile in demo_data()["elements"].items():
        for qid, note in profile["notes"][lang].items():
            assert qid in answers and answers[qid].status == "answered", (element, qid)
            assert answers[qid].note == note, (element, qid)
    shares = [answers[q.id].value for _, q in bmm.questions()
              if q.type == "number" and q.id in answers and fw.text(q.unit or {}, "en").startswith("%")]
    assert shares and all(0 <= v <= 100 for v in shares)
