"""SIGKILL, whenever it lands, loses nothing acknowledged and leaves every file readable.

Over 100 kills per run, of the real ``bmm`` command: ``interview --plain`` fed piped answers,
``new``, ``import`` and ``roadmap add``/``edit``. Acknowledged means the user saw it: a
``Saved.`` line, the new id, ``Added KEY``. After every kill the store is read through its
public API (so whatever save path it uses is what is tested): every assessment opens, and
everything acknowledged is there.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.store import Store

ANSWERS = ["2026-03-14", "1", "?", "Ports of entry and the capital's airport", "2"]  # one fits each type
KILLS = {"interview": 40, "new": 25, "import": 20, "roadmap": 20}
COUNTS = {"kills": 0, "landed": 0, "acknowledged": 0}


def spawn(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "assistant", *args], env=env, text=True,
                            cwd=Path(env["BMM_HOME"]).parent, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.flush()
    return proc


def kill(proc: subprocess.Popen) -> str:
    """SIGKILL now; everything the process had printed (its acknowledgements)."""
    COUNTS["landed"] += proc.poll() is None  # still running: the kill lands mid-work
    proc.send_signal(signal.SIGKILL)
    out = proc.stdout.read()
    proc.wait(timeout=60)
    for stream in (proc.stdin, proc.stdout):
        try:
            stream.close()
        except BrokenPipeError:
            pass
    COUNTS["kills"] += 1
    return out


def timed(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "assistant", *args], env=env, text=True, capture_output=True,
                       cwd=Path(env["BMM_HOME"]).parent, timeout=120)
    assert r.returncode == 0, r.stderr
    return time.monotonic() - t0, r.stdout


def every_file_opens(store: Store) -> dict[str, dict]:
    """Every assessment listed without damage and readable; their answers."""
    out = {}
    for s in store.summaries():
        assert not s.problem, s.problem
        with store.open(s.id, write=False) as a:
            out[s.id] = {q: x.to_dict() for q, x in a.answers().items()}
            a.edits()
            a.history()
    return out


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    e = dict(os.environ)
    e["BMM_HOME"] = str(tmp_path / "home")
    e.pop("BMM_PROMPTS", None)  # the bundled framework: enough questions for every kill
    return e


def test_sigkill_during_plain_interviews(env):
    rng = random.Random(1010)
    startup, out = timed(["new", "--country", "Avalon"], env)
    aid = out.strip().splitlines()[-1]
    store = Store(Path(env["BMM_HOME"]))
    answered = progress = 0
    feed = "\n".join(ANSWERS[i % len(ANSWERS)] for i in range(400)) + "\n"
    for round_ in range(KILLS["interview"]):
        proc = spawn(["interview", aid, "--plain"], env, feed)
        if round_ % 4 == 0:  # anywhere: starting, opening, folding a journal...
            time.sleep(rng.uniform(0.0, 1.2 * startup))
            seen = ""
        else:  # while answers are being saved
            seen = ""
            for line in proc.stdout:
                seen += line
                if "Saved." in line:
                    break
            time.sleep(rng.uniform(0.0, 0.15))
        printed = seen + kill(proc)
        acked = printed.count("Saved.")
        now = {q: d for q, d in every_file_opens(store)[aid].items() if d["status"] != "skipped"}
        assert len(now) >= answered + acked, (round_, answered, acked, len(now))
        progress += len(now) - answered
        answered = len(now)
        COUNTS["acknowledged"] += acked
        if "All questions are answered" in printed:  # finished before the kill: a new one to kill
            aid = timed(["new", "--country", f"Avalon {round_}"], env)[1].strip().splitlines()[-1]
            answered = 0
    assert progress >= KILLS["interview"] // 2  # the kills really landed between saves


def test_sigkill_during_new(env):
    rng = random.Random(2020)
    runtime, out = timed(["new", "--country", "Avalon"], env)
    acked = [out.strip().splitlines()[-1]]
    store = Store(Path(env["BMM_HOME"]))
    for n in range(KILLS["new"]):
        proc = spawn(["new", "--country", f"Kill {n}", "--team", "Ann"], env)
        time.sleep(rng.uniform(0.2, 0.85) * runtime)
        lines = kill(proc).strip().splitlines()
        if lines and lines[0].startswith("Created"):
            acked.append(lines[-1])
        found = every_file_opens(store)
        assert set(acked) <= set(found)
    COUNTS["acknowledged"] += len(acked)


def test_sigkill_during_import(env, tmp_path):
    rng = random.Random(3030)
    _, out = timed(["new", "--country", "Avalon"], env)
    aid = out.strip().splitlines()[-1]
    feed = "\n".join(ANSWERS[i % len(ANSWERS)] for i in range(60)) + "\n:quit\n"
    subprocess.run([sys.executable, "-m", "assistant", "interview", aid, "--plain"], input=feed, text=True,
                   env=env, capture_output=True, cwd=tmp_path, timeout=120)
    export = tmp_path / "export.json"
    timed(["export", aid, "-o", str(export)], env)
    expected = {d["question"]: d for d in json.loads(export.read_text())["answers"]}
    assert len(expected) >= 10
    runtime, _ = timed(["import", str(export), "--id", "copy-0"], env)
    store = Store(Path(env["BMM_HOME"]))
    acked = ["copy-0"]
    for n in range(1, KILLS["import"] + 1):
        proc = spawn(["import", str(export), "--id", f"copy-{n}"], env)
        time.sleep(rng.uniform(0.2, 0.85) * runtime)
        if kill(proc).strip() == f"copy-{n}":
            acked.append(f"copy-{n}")
        found = every_file_opens(store)
        assert set(acked) <= set(found)
        for cid, answers in found.items():  # acknowledged or not: whole, never partial
            if cid.startswith("copy-"):
                assert answers == expected, cid
    COUNTS["acknowledged"] += len(acked) * len(expected)


def test_sigkill_during_roadmap_edits(env):
    rng = random.Random(4040)
    _, out = timed(["new", "--country", "Avalon"], env)
    aid = out.strip().splitlines()[-1]
    runtime, out = timed(["roadmap", aid, "add", "--text", "Row 0"], env)
    acked = {out.split()[-1]: "Row 0"}
    store = Store(Path(env["BMM_HOME"]))
    for n in range(1, KILLS["roadmap"] + 1):
        if n % 2 and acked:
            key = rng.choice(sorted(acked))
            proc = spawn(["roadmap", aid, "edit", key, "--text", f"Row {n}"], env)
        else:
            key, proc = "", spawn(["roadmap", aid, "add", "--text", f"Row {n}"], env)
        time.sleep(rng.uniform(0.2, 0.85) * runtime)
        printed = kill(proc).split()
        if printed[:1] == ["Added"]:
            acked[printed[-1]] = f"Row {n}"
        elif printed[:1] == ["Edit:"]:
            acked[key] = f"Row {n}"
        every_file_opens(store)
        with store.open(aid, write=False) as a:
            edits = a.edits()
        for k, text in acked.items():
            assert k in edits, k
            if edits[k]["text"] != text:  # a later edit of the same row, killed after it was saved
                assert int(edits[k]["text"].split()[-1]) > int(text.split()[-1]), (k, text, edits[k])
    COUNTS["acknowledged"] += len(acked)


def test_zz_counts():
    """The suite's totals (shown with -s); every kill test ran in this session."""
    if COUNTS["kills"] >= sum(KILLS.values()):
        print(f"\nreliability: {COUNTS['kills']} SIGKILLs ({COUNTS['landed']} while the process was running), "
              f"{COUNTS['acknowledged']} acknowledged items checked")
        assert COUNTS["landed"] >= 0.7 * COUNTS["kills"]
    assert sum(KILLS.values()) >= 100
