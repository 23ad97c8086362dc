"""The follow-up report's "Changes since the baseline", read back from the .docx `bmm report` writes."""

from __future__ import annotations

import pytest
from docx import Document
from helpers import FIXTURES, run_bmm

from assistant.engine.answers import Answer
from assistant.followup.baseline import create_follow_up, read_baseline
from assistant.followup.review import save_review
from assistant.store import Store

BASELINE = {
    "ctx_date": "2026-03-14", "ctx_scope": ["air"],
    "trn_curriculum": "no", "trn_drafting": "no", "trn_trainees": 50, "trn_method": "none", "trn_level": 2,
    "cnd_code": "yes", "cnd_breaches": "A disciplinary board.", "cnd_level": 3, "sys_connected": 40,
}
NOW = {**BASELINE, "ctx_date": "2029-04-02", "trn_curriculum": "yes", "trn_academy": "yes", "trn_method": "analysis",
       "cnd_code": "no"}


def save_all(a, values):
    for qid, value in values.items():
        a.save(Answer(qid, value=value))


@pytest.fixture
def follow_up(tmp_path, monkeypatch, cli_env):
    """Training rose, conduct fell; the curriculum action reviewed as done, the needs analysis dropped."""
    monkeypatch.setenv("BMM_PROMPTS", str(FIXTURES))
    store = Store(tmp_path / "home")
    b = store.create("Avalon", "mini", "0.1", title="Baseline")
    save_all(b, BASELINE)
    b.close()
    f = create_follow_up(store, b.id, title="Follow-up 2029")
    save_all(f, NOW)
    actions = {a.rule: a for a in read_baseline(store, b.id).actions}
    save_review(f, actions["trn_r_curriculum"], "done", "Adopted by decree in 2028.")
    save_review(f, actions["trn_r_needs"], "dropped", "Replaced by the academy's yearly plan.")
    f.close()
    cli_env["BMM_HOME"] = str(store.root)
    return store, b.id, f.id, cli_env


def read(path):
    doc = Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def section(paragraphs, heading):
    start = next(i for i, (style, text) in enumerate(paragraphs) if style == "Heading 1" and text == heading)
    end = next(i for i, (style, _) in enumerate(paragraphs[start + 1:], start + 1) if style == "Heading 1")
    return paragraphs[start:end]


def test_the_report_of_a_follow_up_shows_the_changes_since_the_baseline(follow_up, tmp_path):
    store, bid, fid, env = follow_up
    out = run_bmm(["report", fid, "-o", str(tmp_path / "r.docx")], env)
    assert out.returncode == 0, out.stderr
    paragraphs, tables = read(tmp_path / "r.docx")

    summary = section(paragraphs, "Executive summary")
    said = " ".join(text for _, text in summary)
    assert ("Compared with the baseline assessment of 14 March 2026, the overall level is unchanged at "
            "Established (2.5).") in said  # one element up three levels, one down three
    assert "1 element rose: Training programme." in said and "1 element fell: Values and conduct." in said
    assert "Progress on the baseline's road map: 1 of its 3 actions done, 0 under way." in said

    changes = section(paragraphs, "Changes since the baseline")
    text = "\n".join(t for _, t in changes)
    assert "follows up the baseline assessment of 14 March 2026 (Baseline)" in text
    labels = [i for i, (s, _) in enumerate(changes) if s == "Label"] + [len(changes)]
    moved = {changes[a][1]: "\n".join(t for _, t in changes[a + 1:b]) for a, b in zip(labels, labels[1:], strict=False)}
    moved = {k: v.split("\nProgress of the baseline's action plan")[0] for k, v in moved.items()}
    assert set(moved) == {"1.1 Training programme", "1.2 Values and conduct"}
    assert moved["1.1 Training programme"].startswith("The level rose from Basic (1.0) to Advanced (4.0).")
    training = moved["1.1 Training programme"].splitlines()
    assert training[0] == "The level rose from Basic (1.0) to Advanced (4.0). The answers behind the change:"
    assert training[1:] == ["Is there a national curriculum? No → Yes",  # the answers whose score moved it
                            "How are needs identified? They are not → A needs analysis",
                            "2 other answers changed as well (Annex A lists every answer)."]  # academy, drafting
    assert moved["1.2 Values and conduct"].startswith("The level fell from Advanced (4.0) to Basic (1.0).")
    assert ("The baseline's road map had 3 actions. Reviewed during this assessment: "
            "1 done, 0 in progress, 0 not started and 1 dropped. 1 action was not reviewed") in text

    levels = next(t for t in tables if t[0] == ["#", "Element", "Baseline", "Now", "Change"])
    assert levels[1:] == [["1.1", "Training programme", "Basic (1.0)", "Advanced (4.0)", "↑ up 3 levels"],
                          ["1.2", "Values and conduct", "Advanced (4.0)", "Basic (1.0)", "↓ down 3 levels"],
                          ["2.1", "Border management information system", "Not rated", "Not rated",
                           "not rated either time"]]
    plan = next(t for t in tables if t[0][0] == "Action from the baseline")
    assert ["Draft a national curriculum.", "Training programme", "done", "Adopted by decree in 2028."] in plan
    assert ["Run a training needs analysis.", "Training programme", "dropped",
            "Replaced by the academy's yearly plan."] in plan
    assert ["Connect the busiest crossing points first.", "Border management information system",
            "not reviewed", "–"] in plan
    toc = [t for s, t in paragraphs if s == "TOC 1"]
    assert toc.index("Changes since the baseline\t") == toc.index("Maturity profile\t") + 1


