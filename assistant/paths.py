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
    """Folder of question trees, one sub-folder per framework (``$BMM_PROMPTS`` overrides)."""
    env = os.environ.get("BMM_PROMPTS")
    return Path(env).expanduser() if env else _bundled("prompts")


def templates_dir() -> Path:
    """Folder of bundled report templates."""
    return _bundled("templates")


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Data folder: ``--data DIR``, else ``$BMM_HOME``, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
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
