"""The draft finding at the end of each element, in plain mode: shown, rewritten, reset, and reported."""

from __future__ import annotations

import docx
from helpers import run_bmm
from test_plain import export, interview, new

TRAINING = ["2026-03-14", "1", "yes", "yes", ":note Academy register 2025", "420", "2", "2", "Fine."]


def report_text(env, aid, tmp_path) -> str:
    out = run_bmm(["report", aid, "-o", str(tmp_path / "r.docx"), "--force"], env)
    assert out.returncode == 0, out.stderr
    return "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)


def test_the_element_ends_with_the_draft_finding_the_report_writes(cli_env, tmp_path):
    aid = new(cli_env)
    out = interview(cli_env, aid, *TRAINING)
    assert out.returncode == 0, out.stderr
    shown = out.stdout.split("Draft finding for the report (Training programme):", 1)[1].split("==", 1)[0]
    assert "   A national training curriculum sets out what every border official learns." in shown
    assert "The training system reaches 420 officers a year (evidence: Academy register 2025)." in shown
    assert "   Training needs are identified only through ad hoc requests from the units." in shown
    assert ":finding YOUR TEXT" in shown
    assert "Draft finding for the report (Assessment context)" not in out.stdout  # no such report section
    report = report_text(cli_env, aid, tmp_path)
    assert "The training system reaches 420 officers a year (evidence: Academy register 2025)." in report


def test_a_finding_typed_with_finding_is_kept_reported_marked_and_can_be_reset(cli_env, tmp_path):
    aid = new(cli_env)
    out = interview(cli_env, aid, *TRAINING,
                    ":finding The academy trains 420 officers a year.\\n\\nNeeds are not analysed.",
                    ":finding")
    assert out.returncode == 0, out.stderr
    assert "Your finding is saved; the report uses it instead of the draft." in out.stdout
    again = out.stdout.split("Finding for the report (Training programme), your own text:", 1)[1]
    assert again.startswith("\n   The academy trains 420 officers a year.\n   Needs are not analysed.\n")
    edits = export(cli_env, aid)["edits"]
    assert any(e["key"] == "finding:training" for e in (edits.values() if isinstance(edits, dict) else edits))
    # regenerated twice: the rewrite is used each time, marked, and the draft is gone
    for _ in range(2):
        report = report_text(cli_env, aid, tmp_path)
        assert "The academy trains 420 officers a year.\nNeeds are not analysed." in report
        assert "Finding written by the assessment team" in report
        assert "A national training curriculum sets out" not in report
    out = interview(cli_env, aid, ":finding reset")  # the next element is shown: :finding is for the last one
    assert "Back to the draft finding." in out.stdout, out.stdout
    report = report_text(cli_env, aid, tmp_path)
    assert "A national training curriculum sets out" in report and "Finding written by" not in report


def test_french_plain_mode_shows_the_draft_in_french(cli_env):
    aid = new(cli_env, lang="fr")
    out = interview(cli_env, aid, "2026-03-14", "1", "oui", "oui", "420", "2", "2", "Bien.")
    assert "Projet de constat pour le rapport (Programme de formation) :" in out.stdout
    assert "Le dispositif de formation touche 420 agents par an." in out.stdout
