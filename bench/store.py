"""Time to save one answer durably, against the number of stored assessments.

Run by hand (not in CI):  .venv/bin/python bench/store.py

For 1, 100 and 500 stored assessments it saves answers to one of them and prints the median
and p99 time per save, beside a baseline measured in the same run: a bare temp file + fsync +
os.replace + folder fsync of the same bytes (the least a durable write can cost here). A last
row shows a workshop-sized assessment (1,000 changes in its history).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.engine.answers import Answer  # noqa: E402
from assistant.store import Store  # noqa: E402

SAVES = 300
QUESTIONS = [f"q{i:03d}" for i in range(250)]


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


def run(stored: int, history: int = 0) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        store = Store(Path(tmp) / "data")
        for i in range(stored - 1):
            other = store.create(f"Country {i}", "bmm", "1.0.0")
            for q in QUESTIONS[:40]:
                other.save(Answer(q, value="yes"))
            other.close()
        a = store.create("Avalon", "bmm", "1.0.0")
        for i in range(history):
            a.save(Answer(QUESTIONS[i % len(QUESTIONS)], value=f"answer {i}", note="n" * (i % 80)))
        times = []
        for i in range(SAVES):
            answer = Answer(QUESTIONS[i % len(QUESTIONS)], value=f"value {i}", note="evidence: SOP 12")
            t0 = time.perf_counter()
            a.save(answer)
            times.append((time.perf_counter() - t0) * 1000)
        payload = store.path(a.id).read_bytes()
        a.close()
        base = []
        target = Path(tmp) / "baseline.json"
        for _ in range(SAVES):
            t0 = time.perf_counter()
            bare_write(target, payload)
            base.append((time.perf_counter() - t0) * 1000)
        return times, base


def main() -> None:
    print(f"{SAVES} durable saves per row; times in ms (median / p99)")
    print(f"{'stored assessments':>20} {'history':>8} {'save answer':>18} {'bare tmp+fsync+replace':>24}")
    for stored, history in ((1, 0), (100, 0), (500, 0), (500, 1000)):
        times, base = run(stored, history)
        print(f"{stored:>20} {history:>8} {statistics.median(times):>8.2f} / {percentile(times, 99):>6.2f}"
              f" {statistics.median(base):>12.2f} / {percentile(base, 99):>6.2f}")


if __name__ == "__main__":
    main()
