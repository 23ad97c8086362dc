"""``bmm repair ID``: drop or fix the bad entries of a readable assessment file.

The plan (:func:`plan`) says entry by entry what will happen; :func:`repair` then keeps a
copy of the file as it was (``ID.json.before-repair-<time>``, private) and writes the
repaired content through the store's durable write, under the assessment's lock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from assistant.engine.answers import now
from assistant.errors import StoreError
from assistant.store import check
from assistant.store.assessments import Store
from assistant.store.lock import AssessmentLock
from assistant.store.storage import atomic_write, parse


def plan(store: Store, aid: str) -> list[check.Problem]:
    """The bad entries of an assessment and what a repair does with each (empty: nothing to do)."""
    path = store.path(aid)
    return check.problems(_read(path))


def repair(store: Store, aid: str) -> tuple[Path, int]:
    """Repair the assessment; returns the copy kept of the file before, and how many entries changed."""
    path = store.path(aid)
    lock = AssessmentLock(path)
    lock.acquire()
    try:
        raw = path.read_bytes()
        data = _read(path, raw)
        found = check.problems(data)
        if not any(p.action != "none" for p in found):
            raise StoreError(f"{aid}: nothing that `bmm repair` can change" + (f" ({found[0]})" if found else ""))
        stamp = now()[:19].replace(":", "")
        kept = path.with_name(f"{path.name}.before-repair-{stamp}")
        fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, raw)
            os.fsync(fd)
        finally:
            os.close(fd)
        fixed = check.repaired(data, found)
        atomic_write(path, json.dumps(fixed, ensure_ascii=False, separators=(",", ":")).encode())
    finally:
        lock.release()
    return kept, sum(1 for p in found if p.action != "none")


def _read(path: Path, raw: bytes | None = None) -> dict:
    if raw is None:
        if not path.is_file():
            raise StoreError(f"no assessment file {path}; `bmm list` shows the assessments")
        raw = path.read_bytes()
    return parse(path, raw)  # a file that is not even JSON: DamagedFile says to restore it
