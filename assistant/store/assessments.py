"""Assessments on disk: one TinyDB file each, behind a small repository interface.

File ``<data>/assessments/<id>.json`` holds four tables:

- ``meta``: one document (schema version, country, title, framework, language,
  team, agencies, dates);
- ``answers``: one document per question (status, value, note, who, when);
- ``history``: every change, appended, never rewritten;
- ``edits``: a facilitator's edits to recommendations and the road map.

Saving an answer writes the answer and its history entry in one durable
write. Each assessment has its own file, so the cost of an answer does not
depend on how many assessments are stored.
"""

from __future__ import annotations

import getpass
import json
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from assistant.engine.answers import STATUSES, Answer, now
from assistant.engine.normalise import clean_text
from assistant.errors import DamagedFile, NotFound, StoreError
from assistant.store import check
from assistant.store.lock import AssessmentLock
from assistant.store.storage import (
    DurableJSONStorage,
    MemoryStorage,
    atomic_write,
    backup_path,
    good_backup,
    parse,
)

SCHEMA = 1
EXPORT_FORMAT = "bmm-assessment"
META_FIELDS = (
    "id", "country", "title", "framework", "framework_version", "lang", "team",
    "agencies", "created", "updated", "start_date", "end_date",
)  # fmt: skip
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}\Z")  # .match + \Z: exactly, no trailing newline


