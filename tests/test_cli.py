"""The `bmm` command: ids for scripts, listing, export/import, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_bmm


def new(env, country="Avalon") -> str:
    out = run_bmm(["new", "--country", country, "--framework", "mini", "--title", "Baseline 2026",
                   "--team", "A. Expert", "--agency", "Border police", "--agency", "Immigration"], env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_new_prints_the_id_alone_on_its_last_line(cli_env):
    aid = new(cli_env, "São Tomé and Príncipe")
    assert aid.startswith("sao-tome-and-principe-")
    listed = json.loads(run_bmm(["list", "--json"], cli_env).stdout)
    (row,) = listed
    assert row["id"] == aid and row["country"] == "São Tomé and Príncipe" and row["title"] == "Baseline 2026"


def test_list_when_empty_is_friendly(cli_env):
    out = run_bmm(["list"], cli_env)
    assert out.returncode == 0 and "No assessments yet" in out.stdout


def test_export_import_round_trip_through_files(cli_env, tmp_path):
    aid = new(cli_env)
    run_bmm(["interview", aid, "--plain"], cli_env, stdin="2026-03-14\n:note <&> 🙂\n2\nyes\n")
    first = tmp_path / "first.json"
    assert run_bmm(["export", aid, "-o", str(first)], cli_env).returncode == 0
    assert run_bmm(["delete", aid, "--yes"], cli_env).returncode == 0
    imported = run_bmm(["import", str(first)], cli_env)
    assert imported.returncode == 0 and imported.stdout.strip() == aid
    second = tmp_path / "second.json"
    run_bmm(["export", aid, "-o", str(second)], cli_env)
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text())
    assert data["meta"]["agencies"] == ["Border police", "Immigration"]
    assert any(h["action"] == "note" for h in data["history"])


def test_errors_are_one_line_without_traceback(cli_env, tmp_path):
    cases = [
        (["interview", "nope", "--plain"], 1, "no assessment 'nope'"),
        (["new", "--country", "X", "--framework", "missing"], 1, "no framework 'missing'"),
        (["new"], 2, "the following arguments are required: --country"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        (["import", str(tmp_path / "none.json")], 1, "none.json: file not found"),
        (["delete", "nope"], 2, "refusing to delete without confirmation; add --yes"),
    ]
    for args, code, message in cases:
        out = run_bmm(args, cli_env)
        assert out.returncode == code, (args, out.stderr)
        assert message in out.stderr, (args, out.stderr)
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr


def test_import_of_a_non_export_is_one_line(cli_env, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = run_bmm(["import", str(bad)], cli_env)
    assert out.returncode == 1 and "bad.json: not a JSON export" in out.stderr


def test_debug_shows_the_traceback(cli_env):
    out = run_bmm(["--debug", "interview", "nope", "--plain"], cli_env)
    assert out.returncode == 1 and "Traceback" in out.stderr


def test_damaged_file_through_the_cli(cli_env):
    aid = new(cli_env)
    run_bmm(["interview", aid, "--plain"], cli_env, stdin="2026-03-14\n")
    run_bmm(["interview", aid, "--plain"], cli_env, stdin="1\n")
    path = Path(cli_env["BMM_HOME"]) / "assessments" / f"{aid}.json"
    path.write_text(path.read_text()[:40])
    out = run_bmm(["interview", aid, "--plain"], cli_env)
    assert out.returncode == 1
    assert f"{path}: damaged assessment file (not valid JSON" in out.stderr and "bmm restore" in out.stderr
    listed = run_bmm(["list"], cli_env)
    assert "DAMAGED" in listed.stdout
    restored = run_bmm(["restore", aid], cli_env)
    assert restored.returncode == 0, restored.stderr
    out = run_bmm(["export", aid], cli_env)
    assert json.loads(out.stdout)["answers"][0]["value"] == "2026-03-14"


def test_locate(cli_env):
    out = run_bmm(["locate"], cli_env)
    assert out.returncode == 0
    lines = dict(line.split(":", 1) for line in out.stdout.splitlines())
    assert lines["data"].strip() == str(Path(cli_env["BMM_HOME"]) / "assessments")
    assert Path(lines["prompts"].strip()).is_dir() and Path(lines["templates"].strip()).is_dir()


def test_data_option_beats_environment(cli_env, tmp_path):
    other = tmp_path / "elsewhere"
    out = run_bmm(["--data", str(other), "new", "--country", "Avalon", "--framework", "mini"], cli_env)
    assert out.returncode == 0
    assert list((other / "assessments").glob("*.json"))


def test_validate_a_copied_template(cli_env, tmp_path):
    import shutil

    from assistant import paths

    mine = tmp_path / "my-template.docx"
    shutil.copy(paths.templates_dir() / "report_fr.docx", mine)
    out = run_bmm(["validate", str(mine)], cli_env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip() == "OK: 1 template(s)"


def test_import_refuses_a_value_the_question_does_not_accept(cli_env, tmp_path):
    aid = new(cli_env)
    run_bmm(["interview", aid, "--plain"], cli_env, stdin="2026-03-14\n1\nyes\n")
    data = json.loads(run_bmm(["export", aid], cli_env).stdout)
    data["meta"]["id"] = "copy-1"
    data["answers"].append({"question": "trn_level", "status": "answered", "value": "high"})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    out = run_bmm(["import", str(bad)], cli_env)
    assert out.returncode == 1
    assert "answer to 'trn_level' has a value its scale question does not accept: 'high'" in out.stderr
    assert "copy-1" not in run_bmm(["list"], cli_env).stdout


def test_file_system_refusals_are_one_line(cli_env, tmp_path):
    aid = new(cli_env)
    for args, message in [
        (["export", aid, "-o", str(tmp_path / "missing" / "x.json")], "No such file or directory"),
        (["import", str(tmp_path)], "Is a directory"),
    ]:
        out = run_bmm(args, cli_env)
        assert out.returncode == 1, (args, out.stderr)
        assert message in out.stderr and out.stderr.count("\n") == 1 and "unexpected" not in out.stderr, out.stderr
