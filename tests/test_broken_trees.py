"""Broken question trees: every one is refused with ``file:line`` and no traceback.

``tests/fixtures/broken_trees/<case>/`` holds a small framework with one defect. The line
of the defect ends with ``# <-- defect``; ``expect.txt`` holds words the message must
contain. Defects that cannot live in a repository (symlink loops, unreadable files, huge
files) are built here in a temporary folder. A bounded hypothesis fuzz then mutates a valid
tree at random: the loader must answer with located problems, never with an exception.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import run_bmm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.framework.loader import load

CORPUS = Path(__file__).parent / "fixtures" / "broken_trees"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
MARK = b"# <-- defect"
LOCATED = re.compile(r"^(?P<file>[^:]+\.yaml):(?P<line>\d+)(:\d+)?: \S")


def _marked(case: Path) -> tuple[str, int] | None:
    """(file name, line) of the line marked as the defect, if one is marked."""
    for path in sorted(case.glob("*.yaml")):
        for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
            if MARK in line:
                return path.name, number
    return None


def _base(tmp: Path) -> Path:
    """A valid copy of the corpus's framework (the broken cases are small edits of it)."""
    folder = tmp / "tiny"
    shutil.copytree(CORPUS / "unknown_key", folder)
    text = (folder / "training.yaml").read_text()
    (folder / "training.yaml").write_text(
        "\n".join(line for line in text.splitlines() if "guidence" not in line) + "\n"
    )
    return folder


def test_the_corpus_covers_at_least_40_defects():
    assert len(CASES) >= 40
    assert all((CORPUS / c / "expect.txt").is_file() for c in CASES)


def test_the_base_of_the_corpus_is_valid(tmp_path):
    loaded = load(_base(tmp_path))
    assert loaded.problems == [] and loaded.framework is not None


@pytest.mark.parametrize("case", CASES)
def test_each_broken_tree_is_refused_at_its_line(case):
    folder = CORPUS / case
    loaded = load(folder)
    assert loaded.framework is None and loaded.problems, case
    first = loaded.problems[0]
    match = LOCATED.match(first)
    assert match, f"{case}: not located: {first}"
    assert (CORPUS / case / "expect.txt").read_text().strip() in first
    marked = _marked(folder)
    if marked is not None:
        assert Path(match["file"]).name == marked[0], first
        assert int(match["line"]) == marked[1], first


def test_bmm_validate_refuses_the_whole_corpus_with_exit_code_2(cli_env):
    out = run_bmm(["validate", *(str(CORPUS / c) for c in CASES)], cli_env)
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr and "unexpected error" not in out.stderr
    for case in CASES:
        mine = [line for line in out.stdout.splitlines() if f"{os.sep}{case}{os.sep}" in line]
        assert mine and all(LOCATED.match(line) for line in mine), case


def _problem(path: Path) -> str:
    loaded = load(path)
    assert loaded.framework is None
    (first, *_) = loaded.problems
    return first


def test_a_symlink_loop_is_named_with_what_to_do(tmp_path):
    folder = _base(tmp_path)
    (folder / "training.yaml").unlink()
    os.symlink("loop.yaml", folder / "training.yaml")
    os.symlink("training.yaml", folder / "loop.yaml")
    msg = _problem(folder)
    assert re.search(r"framework\.yaml:14:\d+: element file 'training.yaml' is a symbolic link that loops", msg)
    assert "point it at a real file" in msg


def test_a_dangling_symlink_is_named(tmp_path):
    folder = _base(tmp_path)
    (folder / "training.yaml").unlink()
    os.symlink("gone.yaml", folder / "training.yaml")
    assert "symbolic link to 'gone.yaml', which does not exist" in _problem(folder)


