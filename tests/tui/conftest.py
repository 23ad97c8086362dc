"""TUI fixtures: a real file store in a temporary folder and the mini framework."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import framework as fw
from assistant.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def mini_prompts(monkeypatch):
    """Frameworks come from tests/fixtures (the mini framework) and the interface is in English."""
    monkeypatch.setenv("BMM_PROMPTS", str(FIXTURES))
    monkeypatch.delenv("BMM_LANG", raising=False)


@pytest.fixture(autouse=True)
def quick_reader(monkeypatch):
    """Pilot answers as soon as a question is shown; a key typed *before* it is still held back.

    The quarter-second reading margin of :mod:`assistant.tui.guard` is tested on its own.
    """
    monkeypatch.setattr("assistant.tui.guard.REACTION", 0.0)


@pytest.fixture
def tui_store(tmp_path) -> Store:
    return Store(tmp_path / "data")


@pytest.fixture
def new_assessment():
    """Factory of mini-framework assessments with fixed ids (deterministic screens)."""
    return _new_assessment


def _new_assessment(store: Store, lang: str = "en", aid: str = "ruritania-0001", **kw) -> str:
    """An assessment of the mini framework with a fixed id (deterministic screens)."""
    framework = fw.get("mini")
    a = store.create(kw.pop("country", "Ruritania"), "mini", framework.version, title=kw.pop("title", "Pilot"),
                     lang=lang, aid=aid, **kw)
    a.close()
    return aid
