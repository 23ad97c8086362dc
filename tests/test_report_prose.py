"""Findings in prose: the report writes the answers' finding sentences, never "Question? Answer."."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import docx
import pytest
from helpers import FIXTURES, edit

from assistant import framework as fw
from assistant.analysis.prose import finding_key
from assistant.engine.answers import Answer
from assistant.framework.loader import load
from assistant.report import write_report
from assistant.store import memory_store

ANSWERS = [
    Answer("ctx_date", value="2026-02-01"), Answer("ctx_scope", value=["air", "land"]),
    Answer("trn_curriculum", value="yes", note="Training Directive 2019/3, art. 2."),
    Answer("trn_academy", value="no"), Answer("trn_trainees", value=4200), Answer("trn_method", value="adhoc"),
    Answer("trn_level", value=2), Answer("trn_notes", value="Officers learn on the job."),
    Answer("cnd_code", value="no"), Answer("cnd_level", value=1),
    Answer("sys_connected", status="dont_know"),
]


def report(framework, tmp_path, lang, edits=(), name="r"):
    store = memory_store()
    a = store.create("Avalon", framework.id, framework.version, lang=lang)
    try:
        for ans in ANSWERS:
            a.save(ans)
        for key, text in edits:
            a.save_edit(key, text=text)
        path = write_report(a, framework, tmp_path / f"{name}-{lang}.docx", lang=lang)
    finally:
        a.close()
    return docx.Document(str(path))


def body(doc) -> list[str]:
    """Paragraphs and table cells before annex A, in order."""
    out = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            para = docx.text.paragraph.Paragraph(block, doc)
            if para.style.name == "Heading 1" and para.text.startswith(("Annex A", "Annexe A")):
                break
            out.append(para.text)
        elif block.tag.endswith("}tbl"):
            table = docx.table.Table(block, doc)
            out += [c.text for row in table.rows for c in row.cells]
    return out


def everything(doc) -> str:
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])


def section(doc, title: str) -> list[str]:
    """The paragraphs of one element's section (from its heading to the next heading)."""
    paras, out, on = doc.paragraphs, [], False
    for p in paras:
        if p.style.name.startswith("Heading"):
            if on:
                break
            on = p.text.endswith(title)
            continue
        if on and p.text.strip():
            out.append(p.text)
    return out


@pytest.fixture
def mini():
    return fw.get("mini", str(FIXTURES))


def test_findings_are_sentences_with_values_and_evidence_filled(mini, tmp_path):
    doc = report(mini, tmp_path, "en")
    training = " ".join(section(doc, "Training programme"))
    assert ("A national training curriculum sets out what every border official learns "
            "(evidence: Training Directive 2019/3, art. 2).") in training
    assert "The training system reaches 4200 officers a year." in training
    gaps = next(p for p in section(doc, "Training programme") if p.startswith("Training needs are identified only"))
    assert "Training depends on courses funded by donors." in gaps and "Recommendation" in gaps  # gaps, then the fix
    conduct = " ".join(section(doc, "Values and conduct"))
    assert "Border officials have no code of conduct to refer to." in conduct
    systems = " ".join(section(doc, "Border management information system"))
    assert "Not verified yet (see annex B): one question answered “don't know”." in systems
    # no "Question? Answer." line before the annexes, and no question text more than twice in all
    before = body(doc)
    assert not [x for x in before if re.search(r"\?\s*(Yes|No|Oui|Non)\b", x)], before
    whole = everything(doc)
    texts = [q.text["en"] for _, q in mini.questions()]
    assert max(whole.count(t) for t in texts) <= 2, Counter({t: whole.count(t) for t in texts}).most_common(3)


def test_an_evidence_note_in_brackets_has_no_brackets_inside(mini, tmp_path):
    from assistant.analysis.prose import _note

    assert _note("Permits issued in 2025: 9,870 (Immigration Directorate statistics).") == \
        "Permits issued in 2025: 9,870, Immigration Directorate statistics"
    assert _note("Aliens Act 2016, art. 4(2)") == "Aliens Act 2016, art. 4(2)"


def test_french_findings_use_french_numbers_and_dates(mini, tmp_path):
    doc = report(mini, tmp_path, "fr")
    training = " ".join(section(doc, "Programme de formation"))
    assert "Le dispositif de formation touche 4200 agents par an." in training
    assert "(source : Training Directive 2019/3, art. 2)." in training
    assert "Les agents des frontières ne disposent d'aucun code de conduite." in " ".join(
        section(doc, "Valeurs et déontologie"))


def test_a_rewritten_finding_replaces_the_draft_and_is_marked(mini, tmp_path):
    mine = "The academy trains every recruit for six months.\n\nIn-service training is rare."
    doc = report(mini, tmp_path, "en", edits=[(finding_key("training"), mine)])
    training = section(doc, "Training programme")
    assert "The academy trains every recruit for six months." in training
    assert any(p.startswith("In-service training is rare.") for p in training)  # its own paragraph
    assert not any("national training curriculum" in p for p in training)  # the draft is gone
    assert any("Finding written by the assessment team" in p for p in training)
    other = section(doc, "Values and conduct")
    assert not any("Finding written by the assessment team" in p for p in other)


def test_a_framework_without_findings_gets_neutral_sentences(mini, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(FIXTURES / "mini", bare / "mini")
    tr = bare / "mini" / "training.yaml"
    text = tr.read_text(encoding="utf-8")
    start = text.index("    finding:\n", text.index("id: trn_trainees"))
    end = text.index("    text: {en: How many officers", start)
    edit(tr, text[start:end], "")
    framework = load(bare / "mini").framework
    doc = report(framework, tmp_path, "en", name="bare")
    training = " ".join(section(doc, "Training programme"))
    assert "Asked “How many officers are trained each year?”, the respondents answered: 4200 officers a year." \
        in training
    assert not [x for x in body(doc) if re.search(r"\?\s*4200", x)]
