"""A data folder that cannot be turned against its owner, and where one bad entry hides nothing."""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

from assistant.engine.answers import Answer
from assistant.errors import StoreError
from assistant.store import Store


def new(store: Store, mini, country: str = "Avalon", aid: str | None = None):
    a = store.create(country, mini.id, mini.version, aid=aid)
    a.save(Answer("trn_curriculum", value="yes"))
    return a


@pytest.fixture
def victim(tmp_path):
    """A file outside the data folder that planted links point at."""
    path = tmp_path / "victim.txt"
    path.write_text("precious")
    os.chmod(path, 0o644)
    return path


def untouched(victim) -> bool:
    return victim.read_text() == "precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644


def test_the_data_folder_is_private(tmp_path):
    Store(tmp_path / "fresh")
    assert stat.S_IMODE((tmp_path / "fresh").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "fresh" / "assessments").stat().st_mode) == 0o700
    old = tmp_path / "old" / "assessments"
    old.mkdir(parents=True, mode=0o755)
    os.chmod(old, 0o755)
    Store(tmp_path / "old")  # an existing folder is tightened
    assert stat.S_IMODE(old.stat().st_mode) == 0o700


@pytest.mark.parametrize("name", [
    ".{id}.json.{pid}.tmp",  # the temporary name older versions used
    ".{id}.json.{pid}.bak",
    "{id}.json.owner",  # the owner file older versions used
    "{id}.summary",
    ".summaries",
    "{id}.json.bak",
    "{id}.journal.bak",
])
def test_planted_links_are_never_followed(file_store, mini, victim, name):
    a = new(file_store, mini)
    aid = a.id
    a.close()
    link = file_store.folder / name.format(id=aid, pid=os.getpid())
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    with file_store.open(aid) as b:
        b.save(Answer("trn_level", value=2))
    file_store.summaries()
    assert untouched(victim)
    with file_store.open(aid, write=False) as b:
        assert b.answers()["trn_level"].value == 2  # and the data stayed in the folder
    assert file_store.path(aid).is_file() and not file_store.path(aid).is_symlink()


@pytest.mark.parametrize("name", ["{id}.json.lock", "{id}.journal"])
def test_a_link_where_the_lock_or_journal_should_be_is_refused(file_store, mini, victim, name):
    a = new(file_store, mini)
    aid = a.id
    a.close()
    link = file_store.folder / name.format(id=aid)
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    with pytest.raises(StoreError, match=r"is a symbolic link, which bmm never follows .* remove it"):
        file_store.open(aid).save(Answer("trn_level", value=2))
    assert untouched(victim)


def test_leftovers_of_killed_processes_are_cleaned(file_store, mini):
    a = new(file_store, mini)
    aid = a.id
    a.close()
    folder = file_store.folder
    leftovers = [
        f".{aid}.json.0123456789abcdef.tmp",  # a save killed before its rename
        ".ghost-0001.json.0123456789abcdef.tmp",  # a `bmm new` killed before the file existed
        f".{aid}.json.4242.tmp",  # older versions' names
        f"{aid}.json.owner",
    ]
    for name in leftovers:
        (folder / name).write_text('{"meta": "half"}')
    index_tmp = folder / "..summaries.0123456789abcdef.tmp"  # a list killed while writing its index
    index_tmp.write_text("{")
    os.utime(index_tmp, (1, 1))
    leftovers.append(index_tmp.name)
    ids = {s.id for s in file_store.summaries()}  # the next list cleans them …
    assert ids == {aid}
    assert sorted(p.name for p in folder.iterdir() if p.name in leftovers) == []
    (folder / f".{aid}.json.0123456789abcdef.tmp").write_text("x")
    with file_store.open(aid) as b:  # … and so does the next open
        assert not (folder / f".{aid}.json.0123456789abcdef.tmp").exists()
        (folder / f".{aid}.json.fedcba9876543210.tmp").write_text("x")  # while it is open: not a leftover
        file_store.summaries()
        assert (folder / f".{aid}.json.fedcba9876543210.tmp").exists()
        b.save(Answer("trn_level", value=1))
    file_store.delete(aid)  # delete takes everything of the assessment with it
    assert [p.name for p in folder.iterdir() if aid in p.name] == []


def _damage(kind: str, path, monkeypatch):
    if kind == "unreadable":
        os.chmod(path, 0)
        if os.geteuid() == 0:  # root reads anything: make the kernel's refusal happen anyway
            real_open = os.open

            def refusing(p, *args, **kwargs):
                if str(p) == str(path):
                    raise PermissionError(errno.EACCES, "Permission denied", str(p))
                return real_open(p, *args, **kwargs)

            monkeypatch.setattr(os, "open", refusing)
    elif kind == "folder":
        path.unlink()
        path.mkdir()
    elif kind == "dangling link":
        path.unlink()
        path.symlink_to(path.parent / "gone.json")
    elif kind == "meta of the wrong type":
        data = json.loads(path.read_text())
        data["meta"]["1"]["title"] = ["not", "text"]
        path.write_text(json.dumps(data))


