"""Python's full garbage collections between keys, not while a key waits for its answer.

A full (oldest-generation) collection walks every tracked object that is not frozen: over a
workshop it paused the interface for 20–60 ms every few seconds, falling on whichever key was
being answered (about one key in twenty). :class:`IdleCollector` turns Python's automatic full
collections off while the interface runs, keeps the young ones (cheap), and does each full
collection itself, as often as Python would have (``gc.get_threshold()[2]`` collections of the
middle generation), once no key has come for :data:`IDLE` seconds: by then the screen shows the
next question, and the interface takes a key within a quarter of a second of a new question as
typed ahead anyway (:mod:`.guard`). Without such a pause, it collects at least every
:data:`AT_MOST` seconds, so memory stays bounded for the fastest typist too.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE = 0.15  # seconds without a key before a due full collection is done
AT_MOST = 30.0  # seconds a due collection may wait for such a pause
NEVER = 1_000_000  # a threshold the oldest generation's counter does not reach in a session


class IdleCollector:
    """Call :meth:`start`, :meth:`key` on each key, :meth:`tick` :data:`IDLE` seconds after a key
    and about once a second, and :meth:`stop` when the interface ends."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.saved: tuple[int, int, int] | None = None
        self.last_key = clock()
        self.due_since: float | None = None  # when a full collection became due

    def start(self) -> None:
        if self.saved is None:
            self.saved = gc.get_threshold()
            young, middle, _ = self.saved
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None

    def key(self) -> None:
        self.last_key = self.clock()

    def due(self) -> bool:
        """Python would have done a full collection by now."""
        return self.saved is not None and gc.get_count()[2] >= self.saved[2]

    def tick(self) -> bool:
        """Collect if one is due and no key has come for a moment (or for too long); True if it did."""
        now = self.clock()
        if not self.due():
            return False
        if self.due_since is None:
            self.due_since = now
        if now - self.last_key < IDLE and now - self.due_since < AT_MOST:
            return False
        gc.collect()
        self.due_since = None
        return True
