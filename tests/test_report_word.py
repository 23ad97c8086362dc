"""The Word file done properly, read back with python-docx: sections, properties, structure, demo budget."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from test_report import all_text, answered

from assistant import framework as fw
from assistant.report import write_report
from assistant.report.demo import ensure_demo
from assistant.store import memory_store


@pytest.fixture(scope="module")
def demo_docs(tmp_path_factory):
    """The demo report in English and French, written once for the module."""
    bmm = fw.get("bmm")
    out = {}
    for lang in ("en", "fr"):
        store = memory_store()
        aid, _ = ensure_demo(store, bmm, lang)
        with store.open(aid, write=False) as a:
            path = write_report(a, bmm, tmp_path_factory.mktemp(lang) / "demo.docx", lang=lang)
        out[lang] = (bmm, path)
    return out


def mini_doc(store, mini, tmp_path):
    a = answered(store, mini)
    try:
        path = write_report(a, mini, tmp_path / "r.docx")
    finally:
        a.close()
    return path, docx.Document(str(path))


def _body_tables(doc):
    return [(t, t._tbl) for t in doc.tables]


def test_wide_tables_sit_in_a_landscape_section_and_the_annexes_return_to_portrait(file_store, mini, tmp_path):
    _, doc = mini_doc(file_store, mini, tmp_path)
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    wide = doc.sections[1]
    assert wide.page_width > wide.page_height
    body = list(doc.element.body.iterchildren())
    breaks = [i for i, el in enumerate(body) if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    first, second = breaks

    def index_of_table(header: str) -> int:
        return next(i for i, el in enumerate(body) if el.tag == qn("w:tbl")
                    and el.xpath("string(.//w:tr[1]/w:tc[2])") == header)

    assert first < index_of_table("Recommendation") < second  # the recommendations list
    assert first < index_of_table("Actions") < second  # the action plan
    assert index_of_table("Answer (and note)") > second  # annex tables portrait


def test_document_properties_compatibility_mode_and_application(file_store, mini, tmp_path):
    path, doc = mini_doc(file_store, mini, tmp_path)
    props = doc.core_properties
    assert props.author == "A. Expert"  # the assessment team
    assert props.title == "Border and migration management assessment of Avalon"
    assert props.subject == "Mini assessment" and props.language == "en-GB"
    this_year = datetime.now(UTC).year
    assert props.created.year == this_year and props.modified.year == this_year
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert "Macintosh" not in app and "<Application>bmm-assistant</Application>" in app
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)


def test_no_one_row_tables_no_runs_of_empty_paragraphs_no_skipped_headings(file_store, mini, tmp_path):
    _, doc = mini_doc(file_store, mini, tmp_path)
    assert [len(t.rows) for t in doc.tables if len(t.rows) < 2] == []
    previous_empty = False
    for p in doc.paragraphs:
        empty = not p.text.strip() and not p._p.xpath(".//w:drawing|.//w:fldChar|.//w:sectPr")
        assert not (empty and previous_empty), "two empty paragraphs in a row"
        previous_empty = empty
    level = 0
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading "):
            new = int(p.style.name.split()[1])
            assert new <= level + 1, f"heading level skipped at {p.text!r}"
            level = new


def test_the_chart_has_alternative_text_naming_the_elements(file_store, mini, tmp_path):
    _, doc = mini_doc(file_store, mini, tmp_path)
    (shape,) = doc.inline_shapes
    alt = shape._inline.docPr.get("descr")
    assert "Training programme: Basic" in alt and "Values and conduct: Not rated" in alt
    assert "Border management information system: Not rated" in alt


def test_findings_are_prose_and_question_and_answer_lines_stay_in_the_annex(file_store, mini, tmp_path):
    _, doc = mini_doc(file_store, mini, tmp_path)
    paragraphs = [p.text for p in doc.paragraphs]
    annex = next(i for i, p in enumerate(doc.paragraphs) if p.style.name == "Heading 1" and p.text.startswith("Annex A"))
    before = "\n".join(paragraphs[:annex])
    assert re.search(r"\?\s+(Yes|No|\d+)[^\n]*\.$", before, re.M) is None
    assert "Is there a national curriculum?" not in before
    assert "None of its 2 scored answers reaches the level Established yet." in before  # training, in words


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_demo_repeats_no_question_more_than_twice_and_no_recommendation(demo_docs, lang):
    bmm, path = demo_docs[lang]
    text = all_text(docx.Document(str(path)))
    for _, q in bmm.questions():
        asked = fw.text(q.text, lang)
        assert text.count(asked) <= 2, asked
    for element in bmm.elements():
        for rule in element.recommendations:
            said = fw.text(rule.text, lang)
            assert text.count(said) <= 1, said


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_demo_executive_summary_has_its_parts(demo_docs, lang):
    _, path = demo_docs[lang]
    doc = docx.Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    heads = [i for i, p in enumerate(doc.paragraphs) if p.style.name == "Heading 1"]
    start, end = heads[0], heads[1]  # the executive summary, up to the methodology
    summary = "\n".join(paragraphs[start:end])
    assert "out of 4" not in summary and "sur 4" not in summary  # the picture in words
    priorities = [p for p in doc.paragraphs[start:end] if p.style.name == "List Number"]
    assert 5 <= len(priorities) <= 8
    numbers = [int(re.search(r"\(actions? (\d+)", p.text).group(1)) for p in priorities]
    assert numbers == sorted(numbers) and numbers[0] == 1  # the plan's numbers, in the plan's order
    assert ("Partners are asked" if lang == "en" else "Il est demandé aux partenaires") in summary
    themes = (["Coordination:", "Human rights and protection:", "Gender:", "Data and data protection:"] if lang == "en"
              else ["Coordination :", "Droits humains et protection :", "Genre :", "Données et protection des données :"])
    for theme in themes:  # the cross-cutting themes, each from the answers touching it
        assert re.search(re.escape(theme) + r" \w+ (of the|des) \d+ ", summary), theme
