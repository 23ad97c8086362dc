"""The report as PDF through LibreOffice, with page numbers in the contents (macro-free).

LibreOffice shows the contents field as cached in the .docx and does not recompute it
when converting. So the report is converted once, the page of each heading is read from
the PDF's text (``pdftotext``, from poppler-utils), the numbers are written into the
cached contents, and the report is converted again. Without ``pdftotext`` the contents
keep their titles without numbers. Word recomputes the contents itself when opening.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import BmmError

CANDIDATES = ("soffice", "libreoffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice",
              r"C:\Program Files\LibreOffice\program\soffice.exe")
TIMEOUT = 300


def soffice() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name) or (name if os.path.isfile(name) else None)
        if found:
            return found
    return None


def convert(docx: Path, pdf: Path, lang: str = "en") -> Path:
    """``docx`` → ``pdf`` with LibreOffice (headless, its own profile so an open LibreOffice is no obstacle)."""
    from assistant.i18n import t

    exe = soffice()
    if exe is None:
        raise BmmError(t(lang, "report.cli.no_soffice"))
    with tempfile.TemporaryDirectory(prefix="bmm-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp,
               str(docx)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise BmmError(t(lang, "report.cli.pdf_failed", problem=type(exc).__name__)) from None
        made = Path(tmp, docx.with_suffix(".pdf").name)
        if not made.is_file():
            raise BmmError(t(lang, "report.cli.pdf_failed", problem="no output"))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), pdf)
    return pdf


def page_texts(pdf: Path) -> list[str] | None:
    """The text of each page, or None when pdftotext is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        return None
    return out.stdout.decode("utf-8", "replace").split("\f")


def heading_pages(pages: Sequence[str], titles: Sequence[str], first: int = 2) -> list[str]:
    """The page number of each title, searched in order from page ``first`` + 1 ("" when not found)."""
    found, at = [], first
    for title in titles:
        want = " ".join(title.split())
        for i in range(at, len(pages)):
            lines = [" ".join(line.split()) for line in pages[i].splitlines()]
            pairs = [f"{a} {b}" for a, b in zip(lines, lines[1:], strict=False)]  # a title wrapped on two lines
            if want in lines or want in pairs:
                found.append(str(i + 1))
                at = i
                break
        else:
            found.append("")
    return found
