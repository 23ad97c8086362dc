"""``-o`` cannot hurt: never into the data folder, never through a link, never over anything but a
regular file, and only with --force; exports private (findings 2 and 6)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from assistant import outpath
from assistant.errors import BmmError


@pytest.fixture
def two(bmm, cli_env) -> tuple[str, str, Path]:
    """Two assessments, ``good`` with an answer, and the assessments folder."""
    ids = []
    for country in ("Avalon", "Borduria"):
        r = bmm(["new", "--country", country, "--framework", "mini"], cli_env)
        assert r.returncode == 0, r.stderr
        ids.append(r.stdout.strip().splitlines()[-1])
    bmm(["interview", ids[0], "--plain"], cli_env, stdin="2026-03-14\n1\n:quit\n")
    return ids[0], ids[1], Path(cli_env["BMM_HOME"]) / "assessments"


def one_line_refusal(r, *words: str) -> None:
    assert r.returncode == 1, r.stdout
    assert r.stderr.count("\n") == 1 and "unexpected" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    for w in words:
        assert w in r.stderr, r.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_output_never_lands_in_the_data_folder(bmm, cli_env, two, tmp_path):
    good, other, folder = two
    before = snapshot(folder)
    for args in (["report", good, "-o", str(folder / f"{other}.json")],
                 ["export", good, "-o", str(folder / f"{good}.json"), "--force"],
                 ["report", good, "-o", str(folder), "--force"],
                 ["export", good, "-o", str(folder.parent / "x.json")]):
        one_line_refusal(bmm(args, cli_env), "inside the data folder", args[3])
    link = tmp_path / "innocent"
    link.symlink_to(folder)  # a folder that is the data folder under another name
    one_line_refusal(bmm(["export", good, "-o", str(link / f"{other}.json"), "--force"], cli_env),
                     "inside the data folder")
    assert snapshot(folder) == before


def test_output_never_follows_a_symlink(bmm, cli_env, two, tmp_path):
    good, _, _ = two
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    for cmd in ("export", "report"):
        for force in ([], ["--force"]):
            one_line_refusal(bmm([cmd, good, "-o", str(link), *force], cli_env), "symbolic link", str(link))
    assert victim.read_text() == "keep me" and link.is_symlink()
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "created-through-link.json")
    one_line_refusal(bmm(["export", good, "-o", str(dangling)], cli_env), "symbolic link")
    assert not (tmp_path / "created-through-link.json").exists()


def test_output_replaces_only_a_regular_file_and_only_with_force(bmm, cli_env, two, tmp_path):
    good, _, _ = two
    out = tmp_path / "export.json"
    out.write_text("older")
    one_line_refusal(bmm(["export", good, "-o", str(out)], cli_env), "already exists", "--force")
    assert out.read_text() == "older"
    r = bmm(["export", good, "-o", str(out), "--force"], cli_env)
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["meta"]["id"] == good
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    one_line_refusal(bmm(["export", good, "-o", str(fifo), "--force"], cli_env), "not a regular file")
    one_line_refusal(bmm(["report", good, "-o", "/dev/null", "--force"], cli_env), "not a regular file")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    one_line_refusal(bmm(["export", good, "-o", str(tmp_path / "missing" / "x.json")], cli_env),
                     "does not exist", str(tmp_path / "missing" / "x.json"))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp file left


def test_output_into_a_folder_uses_the_default_name(bmm, cli_env, two, tmp_path):
    good, _, _ = two
    folder = tmp_path / "out"
    folder.mkdir()
    r = bmm(["export", good, "-o", str(folder)], cli_env)
    assert r.returncode == 0, r.stderr
    assert json.loads((folder / f"{good}.json").read_text())["meta"]["id"] == good
    r = bmm(["report", good, "-o", str(folder)], cli_env)
    assert r.returncode == 0, r.stderr
    assert (folder / f"{good}-report.docx").is_file()
    one_line_refusal(bmm(["report", good, "-o", str(folder)], cli_env), "already exists")
    one_line_refusal(bmm(["report", good, "-o", str(tmp_path / "nofolder") + os.sep], cli_env),
                     "no such folder")


def test_exports_are_private_reports_follow_the_umask(bmm, cli_env, two, tmp_path):
    good, _, _ = two
    old = os.umask(0o022)
    try:
        assert bmm(["export", good, "-o", str(tmp_path / "e.json")], cli_env).returncode == 0
        assert bmm(["report", good, "-o", str(tmp_path / "r.docx")], cli_env).returncode == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "e.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "r.docx").stat().st_mode) == 0o644


def test_write_is_atomic_and_names_the_path(tmp_path):
    out = tmp_path / "x.bin"
    outpath.write(out, b"one")
    with pytest.raises(BmmError, match=f"{out}: already exists"):
        outpath.write(out, b"two")
    outpath.write(out, b"two", force=True)
    assert out.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.bin"]
