"""Assessments on disk: a snapshot and a journal each, behind a small repository interface.

For an assessment ``ID`` the folder ``<data>/assessments/`` holds:

- ``ID.json``: the snapshot, in TinyDB's layout: ``meta`` (schema version,
  country, title, framework, language, team, agencies, dates), ``answers``
  (one per question: status, value, note, who, when), ``history`` (every
  change, in order) and ``edits`` (a facilitator's edits to recommendations
  and the road map);
- ``ID.journal``: the changes since the snapshot, appended and fsynced one
  line each (see :mod:`assistant.store.journal`); saving an answer costs one
  small append, whatever the length of the history;
- ``ID.json.bak`` and ``ID.journal.bak``: the previous snapshot and the
  changes that lead from it to the current one (``bmm restore`` replays them);
- ``ID.summary``: what lists show (see :mod:`assistant.store.summaries`);
- ``ID.json.lock``: the writer's lock (see :mod:`assistant.store.lock`).

The journal is folded into a new snapshot (written atomically) when an
assessment is opened or closed for writing and every ``COMPACT_EVERY`` changes.
Each assessment has its own files, so the cost of an answer does not depend on
how many assessments are stored.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import DamagedFile, NotFound, StoreError
from assistant.store import check, journal, summaries
from assistant.store.lock import AssessmentLock, lock_path
from assistant.store.state import State
from assistant.store.storage import (
    TEMP_SUFFIX,
    atomic_write,
    backup_path,
    fsync_dir,
    good_backup,
    parse,
    private_folder,
    publish_new,
    read_file,
    remove_quietly,
)
from assistant.store.summaries import Summary

if TYPE_CHECKING:  # the engine is imported only when answers are read: listing stays light
    from assistant.engine.answers import Answer

SCHEMA = 1
EXPORT_FORMAT = "bmm-assessment"
META_FIELDS = (
    "id", "country", "title", "framework", "framework_version", "lang", "team",
    "agencies", "created", "updated", "start_date", "end_date",
    "baseline",  # a follow-up's baseline assessment id
    "package",  # an agency's package: {"id", "source": id, "agency", "person", "elements": [...], "made"}
)  # fmt: skip
_TEXT_META = ("id", "country", "title", "framework", "framework_version", "lang", "created", "updated",
              "start_date", "end_date", "baseline")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_LEFTOVER = re.compile(r"\.([a-z0-9][a-z0-9-]{0,62})\.(json|summary)\.[0-9a-f]+\.(tmp|bak)")
_OLD_LEFTOVER = re.compile(r"\.([a-z0-9][a-z0-9-]*)\.json\.\d+\.(tmp|bak)|([a-z0-9][a-z0-9-]*)\.json\.owner")  # older versions
Progress = Callable[[], tuple[int, int]]


class NewerVersion(StoreError):
    """A file written by a newer bmm-assistant: to be opened by that version, never restored."""


def valid_id(aid: object) -> bool:
    return isinstance(aid, str) and _ID.fullmatch(aid) is not None


def now() -> str:
    """The current time as an ISO 8601 string in UTC (as the engine records it)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@cache
def default_who() -> str:
    """The operating-system user, recorded as who made each change."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not an error worth stopping for
        return ""


class Files:
    """The names of one assessment's files."""

    def __init__(self, folder: Path, aid: str) -> None:
        self.snapshot = folder / f"{aid}.json"
        self.journal = folder / f"{aid}.journal"
        self.journal_bak = folder / f"{aid}.journal.bak"
        self.summary = folder / f"{aid}.summary"

    def stamp(self, journal_listed: bool = True) -> summaries.Stamp:
        return summaries.stamp(self.snapshot, self.journal, journal_listed)


