"""The one place that resolves where data, question trees and templates live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "bmm-assistant"
_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A folder shipped with the package (wheel) or beside it (source tree)."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def prompts_dir() -> Path:
    """The first folder of question trees searched (see :func:`prompt_dirs`)."""
    return prompt_dirs()[0]


def bundled_prompts_dir() -> Path:
    """The question trees shipped with the assistant."""
    return _bundled("prompts")


def frameworks_dir() -> Path:
    """Frameworks added with ``bmm framework add``: ``frameworks/`` in the data folder."""
    return data_dir() / "frameworks"


def prompt_dirs() -> list[Path]:
    """Where frameworks are looked for, first match wins.

    The folders of ``$BMM_PROMPTS`` (separated by ``{os.pathsep}``), then the frameworks
    added to the data folder, then the bundled ones: an added folder can hold a newer copy
    of a bundled framework, never hide the others.
    """
    env = [Path(p).expanduser() for p in os.environ.get("BMM_PROMPTS", "").split(os.pathsep) if p.strip()]
    out: list[Path] = []
    for folder in (*env, frameworks_dir(), bundled_prompts_dir()):
        if folder not in out:
            out.append(folder)
    return out


def templates_dir() -> Path:
    """Folder of bundled report templates."""
    return _bundled("templates")


_chosen_data: Path | None = None


def use_data_dir(explicit: str | os.PathLike[str] | None) -> None:
    """Remember ``--data DIR`` for this process (framework look-ups need it too)."""
    global _chosen_data
    _chosen_data = Path(explicit).expanduser() if explicit else None


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Data folder: ``--data DIR``, else ``$BMM_HOME``, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    if _chosen_data is not None:
        return _chosen_data
    env = os.environ.get("BMM_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Folder for derived, disposable files (``$BMM_CACHE``, else the user cache folder)."""
    env = os.environ.get("BMM_CACHE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def keep_newest(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently written files of ``folder`` matching ``pattern``
    (a cache that is written to on every change of its inputs would otherwise only grow)."""
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in entries[keep:]:
        path.unlink(missing_ok=True)
