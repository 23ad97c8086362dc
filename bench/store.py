"""Time to save one answer durably, and to list the assessments, as the data grows.

Run by hand (not in CI):  .venv/bin/python bench/store.py [--quick]
(in the system's temporary folder: set TMPDIR to measure on the disk that holds the data)

Saving: for a given number of stored assessments and history length, it saves answers to one
assessment and prints the median, p99 and max time per save, beside a baseline measured in the
same run: a bare temp file + fsync + os.replace + folder fsync of a small file (the least a
durable write can cost here). The last rows are a long workshop (1,000 and 3,000 changes in the
history); the goal is a median under 3 ms and a p99 under 10 ms at 3,000.

Listing: ``bmm list`` as a process (what a user waits for) with 10, 500 and 5,000 assessments,
beside ``python -c pass`` and ``bmm list`` on an empty folder; the goal is under 0.4 s at 5,000.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.engine.answers import Answer  # noqa: E402
from assistant.store import Store  # noqa: E402

QUESTIONS = [f"q{i:03d}" for i in range(250)]
BMM = str(Path(sys.executable).with_name("bmm"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bare_write(path: Path, payload: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, payload)
    os.fsync(fd)
    os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    os.fsync(dfd)
    os.close(dfd)


def fill(store: Store, count: int) -> None:
    """``count`` assessments of 40 answers each, created as `bmm new` and an interview would."""
    for i in range(count):
        other = store.create(f"Country {i}", "bmm", "1.0.0")
        other.progress = lambda: (40, 250)
        with other.batch():
            for q in QUESTIONS[:40]:
                other.save(Answer(q, value="yes"))
        other.close()


def copies(store: Store, count: int) -> None:
    """``count`` copies of one assessment, written directly (fast to set up; no summaries yet)."""
    fill(store, 1)
    (aid,) = store.ids()
    raw = store.path(aid).read_bytes()
    for i in range(count - 1):
        new = f"country-{i:05d}"
        (store.folder / f"{new}.json").write_bytes(raw.replace(aid.encode(), new.encode()))


def run_saves(stored: int, history: int, saves: int) -> tuple[list[float], list[float]]:
    """Save times (ms) on one assessment, interleaved with bare atomic writes of one answer's size."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data")
        fill(store, stored - 1)
        a = store.create("Avalon", "bmm", "1.0.0")
        a.progress = lambda: (120, 250)  # a session's live progress (engine cost: bench/answer.py)
        with a.batch():
            for i in range(history - 1):
                a.save(Answer(QUESTIONS[i % len(QUESTIONS)], value=f"answer {i}", note="n" * (i % 80)))
        a.close()
        a = store.open(a.id)
        a.progress = lambda: (120, 250)
        times, base = [], []
        target = Path(tmp) / "baseline.json"
        for i in range(saves):
            answer = Answer(QUESTIONS[i % len(QUESTIONS)], value=f"value {i}", note="evidence: SOP 12")
            t0 = time.perf_counter()
            a.save(answer)
            times.append((time.perf_counter() - t0) * 1000)
            payload = repr(answer.to_dict()).encode()
            t0 = time.perf_counter()
            bare_write(target, payload)
            base.append((time.perf_counter() - t0) * 1000)
        a.close()
        return times, base


def time_list(data: Path, runs: int) -> str:
    return time_cmd([BMM, "list", "--data", str(data)], runs)


def time_cmd(cmd: list[str], runs: int) -> str:
    """Median wall time, and median CPU time (user + system: less sensitive to a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return f"{statistics.median(wall):8.3f} {statistics.median(cpu):8.3f}"


def main() -> None:
    quick = "--quick" in sys.argv
    saves = 300 if quick else 1000
    print(f"Saving one answer: {saves} durable saves per row, ms (median / p99 / max)")
    print(f"{'stored':>8} {'history':>8} {'save answer':>26} {'bare tmp+fsync+replace':>28}")
    rows = ((1, 1), (500, 1), (1, 1000), (1, 3000)) if not quick else ((1, 1), (1, 3000))
    for stored, history in rows:
        times, base = run_saves(stored, history, saves)
        print(f"{stored:>8} {history:>8} {statistics.median(times):>8.2f} / {percentile(times, 99):>6.2f} /"
              f" {max(times):>6.2f} {statistics.median(base):>10.2f} / {percentile(base, 99):>6.2f} /"
              f" {max(base):>6.2f}")
    print()
    runs = 3 if quick else 5
    print(f"`bmm list` as a process, seconds: median wall, median CPU (user + system), of {runs}")
    print(f"{'python -c pass':>34} {time_cmd([sys.executable, '-c', 'pass'], runs)}")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        Store(data)
        print(f"{'bmm list, empty folder':>34} {time_list(data, runs)}")
    for count in (10, 500) if quick else (10, 500, 5000):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            copies(Store(data), count)
            # no summaries yet (as after an upgrade): each one is built once
            print(f"{f'bmm list, {count}, summaries built':>34} {time_list(data, 1)}")
            print(f"{f'bmm list, {count}':>34} {time_list(data, runs)}")


if __name__ == "__main__":
    main()
