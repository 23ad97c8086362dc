"""Where a command's output (``-o``) may go, and writing it there without harm.

Every file a command writes for the user (report, export, demo) goes through :func:`write`:

- never into the data folder (both paths resolved), so no output replaces assessment data;
- never through a symbolic link, and never over anything but a regular file;
- an existing file only with ``--force`` (``force=True``), otherwise one line saying so;
- through a temporary file in the target folder, created exclusively with an unpredictable
  name, then moved into place: a failure never leaves half a file;
- every error names the path the user gave.

``-o DIR`` (an existing folder) writes the command's default file name inside it.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from assistant.errors import BmmError

REPORT_MODE = None  # the user's umask: a report is a draft to share
PRIVATE_MODE = 0o600  # exports hold every answer


def target(requested: Path | str | None, default_name: str) -> Path:
    """The file to write: ``requested``, the default name inside it if it is a folder, or in the cwd."""
    if requested is None or str(requested) == "":
        return Path.cwd() / default_name
    path = Path(requested)
    if path.is_dir():
        return path / default_name
    if str(requested).endswith(os.sep):
        raise BmmError(f"{requested}: no such folder; create it first or give a file name")
    return path


def check(path: Path, force: bool = False, data_root: Path | str | None = None) -> Path:
    """Refuse a destination that is unsafe; returns it with its folder resolved."""
    path = Path(path)
    try:
        folder = path.parent.resolve(strict=True)
    except FileNotFoundError:
        raise BmmError(f"{path}: No such file or directory (the folder {path.parent} does not exist; "
                       "create it first)") from None
    except OSError as exc:
        raise BmmError(f"{path}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise BmmError(f"{path}: {path.parent} is not a folder")
    real = folder / path.name
    if data_root is not None:
        data = Path(data_root).resolve()
        if real == data or real.is_relative_to(data):
            raise BmmError(f"{path}: this is inside the data folder {data_root}; "
                           "write reports and exports somewhere else")
    try:
        st = os.lstat(real)
    except FileNotFoundError:
        return real
    if stat.S_ISLNK(st.st_mode):
        raise BmmError(f"{path}: is a symbolic link; bmm does not write through links "
                       "(remove the link or choose another name)")
    if stat.S_ISDIR(st.st_mode):
        raise BmmError(f"{path}: Is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise BmmError(f"{path}: is not a regular file (a device, pipe or socket); choose a file name")
    if not force:
        raise BmmError(f"{path}: already exists; add --force to replace it")
    return real


def write(path: Path | str, payload: bytes, force: bool = False, data_root: Path | str | None = None,
          mode: int | None = REPORT_MODE) -> Path:
    """Write ``payload`` to ``path`` under the rules above; returns the path as the user gave it."""
    path = Path(path)
    real = check(path, force, data_root)
    tmp = real.with_name(f".{real.name}.{secrets.token_hex(8)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise BmmError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode if mode is not None else 0o666 & ~_umask())
            os.fsync(fd)
        finally:
            os.close(fd)
        check(path, force, data_root)  # nothing planted meanwhile
        if force:
            os.replace(tmp, real)  # rename never follows a link at the destination
        else:
            _place_new(tmp, real)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise BmmError(f"{path}: already exists; add --force to replace it") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BmmError(f"{path}: could not write ({exc.strerror or exc})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _place_new(tmp: Path, real: Path) -> None:
    """Move ``tmp`` to ``real`` only if ``real`` does not exist (a hard link fails if it does)."""
    try:
        os.link(tmp, real)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOTSUP):
            raise
        os.replace(tmp, real)  # a file system without hard links: checked just before
        return
    tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
