"""An assessment's content in memory, and the changes that the journal records.

On disk a snapshot keeps TinyDB's layout: ``{"meta": {"1": {...}}, "answers":
{"1": {...}, ...}, "history": {...}, "edits": {...}, "records": {...}}``; a record
is ``{"kind": ..., "key": ..., ...}`` (a participant, a parked question, a conflict). A change (one journal
entry) carries the history entries it adds and what it sets::

    {"n": 41, "changes": [{"answer": {...}, "meta": {"updated": ...}, "log": {...}}]}

``n`` is the position of its first history entry, so replaying is idempotent:
an entry already in the snapshot is skipped, and a gap means damage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import DamagedFile
from assistant.store.storage import good_backup


@dataclass
class State:
    meta: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)
    # workshop and merge records by kind, then key (roster, sessions, parked items, conflicts...)
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, path: Path, data: dict[str, Any]) -> State:
        """The content of a parsed snapshot; documents of the wrong shape are damage."""
        def docs(table: str) -> list[dict[str, Any]]:
            out = list(data.get(table, {}).values())
            for n, d in enumerate(out, 1):
                if not isinstance(d, dict):
                    raise DamagedFile(path, f"entry {n} of {table!r} is not an object", good_backup(path))
            return out

        state = cls(history=docs("history"))
        metas = docs("meta")
        state.meta = dict(metas[0]) if metas else {}
        for n, d in enumerate(docs("answers"), 1):
            if not isinstance(d.get("question"), str):
                raise DamagedFile(path, f"answer {n} has no question id", good_backup(path))
            state.answers[d["question"]] = d
        for n, d in enumerate(docs("edits"), 1):
            if not isinstance(d.get("key"), str):
                raise DamagedFile(path, f"edit {n} has no key", good_backup(path))
            state.edits[d["key"]] = d
        for n, d in enumerate(docs("records"), 1):
            if not isinstance(d.get("kind"), str) or not isinstance(d.get("key"), str):
                raise DamagedFile(path, f"record {n} has no kind or key", good_backup(path))
            state.records.setdefault(d["kind"], {})[d["key"]] = d
        return state

    def to_tables(self) -> dict[str, dict[str, dict[str, Any]]]:
        def table(docs: Any) -> dict[str, dict[str, Any]]:
            return {str(i): d for i, d in enumerate(docs, 1)}

        return {
            "meta": table([self.meta] if self.meta else []),
            "answers": table(self.answers.values()),
            "history": table(self.history),
            "edits": table(self.edits.values()),
            **({"records": table(self.all_records())} if self.records else {}),
        }

    def all_records(self) -> list[dict[str, Any]]:
        """Every record, ordered by kind then key (the stored and exported order)."""
        return [self.records[kind][key] for kind in sorted(self.records) for key in sorted(self.records[kind])]

    def apply_change(self, change: dict[str, Any]) -> None:
        if change.get("meta") and self.meta:
            self.meta.update(change["meta"])
        elif change.get("meta") and "schema" in change["meta"]:
            self.meta = dict(change["meta"])
        if "answer" in change:
            doc = change["answer"]
            self.answers[doc["question"]] = doc
        if "edit" in change:
            key, doc = change["edit"]
            if doc is None:
                self.edits.pop(key, None)
            else:
                self.edits[key] = doc
        if "record" in change:
            kind, key, doc = change["record"]
            if doc is None:
                self.records.get(kind, {}).pop(key, None)
                if not self.records.get(kind, True):
                    del self.records[kind]
            else:
                self.records.setdefault(kind, {})[key] = doc
        self.history.append(change["log"])

    def replay(self, entry: dict[str, Any]) -> bool:
        """Apply a journal entry unless the snapshot already has it; False when it does not follow."""
        try:
            n, changes = int(entry["n"]), entry["changes"]
            if n + len(changes) - 1 <= len(self.history):
                return True
            if n != len(self.history) + 1:
                return False
            for change in changes:
                self.apply_change(change)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return False
        return True
