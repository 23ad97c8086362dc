"""Interface settings remembered between sessions: ``<data>/settings.json`` (the theme, for now).

Written atomically (temporary file, fsync, replace); a damaged file is reported and ignored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.store.storage import atomic_write

FILE = "settings.json"


@dataclass
class Settings:
    """The settings read from the data folder; ``problem`` says why a file was ignored."""

    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)
    problem: str = ""

    @property
    def high_contrast(self) -> bool:
        return self.values.get("theme") == "high-contrast"

    def set(self, **values: Any) -> None:
        """Change settings and write the file at once (no file for an in-memory store)."""
        self.values.update(values)
        if self.path is not None:
            write_json(self.path, self.values)


def read_settings(root: Path | None) -> Settings:
    """The settings in ``root`` (none if the file is missing; ignored with a reason if damaged)."""
    if root is None:
        return Settings(None)
    path = root / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(path)
    except (OSError, ValueError) as exc:
        return Settings(path, problem=f"{path}: {exc}")
    if not isinstance(data, dict):
        return Settings(path, problem=f"{path}: not a JSON object")
    return Settings(path, data)


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` so that the file is always either the old or the new version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(path, payload.encode("utf-8"), keep_backup=False)
