"""Every damaged-file kind has its message and a next step (finding 9): corrupt entries inside valid
JSON named by question, ``bmm repair``, restore without (or with a damaged) previous copy, and a file
from a newer version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.engine.answers import Answer
from assistant.errors import BmmError, DamagedFile, StoreError
from assistant.store import Store
from assistant.store.repair import repair

KINDS = {
    "question is a number": (lambda a: a.update(question=5), "question id 5 is not an id"),
    "value is an object": (lambda a: a.update(value={"x": 1}), "'trn_level': value is an object"),
    "value is a list of numbers": (lambda a: a.update(value=[1, 2]), "'trn_level': value is a list"),
    "unknown status": (lambda a: a.update(status="maybe"), "'trn_level': unknown status 'maybe'"),
    "infinite number": (lambda a: a.update(value=float("inf")), "not a finite number"),
    "note is an object": (lambda a: a.update(note={"x": 1}), "'trn_level': field(s) note of the wrong type"),
    "not an object": (lambda a: a.clear() or a.update(bad=True), "question id None is not an id"),
}  # fmt: skip


def saved(store: Store, mini) -> tuple[str, Path]:
    a = store.create("Avalon", mini.id, mini.version)
    a.save(Answer("trn_curriculum", value="yes"))
    a.save(Answer("trn_level", value=3))
    aid = a.id
    a.close()
    return aid, store.path(aid)


def damage(path: Path, change) -> None:
    data = json.loads(path.read_text())
    answer = next(d for d in data["answers"].values() if d["question"] == "trn_level")
    change(answer)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("kind", KINDS)
def test_each_corrupt_entry_is_named_and_repaired(file_store, mini, kind):
    aid, path = saved(file_store, mini)
    change, words = KINDS[kind]
    damage(path, change)
    broken = path.read_bytes()
    with pytest.raises(DamagedFile) as exc:
        file_store.open(aid, write=False)
    message = str(exc.value)
    assert words in message and f"bmm repair {aid}" in message and str(path) in message
    listed = next(s for s in file_store.summaries() if s.id == aid)
    assert words in listed.problem  # one damaged entry does not hide the assessment
    assert path.read_bytes() == broken  # nothing written by looking
    kept, changed = repair(file_store, aid)
    assert changed == 1 and kept.read_bytes() == broken
    with file_store.open(aid, write=False) as a:
        answers = a.answers()
        assert answers["trn_curriculum"].value == "yes"  # the good answers are all kept
        if "note" in kind:
            assert answers["trn_level"].value == 3 and answers["trn_level"].note == ""
        a.export()


def test_cli_commands_name_the_question_and_repair_fixes_it(bmm, cli_env, tmp_path):
    r = bmm(["new", "--country", "Avalon", "--framework", "mini"], cli_env)
    aid = r.stdout.strip().splitlines()[-1]
    bmm(["interview", aid, "--plain"], cli_env, stdin="2026-03-14\n1\n:quit\n")
    path = Path(cli_env["BMM_HOME"]) / "assessments" / f"{aid}.json"
    data = json.loads(path.read_text())
    first = next(iter(data["answers"].values()))
    question, first["value"] = first["question"], {"object": True}
    path.write_text(json.dumps(data))
    for cmd in (["export", aid], ["report", aid, "-o", str(tmp_path / "r.docx")], ["roadmap", aid],
                ["interview", aid, "--plain"]):
        r = bmm(cmd, cli_env, stdin=":quit\n")
        assert r.returncode == 1, (cmd, r.stdout)
        assert r.stderr.count("\n") == 1 and "unexpected" not in r.stderr, r.stderr
        assert f"answer {question!r}" in r.stderr and f"bmm repair {aid}" in r.stderr
    listed = bmm(["list"], cli_env)
    assert "DAMAGED" in listed.stdout and f"bmm repair {aid}" in listed.stdout
    r = bmm(["repair", aid], cli_env)
    assert r.returncode == 2 and "--yes" in r.stderr  # says what it would do, asks first
    assert f"answer {question!r}: value is an object" in r.stdout and "drop the entry" in r.stdout
    r = bmm(["repair", aid, "--yes"], cli_env)
    assert r.returncode == 0, r.stderr
    assert "1 entry dropped or fixed" in r.stdout and "before-repair" in r.stdout
    assert bmm(["export", aid], cli_env).returncode == 0
    assert "nothing to repair" in bmm(["repair", aid], cli_env).stdout


def test_restore_always_gives_a_next_step(file_store, mini):
    aid, path = saved(file_store, mini)
    path.with_name(path.name + ".bak").unlink()
    path.write_text("{not json")
    with pytest.raises(BmmError) as exc:
        file_store.restore(aid)
    assert "no previous copy" in str(exc.value) and f"bmm delete {aid}" in str(exc.value)
    aid2, path2 = saved(file_store, mini)
    path2.write_text("{not json")
    path2.with_name(path2.name + ".bak").write_text("[]")
    with pytest.raises(StoreError) as exc:
        file_store.restore(aid2)
    assert "previous copy cannot be used either" in str(exc.value) and f"bmm delete {aid2}" in str(exc.value)
    assert path2.read_text() == "{not json"  # nothing changed


def test_a_file_from_a_newer_version_says_upgrade_not_restore(file_store, mini):
    aid, path = saved(file_store, mini)
    path.write_bytes(path.read_bytes().replace(b'"schema":1', b'"schema":7'))
    newer = path.read_bytes()
    for attempt in (lambda: file_store.open(aid), lambda: file_store.restore(aid)):
        with pytest.raises(StoreError) as exc:
            attempt()
        assert "newer version" in str(exc.value) and "upgrade" in str(exc.value)
        assert "bmm restore" not in str(exc.value).replace("do not restore", "")
    listed = next(s for s in file_store.summaries() if s.id == aid)
    assert "upgrade" in listed.problem
    assert path.read_bytes() == newer


FILE_KINDS = {
    "empty": (lambda raw: b"", "the file is empty"),
    "cut short": (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
    "not UTF-8": (lambda raw: b"\xff\xfe" + raw, "not UTF-8"),
    "not a database": (lambda raw: b"[1, 2, 3]", "not an assessment database"),
    "no metadata": (lambda raw: b'{"meta": {}, "answers": {}}', "no assessment metadata"),
    "older schema": (lambda raw: raw.replace(b'"schema":1', b'"schema":0'), "schema version 0"),
}  # fmt: skip


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_each_damaged_file_kind_has_its_message_and_restore_works(bmm, cli_env, kind):
    r = bmm(["new", "--country", "Avalon", "--framework", "mini"])
    aid = r.stdout.strip().splitlines()[-1]
    bmm(["interview", aid, "--plain"], stdin="2026-03-14\n1\n:quit\n")
    path = Path(cli_env["BMM_HOME"]) / "assessments" / f"{aid}.json"
    change, words = FILE_KINDS[kind]
    path.write_bytes(change(path.read_bytes()))
    for cmd in (["export", aid], ["interview", aid, "--plain"], ["roadmap", aid]):
        r = bmm(cmd, stdin=":quit\n")
        assert r.returncode == 1 and r.stderr.count("\n") == 1 and "unexpected" not in r.stderr, r.stderr
        assert words in r.stderr and f"bmm restore {aid}" in r.stderr, r.stderr
    assert words in bmm(["list"]).stdout
    r = bmm(["restore", aid])
    assert r.returncode == 0, r.stderr
    assert bmm(["export", aid]).returncode == 0