class Assessment:
    """One open assessment. Writable instances hold the assessment's lock."""

    COMPACT_EVERY = 500  # journal entries folded into a new snapshot while open

    def __init__(self, aid: str, state: State, files: Files | None = None, lock: AssessmentLock | None = None,
                 writer: journal.Writer | None = None, writable: bool = True) -> None:
        self.id = aid
        self._state = state
        self._files = files
        self._lock = lock
        self._journal = writer
        self._writable = writable
        self._pending: list[dict[str, Any]] | None = None  # changes of an open batch
        self.progress: Progress | None = None  # set by a session: (answered, applicable) now
        self._counts: tuple[int, int] | None = None  # progress in the last summary written

    # ---- metadata ------------------------------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        return dict(self._state.meta)

    def update_meta(self, **fields: Any) -> None:
        unknown = set(fields) - set(META_FIELDS)
        if unknown:
            raise StoreError(f"unknown assessment field(s): {', '.join(sorted(unknown))}")
        self._change(self._entry("meta", fields=fields), meta={**fields, "updated": now()})

    # ---- answers -----------------------------------------------------------------
    def answers(self) -> dict[str, Answer]:
        from assistant.engine.answers import Answer

        return {q: Answer.from_dict(d) for q, d in self._state.answers.items()}

    def save(self, answer: Answer, action: str = "answer") -> Answer:
        """Store an answer and its history entry in one durable write."""
        doc = answer.to_dict()
        old = self._state.answers.get(answer.question)
        previous = None
        if old is not None:
            previous = {"status": old.get("status"), "value": old.get("value"), "note": old.get("note")}
        log = self._entry(action, question=answer.question, status=answer.status, value=answer.value,
                          note=answer.note, previous=previous, who=answer.who, at=answer.at,
                          agency=answer.agency or None, origin=answer.origin or None)  # where it came from
        self._change(log, answer=doc, meta={"updated": now()})
        return answer

    def history(self) -> list[dict[str, Any]]:
        return [dict(d) for d in self._state.history]

    # ---- facilitator edits (recommendations, road map) ------------------------------
    def edits(self) -> dict[str, dict[str, Any]]:
        return {k: dict(d) for k, d in self._state.edits.items()}

    def save_edit(self, key: str, **fields: Any) -> None:
        doc = {"key": key, **fields, "at": now()}
        self._change(self._entry("edit", key=key, fields=fields), edit=[key, doc], meta={"updated": now()})

    def drop_edit(self, key: str) -> None:
        self._change(self._entry("edit_reset", key=key), edit=[key, None], meta={"updated": now()})

    # ---- records: workshop and merge data kept by kind and key -------------------------
    def records(self, kind: str) -> dict[str, dict[str, Any]]:
        """The records of one kind (``"participant"``, ``"parked"``...), by key; copies."""
        return {k: dict(d) for k, d in self._state.records.get(kind, {}).items()}

    def save_record(self, kind: str, key: str, **fields: Any) -> dict[str, Any]:
        """Create or replace one record in one durable write; returns it as stored."""
        doc = {**fields, "kind": kind, "key": key, "at": fields.get("at") or now()}
        self._change(self._entry("record", kind=kind, key=key, fields=fields), record=[kind, key, doc],
                     meta={"updated": now()})
        return dict(doc)

    def drop_record(self, kind: str, key: str) -> None:
        if key in self._state.records.get(kind, {}):
            self._change(self._entry("record_drop", kind=kind, key=key), record=[kind, key, None],
                         meta={"updated": now()})

    # ---- plumbing ---------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group changes into one journal entry: all of them are saved, or none."""
        if self._pending is not None:
            yield
            return
        self._pending = []
        try:
            yield
            pending, self._pending = self._pending, None
            if pending:
                self._commit(pending, applied=True)
        except BaseException:
            if self._pending:
                self._reload()  # memory goes back to what is on disk
            self._pending = None
            raise

    def _entry(self, action: str, **fields: Any) -> dict[str, Any]:
        entry = {"seq": len(self._state.history) + 1, "action": action, "at": now(), "who": default_who()}
        entry.update({k: v for k, v in fields.items() if v is not None})
        return entry

    def _change(self, log: dict[str, Any], **parts: Any) -> None:
        if not self._writable:
            raise StoreError(f"{self.id} was opened for reading only; nothing was saved")
        change = {**{k: v for k, v in parts.items() if v is not None or k in ("edit", "record")}, "log": log}
        if self._pending is not None:
            self._state.apply_change(change)  # later changes of the batch see it
            self._pending.append(change)
            return
        self._commit([change], applied=False)

    def _commit(self, changes: list[dict[str, Any]], applied: bool) -> None:
        """Append ``changes`` durably, then (if not done yet) apply them to memory."""
        if self._journal is not None:
            first = len(self._state.history) + 1 - (len(changes) if applied else 0)
            try:
                self._journal.append({"n": first, "changes": changes})
            except OSError as exc:
                if applied:
                    self._reload()
                raise StoreError(f"{self._files.snapshot}: could not save ({exc.strerror}); "  # type: ignore[union-attr]
                                 "nothing was lost on disk") from None
        if not applied:
            for change in changes:
                self._state.apply_change(change)
        if self._journal is not None:
            if self._journal.count >= self.COMPACT_EVERY:
                self._compact(quiet=True)
            if self.progress is None and any("answer" in c for c in changes):
                self._counts = None  # no session to say the progress: worked out once, on close
            else:
                self._write_summary()

    def _reload(self) -> None:
        assert self._files is not None
        state, _ = load(self._files, self.id)
        self._state.__dict__.update(state.__dict__)

    def _compact(self, quiet: bool = False) -> None:
        """Fold the journal into a new snapshot: the old one becomes ``.bak``, the journal ``.bak``."""
        files, writer = self._files, self._journal
        assert files is not None and writer is not None
        try:
            payload = json.dumps(self._state.to_tables(), ensure_ascii=False, separators=(",", ":")).encode()
            atomic_write(files.snapshot, payload)
            writer.close()
            try:
                os.replace(files.journal, files.journal_bak)
            except FileNotFoundError:
                pass  # no journal yet: nothing to keep beside the new snapshot
            fsync_dir(files.snapshot.parent)
            writer.count = 0
        except OSError:
            if not quiet:
                raise
            # the journal keeps every change durably; folding it in waits for the next chance

    def _write_summary(self) -> None:
        """Keep the summary current: with the session's progress, else the last one known (the
        answers did not change), else worked out from the framework."""
        files = self._files
        assert files is not None
        try:
            if self.progress is not None:
                self._counts = self.progress()
            summary = summaries.build(self.id, self._state.meta, self._state.answers.values(), self._counts)
            self._counts = (summary.answered, summary.total)
            summaries.write(files.summary, summary, files.stamp())
        except (OSError, ValueError):
            pass  # a summary is a cache: the next list rebuilds it

    def export(self) -> dict[str, Any]:
        """Everything, losslessly: metadata, answers, notes, history and edits."""
        return {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA,
            "meta": self.meta,
            "answers": sorted((dict(d) for d in self._state.answers.values()), key=lambda d: d["question"]),
            "history": self.history(),
            "edits": sorted((dict(d) for d in self._state.edits.values()), key=lambda d: d["key"]),
            "records": [dict(d) for d in self._state.all_records()],
        }

    def close(self) -> None:
        try:
            if self._journal is not None:
                if self._journal.count:
                    self._compact(quiet=True)
                self._write_summary()
                self._journal.close()
                self._journal = None
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Assessment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _remove_if_old(path: Path) -> None:
    """Remove a temporary file nobody has touched for a minute."""
    try:
        if time.time() - os.lstat(path).st_mtime > 60:
            remove_quietly(path)
    except OSError:
        pass


