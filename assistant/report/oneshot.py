"""Garbage collection for a command that runs once and exits (``bmm report``, ``bmm demo``).

Python's cyclic collector runs over every object the process holds each time enough new
objects pile up: while a report imports its libraries and renders, that is about 150 passes,
a dozen of them over older objects too (some 40 ms on the 2-core test machine); and at exit
one more pass frees the document's XML trees only for the process to end (50-100 ms). A
report makes little cyclic garbage (peak memory is the same with the collector paused), so
the collector is paused while it runs; and at exit the objects left are frozen
(:func:`gc.freeze`), so the final pass skips them and the system reclaims the memory at once.
Nothing else changes: files are written and closed by then, and ``atexit`` handlers still run.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

_freeze_registered = False


@contextmanager
def one_shot() -> Iterator[None]:
    """Pause the cyclic collector for the block; freeze what is left when the process exits.

    In a process that goes on (a test run, the app), the collector resumes after the block
    and collects as usual; only the last pass at the process's exit is skipped.
    """
    global _freeze_registered
    if not _freeze_registered:
        atexit.register(gc.freeze)
        _freeze_registered = True
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
