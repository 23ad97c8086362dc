"""A few screenshots of key screens at 80×24 and 160×45 (fixed ids, no dates on screen)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.store import memory_store
from assistant.tui.app import create_app

FIXED = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """Every answer is given at 09:00 and the agenda's clock stands still: the same screen every run."""
    monkeypatch.setattr("assistant.engine.interview.now", lambda: FIXED.isoformat(timespec="seconds"))
    monkeypatch.setattr("assistant.store.assessments.now", lambda: FIXED.isoformat(timespec="seconds"))
    monkeypatch.setenv("TZ", "UTC")


def stopped() -> datetime:
    return FIXED


def test_home_empty_80x24(snap_compare):
    assert snap_compare(create_app(memory_store()), terminal_size=(80, 24))  # no temp path on screen


def test_scale_question_160x45(snap_compare, tui_store, new_assessment):
    aid = new_assessment(tui_store)
    keys = [*"2026-03-14", "enter", "1", "3", "enter", "c", "y", "y", *"35", "enter", "3"]
    assert snap_compare(create_app(tui_store, open_id=aid, now=stopped), press=keys, terminal_size=(160, 45))


def test_presentation_high_contrast_80x24(snap_compare, tui_store, new_assessment, monkeypatch):
    aid = new_assessment(tui_store)
    keys = [*"2026-03-14", "enter", "f8", "f9"]
    assert snap_compare(create_app(tui_store, open_id=aid, now=stopped), press=keys, terminal_size=(80, 24))
