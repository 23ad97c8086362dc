"""Files in the data folder, written so that a crash or a planted link cannot harm them.

Every file is created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under an
unpredictable temporary name, flushed to disk, then renamed over its final name
(a rename replaces a planted symbolic link itself, never its target); the
folder is fsynced after the rename. Reads never follow a symbolic link either.
After :func:`atomic_write` returns, the data survives ``kill -9`` and power loss,
and the file is always either the old or the new version.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from assistant.errors import DamagedFile, StoreError

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
TEMP_SUFFIX = ".tmp"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def private_folder(folder: Path, tighten: bool = True) -> None:
    """Create ``folder`` (and parents) readable by its owner only; tighten it if it exists
    (unless ``tighten`` is False: a folder the user chose may be shared on purpose)."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if not tighten:
        return
    try:
        if stat.S_IMODE(folder.stat().st_mode) != FOLDER_MODE:
            os.chmod(folder, FOLDER_MODE)
    except OSError:
        pass  # not ours to change (a shared mount): the files themselves stay 0600


def temp_name(path: Path) -> Path:
    """An unpredictable temporary name beside ``path``: ``.NAME.RANDOM.tmp``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")


def create_exclusive(path: Path) -> int:
    """Open a brand-new file for writing; never follows or reuses what is already there."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, FILE_MODE)


def write_durably(fd: int, payload: bytes) -> None:
    """Write all of ``payload`` to ``fd`` and flush it to the disk."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes, keep_backup: bool = True, durable: bool = True) -> None:
    """Replace ``path`` with ``payload``; the old version becomes ``path.bak`` when asked.

    ``durable=False`` skips the fsyncs, for caches that are rebuilt when stale.
    """
    tmp = temp_name(path)
    link = None
    try:
        fd = create_exclusive(tmp)
        try:
            if durable:
                write_durably(fd, payload)
            else:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        if keep_backup and os.path.lexists(path):
            link = temp_name(path)
            os.link(path, link, follow_symlinks=False)
            os.replace(link, backup_path(path))
            remove_quietly(link)  # rename does nothing when both names are the same file already
        os.replace(tmp, path)
    except BaseException:
        for p in (tmp, link):
            if p is not None:
                try:
                    p.unlink()
                except OSError:
                    pass
        raise
    if durable:
        fsync_dir(path.parent)


def publish_new(path: Path, payload: bytes) -> None:
    """Write a file that must not exist yet, completely or not at all.

    The data goes to a temporary file first and is then hard-linked to its name,
    which fails if the name is taken: a kill leaves nothing or the whole file.
    """
    tmp = temp_name(path)
    try:
        fd = create_exclusive(tmp)
        try:
            write_durably(fd, payload)
        finally:
            os.close(fd)
        os.link(tmp, path, follow_symlinks=False)
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass
    fsync_dir(path.parent)


def read_file(path: Path) -> bytes:
    """The bytes of a regular file; a link, folder or unreadable entry raises :class:`StoreError`.

    A missing file raises ``FileNotFoundError``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(entry_problem(path, exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(entry_problem(path, None, info.st_mode))
        chunks = []
        while chunk := os.read(fd, max(info.st_size, 65536)):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise StoreError(entry_problem(path, exc)) from None
    finally:
        os.close(fd)


def entry_problem(path: Path, exc: OSError | None, mode: int | None = None) -> str:
    """What is wrong with a data-folder entry that cannot be read as a file, and what to do."""
    if exc is not None and exc.errno in (errno.ELOOP, errno.EMLINK) or (mode is not None and stat.S_ISLNK(mode)):
        return (f"{path}: is a symbolic link, which bmm never follows in its data folder; "
                "remove it, or put the file itself in its place")
    if (exc is not None and exc.errno == errno.EISDIR) or (mode is not None and stat.S_ISDIR(mode)):
        return f"{path}: is a folder where an assessment file should be; move it out of {path.parent}"
    if exc is not None and exc.errno in (errno.EACCES, errno.EPERM):
        return (f"{path}: cannot be read (permission denied); give it back to its owner with "
                f"`chmod 600 {path}`")
    if mode is not None:
        return f"{path}: is not a regular file; move it out of {path.parent}"
    detail = exc.strerror if exc is not None else "unknown error"
    return f"{path}: cannot be read ({detail})"


def parse(path: Path, raw: bytes) -> dict[str, Any]:
    """Decode an assessment snapshot's bytes, or raise :class:`DamagedFile`."""
    if not raw.strip():
        raise DamagedFile(path, "the file is empty", good_backup(path))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedFile(path, "not UTF-8 text", good_backup(path)) from None
    except json.JSONDecodeError as exc:
        reason = f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise DamagedFile(path, reason, good_backup(path)) from None
    except RecursionError:
        raise DamagedFile(path, "nested too deeply", good_backup(path)) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise DamagedFile(path, "not an assessment database", good_backup(path))
    return data


def good_backup(path: Path) -> Path | None:
    """The previous copy of a damaged file, if it exists and holds a readable assessment."""
    bak = backup_path(path)
    if not path.name.endswith(".json"):
        return None
    try:
        data = json.loads(read_file(bak).decode("utf-8"))
        meta = next(iter(data["meta"].values()))
        return bak if isinstance(meta, dict) and meta.get("schema") else None
    except (OSError, ValueError, KeyError, AttributeError, StopIteration, TypeError, StoreError):
        return None


def remove_quietly(path: Path) -> None:
    """Remove a name (never what a link points to); a missing one is fine."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
