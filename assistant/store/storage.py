"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's own ``JSONStorage`` truncates and rewrites the file in place, so a
crash mid-write corrupts it. :class:`DurableJSONStorage` writes a temporary
file in the same folder, fsyncs it, keeps the previous version as ``.bak`` (a
hard link, no copy), ``os.replace``-s the new file into place and fsyncs the
folder. After :meth:`write` returns, the data survives ``kill -9`` and power
loss, and the file on disk is always either the old or the new version.

While the assessment is open the process holds its lock, so nobody else
writes the file: the last data written is kept in memory and ``read`` costs
nothing. :meth:`batch` groups several TinyDB operations into one durable write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from assistant.errors import DamagedFile, StoreError

FILE_MODE = 0o600


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def parse(path: Path, raw: bytes) -> dict[str, Any]:
    """Decode an assessment file's bytes, or raise :class:`DamagedFile`."""
    if not raw.strip():
        raise DamagedFile(path, "the file is empty", good_backup(path))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedFile(path, "not UTF-8 text", good_backup(path)) from None
    except json.JSONDecodeError as exc:
        reason = f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise DamagedFile(path, reason, good_backup(path)) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise DamagedFile(path, "not an assessment database", good_backup(path))
    return data


def good_backup(path: Path) -> Path | None:
    """The previous copy of a damaged file, if it exists and holds a readable assessment."""
    bak = backup_path(path)
    if not path.name.endswith(".json") or not bak.exists():
        return None
    try:
        data = json.loads(bak.read_bytes().decode("utf-8"))
        meta = next(iter(data["meta"].values()))
        return bak if isinstance(meta, dict) and meta.get("schema") else None
    except (OSError, ValueError, KeyError, AttributeError, StopIteration, TypeError):
        return None


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``payload`` durably; the old version becomes ``path.bak``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    link = path.with_name(f".{path.name}.{os.getpid()}.bak")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_backup and path.exists():
            link.unlink(missing_ok=True)
            os.link(path, link)
            os.replace(link, backup_path(path))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        link.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class DurableJSONStorage(Storage):
    """TinyDB storage: one JSON file, replaced atomically and durably on every write."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True) -> None:
        self.path = Path(path)
        self._cache: dict[str, Any] | None = None
        self._depth = 0
        self._dirty = False
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no such assessment file")
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, Any] | None:
        if self._cache is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot read ({exc.strerror})") from None
            self._cache = parse(self.path, raw)
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        self._cache = data
        if self._depth:
            self._dirty = True
            return
        self._flush()

    def _flush(self) -> None:
        try:
            payload = json.dumps(self._cache, ensure_ascii=False, separators=(",", ":")).encode()
            atomic_write(self.path, payload)
        except OSError as exc:
            self._cache = None  # memory may be ahead of disk: reread next time
            raise StoreError(f"{self.path}: could not save ({exc.strerror}); nothing was lost on disk") from None
        except BaseException:
            self._cache = None
            raise
        self._dirty = False

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes: one durable write when the outermost batch ends."""
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0 and self._dirty:
                self._cache, self._dirty = None, False  # drop the half-done batch
            raise
        self._depth -= 1
        if self._depth == 0 and self._dirty:
            self._flush()

    def close(self) -> None:
        self._cache = None


class MemoryStorage(Storage):
    """TinyDB storage kept in memory (tests, previews); same interface as the durable one."""

    def __init__(self) -> None:
        self.memory: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        return self.memory

    def write(self, data: dict[str, Any]) -> None:
        self.memory = data

    @contextmanager
    def batch(self) -> Iterator[None]:
        yield
