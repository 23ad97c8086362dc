"""One small summary per assessment, so lists never open assessment files.

``<id>.summary`` holds what the home screen and ``bmm list`` show (country,
title, framework, language, progress, last update) and the stamp of the files
it was built from: type, inode, size and mtime of the snapshot, and inode,
size and mtime of the journal. It is rewritten after every save (no fsync: it is a cache);
a missing, damaged or stale one (the stamp no longer matches) is rebuilt from
the assessment itself, by whoever lists next.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, astuple, dataclass, fields
from pathlib import Path
from typing import Any

from assistant.store.storage import _CLOEXEC, _NOFOLLOW, atomic_write

Stamp = list[int]
_TEXT = ("id", "country", "title", "framework", "lang", "updated", "problem")


@dataclass(frozen=True)
class Summary:
    """What the home screen and ``bmm list`` show about one assessment."""

    id: str
    country: str
    title: str
    framework: str
    lang: str
    updated: str
    answered: int
    total: int = 0  # applicable questions; 0 when the framework cannot be loaded
    problem: str = ""

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.total) if self.total else None


_FIELDS = tuple(f.name for f in fields(Summary))
_TYPES = tuple(str if name in _TEXT else int for name in _FIELDS)
_STAMP = 7  # numbers in a stamp
_ROW = _STAMP + len(_FIELDS)  # an index entry: the stamp, then the summary's fields
_UPDATED = _STAMP + _FIELDS.index("updated")


def stamp(snapshot: Path | str, journal: Path | str, journal_listed: bool = True) -> Stamp:
    """The identity of an assessment's files as they are now (``lstat``: links are not followed)."""
    s = os.lstat(snapshot)
    out = [s.st_mode, s.st_ino, s.st_size, s.st_mtime_ns, 0, 0, 0]
    if journal_listed:
        try:
            j = os.lstat(journal)
            out[4:] = [j.st_ino, j.st_size, j.st_mtime_ns]
        except FileNotFoundError:
            pass
    return out


def build(aid: str, meta: dict[str, Any], answers: Iterable[dict[str, Any]],
          progress: tuple[int, int] | None = None) -> Summary:
    docs = list(answers)
    answered, total = progress if progress is not None else count_progress(meta, docs)
    return Summary(aid, meta.get("country", ""), meta.get("title", ""), meta.get("framework", ""),
                   meta.get("lang", ""), meta.get("updated", ""), answered, total)


def count_progress(meta: dict[str, Any], docs: list[dict[str, Any]]) -> tuple[int, int]:
    """(answered, applicable) through the interview engine; without the framework, (answers, 0)."""
    try:
        from assistant import framework as fw
        from assistant.engine.answers import Answer
        from assistant.engine.interview import Interview

        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,62}", str(meta.get("framework"))):
            raise ValueError("a framework is named by its id, never by a path")
        framework = fw.get(str(meta["framework"]))  # cached by the loader
        p = Interview(framework, [Answer.from_dict(d) for d in docs]).progress()
        return p.answered, p.applicable
    except Exception:  # noqa: BLE001 - a list never fails for a framework problem
        return sum(1 for d in docs if d.get("status") != "skipped"), 0


def _valid(s: Any) -> Summary | None:
    """A summary from its stored fields, if every one is there with its type."""
    try:
        values = [s[name] for name in _FIELDS]
    except (KeyError, TypeError):
        return None
    return Summary(*values) if tuple(map(type, values)) == _TYPES else None


def _read(path: Path | str) -> bytes:
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _load(path: Path | str) -> Any:
    return json.loads(_read(path))


def read(path: Path | str, current: Stamp) -> Summary | None:
    """The summary at ``path`` if it is sound and was built from the files as they are now."""
    try:
        data = _load(path)
        return _valid(data["summary"]) if data.get("stamp") == current else None
    except Exception:  # noqa: BLE001 - any problem with a cache means: rebuild it
        return None


class Index:
    """Every summary of the folder in one file (``.summaries``), so a list reads one file.

    An entry is used only while its stamp matches the assessment's files; the index is
    rewritten by a list that found entries missing or out of date. The file is JSON lines: a
    header (the summary's ``fields`` and the ``count`` of entries), then one entry per line,
    most recently edited first, each ``[id, the stamp's 7 numbers, the fields' values]``. So
    the home screen can show the most recent entries after parsing only those (:meth:`head`);
    a file of another layout is rebuilt.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        self.count = 0  # entries, as the header says
        self._lines: list[bytes] = []
        self._rows: dict[str, list[Any]] | None = None  # every entry, parsed when first needed
        self._head: dict[str, list[Any]] = {}  # the entries parsed by head()
        try:
            header, *self._lines = _read(path).split(b"\n")
            meta = json.loads(header)
            if meta.get("fields") != list(_FIELDS) or not isinstance(meta.get("count"), int):
                raise ValueError("another layout (an older version's)")
            self.count = meta["count"]
        except Exception:  # noqa: BLE001 - a missing, damaged or older index is rebuilt
            self._lines, self._rows, self.changed = [], {}, True

    @property
    def rows(self) -> dict[str, list[Any]]:
        """Every entry: ``{id: [stamp..., values...]}``."""
        if self._rows is None:
            self._rows = {}
            try:
                entries = json.loads(b"[" + b",".join(line for line in self._lines if line) + b"]")
            except ValueError:
                entries, self.changed = [], True
            for entry in entries:
                if type(entry) is list and entry and type(entry[0]) is str:
                    self._rows[entry[0]] = entry[1:]
                else:
                    self.changed = True
        return self._rows

    def head(self, n: int) -> list[str]:
        """The ids of the first ``n`` entries (the most recently edited), parsing only those."""
        out = []
        for line in self._lines[:n]:
            try:
                entry = json.loads(line)
            except ValueError:
                break
            if type(entry) is list and entry and type(entry[0]) is str:
                self._head[entry[0]] = entry[1:]
                out.append(entry[0])
        return out

    def get(self, aid: str, current: Stamp) -> Summary | None:
        row = self._head[aid] if aid in self._head else self.rows.get(aid)
        if type(row) is list and len(row) == _ROW and row[:_STAMP] == current:
            values = row[_STAMP:]
            if tuple(map(type, values)) == _TYPES:
                return Summary(*values)
        return None

    def put(self, aid: str, current: Stamp, summary: Summary) -> None:
        self.rows[aid] = [*current, *astuple(summary)]
        self.changed = True

    def keep_only(self, ids: set[str]) -> None:
        gone = set(self.rows) - ids
        for aid in gone:
            del self.rows[aid]
        self.changed = self.changed or bool(gone)

    def save(self) -> None:
        if not self.changed:
            return
        rows = sorted(self.rows.items(), key=lambda kv: (str(kv[1][_UPDATED]), kv[0]), reverse=True)
        lines = [json.dumps({"fields": _FIELDS, "count": len(rows)}, separators=(",", ":"))]
        lines += [json.dumps([aid, *row], ensure_ascii=False, separators=(",", ":")) for aid, row in rows]
        try:
            atomic_write(self.path, "\n".join(lines).encode(), keep_backup=False, durable=False)
        except OSError:
            pass


def write(path: Path, summary: Summary, current: Stamp) -> None:
    """Keep ``summary`` for the files stamped ``current``; a failure only costs a rebuild later."""
    payload = json.dumps({"stamp": current, "summary": asdict(summary)}, ensure_ascii=False).encode()
    try:
        atomic_write(path, payload, keep_backup=False, durable=False)
    except OSError:
        pass
