"""One writer per assessment: an OS file lock that also says who holds it.

The lock is ``flock`` on ``<id>.json.lock``, which the kernel releases if the
holder dies, even by ``kill -9``. The holder writes its pid, host and start
time into the lock file itself, so a second process can say who has the
assessment open; there is no separate owner file to go stale. The lock file is
opened with ``O_NOFOLLOW`` and never truncated on open: a planted link is
refused, not followed.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import stat
from datetime import datetime
from pathlib import Path

from assistant.errors import Locked, StoreError
from assistant.store.storage import _CLOEXEC, _NOFOLLOW, FILE_MODE, entry_problem, read_file, remove_quietly


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class AssessmentLock:
    """Exclusive, non-blocking lock of one assessment file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = lock_path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        if not self.try_acquire():
            raise Locked(self._message())

    def try_acquire(self) -> bool:
        """Take the lock if it is free; False when another process holds it."""
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, FILE_MODE)
        except OSError as exc:
            raise StoreError(entry_problem(self.lock_path, exc)) from None
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise StoreError(entry_problem(self.lock_path, None, mode))
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
        except OSError:
            pass  # who holds it is a courtesy; the lock itself is what matters
        remove_quietly(self.path.with_name(self.path.name + ".owner"))  # left by older versions
        return True

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            except OSError:
                pass
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _message(self) -> str:
        try:
            info = json.loads(read_file(self.lock_path))
            who = f"process {int(info['pid'])} on {info['host']}, since {info['since']}"
        except (OSError, ValueError, KeyError, TypeError, StoreError):
            who = "another process"
        return (
            f"{self.path.name[:-5]} is open in {who}; close it there first "
            "(or wait for it to finish) so no answers are lost"
        )
