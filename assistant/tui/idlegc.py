"""Python's full garbage collections while the user reads, not while a key waits for its answer.

A full (oldest-generation) collection walks every tracked object that is not frozen: over a
workshop it paused the interface for 20–60 ms every few seconds, falling on whichever key was
being answered (bench/results.md; about one key in twenty). :class:`IdleCollector` turns the
automatic full collections off while the interface runs, keeps the young ones (cheap), and
does the full collection itself once the user has paused for :data:`IDLE` seconds, or at
least every :data:`AT_MOST` seconds of activity, so memory stays bounded for a fast typist too.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE = 1.0  # seconds without a key before a full collection is done
AT_MOST = 60.0  # seconds between full collections whatever the typing
NEVER = 1_000_000  # a threshold the oldest generation's counter does not reach in a session


class IdleCollector:
    """Full collections at the pauses. Call :meth:`start`, :meth:`key` on each key, :meth:`tick`
    about once a second, and :meth:`stop` when the interface ends."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.saved: tuple[int, int, int] | None = None
        self.last_key = self.last_full = clock()
        self.pending = False  # keys (and so garbage) since the last full collection
        self.collections = 0

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
        self.pending = True

    def tick(self) -> bool:
        """Collect if the user has paused, or if activity has gone on too long; True if it did."""
        now = self.clock()
        if not self.pending or (now - self.last_key < IDLE and now - self.last_full < AT_MOST):
            return False
        gc.collect()
        self.last_full, self.pending = self.clock(), False
        self.collections += 1
        return True