def test_a_link_to_a_file_outside_the_framework_is_refused(tmp_path):
    folder = _base(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(folder / "training.yaml", outside)
    os.symlink(outside, folder / "training.yaml")
    assert "outside the framework folder" in _problem(folder)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_says_to_check_permissions(tmp_path):
    folder = _base(tmp_path)
    (folder / "training.yaml").chmod(0)
    try:
        msg = _problem(folder)
    finally:
        (folder / "training.yaml").chmod(0o644)
    assert "training.yaml: cannot be read (Permission denied); check the file's permissions" in msg


def test_fifty_thousand_nested_brackets_stop_at_the_limit(tmp_path):
    folder = _base(tmp_path)
    text = (folder / "training.yaml").read_text()
    (folder / "training.yaml").write_text(text.replace("    min: 0\n", "    min: " + "[" * 50_000 + "]" * 50_000 + "\n"))
    assert re.search(r"training\.yaml:24:\d+: brackets nested more than 40 levels deep", _problem(folder))


def test_a_full_size_billion_laughs_stops_at_the_first_anchor(tmp_path):
    folder = _base(tmp_path)
    lines = ["id: training", "a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 30)]
    (folder / "training.yaml").write_text("\n".join(lines) + "\n")
    assert 1500 < (folder / "training.yaml").stat().st_size < 2500  # the 2 KB attack of the issue
    assert re.search(r"training\.yaml:2:5: YAML anchors and aliases", _problem(folder))


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path):
    folder = _base(tmp_path)
    with (folder / "training.yaml").open("a") as handle:
        handle.write("# padding\n" * 110_000)
    msg = _problem(folder)
    assert re.search(r"framework\.yaml:14:\d+: element file 'training.yaml' is too large \(1,\d{3},\d{3} bytes", msg)
    assert "split it into several element files" in msg


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_where_a_file_should_be_is_named_not_read(tmp_path):
    folder = _base(tmp_path)
    (folder / "training.yaml").unlink()
    os.mkfifo(folder / "training.yaml")  # reading it would block forever
    assert "element file 'training.yaml' is not a regular file" in _problem(folder)


# --- fuzz: random edits of a valid tree never escape as an exception -----------------------------

_YAML_BITS = [":", " ", "\n", "-", "[", "]", "{", "}", ",", "&a", "*a", "!!int", "!x", "'", '"', "#",
              "? ", "|", ">", "\t", "\\", "%", "@", "`", ".nan", ".inf", "1e999", "9" * 40, "~",
              "null", "<<: ", "---", "...", "\x07", "é", "\ufeff", "\x00", "  ", "yes", "0x1F"]


def _mutate(text: str, edits: list[tuple[int, int, int, str]]) -> str:
    for kind, a, b, bit in edits:
        i, j = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        if kind == 0:
            text = text[:i] + bit + text[i:]  # insert a YAML-significant piece
        elif kind == 1:
            text = text[:i] + text[j:]  # delete a span
        elif kind == 2:
            text = text[:i] + text[i:j] * 2 + text[j:]  # duplicate a span
        else:
            lines = text.split("\n")  # swap two lines
            x, y = a % len(lines), b % len(lines)
            lines[x], lines[y] = lines[y], lines[x]
            text = "\n".join(lines)
    return text


_EDITS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(_YAML_BITS)),
    min_size=1,
    max_size=4,
)


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(["framework.yaml", "training.yaml"]), edits=_EDITS)
def test_fuzzed_trees_give_located_problems_never_exceptions(which, edits):
    with tempfile.TemporaryDirectory() as tmp:
        folder = _base(Path(tmp))
        target = folder / which
        target.write_text(_mutate(target.read_text(), edits), encoding="utf-8", errors="surrogatepass")
        loaded = load(folder)  # must not raise
        if loaded.framework is None:
            assert loaded.problems
            for problem in loaded.problems:
                assert LOCATED.match(problem) and "\n" not in problem, problem
        else:
            assert loaded.problems == []


def test_a_broken_framework_file_is_reported_not_skipped(tmp_path):
    from assistant.framework.loader import load_many

    folder = _base(tmp_path)
    (folder / "framework.yaml").unlink()
    os.symlink("nowhere.yaml", folder / "framework.yaml")
    frameworks, problems = load_many([folder])
    assert frameworks == [] and len(problems) == 1
    assert "framework.yaml: is a symbolic link to 'nowhere.yaml', which does not exist" in problems[0]