@cache
def default_who() -> str:
    """The operating-system user, recorded as who made each change."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not an error worth stopping for
        return ""


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
    problem: str = ""


class Assessment:
    """One open assessment. Writable instances hold the assessment's lock."""

    def __init__(self, aid: str, db: TinyDB, storage: Storage, lock: AssessmentLock | None) -> None:
        self.id = aid
        self.db = db
        self._storage = storage
        self._lock = lock
        self._answers = db.table("answers", cache_size=0)
        self._history = db.table("history", cache_size=0)
        self._edits = db.table("edits", cache_size=0)
        self._meta = db.table("meta", cache_size=0)

    # ---- metadata ------------------------------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        docs = self._meta.all()
        return dict(docs[0]) if docs else {}

    def update_meta(self, **fields: Any) -> None:
        unknown = set(fields) - set(META_FIELDS)
        if unknown:
            raise StoreError(f"unknown assessment field(s): {', '.join(sorted(unknown))}")
        with self.batch():
            meta = self.meta
            meta.update(fields, updated=now())
            self._meta.truncate()
            self._meta.insert(meta)
            self._log("meta", fields=fields)

    # ---- answers -----------------------------------------------------------------
    def answers(self) -> dict[str, Answer]:
        return {d["question"]: Answer.from_dict(d) for d in self._answers.all()}

    def save(self, answer: Answer, action: str = "answer") -> Answer:
        """Store an answer and its history entry in one durable write."""
        doc = answer.to_dict()
        with self.batch():
            old = self._answers.get(Query().question == answer.question)
            self._answers.upsert(doc, Query().question == answer.question)
            previous = None
            if old is not None:
                previous = {"status": old.get("status"), "value": old.get("value"), "note": old.get("note")}
            self._log(action, question=answer.question, status=answer.status, value=answer.value,
                      note=answer.note, previous=previous, who=answer.who, at=answer.at)
            self._touch()
        return answer

    def history(self) -> list[dict[str, Any]]:
        return [dict(d) for d in self._history.all()]

    # ---- facilitator edits (recommendations, road map) ------------------------------
    def edits(self) -> dict[str, dict[str, Any]]:
        return {d["key"]: dict(d) for d in self._edits.all()}

    def save_edit(self, key: str, **fields: Any) -> None:
        with self.batch():
            doc = {"key": key, **fields, "at": now()}
            self._edits.upsert(doc, Query().key == key)
            self._log("edit", key=key, fields=fields)
            self._touch()

    def drop_edit(self, key: str) -> None:
        with self.batch():
            self._edits.remove(Query().key == key)
            self._log("edit_reset", key=key)
            self._touch()

    # ---- plumbing ---------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        with self._storage.batch():  # type: ignore[attr-defined]
            yield

    def _log(self, action: str, **fields: Any) -> None:
        entry = {"seq": len(self._history) + 1, "action": action, "at": now(), "who": default_who()}
        entry.update({k: v for k, v in fields.items() if v is not None})
        self._history.insert(entry)

    def _touch(self) -> None:
        docs = self._meta.all()
        if docs:
            self._meta.update({"updated": now()}, doc_ids=[docs[0].doc_id])

    def export(self) -> dict[str, Any]:
        """Everything, losslessly: metadata, answers, notes, history and edits."""
        return {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA,
            "meta": self.meta,
            "answers": sorted((dict(d) for d in self._answers.all()), key=lambda d: d["question"]),
            "history": self.history(),
            "edits": sorted((dict(d) for d in self._edits.all()), key=lambda d: d["key"]),
        }

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Assessment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Store:
    """The assessments of one data folder (or of memory, for tests)."""

    def __init__(self, root: Path | None, memory: bool = False) -> None:
        self.root = Path(root) if root is not None else None
        self.memory = memory or root is None
        self._mem: dict[str, MemoryStorage] = {}
        if not self.memory:
            self.folder.mkdir(parents=True, exist_ok=True)

    @property
    def folder(self) -> Path:
        assert self.root is not None
        return self.root / "assessments"

    def path(self, aid: str) -> Path:
        """The file of an assessment; ids that are not plain names never reach the file system."""
        if not isinstance(aid, str) or not _ID.match(aid):
            raise NotFound(f"{aid!r} is not an assessment id (lowercase letters, digits and -)")
        return self.folder / f"{aid}.json"

    # ---- listing ------------------------------------------------------------------
    def ids(self) -> list[str]:
        if self.memory:
            return sorted(self._mem)
        return sorted(p.stem for p in self.folder.glob("*.json"))

    def exists(self, aid: str) -> bool:
        if not isinstance(aid, str) or not _ID.match(aid):
            return False
        return aid in self._mem if self.memory else self.path(aid).is_file()

    def summaries(self) -> list[Summary]:
        """Every assessment, most recently edited first; damaged files listed with the problem."""
        out = []
        for aid in self.ids():
            try:
                data = self._peek(aid)
                meta = next(iter(data.get("meta", {}).values()), {})
                answered = sum(1 for d in data.get("answers", {}).values() if d.get("status") != "skipped")
                out.append(Summary(aid, meta.get("country", ""), meta.get("title", ""),
                                   meta.get("framework", ""), meta.get("lang", ""),
                                   meta.get("updated", ""), answered))
            except StoreError as exc:
                out.append(Summary(aid, "", "", "", "", "", 0, problem=str(exc)))
        return sorted(out, key=lambda s: s.updated, reverse=True)

    def _peek(self, aid: str) -> dict[str, Any]:
        if self.memory:
            return self._mem[aid].read() or {}
        path = self.path(aid)
        try:
            data = parse(path, path.read_bytes())
        except FileNotFoundError:
            raise NotFound(f"no assessment {aid!r} in {self.folder}") from None
        _check_schema(path, data)
        return data

    # ---- opening --------------------------------------------------------------------
    def open(self, aid: str, write: bool = True) -> Assessment:
        """Open an assessment; for writing, take its lock or raise :class:`Locked`."""
        if not self.exists(aid):
            raise NotFound(f"no assessment {aid!r}; `bmm list` shows the ones in {self.where()}")
        return self._open(aid, write)

    def _open(self, aid: str, write: bool) -> Assessment:
        lock = None
        if self.memory:
            storage: Storage = self._mem.setdefault(aid, MemoryStorage())
        else:
            path = self.path(aid)
            if write:
                lock = AssessmentLock(path)
                lock.acquire()
            storage = DurableJSONStorage(path)
        try:
            db = TinyDB(storage=lambda: storage)  # type: ignore[arg-type]
            data = storage.read()
            if data is not None and not self.memory:
                _check_schema(self.path(aid), data)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return Assessment(aid, db, storage, lock)

    def where(self) -> str:
        return "memory" if self.memory else str(self.folder)

    # ---- creating, deleting ------------------------------------------------------------
    def new_id(self, country: str) -> str:
        slug = _slug(country) or "assessment"
        while True:
            aid = f"{slug}-{secrets.token_hex(2)}"
            if not self.exists(aid):
                return aid

    def create(self, country: str, framework: str, framework_version: str, title: str = "",
               lang: str = "en", team: list[str] | None = None, agencies: list[str] | None = None,
               aid: str | None = None) -> Assessment:
        """Create and open (for writing) a new assessment."""
        country, title = one_line(country), one_line(title)
        if not country:
            raise StoreError("a country is needed to create an assessment")
        aid = aid or self.new_id(country)
        if not _ID.match(aid):
            raise StoreError(f"{aid!r} is not a valid assessment id (lowercase letters, digits and -)")
        stamp = now()
        meta = {
            "schema": SCHEMA, "id": aid, "country": country, "title": title,
            "framework": framework, "framework_version": framework_version, "lang": lang,
            "team": [one_line(x) for x in team or [] if one_line(x)],
            "agencies": [one_line(x) for x in agencies or [] if one_line(x)],
            "created": stamp, "updated": stamp, "start_date": stamp[:10], "end_date": "",
        }  # fmt: skip
        created = {"action": "create", "at": stamp, "who": default_who(),
                   "fields": {k: meta[k] for k in ("country", "title", "framework", "lang")}}
        return self._reserve(aid, {"meta": [meta], "history": [{"seq": 1, **created}]})

    def _reserve(self, aid: str, tables: dict[str, list[dict[str, Any]]]) -> Assessment:
        """Create a new assessment file with its first content in one durable write, and open it.

        The id is claimed by creating the file exclusively, so two processes cannot both
        create the same assessment; the content then replaces it atomically (no backup of
        a placeholder is kept).
        """
        data = {name: {str(i): doc for i, doc in enumerate(docs, 1)} for name, docs in tables.items()}
        if self.memory:
            if aid in self._mem:
                raise StoreError(f"an assessment {aid!r} already exists")
            self._mem[aid] = MemoryStorage()
            self._mem[aid].write(data)
        else:
            path = self.path(aid)
            try:
                path.touch(mode=0o600, exist_ok=False)
            except FileExistsError:
                raise StoreError(f"an assessment {aid!r} already exists") from None
            try:
                atomic_write(path, json.dumps(data, ensure_ascii=False).encode(), keep_backup=False)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
        return self._open(aid, write=True)

    def delete(self, aid: str) -> None:
        """Delete an assessment, even a damaged one (refused while another process has it open)."""
        if not self.exists(aid):
            raise NotFound(f"no assessment {aid!r}; `bmm list` shows the ones in {self.where()}")
        if self.memory:
            del self._mem[aid]
            return
        path = self.path(aid)
        lock = AssessmentLock(path)
        lock.acquire()
        try:
            for p in (path, backup_path(path)):
                p.unlink(missing_ok=True)
        finally:
            lock.release()
        Path(str(path) + ".lock").unlink(missing_ok=True)

    def restore(self, aid: str, force: bool = False) -> tuple[Path, int]:
        """Bring back the copy saved before the last change, for a damaged file.

        A readable file is left alone unless ``force``: going back would undo its last
        change. The replaced file is kept beside it; returns that path and how many
        answers the restored copy holds.
        """
        path = self.path(aid)
        bak = backup_path(path)
        if not bak.exists():
            raise NotFound(f"{aid}: no previous copy to restore ({bak} does not exist); {_next_step(aid)}")
        try:
            data = parse(bak, bak.read_bytes())
            _check_schema(bak, data)
        except DamagedFile as exc:
            raise StoreError(f"{aid}: the previous copy cannot be used either ({exc}); {_next_step(aid)}") from None
        if not force:
            try:
                _check_schema(path, parse(path, path.read_bytes()))
            except (DamagedFile, FileNotFoundError):
                pass
            else:
                raise StoreError(
                    f"{aid} is not damaged, so there is nothing to restore; `bmm restore {aid} --force` "
                    "would go back to the copy saved before its last change, undoing that change"
                )
        lock = AssessmentLock(path)
        lock.acquire()
        try:
            kept = path.with_name(path.name + f".replaced-{now()[:19].replace(':', '')}")
            if path.exists():
                path.replace(kept)
            bak.replace(path)
        finally:
            lock.release()
        answered = sum(1 for d in data.get("answers", {}).values() if d.get("status") != "skipped")
        return kept, answered

    # ---- export / import -------------------------------------------------------------------
    def import_data(self, data: Any, aid: str | None = None, source: str = "import") -> str:
        """Create an assessment from an export; the same id unless ``aid`` is given.

        Everything is checked before anything is written, so a bad file leaves no trace.
        """
        problem = export_problem(data)
        if problem:
            raise StoreError(f"{source}: {problem}")
        meta = dict(data["meta"])
        aid = aid or meta.get("id")
        if not isinstance(aid, str) or not _ID.match(aid):
            raise StoreError(f"{source}: missing or invalid assessment id {aid!r}")
        if self.exists(aid):
            raise StoreError(f"an assessment {aid!r} already exists; import it under another id with --id NEW-ID")
        meta["id"] = aid
        tables = {"meta": [meta], "answers": data.get("answers", []), "history": data.get("history", []),
                  "edits": data.get("edits", [])}
        self._reserve(aid, tables).close()
        return aid


