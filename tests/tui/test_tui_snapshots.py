"""A few screenshots of key screens at 80×24 and 160×45 (fixed ids, no dates on screen)."""

from __future__ import annotations

from assistant.store import memory_store
from assistant.tui.app import create_app


def test_home_empty_80x24(snap_compare):
    assert snap_compare(create_app(memory_store()), terminal_size=(80, 24))  # no temp path on screen


def test_scale_question_160x45(snap_compare, tui_store, new_assessment):
    aid = new_assessment(tui_store)
    keys = [*"2026-03-14", "enter", "1", "3", "enter", "c", "y", "y", *"35", "enter", "3"]
    assert snap_compare(create_app(tui_store, open_id=aid), press=keys, terminal_size=(160, 45))


def test_presentation_high_contrast_80x24(snap_compare, tui_store, new_assessment, monkeypatch):
    monkeypatch.setattr("assistant.tui.interview.monotonic", lambda: 0.0)  # the element clock shows 00:00
    aid = new_assessment(tui_store)
    keys = [*"2026-03-14", "enter", "f8", "f9"]
    assert snap_compare(create_app(tui_store, open_id=aid), press=keys, terminal_size=(80, 24))
