"""`bmm report --pdf`: contents page numbers read from the laid-out pages; a clear line without LibreOffice."""

from __future__ import annotations

from helpers import run_bmm

from assistant.report.pdf import heading_pages


def test_heading_pages_are_found_in_order_after_the_contents_even_when_a_title_wraps():
    pages = [
        "Avalon\nDraft",
        "Contents\nExecutive summary\n1. Administration\n1.1 Advance Passenger Information (API) and\nAnnex A",
        "Executive summary\nThe picture in words. Administration is weak.",
        "1. Administration\n  1.1 Advance Passenger Information (API) and\n Passenger Name Record (PNR)\ntext",
        "Annex A",
    ]
    titles = ["Executive summary", "1. Administration",
              "1.1 Advance Passenger Information (API) and Passenger Name Record (PNR)", "Annex A", "Missing"]
    assert heading_pages(pages, titles, first=2) == ["3", "4", "4", "5", ""]


def test_pdf_without_libreoffice_says_how_to_install_it(cli_env, tmp_path):
    env = dict(cli_env)
    env.pop("BMM_PROMPTS")
    assert run_bmm(["demo", "-o", str(tmp_path / "d.docx")], env, cwd=tmp_path).returncode == 0
    bare = tmp_path / "bin"
    bare.mkdir()
    env["PATH"] = str(bare)  # no soffice on the path (bmm itself runs by its full path)
    r = run_bmm(["report", "demo-avalon", "--pdf", "-o", str(tmp_path / "r.docx")], env, cwd=tmp_path)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "LibreOffice" in r.stderr and "apt install libreoffice-writer" in r.stderr
