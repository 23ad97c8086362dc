"""One writer per assessment: an OS file lock plus a note of who holds it.

The lock is ``flock`` on ``<id>.json.lock`` (via filelock), which the kernel
releases if the holder dies, even by ``kill -9``. Beside it ``<id>.json.owner``
records the holder's pid, host and start time so a second process can say
who has the assessment open instead of silently losing updates.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.errors import Locked


class AssessmentLock:
    """Exclusive, non-blocking lock of one assessment file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.owner_path = path.with_name(path.name + ".owner")
        self._lock = FileLock(str(path) + ".lock", timeout=0, is_singleton=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise Locked(self._message()) from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        self.owner_path.write_text(json.dumps(info), encoding="utf-8")
        os.chmod(self.owner_path, 0o600)

    def release(self) -> None:
        if self._lock.is_locked:
            self.owner_path.unlink(missing_ok=True)
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def _message(self) -> str:
        try:
            info = json.loads(self.owner_path.read_text(encoding="utf-8"))
            who = f"process {info['pid']} on {info['host']}, since {info['since']}"
        except (OSError, ValueError, KeyError, TypeError):
            who = "another process"
        return (
            f"{self.path.name[:-5]} is open in {who}; close it there first "
            "(or wait for it to finish) so no answers are lost"
        )