def test_in_french_and_without_a_baseline(follow_up, tmp_path):
    store, bid, fid, env = follow_up
    assert run_bmm(["report", fid, "--lang", "fr", "-o", str(tmp_path / "fr.docx")], env).returncode == 0
    paragraphs, _ = read(tmp_path / "fr.docx")
    changes = section(paragraphs, "Évolution depuis l'évaluation de référence")
    assert any(t.startswith("Le niveau s'élève : Élémentaire (1,0) lors de l'évaluation de référence, "
                                                  "Avancé (4,0) aujourd'hui.") for _, t in changes)

    assert run_bmm(["report", bid, "-o", str(tmp_path / "b.docx")], env).returncode == 0
    paragraphs, _ = read(tmp_path / "b.docx")  # the baseline itself has no such section
    assert not any("since the baseline" in t for _, t in paragraphs)

    assert run_bmm(["delete", bid, "--yes"], env).returncode == 0
    out = run_bmm(["report", fid, "-o", str(tmp_path / "gone.docx")], env)  # its baseline is gone: said once
    assert out.returncode == 0, out.stderr
    assert out.stderr.count("\n") == 1 and "without its \"Changes since the baseline\" section" in out.stderr
    paragraphs, _ = read(tmp_path / "gone.docx")
    assert not any(t == "Changes since the baseline" for _, t in paragraphs)
    asked = run_bmm(["interview", fid, "--plain"], env, stdin=":quit\n")  # the interview goes on without it
    assert asked.returncode == 0 and asked.stderr.count("\n") == 1, asked.stderr
    assert f"no baseline assessment '{bid}'" in asked.stderr and "Baseline:" not in asked.stdout


def test_validate_renders_the_changes_section_of_a_template(tmp_path, cli_env):
    """A template's follow-up section is checked too, although the sample is no follow-up."""
    import zipfile

    from assistant import paths

    source = paths.templates_dir() / "report_en.docx"
    broken = tmp_path / "mine.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                assert b"changes.progress" in data
                data = data.replace(b"changes.progress", b"changes.progres", 1)
            dst.writestr(item, data)
    out = run_bmm(["validate", str(broken)], cli_env)
    assert out.returncode == 2
    assert "progres" in out.stdout and "Traceback" not in out.stdout + out.stderr
    assert run_bmm(["validate", str(source)], cli_env).returncode == 0
