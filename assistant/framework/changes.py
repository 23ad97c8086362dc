"""Framework versions: the declared ``changes:`` and the recorded fingerprint.

An assessment keeps the version of the framework it was answered on. When a framework
renames an option, removes a question or changes what a question means, it says so in
``changes:`` with the version that made the change, so older answers can be mapped or
set aside for review (see :mod:`assistant.engine.versions`).

``fingerprint.json`` beside ``framework.yaml`` records, for the last released version,
what answers look like (question ids, types, option values, number of levels). With it,
``bmm validate`` catches a change made without raising the version or without declaring
it; ``bmm framework record`` writes it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.framework.models import Change, Framework
from assistant.framework.yamlsource import display

if TYPE_CHECKING:
    from assistant.framework.yamlsource import Source

FINGERPRINT_FILE = "fingerprint.json"


def version_key(version: str) -> tuple:
    """A sortable key: "1.10.0" after "1.9.2"; text parts compare as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-+_]", version.strip()))


def newer(version: str, than: str | None) -> bool:
    """True if ``version`` is later than ``than`` (None: nothing is later)."""
    return than is not None and version_key(version) > version_key(than)


def changes_since(fw: Framework, stored: str | None) -> list[Change]:
    """The declared changes an assessment answered on version ``stored`` has not seen, oldest first."""
    if stored is None or not newer(fw.version, stored):
        return []
    todo = [c for c in fw.changes if newer(c.version, stored) and not newer(c.version, fw.version)]
    return sorted(todo, key=lambda c: version_key(c.version))


def shape(fw: Framework) -> dict[str, Any]:
    """What answers to ``fw`` look like: enough to tell whether stored answers still fit."""
    out: dict[str, Any] = {}
    for _, q in fw.questions():
        entry: dict[str, Any] = {"type": q.type}
        if hasattr(q, "options"):
            entry["options"] = [o.value for o in q.options]
        if q.type == "scale":
            entry["levels"] = len(q.levels)
        out[q.id] = entry
    return out


def fingerprint(fw: Framework) -> dict[str, Any]:
    return {"framework": fw.id, "version": fw.version, "questions": shape(fw)}


def change_problems(fw: Framework, root: Source) -> list[str]:
    """Declared changes that cannot be right, as ``file:line:column: message``."""
    problems: list[str] = []
    questions = {q.id: q for _, q in fw.questions()}
    for i, change in enumerate(fw.changes):
        where = root.where(("changes", i))
        if newer(change.version, fw.version):
            problems.append(f"{root.where(('changes', i, 'version'))}: change declared for version "
                            f"{change.version!r}, later than the framework's version {fw.version!r}")
        q = questions.get(change.question)
        if change.removed and q is not None:
            problems.append(f"{where}: question {change.question!r} is declared removed but is still "
                            "in the framework")
        if (change.reworded or change.renamed) and q is None:
            problems.append(f"{where}: change names unknown question {change.question!r}")
        if change.renamed and q is not None:
            values = q.option_values() if hasattr(q, "options") else []
            if not values:
                problems.append(f"{where}: {change.question!r} is {q.type}; only options can be renamed")
                continue
            for old, new in change.renamed.items():
                if new not in values:
                    problems.append(f"{root.where(('changes', i, 'renamed', old))}: {new!r} is not an "
                                    f"option of {change.question!r} (options: {', '.join(values)})")
    return problems


def fingerprint_problems(fw: Framework, root: Source) -> list[str]:
    """Changes made since the recorded fingerprint without a version or a declaration."""
    path = root.path.parent / FINGERPRINT_FILE
    if not path.is_file():
        return []
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        old_version, old_shape = str(recorded["version"]), dict(recorded["questions"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{display(path)}:1: unreadable fingerprint ({exc}); "
                "record it again with `bmm framework record`"]
    differences = _differences(old_shape, shape(fw), changes_since(fw, old_version))
    if not differences:
        return []
    at = root.where(("version",))
    if not newer(fw.version, old_version):
        return [f"{at}: {d}, but the version is still {fw.version!r} (recorded in {FINGERPRINT_FILE}); "
                "raise the version and declare the change under `changes:`" for d in differences]
    return [f"{at}: {d} between {old_version} and {fw.version} and no change declares it; add it under "
            "`changes:` (renamed, removed or reworded)" for d in differences]


def _differences(old: dict[str, Any], new: dict[str, Any], declared: list[Change]) -> list[str]:
    removed = {c.question for c in declared if c.removed}
    reworded = {c.question for c in declared if c.reworded}
    renamed: dict[str, set[str]] = {}
    for c in declared:
        if c.renamed:
            renamed.setdefault(c.question, set()).update(c.renamed)
    out = []
    for qid, was in old.items():
        now = new.get(qid)
        if now is None:
            if qid not in removed:
                out.append(f"question {qid!r} was removed")
            continue
        if qid in reworded:
            continue
        if now["type"] != was.get("type"):
            out.append(f"question {qid!r} changed type ({was.get('type')} → {now['type']})")
            continue
        gone = [v for v in was.get("options", []) if v not in now.get("options", [])]
        gone = [v for v in gone if v not in renamed.get(qid, set())]
        if gone:
            out.append(f"option(s) {', '.join(map(repr, gone))} of {qid!r} were removed or renamed")
        if "levels" in was and was["levels"] != now.get("levels"):
            out.append(f"question {qid!r} changed from {was['levels']} to {now.get('levels')} levels")
    return out


def record(fw: Framework, folder: Path) -> Path:
    """Write ``fingerprint.json`` for ``fw`` into its folder (atomically)."""
    target = folder / FINGERPRINT_FILE
    tmp = folder / f".{FINGERPRINT_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(fingerprint(fw), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    os.replace(tmp, target)
    return target