def export_problem(data: Any) -> str | None:
    """What makes ``data`` unusable as an export, or None when its structure is sound."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        return f'not a bmm assessment export (no "format": "{EXPORT_FORMAT}")'
    if data.get("schema") != SCHEMA:
        return f"export schema {data.get('schema')!r} is not supported (expected {SCHEMA})"
    meta = data.get("meta")
    if not isinstance(meta, dict):
        return '"meta" must be an object'
    if meta.get("schema") != SCHEMA:
        return f'"meta" has schema {meta.get("schema")!r}, expected {SCHEMA}'
    for name in ("country", "framework"):
        if not isinstance(meta.get(name), str) or not meta[name].strip():
            return f'"meta" needs a "{name}"'
    for key in ("answers", "history", "edits"):
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(d, dict) for d in items):
            return f'"{key}" must be a list of objects'
    for n, d in enumerate(data.get("answers", []), 1):
        if not isinstance(d.get("question"), str):
            return f'answer {n} needs a "question"'
        if d.get("status", "answered") not in STATUSES:
            return f"answer {n} ({d['question']}): unknown status {d.get('status')!r}"
        unknown = set(d) - set(Answer.__dataclass_fields__)
        if unknown:
            return f"answer {n} ({d['question']}): unknown field(s) {', '.join(sorted(unknown))}"
    for n, d in enumerate(data.get("edits", []), 1):
        if not isinstance(d.get("key"), str):
            return f'edit {n} needs a "key"'
    return None


def memory_store() -> Store:
    return Store(None, memory=True)


def _check_schema(path: Path, data: dict[str, Any]) -> None:
    meta = next(iter(data.get("meta", {}).values()), None)
    if not isinstance(meta, dict):
        raise DamagedFile(path, "no assessment metadata in the file", good_backup(path))
    schema = meta.get("schema") if isinstance(meta, dict) else None
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise StoreError(f"{path}: written by a newer version of bmm-assistant (schema {schema}, this one "
                         f"reads {SCHEMA}); upgrade bmm-assistant to open it, and do not restore it")
    if schema != SCHEMA:
        raise DamagedFile(
            path,
            f"schema version {schema!r}, expected {SCHEMA}",
            good_backup(path),
        )
    check.verify(path, data, good_backup(path))  # entries of the wrong shape, named, with `bmm repair`


def _next_step(aid: str) -> str:
    return (f"`bmm repair {aid}` can drop damaged entries of a readable file, an earlier export can be "
            f"imported with `bmm import FILE --id NEW-ID`, and `bmm delete {aid}` removes the assessment")


def one_line(text: str) -> str:
    """A name or title on one line: no control characters, spaces collapsed."""
    return " ".join(clean_text(text or "").split())


def _slug(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    ascii_ = "".join(c for c in nfkd if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:24].strip("-")

