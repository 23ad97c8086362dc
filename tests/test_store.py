"""The assessment store, over memory and over the real durable JSON files."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import textwrap

import pytest
from helpers import FIXTURES

from assistant.engine.answers import Answer
from assistant.errors import DamagedFile, Locked, NotFound, StoreError
from assistant.session import Session
from assistant.store import Store

HOSTILE = "<&> \"quotes\" [b]markup[/b] {{ 7*7 }} مرحبا 🙂 " + "x" * 50_000


def new(store: Store, mini, **kw):
    return store.create("Avalon", mini.id, mini.version, title="Baseline", **kw)


def test_create_save_and_reopen(store, mini):
    a = new(store, mini, team=["A. Expert"], agencies=["Border police"])
    aid = a.id
    assert aid.startswith("avalon-")
    a.save(Answer("trn_curriculum", value="yes", who="amina", at="2026-03-14T10:00:00+00:00"))
    a.save(Answer("trn_notes", value=HOSTILE, note=HOSTILE))
    a.close()
    b = store.open(aid)
    answers = b.answers()
    assert answers["trn_curriculum"].value == "yes"
    assert answers["trn_curriculum"].who == "amina"
    assert answers["trn_notes"].value == HOSTILE and answers["trn_notes"].note == HOSTILE
    assert b.meta["country"] == "Avalon" and b.meta["team"] == ["A. Expert"]
    assert b.meta["framework"] == "mini" and b.meta["schema"] == 1
    b.close()


def test_history_is_append_only(store, mini):
    a = new(store, mini)
    a.save(Answer("trn_curriculum", value="no"))
    a.save(Answer("trn_curriculum", value="yes"))
    a.save(Answer("trn_curriculum", status="dont_know"))
    hist = [h for h in a.history() if h.get("question") == "trn_curriculum"]
    assert [h.get("value") for h in hist] == ["no", "yes", None]
    assert hist[1]["previous"]["value"] == "no"
    assert [h["seq"] for h in a.history()] == list(range(1, len(a.history()) + 1))
    assert a.answers()["trn_curriculum"].status == "dont_know"
    a.close()


def test_export_import_export_is_identical(store, mini):
    a = new(store, mini)
    with Session(a, mini) as s:
        s.submit("2026-03-14")
        s.note("evidence: SOP <12> & annex")
        s.submit("1,2")
        s.skip()
        a.save_edit("rec:trn_r_curriculum", owner="MoI", status="planned")
        first = a.export()
    aid = a.id
    store.delete(aid)
    assert store.import_data(json.loads(json.dumps(first))) == aid
    with store.open(aid, write=False) as b:
        assert b.export() == first
    with pytest.raises(StoreError, match="already exists"):
        store.import_data(first)
    other = store.import_data(first, aid="copy-1")
    with store.open(other, write=False) as c:
        assert c.export()["answers"] == first["answers"]


def test_import_rejects_what_is_not_an_export(store):
    with pytest.raises(StoreError, match="not a bmm assessment export"):
        store.import_data({"hello": 1}, source="x.json")


def test_summaries_list_most_recent_first(store, mini):
    a = new(store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    a.close()
    b = store.create("Borduria", mini.id, mini.version)
    b.close()
    rows = store.summaries()
    assert {r.country for r in rows} == {"Avalon", "Borduria"}
    assert next(r for r in rows if r.country == "Avalon").answered == 1


def test_unknown_assessment(store):
    with pytest.raises(NotFound, match="no assessment 'nope'"):
        store.open("nope")


# ---- real files only ---------------------------------------------------------------


def test_files_are_private_to_their_owner(file_store, mini):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    path = file_store.path(a.id)
    a.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(path) + ".bak").st_mode) == 0o600
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_second_writer_is_refused_with_who_holds_it(file_store, mini):
    a = new(file_store, mini)
    with pytest.raises(Locked, match=r"open in process \d+ on .+, since "):
        file_store.open(a.id)
    assert file_store.open(a.id, write=False).answers() == {}  # reading is fine
    a.close()
    file_store.open(a.id).close()  # free again once closed


def test_two_processes_cannot_write_the_same_assessment(file_store, mini, tmp_path):
    a = new(file_store, mini)
    aid = a.id
    a.close()
    holder = textwrap.dedent(f"""
        import sys, time
        from assistant.store import Store
        a = Store({str(file_store.root)!r}).open({aid!r})
        print("holding", flush=True)
        sys.stdin.readline()
        a.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "holding"
        with pytest.raises(Locked) as exc:
            file_store.open(aid)
        assert f"process {proc.pid} on" in str(exc.value)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    file_store.open(aid).close()


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
        (lambda raw: b"", "the file is empty"),
        (lambda raw: b"\x00\xff garbage", "not UTF-8"),
        (lambda raw: b"[1, 2, 3]", "not an assessment database"),
        (lambda raw: raw.replace(b'"schema":1', b'"schema":0'), "schema version 0, expected 1"),
        (lambda raw: raw.replace(b'"country":"Avalon"', b'"country":5'), "meta field 'country' is int, not text"),
    ],
)
def test_damaged_file_is_named_never_overwritten_and_restorable(file_store, mini, damage, reason):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    a.save(Answer("trn_level", value=3))
    aid, path = a.id, file_store.path(a.id)
    a.close()
    broken = damage(path.read_bytes())
    path.write_bytes(broken)
    with pytest.raises(DamagedFile) as exc:
        file_store.open(aid)
    msg = str(exc.value)
    assert str(path) in msg and reason in msg and "bmm restore" in msg
    assert path.read_bytes() == broken  # never overwritten
    listed = next(s for s in file_store.summaries() if s.id == aid)
    assert reason in listed.problem
    kept, answered = file_store.restore(aid)
    assert answered == 2  # the previous snapshot and the journal of the changes since: nothing lost
    assert kept.read_bytes() == broken  # the damaged file is set aside, not deleted
    with file_store.open(aid) as b:
        assert b.answers()["trn_curriculum"].value == "yes" and b.answers()["trn_level"].value == 3


