"""The Word report, read back with python-docx: sections, styles, tables, hostile text, French."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import run_bmm

from assistant.analysis import edits as edit_api
from assistant.engine.answers import Answer
from assistant.report import snapshot, write_report
from assistant.report.check import template_problems
from assistant.report.colours import LEVEL_COLOURS

HOSTILE = ("<script>alert('x')</script> & \"quotes\" 'single' {{ 7*7 }} {% if 1 %}x{% endif %} {_{ y }_} "
           "[bold]markup[/bold] \x07bell\x0cpage\x0b\x00 مرحبا بالعالم עברית 🛂🌍👩🏽‍✈️ line1\nline2\ttab")
EXPECTED = HOSTILE.replace("\x07", "").replace("\x0c", " ").replace("\x0b", " ").replace("\x00", "")
BIG = ("Évidence <&> " * 4000)[:50_000]


def answered(store, mini, lang="en", hostile=False):
    a = store.create("Avalon <&>" if hostile else "Avalon", "mini", "0.1", title="", lang=lang,
                     team=["A. Expert"], agencies=["Border police"])
    for ans in [
        Answer("ctx_date", value="2026-01-15"), Answer("ctx_scope", value=["air", "sea"]),
        Answer("trn_curriculum", value="no", note=HOSTILE if hostile else "Decree 12"),
        Answer("trn_trainees", value=120), Answer("trn_method", value="adhoc"), Answer("trn_level", value=2),
        Answer("trn_notes", value=HOSTILE if hostile else "Officers learn on the job."),
        Answer("trn_drafting", value="yes", note=BIG if hostile else ""),
        Answer("cnd_code", status="dont_know"), Answer("cnd_level", value=4),
        Answer("sys_connected", value=30),
    ]:
        a.save(ans)
    return a


def render(store, mini, tmp_path, lang="en", hostile=False, **kw) -> docx.Document:
    a = answered(store, mini, lang, hostile)
    try:
        path = write_report(a, mini, tmp_path / "out" / "report.docx", lang=lang, **kw)
    finally:
        a.close()
    assert path.is_file()
    return docx.Document(str(path))


def headings(doc, level):
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_every_section_with_built_in_heading_styles(file_store, mini, tmp_path):
    doc = render(file_store, mini, tmp_path)
    assert headings(doc, 1) == [
        "Executive summary", "Methodology and scope", "1. Administration", "2. Information management",
        "Maturity profile", "Recommendations", "Action plan", "Annex A: Questions and answers",
        "Annex B: Items to verify",
    ]
    assert headings(doc, 2)[:3] == ["Overall profile", "Strongest areas", "Top priorities"]
    assert {"1.1 Training programme", "1.2 Values and conduct", "2.1 Border management information system",
            "Sequence of the action plan", "Assessment context", "Training programme"} <= set(headings(doc, 2))
    assert headings(doc, 3) == []  # no level skipped: annex A's elements are level 2 under level 1
    cover = [p.text for p in doc.paragraphs[:20] if p.text]
    assert "Border and migration management assessment of Avalon" in cover
    assert "Draft for discussion" in cover
    text = all_text(doc)
    assert "Maturity level: Basic (1.5 out of 4)" in text
    assert ("The group rated this element Developing, higher than the level its answers give (Basic). "
            "None of its 2 scored answers reaches the level Established yet.") in text
    assert "Established from 2.5" in text  # the thresholds, in the methodology
    assert "Officers learn on the job." in text  # the respondents' words
    assert "Decree 12" in text  # evidence and notes
    assert "Development Goal target 10.7" in text and "objective 11" in text
    assert "A. Expert" in text and "Border police" in text
    assert doc.core_properties.title == "Border and migration management assessment of Avalon"


def test_word_structure_toc_fields_header_footer_and_chart(file_store, mini, tmp_path):
    doc = render(file_store, mini, tmp_path)
    body = doc.element.body
    instr = [el.text for el in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instr)
    settings = doc.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    section = doc.sections[0]
    assert "Avalon" in section.header.paragraphs[0].text
    footer_fields = [el.text.strip() for el in section.footer._element.iter(qn("w:instrText"))]
    assert footer_fields == ["PAGE", "NUMPAGES"]
    assert len(doc.inline_shapes) == 1  # the maturity-profile chart
    blob = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[blob].blob.startswith(b"\x89PNG")


def _table_with_header(doc, first: str, second: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first and t.rows[0].cells[1].text == second)


def test_tables_recommendations_road_map_annexes(file_store, mini, tmp_path):
    doc = render(file_store, mini, tmp_path)
    scale = _table_with_header(doc, "Level", "")
    fills = [r.cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for r in scale.rows[1:2]]
    assert fills == [LEVEL_COLOURS[1]]
    assert scale.style.name == "Light Grid Accent 1"

    recs = _table_with_header(doc, "No.", "Recommendation")
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in recs.rows[1:]}
    assert [r.cells[0].text for r in recs.rows[1:]] == ["1", "2", "3", "4"]  # numbered once, in plan order
    assert set(rows) == {"Adopt a code of conduct.", "Connect the busiest crossing points first.",
                         "Draft a national curriculum.", "Run a training needs analysis."}
    assert rows["Draft a national curriculum."][2:] == ["Training programme\nSDG 10.7; GCM obj. 11",
                                                        "High, 18–60 months", "Training directorate"]
    assert "Proposed" not in all_text(doc)  # a status is shown once the team has set one

    plan = _table_with_header(doc, "Objective", "Actions")
    objectives = [[c.text for c in r.cells] for r in plan.rows[1:]]
    assert any(row[2] == "Training directorate" for row in objectives)
    assert all(re.fullmatch(r"[\d, –]+", row[1]) for row in objectives)  # actions by number, not repeated
    assert all_text(doc).count("Draft a national curriculum.") == 1  # each recommendation sentence once

    verify = _table_with_header(doc, "Element", "Question")
    statuses = {(r.cells[1].text, r.cells[2].text) for r in verify.rows[1:]}
    assert ("Is there a code of conduct?", "Don't know") in statuses
    assert ("Is there a roll-out plan?", "Not answered") in statuses

    annex = [t for t in doc.tables if t.rows[0].cells[0].text == "Question" and len(t.columns) == 2]
    assert len(annex) == 4  # context + three elements
    training = {r.cells[0].text: r.cells[1].text for r in annex[1].rows[1:]}
    assert training["How many officers are trained each year?"] == "120 officers a year"
    assert training["How are needs identified?"] == "Ad hoc requests"


def test_hostile_text_comes_out_as_the_same_text(file_store, mini, tmp_path):
    doc = render(file_store, mini, tmp_path, hostile=True)
    text = all_text(doc)
    assert EXPECTED in text  # the answer, in the respondents' words and in annex A
    assert text.count(EXPECTED) >= 2  # annex A note, and the answer wherever it is shown whole
    assert "49" not in EXPECTED and "{{ 7*7 }}" in text  # nothing evaluated
    assert BIG in text
    assert "Avalon <&>" in text
    assert "\x07" not in text and "\x0c" not in text
    with zipfile.ZipFile(tmp_path / "out" / "report.docx") as z:
        assert z.testzip() is None


def test_french_report(file_store, mini, tmp_path):
    doc = render(file_store, mini, tmp_path, lang="fr")
    assert headings(doc, 1)[:2] == ["Résumé analytique", "Méthodologie et périmètre"]
    assert "Annexe B : Points à vérifier" in headings(doc, 1)
    text = all_text(doc)
    assert "Projet pour discussion" in text
    assert "Élaborer un programme national." in text
    assert "1,5" in text  # French decimal comma
    assert "Le groupe a placé cet élément au niveau En développement" in text
    assert "Page" in doc.sections[0].footer.paragraphs[0].text
    assert "sur" in doc.sections[0].footer.paragraphs[0].text


def test_report_in_another_language_than_the_interview(file_store, mini, tmp_path):
    doc = render(file_store, mini, tmp_path, lang="fr")
    assert "Résumé analytique" in headings(doc, 1)


def test_edits_appear_in_the_regenerated_report(file_store, mini, tmp_path):
    a = answered(file_store, mini)
    edit_api.edit(a, "rec:trn_r_curriculum", owner="National Academy <new>", status="in_progress")
    edit_api.drop(a, "rec:trn_r_needs")
    data = snapshot(a)  # what the TUI's worker thread receives
    a.close()
    for _ in range(2):
        path = write_report(data, mini, tmp_path / "r.docx")
        text = all_text(docx.Document(str(path)))
        assert "National Academy <new>" in text and "In progress" in text
        assert "Run a training needs analysis." not in text


def test_progress_is_reported(file_store, mini, tmp_path):
    seen = []
    render(file_store, mini, tmp_path, progress=lambda msg, frac: seen.append((msg, frac)))
    assert seen[0] == ("Analysing the answers", 0.05)
    assert seen[-1][1] == 1.0 and seen[-1][0].endswith("report.docx")


def test_a_restyled_copy_of_the_template_is_used(file_store, mini, tmp_path):
    from assistant.paths import templates_dir

    custom = tmp_path / "custom.docx"
    shutil.copy(templates_dir() / "report_en.docx", custom)
    d = docx.Document(str(custom))
    d.paragraphs[0].text = "OUR LOGO HERE"
    d.save(str(custom))
    doc = render(file_store, mini, tmp_path, template=custom)
    assert doc.paragraphs[0].text == "OUR LOGO HERE"


def _broken_template(tmp_path: Path, text: str) -> Path:
    from assistant.paths import templates_dir

    bad = tmp_path / "bad_en.docx"
    shutil.copy(templates_dir() / "report_en.docx", bad)
    d = docx.Document(str(bad))
    d.add_paragraph(text)
    d.save(str(bad))
    return bad


def test_bundled_templates_are_valid():
    assert template_problems() == []
    assert template_problems(None) == []


def test_template_validation_names_unknown_variables(tmp_path):
    bad = _broken_template(tmp_path, "{{ doc.titel }} and {{ sponsor }}")
    problems = template_problems([bad])
    assert any("'sponsor'" in p for p in problems), problems
    bad2 = _broken_template(tmp_path, "{{ doc.titel }}")
    problems = template_problems([bad2])
    assert len(problems) == 1 and "titel" in problems[0] and str(bad2) in problems[0]
    missing = template_problems([tmp_path / "nope.docx"])
    assert "not found" in missing[0]


def test_bmm_validate_names_the_unknown_variable(cli_env, tmp_path):
    bad = _broken_template(tmp_path, "{{ sponsor }}")
    r = run_bmm(["validate", str(bad)], cli_env)
    assert r.returncode == 2
    assert "sponsor" in r.stdout


def test_unknown_variable_in_a_template_passed_to_report_is_one_line(file_store, mini, tmp_path):
    from assistant.errors import BmmError

    bad = _broken_template(tmp_path, "{{ sponsor }}")
    with pytest.raises(BmmError, match="sponsor"):
        render(file_store, mini, tmp_path, template=bad)
    assert not (tmp_path / "out" / "report.docx").exists()  # nothing half-written


def test_bmm_report_command(cli_env, tmp_path):
    r = run_bmm(["new", "--country", "Avalon", "--framework", "mini"], cli_env)
    aid = r.stdout.strip().splitlines()[-1]
    out = tmp_path / "rep.docx"
    r = run_bmm(["report", aid, "-o", str(out), "--lang", "fr"], cli_env)
    assert r.returncode == 0, r.stderr
    assert str(out) in r.stdout and out.is_file()
    r = run_bmm(["report", aid], cli_env)
    assert r.returncode == 0, r.stderr
    assert (Path(cli_env["BMM_HOME"]).parent / f"{aid}-report.docx").is_file()
    r = run_bmm(["report", "nope"], cli_env)
    assert r.returncode == 1 and r.stderr.count("\n") == 1


def test_a_note_on_a_skipped_question_reaches_the_annex(file_store, mini, tmp_path):
    a = answered(file_store, mini)
    a.save(Answer("sys_plan", status="skipped", skips=1, note="Roll-out plan due in June <draft>"))
    try:
        path = write_report(a, mini, tmp_path / "r.docx")
    finally:
        a.close()
    rows = [[c.text for c in r.cells] for t in docx.Document(str(path)).tables for r in t.rows]
    assert ["Is there a roll-out plan?", "Skipped\nNote: Roll-out plan due in June <draft>"] in rows


def test_the_report_is_shareable_like_any_new_file(file_store, mini, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        doc_path = tmp_path / "share.docx"
        a = answered(file_store, mini)
        try:
            write_report(a, mini, doc_path)
        finally:
            a.close()
        assert stat.S_IMODE(doc_path.stat().st_mode) == 0o644
    finally:
        os.umask(old)
