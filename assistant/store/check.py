"""Entries of an assessment that are valid JSON but not valid data, named one by one.

A hand-edited or damaged file can hold ``"question": 5``, an object where an answer's
value should be, an unknown status, or a framework named by a path. Such entries used
to surface later as "unexpected error: TypeError". :func:`problems` finds them in the
stored tables (or an export), each with the question or key it concerns and what
``bmm repair`` would do; :func:`verify` turns them into one :class:`DamagedEntries` error
whose message gives the next step. :func:`repaired` applies the fixes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import DamagedFile, StoreError

QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
FRAMEWORK_ID = QUESTION_ID
LANG = re.compile(r"[a-z]{2,3}")
STATUSES = ("answered", "dont_know", "not_applicable", "skipped")
_TEXT_FIELDS = ("note", "who", "at", "agency", "confidence", "agreement", "origin")
_EDIT_TEXT = ("element", "objective", "text", "horizon", "priority", "lead", "owner", "timeline", "status")


@dataclass(frozen=True)
class Problem:
    """One bad entry: where it is, what is wrong, and what a repair does (``drop``, ``fix`` or ``none``)."""

    where: str  # "answer 'q1'", "edit 'rec:x'", "meta"
    what: str
    action: str = "drop"
    table: str = ""
    doc_key: str = ""  # the document's key in its table

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"

    def plan(self) -> str:
        does = {"drop": "drop the entry", "fix": "fix it", "none": "cannot be repaired automatically"}[self.action]
        return f"{self}: {does}"


class DamagedEntries(DamagedFile):
    """A readable file with entries of the wrong shape; ``bmm repair`` (or restore) is the next step."""

    def __init__(self, path: Path, aid: str, found: list[Problem], backup: object | None = None) -> None:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        repairable = any(p.action != "none" for p in found)
        steps = []
        if repairable:
            steps.append(f"`bmm repair {aid}` shows and drops or fixes them (a copy of the file is kept)")
        if backup:
            steps.append(f"`bmm restore {aid}` brings back the previous copy")
        if not steps:
            steps.append(f"import an earlier export of it under another id, or `bmm delete {aid}`")
        StoreError.__init__(self, f"{path}: damaged entries in the assessment file: {found[0]}{more}; "
                                  + "; or ".join(steps))
        self.path, self.backup, self.problems = path, backup, found


def _value_problem(status: Any, value: Any) -> str | None:
    if status != "answered":
        return None if value is None or value == [] or isinstance(value, str) else \
            f"a {status} answer carries a value of type {type(value).__name__}"
    if value is None or isinstance(value, str | bool):
        return None
    if isinstance(value, int | float):
        return None if math.isfinite(value) else f"value {value!r} is not a finite number"
    if isinstance(value, list):
        return None if all(isinstance(v, str) for v in value) else "value is a list with items other than text"
    return f"value is {_kind(value)}, not text, a number or a list of choices"


def _kind(value: Any) -> str:
    return {"dict": "an object", "list": "a list"}.get(type(value).__name__, f"a {type(value).__name__}")


def _docs(data: dict[str, Any], table: str) -> list[tuple[str, Any]]:
    docs = data.get(table, {})
    if isinstance(docs, dict):
        return [(str(k), v) for k, v in docs.items()]
    if isinstance(docs, list):
        return [(str(i), v) for i, v in enumerate(docs, 1)]
    return []


def answer_problems(docs: Iterable[tuple[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for key, d in docs:
        where = f"answer {key}"
        if not isinstance(d, dict):
            out.append(Problem(where, f"is {_kind(d)}, not an object", table="answers", doc_key=key))
            continue
        q = d.get("question")
        if not isinstance(q, str) or not QUESTION_ID.fullmatch(q):
            out.append(Problem(where, f"question id {q!r} is not an id", table="answers", doc_key=key))
            continue
        where = f"answer {q!r}"
        status = d.get("status", "answered")
        if status not in STATUSES:
            out.append(Problem(where, f"unknown status {status!r} (known: {', '.join(STATUSES)})",
                               table="answers", doc_key=key))
            continue
        bad = _value_problem(status, d.get("value"))
        if bad:
            out.append(Problem(where, bad, table="answers", doc_key=key))
            continue
        if q in seen:
            out.append(Problem(where, "appears twice; the later entry is kept", table="answers", doc_key=seen[q]))
        seen[q] = key
        wrong = [f for f in _TEXT_FIELDS if f in d and not isinstance(d[f], str)]
        if "skips" in d and (not isinstance(d["skips"], int) or isinstance(d["skips"], bool) or d["skips"] < 0):
            wrong.append("skips")
        if "positions" in d and not (isinstance(d["positions"], list)
                                     and all(isinstance(p, dict) for p in d["positions"])):
            wrong.append("positions")
        if wrong:
            out.append(Problem(where, f"field(s) {', '.join(wrong)} of the wrong type", "fix", "answers", key))
    return out


def record_problems(docs: Iterable[tuple[str, Any]]) -> list[Problem]:
    """Workshop and merge records: each an object with a text ``kind`` and ``key``."""
    out: list[Problem] = []
    for key, d in docs:
        if not isinstance(d, dict) or not isinstance(d.get("kind"), str) or not isinstance(d.get("key"), str):
            out.append(Problem(f"record {key}", "has no kind or key", table="records", doc_key=key))
    return out


def edit_problems(docs: Iterable[tuple[str, Any]]) -> list[Problem]:
    out: list[Problem] = []
    for key, d in docs:
        if not isinstance(d, dict) or not isinstance(d.get("key"), str):
            out.append(Problem(f"edit {key}", "has no key", table="edits", doc_key=key))
            continue
        wrong = [f for f in _EDIT_TEXT if f in d and not isinstance(d[f], str)]
        if wrong:
            out.append(Problem(f"edit {d['key']!r}", f"field(s) {', '.join(wrong)} are not text",
                               table="edits", doc_key=key))
    return out


def meta_problems(meta: Any) -> list[Problem]:
    if not isinstance(meta, dict):
        return [Problem("meta", "is not an object", "none")]
    out = []
    fid = meta.get("framework")
    if not isinstance(fid, str) or not FRAMEWORK_ID.fullmatch(fid):
        out.append(Problem("meta", f"framework {fid!r} is not a framework id (a name such as 'bmm', "
                                   "never a path)", "none"))
    lang = meta.get("lang", "en")
    if not isinstance(lang, str) or not LANG.fullmatch(lang):
        out.append(Problem("meta", f"language {lang!r} is not a language code such as 'en'", "none"))
    return out


def problems(data: dict[str, Any]) -> list[Problem]:
    """Every bad entry of stored tables (``{"answers": {"1": {...}}}``) or of an export (lists)."""
    metas = [d for _, d in _docs(data, "meta")] if not isinstance(data.get("meta"), dict) or \
        "schema" not in data.get("meta", {}) else [data["meta"]]
    found = meta_problems(metas[0]) if metas else []
    return (found + answer_problems(_docs(data, "answers")) + edit_problems(_docs(data, "edits"))
            + record_problems(_docs(data, "records")))


def verify(path: Path, data: dict[str, Any], backup: object | None = None) -> None:
    """Raise :class:`DamagedEntries` if the stored tables hold bad entries (the loading hook)."""
    found = problems(data)
    if found:
        raise DamagedEntries(path, _stem(path), found, backup)


def repaired(data: dict[str, Any], found: list[Problem]) -> dict[str, Any]:
    """Stored tables with the bad entries dropped or fixed (the input is not changed)."""
    out = {name: dict(table) if isinstance(table, dict) else table for name, table in data.items()}
    for p in found:
        table = out.get(p.table)
        if not isinstance(table, dict) or p.doc_key not in table:
            continue
        if p.action == "drop":
            del table[p.doc_key]
        elif p.action == "fix":
            doc = dict(table[p.doc_key])
            for f in _TEXT_FIELDS:
                if f in doc and not isinstance(doc[f], str):
                    doc[f] = "" if isinstance(doc[f], dict | list) or doc[f] is None else str(doc[f])
            if "skips" in doc and (not isinstance(doc["skips"], int) or isinstance(doc["skips"], bool)
                                   or doc["skips"] < 0):
                doc["skips"] = 0
            if "positions" in doc and not (isinstance(doc["positions"], list)
                                           and all(isinstance(x, dict) for x in doc["positions"])):
                del doc["positions"]
            table[p.doc_key] = doc
    for name in ("answers", "edits", "records"):  # keep TinyDB's numbering dense
        if isinstance(out.get(name), dict):
            out[name] = {str(i): d for i, d in enumerate(out[name].values(), 1)}
    return out


def _stem(path: Path) -> str:
    name = Path(path).name
    return name[:-5] if name.endswith(".json") else name


MAX_EXPORT_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32


def read_export(path: Path) -> Any:
    """An export file's JSON, read within limits (size, nesting); one clear error otherwise."""
    import json

    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_EXPORT_BYTES + 1)
    except FileNotFoundError:
        raise StoreError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: Is a directory; give the export file") from None
    if len(raw) > MAX_EXPORT_BYTES:
        raise StoreError(f"{path}: larger than {MAX_EXPORT_BYTES // 2**20} MB, more than any assessment "
                         "export holds; check that this is the right file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise StoreError(f"{path}: nested more than {MAX_DEPTH} levels deep; not an assessment export") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: not a JSON export ({exc})") from None
    if _depth(data) > MAX_DEPTH:
        raise StoreError(f"{path}: nested more than {MAX_DEPTH} levels deep; not an assessment export")
    return data


def import_problem(data: Any) -> str | None:
    """The first bad entry of an export (shape already checked), said with what to do."""
    found = problems(data) if isinstance(data, dict) else []
    if not found:
        return None
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"{found[0]}{more}; correct the file or export the assessment again"


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest
