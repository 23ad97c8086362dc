"""Helpers shared by the tests (importable as `helpers`: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def run_bmm(args: list[str], env: dict[str, str], stdin: str = "", cwd: Path | None = None):
    """Run the real `bmm` command (as python -m assistant) and return the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or Path(env["BMM_HOME"]).parent,  # not the source tree: test what is installed
        timeout=120,
    )


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a copied fixture file (which must still contain it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
