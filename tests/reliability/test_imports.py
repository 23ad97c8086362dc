"""Imports and ids (finding 4): exact ids, frameworks by id only, no terminal control codes printed,
bounded size and nesting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES

ESC, BEL, CSI = "\x1b", "\x07", "\x9b"


@pytest.fixture
def exported(bmm, cli_env, tmp_path) -> tuple[str, dict]:
    r = bmm(["new", "--country", "Avalon", "--framework", "mini"], cli_env)
    aid = r.stdout.strip().splitlines()[-1]
    bmm(["interview", aid, "--plain"], cli_env, stdin="2026-03-14\n1\n:quit\n")
    return aid, json.loads(bmm(["export", aid], cli_env).stdout)


def write(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def refused(r, *words: str) -> None:
    assert r.returncode in (1, 2), r.stdout
    assert r.stderr.count("\n") == 1 and "unexpected" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    for w in words:
        assert w in r.stderr, r.stderr


def assessment_files(cli_env) -> list[str]:
    folder = Path(cli_env["BMM_HOME"]) / "assessments"
    return sorted(p.name for p in folder.iterdir())


def test_ids_match_exactly(bmm, cli_env, exported, tmp_path):
    _, data = exported
    before = assessment_files(cli_env)
    src = write(tmp_path, data)
    for bad in ("evil\n", "evil\r", "Evil", "../evil", "evil/x", "-evil", "e" * 70):
        refused(bmm(["import", str(src), f"--id={bad}"], cli_env), "invalid assessment id")
    data["meta"]["id"] = "evil\n"
    refused(bmm(["import", str(write(tmp_path, data, "nl.json"))], cli_env), "invalid assessment id")
    assert assessment_files(cli_env) == before
    for cmd in (["export", "evil\n"], ["report", "evil\n"], ["delete", "evil\n", "--yes"]):
        refused(bmm(cmd, cli_env))


def test_a_framework_is_named_by_id_never_by_path(bmm, cli_env, exported, tmp_path):
    aid, data = exported
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES / "mini", elsewhere / "mini")  # a loadable framework outside the prompts
    for framework in (str(elsewhere / "mini"), "../elsewhere/mini", "mini/../mini", "MINI"):
        data["meta"]["framework"] = framework
        data["meta"]["id"] = "copy-1"
        refused(bmm(["import", str(write(tmp_path, data))], cli_env), "not a framework id")
    assert "copy-1" not in bmm(["list"], cli_env).stdout
    # the same value planted in a stored file: named as damage, never loaded
    path = Path(cli_env["BMM_HOME"]) / "assessments" / f"{aid}.json"
    stored = json.loads(path.read_text())
    stored["meta"]["1"]["framework"] = str(elsewhere / "mini")
    path.write_text(json.dumps(stored))
    for cmd in (["interview", aid, "--plain"], ["report", aid, "-o", str(tmp_path / "r.docx")], ["roadmap", aid]):
        refused(bmm(cmd, cli_env), "not a framework id")
    assert "not a framework id" in bmm(["list"], cli_env).stdout


def test_control_characters_are_never_printed_raw(bmm, cli_env, exported, tmp_path):
    _, data = exported
    data["meta"].update(id="loud-1", country=f"Ava{ESC}[2J{ESC}]0;pwned{BEL}lon{CSI}31m",
                        title=f"T{ESC}[31mitle{BEL}", team=[f"Ann{ESC}[5m"])
    r = bmm(["import", str(write(tmp_path, data))], cli_env)
    assert r.returncode == 0, r.stderr
    r = bmm(["roadmap", "loud-1", "add", "--text", f"Train{ESC}[8m staff{BEL}", "--owner", f"O{CSI}2J"], cli_env)
    assert r.returncode == 0, r.stderr
    outputs = [
        bmm(["list"], cli_env),
        bmm(["list", "--json"], cli_env),
        bmm(["interview", "loud-1", "--plain"], cli_env, stdin=":where\n:quit\n"),
        bmm(["roadmap", "loud-1"], cli_env),
        bmm(["roadmap", "loud-1", "--json"], cli_env),
        bmm(["export", "loud-1"], cli_env),
    ]
    for r in outputs:
        assert r.returncode == 0, r.stderr
        for ch in (ESC, BEL, CSI, "\r"):
            assert ch not in r.stdout + r.stderr, (r.args, r.stdout)
    assert "Ava\\u001b[2J" in outputs[0].stdout  # shown, harmlessly
    exported_again = json.loads(outputs[-1].stdout)  # the export stays lossless
    assert exported_again["meta"]["country"] == data["meta"]["country"]


def test_import_size_and_nesting_are_bounded(bmm, cli_env, exported, tmp_path):
    _, data = exported
    before = assessment_files(cli_env)
    data["meta"]["id"] = "big-1"
    data["history"].append({"action": "note", "text": "x" * (21 * 2**20)})
    refused(bmm(["import", str(write(tmp_path, data, "big.json"))], cli_env), "larger than 20 MB")
    refused(bmm(["import", str(write(tmp_path, "[" * 100_000 + "]" * 100_000, "deep.json"))], cli_env),
            "nested")
    data["history"][-1] = {"action": "note", "deep": json.loads("[" * 60 + "]" * 60)}
    refused(bmm(["import", str(write(tmp_path, data, "deep2.json"))], cli_env), "nested more than 32")
    assert assessment_files(cli_env) == before


@pytest.mark.parametrize("answer, words", [
    ({"question": "trn_level", "value": {"x": 1}}, ["'trn_level'", "object"]),
    ({"question": "trn_level", "value": [1, 2]}, ["'trn_level'", "list"]),
    ({"question": "bad id!", "value": "x"}, ["not an id"]),
    ({"question": "trn_level", "value": 2, "note": {"x": 1}}, ["'trn_level'", "note"]),
])  # fmt: skip
def test_import_names_a_corrupt_answer(bmm, cli_env, exported, tmp_path, answer, words):
    _, data = exported
    data["meta"]["id"] = "copy-2"
    data["answers"].append({"status": "answered", **answer})
    refused(bmm(["import", str(write(tmp_path, data))], cli_env), *words)
    assert "copy-2" not in bmm(["list"], cli_env).stdout
