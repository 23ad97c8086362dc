"""The headless layers never import Textual: the TUI, plain mode and tests share one core."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "assistant.framework",
    "assistant.engine",
    "assistant.store",
    "assistant.session",
    "assistant.workshop",
    "assistant.plain",
    "assistant.cli",
    "assistant.analysis",
    "assistant.report",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_layer_does_not_import_textual(module):
    code = (
        "import importlib, pkgutil, sys\n"
        f"m = importlib.import_module({module!r})\n"
        "for info in pkgutil.walk_packages(getattr(m, '__path__', []), m.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"