def test_failed_write_leaves_the_old_files(file_store, mini, monkeypatch):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    files = file_store.files(a.id)
    before = (files.snapshot.read_bytes(), files.journal.read_bytes())

    def half_then_full(fd, payload):  # the disk fills up in the middle of the line
        os.write(fd, payload[: len(payload) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assistant.store.storage.write_durably", half_then_full)
    with pytest.raises(StoreError, match="could not save .No space left on device."):
        a.save(Answer("trn_curriculum", value="no"))
    monkeypatch.undo()
    assert (files.snapshot.read_bytes(), files.journal.read_bytes()) == before  # the half line was cut off
    assert a.answers()["trn_curriculum"].value == "yes"  # memory as on disk
    a.save(Answer("trn_level", value=2))  # and saving goes on once there is room

    real_replace = os.replace

    def no_space(src, dst, *args, **kwargs):
        if str(dst) == str(files.snapshot):  # folding the journal into a new snapshot fails
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr("assistant.store.storage.os.replace", no_space)
    snapshot = files.snapshot.read_bytes()
    a.close()  # the journal still holds every change
    monkeypatch.undo()
    assert files.snapshot.read_bytes() == snapshot
    assert not [p for p in files.snapshot.parent.iterdir() if p.name.endswith(".tmp")]
    with file_store.open(a.id) as b:
        assert b.answers()["trn_curriculum"].value == "yes" and b.answers()["trn_level"].value == 2


def test_one_answer_touches_only_its_own_file(file_store, mini):
    """Cost per answer does not depend on the number of assessments stored."""
    others = [file_store.create(f"Country {i}", mini.id, mini.version) for i in range(5)]
    for o in others:
        o.close()
    stamps = {p: p.stat().st_mtime_ns for p in file_store.folder.glob("*.json")}
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    a.close()
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_ids_never_reach_outside_the_data_folder(file_store, mini, tmp_path):
    victim = tmp_path / "data" / "other" / "config.json"
    victim.parent.mkdir(parents=True)
    victim.write_text("{}")
    for bad in ("../other/config", "/etc/passwd", "a/b", "UPPER", ""):
        assert not file_store.exists(bad)
        with pytest.raises(NotFound, match="not an assessment id|no assessment"):
            file_store.delete(bad)
        with pytest.raises(NotFound):
            file_store.open(bad)
    assert victim.exists()


def test_first_backup_is_a_real_assessment(file_store, mini):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    path = file_store.path(a.id)
    a.close()
    backup = json.loads((path.parent / (path.name + ".bak")).read_text())
    assert next(iter(backup["meta"].values()))["country"] == "Avalon"


def test_a_damaged_file_without_backup_says_so_and_can_be_deleted(file_store, mini):
    a = new(file_store, mini)
    aid, path = a.id, file_store.path(a.id)
    a.close()
    path.write_text("")
    with pytest.raises(DamagedFile) as exc:
        file_store.open(aid)
    assert "it was left untouched" in str(exc.value) and "restore" not in str(exc.value)
    file_store.delete(aid)
    assert not file_store.exists(aid) and not list(path.parent.glob(aid + "*"))


def test_names_lose_control_characters(store, mini):
    a = store.create("Ava\x1b[31mlon\nX ", mini.id, mini.version, title="\tBase\x07line ", team=[" A\x00 ", ""])
    assert (a.meta["country"], a.meta["title"], a.meta["team"]) == ("Ava[31mlon X", "Baseline", ["A"])
    a.close()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["answers"].append({"question": "trn_level", "status": "Answered"}), "unknown status 'Answered'"),
        (lambda d: d["answers"].append({"question": "trn_level", "mood": "x"}), "unknown field(s) mood"),
        (lambda d: d["meta"].pop("schema"), '"meta" has schema None'),
        (lambda d: d.update(meta="abc"), '"meta" must be an object'),
        (lambda d: d.update(history=[1]), '"history" must be a list of objects'),
        (lambda d: d["meta"].update(country=""), '"meta" needs a "country"'),
    ],
)
def test_a_bad_import_is_refused_and_leaves_no_trace(store, mini, change, message):
    a = new(store, mini)
    data = a.export()
    a.close()
    store.delete(data["meta"]["id"])
    change(data)
    with pytest.raises(StoreError, match=re.escape(message)):
        store.import_data(data, source="bad.json")
    assert store.ids() == []