def load(files: Files, aid: str) -> tuple[State, journal.Read]:
    """An assessment as saved: the snapshot with its journal replayed.

    The journal is read before the snapshot, so a reader racing a compaction sees
    either the old journal with a snapshot at least as new, or the new snapshot.
    """
    jr = journal.read(files.journal)
    path = files.snapshot
    try:
        raw = read_file(path)
    except FileNotFoundError:
        raise NotFound(f"no assessment {aid!r} in {path.parent}") from None
    data = parse(path, raw)
    check_schema(path, data)
    state = State.from_tables(path, data)
    if jr.damaged_at:
        raise DamagedFile(path, f"change {jr.damaged_at} in its journal {files.journal.name} is damaged",
                          files.journal)
    for k, entry in enumerate(jr.entries, 1):
        if not state.replay(entry):
            raise DamagedFile(path, f"change {k} in its journal {files.journal.name} does not follow "
                              "from the snapshot", files.journal)
    return state, jr


def _recent_first(s: Summary) -> tuple[str, str]:
    """Sort key of lists: by last edit, then by id (the same order every time)."""
    return (s.updated, s.id)


class Store:
    """The assessments of one data folder (or of memory, for tests)."""

    def __init__(self, root: Path | str | None, memory: bool = False) -> None:
        self.root = Path(root) if root is not None else None
        self.memory = memory or root is None
        self._mem: dict[str, State] = {}
        if not self.memory:
            private_folder(self.root, tighten=False)  # type: ignore[arg-type]
            private_folder(self.folder)  # ours: always 0700

    @property
    def folder(self) -> Path:
        assert self.root is not None
        return self.root / "assessments"

    def path(self, aid: str) -> Path:
        """The file of an assessment; ids that are not plain names never reach the file system."""
        if not valid_id(aid):
            raise NotFound(f"{aid!r} is not an assessment id (lowercase letters, digits and -)")
        return self.folder / f"{aid}.json"

    def files(self, aid: str) -> Files:
        self.path(aid)
        return Files(self.folder, aid)

    # ---- listing ------------------------------------------------------------------
    def ids(self) -> list[str]:
        if self.memory:
            return sorted(self._mem)
        return sorted(n[:-5] for n in os.listdir(self.folder) if n.endswith(".json") and valid_id(n[:-5]))

    def exists(self, aid: str) -> bool:
        if not valid_id(aid):
            return False
        return aid in self._mem if self.memory else os.path.lexists(self.path(aid))

    def recent(self, limit: int) -> tuple[list[Summary], int, summaries.Index] | None:
        """The ``limit`` most recently edited assessments as the folder's index has them, each
        checked against its files, and how many the index lists: what a list shows first, long
        before :meth:`summaries` has checked every entry (pass it the index: one read in all).

        An assessment the index does not know yet (created by another process) or a damaged one
        is only in :meth:`summaries`; None when there is no usable index, or an entry has changed
        and has no current summary (then only :meth:`summaries` can tell).
        """
        if self.memory:
            return None
        index = summaries.Index(self.folder / ".summaries")
        if index.changed:
            return None
        folder = str(self.folder)
        out: list[Summary] = []
        for aid in index.head(limit):
            if not valid_id(aid):
                return None
            base = f"{folder}{os.sep}{aid}"
            try:
                current = summaries.stamp(base + ".json", base + ".journal")
            except FileNotFoundError:
                continue  # deleted since the index was written
            summary = index.get(aid, current) or summaries.read(base + ".summary", current)
            if summary is None:
                return None
            out.append(summary)
        return sorted(out, key=_recent_first, reverse=True), index.count, index

    def summaries(self, index: summaries.Index | None = None) -> list[Summary]:
        """Every assessment, most recently edited first; a damaged entry is listed with what to do.

        Only the small summaries are read (the folder's index, or ``index`` as :meth:`recent`
        read it); one that is missing or stale is rebuilt from its assessment, and nothing
        that goes wrong with one entry hides the others.
        """
        if self.memory:
            out = [summaries.build(aid, s.meta, s.answers.values()) for aid, s in self._mem.items()]
            return sorted(out, key=_recent_first, reverse=True)
        folder = str(self.folder)
        names = os.listdir(folder)
        listed = set(names)
        index = index or summaries.Index(self.folder / ".summaries")
        out: list[Summary] = []
        leftovers = []
        for name in names:
            if name.endswith(".json"):
                aid = name[:-5]
                if not valid_id(aid):
                    shown = aid.encode("unicode_escape", "backslashreplace").decode("ascii")  # never raw
                    out.append(Summary(shown, "", "", "", "", "", 0, problem=(
                        f"{self.folder}{os.sep}{shown}.json: not an assessment file name (lowercase letters, "
                        f"digits and -); rename it or move it out of {self.folder}")))
                    continue
                try:
                    out.append(self._summary(folder, aid, f"{aid}.journal" in listed, index))
                except FileNotFoundError:
                    continue  # deleted while we looked
                except Exception as exc:  # noqa: BLE001 - one bad entry never hides the others
                    problem = str(exc) if isinstance(exc, StoreError) else f"{self.folder / name}: {exc}"
                    out.append(Summary(aid, "", "", "", "", "", 0, problem=problem))
            elif name.endswith((TEMP_SUFFIX, ".owner")) or (name.endswith(".bak") and name.startswith(".")):
                leftovers.append(name)
        if leftovers:
            self._tidy(leftovers)
        index.keep_only({s.id for s in out if not s.problem})
        index.save()
        return sorted(out, key=_recent_first, reverse=True)

    def _summary(self, folder: str, aid: str, journal_listed: bool, index: summaries.Index) -> Summary:
        """From the folder's index, else the assessment's summary, else the assessment itself."""
        base = f"{folder}{os.sep}{aid}"  # plain strings: this runs for every assessment
        current = summaries.stamp(base + ".json", base + ".journal", journal_listed)
        summary = index.get(aid, current)
        if summary is not None:
            return summary
        summary = summaries.read(base + ".summary", current)
        if summary is None:
            files = Files(self.folder, aid)
            state, _ = load(files, aid)
            summary = summaries.build(aid, state.meta, state.answers.values())
            summaries.write(files.summary, summary, current)
        index.put(aid, current, summary)
        return summary

    def _tidy(self, names: list[str], only: str | None = None) -> None:
        """Remove what killed processes left behind: temporary files, old-style owner files.

        A leftover of assessment X is removed only while X's lock is held or can be taken (so
        nobody is writing it); a summary's temporary file, which a lister may be writing, by the
        lock holder or once it is a minute old.
        """
        free: dict[str, bool] = {}
        for name in names:
            if name.startswith("..summaries.") and name.endswith(TEMP_SUFFIX) and only is None:
                _remove_if_old(self.folder / name)  # the index being written by a list, or left by one
                continue
            m = _LEFTOVER.fullmatch(name)
            old_style = _OLD_LEFTOVER.fullmatch(name)
            aid = m.group(1) if m else (old_style.group(1) or old_style.group(3)) if old_style else None
            if aid is None or (only is not None and aid != only) or not valid_id(aid):
                continue
            path = self.folder / name
            if m and m.group(2) == "summary" and only is None:  # perhaps another lister's, being written
                _remove_if_old(path)
                continue
            if aid not in free:
                if only is not None:
                    free[aid] = True  # the caller holds the lock
                else:
                    lock = AssessmentLock(self.path(aid))
                    try:
                        free[aid] = lock.try_acquire()
                    except StoreError:
                        free[aid] = False
                    if free[aid]:
                        lock.release()
                        if not os.path.lexists(self.path(aid)):
                            remove_quietly(lock_path(self.path(aid)))  # a creation that never finished
            if free[aid]:
                remove_quietly(path)

    # ---- opening --------------------------------------------------------------------
    def open(self, aid: str, write: bool = True) -> Assessment:
        """Open an assessment; for writing, take its lock or raise :class:`Locked`."""
        if not self.exists(aid):
            raise NotFound(f"no assessment {aid!r}; `bmm list` shows the ones in {self.where()}")
        if self.memory:
            return Assessment(aid, self._mem[aid], writable=True)
        files = self.files(aid)
        if not write:
            state, _ = load(files, aid)
            return Assessment(aid, state, writable=False)
        lock = AssessmentLock(files.snapshot)
        lock.acquire()
        try:
            return self._open_locked(aid, files, lock)
        except BaseException:
            lock.release()
            raise

    def _open_locked(self, aid: str, files: Files, lock: AssessmentLock) -> Assessment:
        self._tidy(os.listdir(self.folder), only=aid)
        state, jr = load(files, aid)
        writer = journal.Writer(files.journal)
        if os.path.lexists(files.journal):
            writer.open(jr.good_end, len(jr.entries))  # a torn last line is cut off here
        a = Assessment(aid, state, files, lock, writer)
        if writer.count:
            a._compact(quiet=True)  # changes left by a process that did not close: fold them in
        return a

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
               aid: str | None = None, baseline: str = "") -> Assessment:
        """Create and open (for writing) a new assessment (a follow-up of ``baseline``, if given)."""
        country, title = one_line(country), one_line(title)
        if not country:
            raise StoreError("a country is needed to create an assessment")
        aid = aid or self.new_id(country)
        if not valid_id(aid):
            raise StoreError(f"{aid!r} is not a valid assessment id (lowercase letters, digits and -)")
        stamp = now()
        meta = {
            "schema": SCHEMA, "id": aid, "country": country, "title": title,
            "framework": framework, "framework_version": framework_version, "lang": lang,
            "team": [one_line(x) for x in team or [] if one_line(x)],
            "agencies": [one_line(x) for x in agencies or [] if one_line(x)],
            "created": stamp, "updated": stamp, "start_date": stamp[:10], "end_date": "",
        }  # fmt: skip
        if baseline:
            meta["baseline"] = baseline  # in the first write: a killed `new --follow-up` leaves no unlinked one
        created = {"action": "create", "at": stamp, "who": default_who(),
                   "fields": {k: meta[k] for k in ("country", "title", "framework", "lang")}}
        return self._reserve(aid, State(meta=meta, history=[{"seq": 1, **created}]))

    def _reserve(self, aid: str, state: State) -> Assessment:
        """Create a new assessment with its first content, complete or not at all, and open it.

        The assessment's lock is taken first; the content is written to a temporary file and
        hard-linked to its name, which fails if the name is taken, so two processes cannot both
        create it and a kill leaves either nothing or the whole assessment.
        """
        if self.memory:
            if aid in self._mem:
                raise StoreError(f"an assessment {aid!r} already exists")
            self._mem[aid] = state
            return Assessment(aid, state, writable=True)
        files = self.files(aid)
        exists = StoreError(f"an assessment {aid!r} already exists")
        if os.path.lexists(files.snapshot):
            raise exists
        lock = AssessmentLock(files.snapshot)
        lock.acquire()
        try:
            if os.path.lexists(files.snapshot):
                raise exists
            for stale in (files.journal, files.journal_bak, files.summary, backup_path(files.snapshot)):
                remove_quietly(stale)  # left by an assessment of the same id that was deleted
            payload = json.dumps(state.to_tables(), ensure_ascii=False, separators=(",", ":")).encode()
            try:
                publish_new(files.snapshot, payload)
            except FileExistsError:
                raise exists from None
            except OSError as exc:
                raise StoreError(f"{files.snapshot}: could not create ({exc.strerror})") from None
            a = Assessment(aid, state, files, lock, journal.Writer(files.journal))
            a._write_summary()
            return a
        except BaseException:
            lock.release()
            raise

    def delete(self, aid: str) -> None:
        """Delete an assessment, even a damaged one (refused while another process has it open)."""
        if not self.exists(aid):
            raise NotFound(f"no assessment {aid!r}; `bmm list` shows the ones in {self.where()}")
        if self.memory:
            del self._mem[aid]
            return
        files = self.files(aid)
        path = files.snapshot
        lock = AssessmentLock(path)
        lock.acquire()
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                raise StoreError(f"{path}: is a folder, not an assessment file; move it out of {self.folder}")
            for p in (path, backup_path(path), files.journal, files.journal_bak, files.summary):
                remove_quietly(p)
            self._tidy(os.listdir(self.folder), only=aid)
            for p in self.folder.glob(f"{aid}.json.replaced-*"):
                remove_quietly(p)
            for p in self.folder.glob(f"{aid}.journal.replaced-*"):
                remove_quietly(p)
        finally:
            lock.release()
        remove_quietly(lock_path(path))

    def restore(self, aid: str, force: bool = False) -> tuple[Path, int]:
        """Rebuild a damaged assessment from what is still good, losing as little as possible.

        The base is the snapshot if it reads, else the previous one (``.bak``); the changes
        journalled since that base (``.journal.bak``, then ``.journal``) are replayed up to the
        first damaged one. A readable assessment is left alone unless ``force``, which goes
        back to the state before its last change. The replaced file is kept beside it;
        returns that path and how many answers the result holds.
        """
        files = self.files(aid)
        path = files.snapshot
        lock = AssessmentLock(path)
        lock.acquire()
        try:
            try:
                load(files, aid)
                healthy = True
            except NewerVersion:
                raise
            except (StoreError, NotFound):
                healthy = False
            if healthy and not force:
                raise StoreError(f"{aid} is not damaged, so there is nothing to restore; `bmm restore {aid} "
                                 "--force` would go back to before its last change, undoing that change")
            if healthy:
                base, damaged_snapshot = self._previous(files, aid), False
            else:
                base, damaged_snapshot = self._restore_base(files, aid)
            state = State.from_tables(base, parse(base, read_file(base)))
            entries: list[dict[str, Any]] = []
            damaged_journal = False
            for source in (files.journal_bak, files.journal):
                jr = journal.read(source)
                entries += jr.entries
                if jr.damaged_at:
                    damaged_journal = source == files.journal
                    break
            if healthy and entries:
                entries.pop()  # the last change is the one to undo
            for entry in entries:
                if not state.replay(entry):
                    break
            stamp = now()[:19].replace(":", "")
            kept = path.with_name(f"{path.name}.replaced-{stamp}")
            if damaged_snapshot or healthy:
                os.replace(path, kept)
            if damaged_journal and os.path.lexists(files.journal):
                kept_journal = files.journal.with_name(f"{files.journal.name}.replaced-{stamp}")
                os.replace(files.journal, kept_journal)
                kept = kept if damaged_snapshot else kept_journal
            payload = json.dumps(state.to_tables(), ensure_ascii=False, separators=(",", ":")).encode()
            atomic_write(path, payload, keep_backup=False)
            remove_quietly(files.journal)
            fsync_dir(path.parent)
            summaries.write(files.summary, summaries.build(aid, state.meta, state.answers.values()), files.stamp())
        finally:
            lock.release()
        answered = sum(1 for d in state.answers.values() if d.get("status") != "skipped")
        return kept, answered

    def _restore_base(self, files: Files, aid: str) -> tuple[Path, bool]:
        """The snapshot to rebuild from (the current one if it reads, else the previous one),
        and whether the current one is damaged."""
        try:
            check_schema(files.snapshot, parse(files.snapshot, read_file(files.snapshot)))
            return files.snapshot, False
        except NewerVersion:
            raise
        except (FileNotFoundError, StoreError):
            return self._previous(files, aid), os.path.lexists(files.snapshot)

    def _previous(self, files: Files, aid: str) -> Path:
        """The previous snapshot (``.bak``), checked."""
        bak = backup_path(files.snapshot)
        if not os.path.lexists(bak):
            raise NotFound(f"{aid}: no previous copy to restore ({bak} does not exist); "
                           f"`bmm delete {aid}` removes the assessment")
        try:
            check_schema(bak, parse(bak, read_file(bak)))
        except StoreError as exc:
            raise StoreError(f"{aid}: the previous copy cannot be used either ({exc}); "
                             f"`bmm delete {aid}` removes the assessment") from None
        return bak

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
        if not valid_id(aid):
            raise StoreError(f"{source}: missing or invalid assessment id {aid!r}")
        if self.exists(aid):
            raise StoreError(f"an assessment {aid!r} already exists; import it under another id with --id NEW-ID")
        meta["id"] = aid
        state = State(meta=meta, answers={d["question"]: dict(d) for d in data.get("answers", [])},
                      history=[dict(d) for d in data.get("history", [])],
                      edits={d["key"]: dict(d) for d in data.get("edits", [])})
        for d in data.get("records", []):
            state.records.setdefault(d["kind"], {})[d["key"]] = dict(d)
        self._reserve(aid, state).close()
        return aid


