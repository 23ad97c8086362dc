"""Saves append to a journal: their cost does not grow with the history, and nothing is lost."""

from __future__ import annotations

import os

import pytest

from assistant.engine.answers import Answer
from assistant.errors import DamagedFile
from assistant.store import Store


def new(store: Store, mini, history: int = 0):
    a = store.create("Avalon", mini.id, mini.version, title="Baseline")
    a.progress = lambda: (1, 10)  # as a session gives it
    with a.batch():
        for i in range(history):
            a.save(Answer("trn_notes", value=f"answer {i}", note="evidence " * (i % 20)))
    return a


def bytes_written(monkeypatch, folder, action) -> int:
    """Bytes written to files in ``folder`` while ``action`` runs (every os.write counted)."""
    real_write = os.write
    total = 0

    def counting(fd, data):
        nonlocal total
        n = real_write(fd, data)
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder)):
            total += n
        return n

    monkeypatch.setattr(os, "write", counting)
    try:
        action()
    finally:
        monkeypatch.undo()
    return total


def ten_saves(a):
    for i in range(10):
        a.save(Answer("trn_curriculum", value="yes" if i % 2 else "no", note="evidence: SOP 12"))


def test_bytes_written_by_a_save_do_not_grow_with_the_history(file_store, mini, monkeypatch):
    short, long_ = new(file_store, mini, history=5), new(file_store, mini, history=1500)
    short.close()
    long_.close()
    a, b = file_store.open(short.id), file_store.open(long_.id)
    a.progress = b.progress = lambda: (1, 10)
    assert file_store.path(b.id).stat().st_size > 100 * file_store.path(a.id).stat().st_size / 10
    few = bytes_written(monkeypatch, file_store.folder, lambda: ten_saves(a))
    many = bytes_written(monkeypatch, file_store.folder, lambda: ten_saves(b))
    assert 0 < few and many <= few + 10 * 16  # only the longer sequence numbers differ
    assert many < file_store.path(b.id).stat().st_size / 20  # nowhere near a rewrite of the file
    a.close()
    b.close()


def test_a_line_cut_short_by_a_kill_is_ignored_and_cut_off(file_store, mini):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    files = file_store.files(a.id)
    journal = files.journal.read_bytes()
    os.kill  # noqa: B018 - what follows is what a kill in the middle of an append leaves
    with open(files.journal, "ab") as f:
        f.write(b'{"e":{"n":3,"changes":[{"answer":{"question":"trn_level","val')
    lock = a._lock
    a._journal.close()
    lock.release()  # the writer "dies" without closing
    with file_store.open(a.id, write=False) as r:  # a reader sees what was acknowledged
        assert set(r.answers()) == {"trn_curriculum"}
    b = file_store.open(a.id)  # the next writer folds the good part into a new snapshot
    assert set(b.answers()) == {"trn_curriculum"}
    assert not files.journal.exists() or files.journal.read_bytes() in (b"", journal)
    b.save(Answer("trn_level", value=2))
    b.close()
    with file_store.open(a.id, write=False) as r:
        assert r.answers()["trn_level"].value == 2 and r.answers()["trn_curriculum"].value == "yes"


def test_a_damaged_change_is_named_and_restore_keeps_what_came_before(file_store, mini):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    a.save(Answer("trn_level", value=3))
    a.save(Answer("trn_notes", value="kept?"))
    files = file_store.files(a.id)
    lines = files.journal.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"value":3', b'"value":4')  # the checksum no longer matches
    a._journal.close()
    a._lock.release()
    files.journal.write_bytes(b"".join(lines))
    with pytest.raises(DamagedFile, match=r"change 2 in its journal .*\.journal is damaged.*bmm restore"):
        file_store.open(a.id)
    assert any("change 2" in s.problem for s in file_store.summaries())
    kept, answered = file_store.restore(a.id)
    assert kept.name.startswith(f"{a.id}.journal.replaced-") and kept.read_bytes() == b"".join(lines)
    assert answered == 1
    with file_store.open(a.id) as b:
        assert set(b.answers()) == {"trn_curriculum"}


def test_a_batch_is_saved_whole_or_not_at_all(file_store, mini, monkeypatch):
    a = new(file_store, mini)
    a.save_edit("rec:x", owner="MoI")

    def disk_full(fd, payload):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assistant.store.storage.write_durably", disk_full)
    with pytest.raises(Exception, match="No space left"), a.batch():
        a.drop_edit("rec:x")
        a.save_edit("rec:x", owner="MoJ")
        a.save(Answer("trn_curriculum", value="yes"))
    monkeypatch.undo()
    assert a.edits()["rec:x"]["owner"] == "MoI" and a.answers() == {}  # memory as on disk
    a.close()
    with file_store.open(a.id, write=False) as b:
        assert b.edits()["rec:x"]["owner"] == "MoI" and b.answers() == {}


def test_compaction_keeps_the_previous_snapshot_and_the_changes_since(file_store, mini, monkeypatch):
    monkeypatch.setattr("assistant.store.assessments.Assessment.COMPACT_EVERY", 3)
    a = new(file_store, mini)
    for i in range(7):
        a.save(Answer("trn_notes", value=f"v{i}"))
    files = file_store.files(a.id)
    assert len(files.journal.read_bytes().splitlines()) == 1  # folded in after 3 and 6
    assert len(files.journal_bak.read_bytes().splitlines()) == 3
    a.close()
    with file_store.open(a.id, write=False) as b:
        assert b.answers()["trn_notes"].value == "v6"
        assert [h.get("value") for h in b.history() if h.get("question")] == [f"v{i}" for i in range(7)]


def test_a_kill_between_backup_and_rename_leaves_no_litter(file_store, mini):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    a.close()
    files = file_store.files(a.id)
    bak = files.snapshot.with_name(files.snapshot.name + ".bak")
    bak.unlink()
    os.link(files.snapshot, bak)  # what a kill after the backup rotation, before the rename, leaves
    with file_store.open(a.id) as b:
        b.save(Answer("trn_level", value=1))
    assert not [p.name for p in file_store.folder.iterdir() if p.name.endswith(".tmp")]