def test_a_failed_save_leaves_memory_as_on_disk(file_store, mini, monkeypatch):
    a = new(file_store, mini)
    s = Session(a, mini)
    s.submit("2026-03-14")
    asked = s.current.id

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assistant.store.storage.write_durably", broken)
    for action in (lambda: s.submit("1"), s.skip, lambda: s.note("evidence")):
        with pytest.raises(StoreError, match="No space left on device"):
            action()
        assert s.current.id == asked  # still on the same question …
        assert asked not in s.interview.answers  # … with nothing pretending to be saved
    monkeypatch.undo()
    s.submit("1")
    assert a.answers()[asked].value == ["air"]
    s.close()


def test_restore_leaves_a_healthy_file_alone_unless_forced(file_store, mini):
    a = new(file_store, mini)
    a.save(Answer("trn_curriculum", value="yes"))
    a.save(Answer("trn_level", value=3))
    aid = a.id
    a.close()
    with pytest.raises(StoreError, match="is not damaged, so there is nothing to restore"):
        file_store.restore(aid)
    with file_store.open(aid, write=False) as b:
        assert set(b.answers()) == {"trn_curriculum", "trn_level"}
    _, answered = file_store.restore(aid, force=True)  # undo the last change on purpose
    assert answered == 1
    with file_store.open(aid, write=False) as b:
        assert set(b.answers()) == {"trn_curriculum"}


def test_reopening_continues_in_the_element_last_worked_on(file_store, mini):
    a = new(file_store, mini)
    s = Session(a, mini)
    s.skip()  # the context's first question stays open …
    s.skip()
    s.goto("conduct")
    s.submit("no")  # … while the workshop works on values and conduct
    s.close()
    again = Session.open(file_store, a.id, str(FIXTURES))
    assert again.current.id == "cnd_level"
    again.close()
