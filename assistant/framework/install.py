"""``bmm framework add``: check a framework folder, then copy it into the data folder.

Only a framework that validates is copied, and only its own files: ``framework.yaml``, the
element files it lists, ``fingerprint.json`` and any README. The copy is made in a
temporary folder beside the target and renamed into place, so a failure leaves nothing
half-copied; an added framework with the same id is only replaced with ``force``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from assistant.errors import BmmError, FrameworkError, UsageError
from assistant.framework.changes import FINGERPRINT_FILE
from assistant.framework.loader import FRAMEWORK_FILE, framework_file, load
from assistant.framework.yamlsource import display


def add(source: Path, frameworks: Path, force: bool = False) -> tuple[Path, bool]:
    """Validate ``source`` and copy it to ``frameworks/<id>``; return (the copy, replaced?)."""
    root = framework_file(Path(source))
    loaded = load(root)
    if loaded.framework is None:
        raise FrameworkError(loaded.problems)
    fid = loaded.framework.id
    files = [root] + [src.path for src in loaded.sources.values()]
    for extra in (FINGERPRINT_FILE, "README.md"):
        if (root.parent / extra).is_file():
            files.append(root.parent / extra)
    target = frameworks / fid
    replaced = target.exists()
    if replaced and not force:
        raise UsageError(f"{target}: framework {fid!r} was already added; add --force to replace it")
    if replaced and target.resolve() == root.parent.resolve():
        raise UsageError(f"{display(root.parent)} is the added copy itself; nothing to do")
    frameworks.mkdir(parents=True, exist_ok=True)
    base = root.parent.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{fid}.", dir=frameworks))
    try:
        for path in files:
            rel = path.resolve().relative_to(base)
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staging / rel, follow_symlinks=True)
        os.chmod(staging, 0o755)
        if replaced:
            old = frameworks / f".{fid}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BmmError(f"{target}: could not copy the framework ({exc.strerror or exc})") from None
    from assistant.framework.loader import get

    get.cache_clear()  # type: ignore[attr-defined]
    assert (target / FRAMEWORK_FILE).is_file()
    return target, replaced
