"""The append-only journal of an assessment's changes since its last snapshot.

One line per change: ``{"e":ENTRY,"c":"CRC32"}`` where the checksum covers the
exact bytes of ``ENTRY``. A change is acknowledged once its line is written and
fsynced, so saving costs one small append whatever the length of the history.
A line cut short by a kill (the last one, never acknowledged) is ignored and cut
off before the next append; a bad line followed by good ones is damage.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import StoreError
from assistant.store import storage
from assistant.store.storage import _CLOEXEC, _NOFOLLOW, FILE_MODE, entry_problem, fsync_dir, read_file

_HEAD = b'{"e":'
_TAIL_LEN = len(b',"c":"00000000"}')


def encode(entry: dict[str, Any]) -> bytes:
    body = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return b'{"e":' + body + b',"c":"%08x"}\n' % zlib.crc32(body)


def _decode(line: bytes) -> dict[str, Any] | None:
    """The entry of one line (without its newline), or None when it fails its checksum."""
    if not line.startswith(_HEAD) or len(line) < len(_HEAD) + _TAIL_LEN:
        return None
    body, tail = line[len(_HEAD):-_TAIL_LEN], line[-_TAIL_LEN:]
    if not (tail.startswith(b',"c":"') and tail.endswith(b'"}')):
        return None
    try:
        if int(tail[6:14], 16) != zlib.crc32(body):
            return None
        entry = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return entry if isinstance(entry, dict) else None


@dataclass
class Read:
    """What a journal holds: its good entries, where they end, and any damage found."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    good_end: int = 0  # byte offset just after the last good line
    torn: bool = False  # an unfinished last line (a kill mid-append): ignored
    damaged_at: int = 0  # 1-based line number of a bad line followed by more lines, else 0


def parse(raw: bytes) -> Read:
    out = Read()
    pos = 0
    lines = raw.split(b"\n")
    for n, line in enumerate(lines, 1):
        last = n == len(lines)
        if last and not line:
            break
        entry = None if last else _decode(line)  # a last line without newline was never acknowledged
        if entry is None:
            if last or all(not rest for rest in lines[n:]):
                out.torn = True
            else:
                out.damaged_at = n
            break
        out.entries.append(entry)
        pos += len(line) + 1
        out.good_end = pos
    return out


def read(path: Path) -> Read:
    """The journal at ``path`` (an empty one when there is none)."""
    try:
        return parse(read_file(path))
    except FileNotFoundError:
        return Read()


class Writer:
    """Appends durably to one journal; only the holder of the assessment's lock uses it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.count = 0  # entries in the file

    def open(self, good_end: int | None, count: int) -> None:
        """Open for appending, cutting off anything after ``good_end`` (the last good line)."""
        created = not os.path.lexists(self.path)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _NOFOLLOW | _CLOEXEC, FILE_MODE)
        except OSError as exc:
            raise StoreError(entry_problem(self.path, exc)) from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise StoreError(entry_problem(self.path, None, info.st_mode))
        if good_end is not None and info.st_size != good_end:
            os.ftruncate(fd, good_end)
            os.fsync(fd)
        if created:
            fsync_dir(self.path.parent)
        self._fd, self.count = fd, count

    def append(self, entry: dict[str, Any]) -> None:
        """Write one entry durably; on failure the file is as it was."""
        if self._fd is None:
            self.open(None, self.count)
        fd = self._fd
        assert fd is not None
        line = encode(entry)
        end = os.fstat(fd).st_size
        try:
            storage.write_durably(fd, line)
        except BaseException:
            try:
                os.ftruncate(fd, end)
            except OSError:
                pass
            raise
        self.count += 1

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
