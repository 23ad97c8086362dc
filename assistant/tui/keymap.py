"""Checking a user's ``keymap.json`` against the bindings: unknown ids and clashing keys are reported.

A remap is dropped (and said, one line each) when its id is not a binding of the
assistant, when its key is one that answers questions in the interview (a letter,
a digit, Enter, Space, arrows), or when it takes the key of another binding that is
active on the same screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding

ANSWER_KEYS = {"enter", "space", "tab", "up", "down", "left", "right", "escape", "backspace"}


def _scopes() -> dict[str, list[type]]:
    """Screens with the widgets whose bindings are active together with the screen's."""
    from assistant.tui.agenda import AgendaScreen
    from assistant.tui.app import BmmApp
    from assistant.tui.followups import FollowUpsScreen
    from assistant.tui.forms import NewAssessmentScreen
    from assistant.tui.home import HomeScreen
    from assistant.tui.inputs import MultiList, ScaleCards, TextBox
    from assistant.tui.interview import InterviewScreen
    from assistant.tui.modals import ConfirmScreen, NoteScreen, WhyScreen
    from assistant.tui.roadmap import RoadMapScreen, RowForm
    from assistant.tui.sidepanel import ElementTree
    from assistant.tui.summary import SummaryScreen
    from assistant.tui.transcript import Transcript
    from assistant.tui.workshop import (  # workshop mode
        ConfidenceScreen,
        ParkScreen,
        PositionsScreen,
        RosterScreen,
        SpeakerScreen,
        WorkshopDialog,
    )

    return {
        "home": [BmmApp, HomeScreen],
        "interview": [BmmApp, InterviewScreen, MultiList, ScaleCards, TextBox, Transcript, ElementTree],
        "dialogs": [BmmApp, NewAssessmentScreen, ConfirmScreen, NoteScreen, WhyScreen, SummaryScreen, RowForm],
        "roadmap": [BmmApp, RoadMapScreen],
        "workshop": [BmmApp, WorkshopDialog, SpeakerScreen, RosterScreen, PositionsScreen, ParkScreen,
                     ConfidenceScreen, FollowUpsScreen, AgendaScreen],
    }


def _bindings(classes: Iterable[type]) -> list[Binding]:
    out: list[Binding] = []
    for cls in classes:
        for b in getattr(cls, "BINDINGS", []):
            if isinstance(b, Binding) and b.id:
                out.append(b)
    return out


def check_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The remaps that can be applied, and one line per remap refused (and why)."""
    if not keymap:
        return {}, []  # nothing to check: the screens (and the question trees they load) load later
    scopes = _scopes()
    known = {b.id for classes in scopes.values() for b in _bindings(classes)}
    kept: dict[str, str] = {}
    problems: list[str] = []
    for bid, key in keymap.items():
        keys = [k.strip() for k in key.split(",") if k.strip()]
        if bid not in known:
            problems.append(f'keymap.json: "{bid}" is not a binding id (see Ctrl+P for the keys); ignored')
        elif not keys:
            problems.append(f'keymap.json: "{bid}" has no key; ignored')
        elif any(len(k) == 1 or k in ANSWER_KEYS for k in keys) and not bid.startswith(("home.", "roadmap.")):
            problems.append(f'keymap.json: "{bid}": "{key}" is used to answer or move; choose a function or '
                            f'Ctrl key (e.g. "f12", "ctrl+j"); ignored')
        else:
            kept[bid] = ",".join(keys)
    for bid in list(kept):
        for classes in scopes.values():
            bindings = _bindings(classes)
            if bid not in {b.id for b in bindings}:
                continue
            for other in bindings:
                if other.id == bid or other.id not in {b.id for b in bindings}:
                    continue
                theirs = set((kept.get(other.id) or other.key).split(","))
                if theirs & set(kept[bid].split(",")) and bid in kept:
                    problems.append(f'keymap.json: "{bid}": "{kept[bid]}" is already the key of "{other.id}"; ignored')
                    del kept[bid]
                    break
    return kept, problems
