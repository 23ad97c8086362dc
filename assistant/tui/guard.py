"""No answer without intent: keys typed before a question was on screen never answer it.

A screen that puts a new question (or a summary) in front of the user calls
:meth:`KeyGuard.shown`; the app asks :meth:`KeyGuard.early` for every key. A key
is early when it was typed (its event's time, stamped by the terminal driver as it
read the key) before the question was shown, or, when the question came by itself
after an answer, within :data:`REACTION` seconds after: nobody reads a question and
answers it in a quarter of a second, so such a key was meant for the previous one.
A question the user asked for (going back, revising, jumping) has no such margin.
"""

from __future__ import annotations

from textual import _time, events

REACTION = 0.25  # seconds after a question appears during which a key is taken as typed ahead

ANSWER_KEYS = frozenset({"enter", "space"})


def answers(event: events.Key) -> bool:
    """Whether a key could answer a question (a character, Space or Enter), not a command key."""
    return event.key in ANSWER_KEYS or (event.is_printable and bool(event.character))


class KeyGuard:
    """When the thing on screen last changed, and whether a key came too early for it."""

    def __init__(self) -> None:
        self.shown_at = _time.get_time()
        self.margin = True  # the question came by itself (after an answer): allow reading time
        self.dropped = 0  # keys dropped since the last question was shown

    def shown(self, by_itself: bool = True) -> None:
        """A new question (or summary) is on screen from now; ``by_itself`` unless the user asked for it."""
        self.shown_at = _time.get_time()
        self.margin = by_itself
        self.dropped = 0

    def hold(self) -> None:
        """Something is in front of the question (an element summary): until :meth:`shown` is
        called again, every answering key is early, including those handled before the screen in
        front has handed back (Enter pressed twice on a summary never answers the next question)."""
        self.shown_at = float("inf")

    def early(self, event: events.Key) -> bool:
        """Whether ``event`` was typed before the current question could have been read."""
        return answers(event) and event.time < self.shown_at + (REACTION if self.margin else 0.0)