@pytest.mark.parametrize("kind, message", [
    ("unreadable", r"cannot be read \(permission denied\); give it back to its owner with `chmod 600 .*`"),
    ("folder", r"is a folder where an assessment file should be; move it out of "),
    ("dangling link", r"is a symbolic link, which bmm never follows in its data folder; remove it"),
    ("meta of the wrong type", r"damaged assessment file \(meta field 'title' is list, not text\)"),
])
def test_one_damaged_entry_is_listed_with_what_to_do_and_hides_nothing(file_store, mini, monkeypatch, kind, message):
    good = [new(file_store, mini, country=f"Country {i}") for i in range(3)]
    bad = new(file_store, mini, country="Broken")
    for a in [*good, bad]:
        a.close()
    file_store.summaries()  # every summary is current …
    _damage(kind, file_store.path(bad.id), monkeypatch)  # … when one entry goes bad
    rows = {s.id: s for s in file_store.summaries()}
    assert {a.id for a in good} | {bad.id} == set(rows)
    assert all(not rows[a.id].problem and rows[a.id].country.startswith("Country") for a in good)
    assert str(file_store.path(bad.id)) in rows[bad.id].problem
    assert __import__("re").search(message, rows[bad.id].problem), rows[bad.id].problem


def test_a_damaged_summary_is_rebuilt_and_a_stale_one_refreshed(file_store, mini):
    a = new(file_store, mini)
    aid = a.id
    a.close()
    summary = file_store.folder / f"{aid}.summary"
    summary.write_text("{ not json")
    (row,) = file_store.summaries()
    assert (row.country, row.answered, row.problem) == ("Avalon", 1, "")
    assert json.loads(summary.read_text())["summary"]["answered"] == 1  # written back
    data = json.loads(file_store.path(aid).read_text())  # changed behind the store's back
    data["meta"]["1"]["country"] = "Borduria"
    file_store.path(aid).write_text(json.dumps(data))
    (row,) = file_store.summaries()
    assert row.country == "Borduria"
    summary.unlink()
    assert [s.country for s in file_store.summaries()] == ["Borduria"]
    (file_store.folder / ".summaries").write_bytes(b"\x00 damaged index")
    assert [s.country for s in file_store.summaries()] == ["Borduria"]
    header, entry = (file_store.folder / ".summaries").read_text().splitlines()  # rebuilt
    assert json.loads(header)["count"] == 1 and "Borduria" in json.loads(entry)


def test_a_newer_file_says_to_upgrade_not_to_restore(file_store, mini):
    a = new(file_store, mini)
    aid = a.id
    a.close()
    raw = file_store.path(aid).read_text().replace('"schema":1', '"schema":7')
    file_store.path(aid).write_text(raw)
    for attempt in (lambda: file_store.open(aid), lambda: file_store.restore(aid)):
        with pytest.raises(StoreError, match="newer version of bmm-assistant .* upgrade bmm-assistant") as exc:
            attempt()
        assert "bmm restore" not in str(exc.value)
    assert file_store.path(aid).read_text() == raw  # never replaced by an older copy
    assert "upgrade" in next(s for s in file_store.summaries() if s.id == aid).problem


def test_a_file_with_a_strange_name_is_listed_without_its_control_characters(file_store, mini):
    new(file_store, mini).close()
    (file_store.folder / "Evil\x1b[31m\n.json").write_text("{}")
    rows = file_store.summaries()
    (odd,) = [r for r in rows if r.problem]
    assert "\x1b" not in odd.id + odd.problem and "\n" not in odd.id + odd.problem
    assert "not an assessment file name" in odd.problem and len(rows) == 2


def test_a_list_while_a_writer_works_shows_every_saved_answer(file_store, mini):
    a = file_store.create("Avalon", mini.id, mini.version)
    a.save(Answer("trn_curriculum", value="yes"))  # no session: the summary waits for close …
    (row,) = file_store.summaries()
    assert row.answered == 1  # … and a list meanwhile sees it is out of date and reads the assessment
    a.progress = lambda: (2, 9)  # a session keeps it current on every save
    a.save(Answer("trn_level", value=2))
    (row,) = file_store.summaries()
    assert (row.answered, row.total) == (2, 9)
    a.close()


def test_bmm_list_shows_a_damaged_entry_and_every_other_one(cli_env):
    from helpers import run_bmm

    ids = [run_bmm(["new", "--country", c, "--framework", "mini"], cli_env).stdout.split()[-1]
           for c in ("Avalon", "Borduria")]
    folder = os.path.join(cli_env["BMM_HOME"], "assessments")
    bad = os.path.join(folder, f"{ids[0]}.json")
    os.unlink(bad)
    os.symlink(os.path.join(folder, "elsewhere.json"), bad)
    out = run_bmm(["list"], cli_env)
    assert out.returncode == 0 and out.stderr == ""
    lines = out.stdout.splitlines()
    assert any(ids[1] in line and "Borduria" in line for line in lines)
    assert any(ids[0] in line and "DAMAGED" in line and "symbolic link" in line for line in lines)