def export_problem(data: Any) -> str | None:
    """What makes ``data`` unusable as an export, or None when its structure is sound."""
    from assistant.engine.answers import STATUSES, Answer

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
    for key in ("answers", "history", "edits", "records"):
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
    for n, d in enumerate(data.get("records", []), 1):
        if not isinstance(d.get("kind"), str) or not isinstance(d.get("key"), str):
            return f'record {n} needs a "kind" and a "key"'
    return None


def memory_store() -> Store:
    return Store(None, memory=True)


def check_schema(path: Path, data: dict[str, Any]) -> None:
    """A snapshot of this version whose metadata has the right types, or :class:`DamagedFile`."""
    meta = next(iter(data.get("meta", {}).values()), None)
    if not isinstance(meta, dict):
        raise DamagedFile(path, "no assessment metadata in the file", good_backup(path))
    schema = meta.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise NewerVersion(f"{path}: written by a newer version of bmm-assistant (schema {schema}, this one "
                         f"reads {SCHEMA}); upgrade bmm-assistant to open it, and do not restore it")
    if schema != SCHEMA:
        raise DamagedFile(path, f"schema version {schema!r}, expected {SCHEMA}", good_backup(path))
    for name in _TEXT_META:
        if name in meta and not isinstance(meta[name], str):
            raise DamagedFile(path, f"meta field {name!r} is {type(meta[name]).__name__}, not text",
                              good_backup(path))
    for name in ("team", "agencies"):
        if name in meta and not (isinstance(meta[name], list) and all(isinstance(x, str) for x in meta[name])):
            raise DamagedFile(path, f"meta field {name!r} is not a list of names", good_backup(path))
    check.verify(path, data, good_backup(path))  # entries of the wrong shape, named, with `bmm repair`


def one_line(text: str) -> str:
    """A name or title on one line: no control characters, spaces collapsed."""
    from assistant.engine.normalise import clean_text

    return " ".join(clean_text(text or "").split())


def _slug(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    ascii_ = "".join(c for c in nfkd if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:24].strip("-")

