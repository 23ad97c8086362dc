"""Time to answer one question through the headless core, at turn 10 and at turn 1,000.

Run by hand (not in CI):  .venv/bin/python bench/answer.py

Drives the real Session (engine + durable store) on the full bmm framework, as the plain
interview and the TUI do: parse the typed answer, save it durably, work out the next question.
After the last question the workshop goes on revising earlier answers, so the history keeps
growing to 1,000 turns. Printed beside a baseline from the same run: a bare temp file + fsync +
replace of the assessment file's bytes.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from store import bare_write, percentile  # noqa: E402

from assistant import framework as fw  # noqa: E402
from assistant.session import Session  # noqa: E402
from assistant.store import Store  # noqa: E402

TURNS = 1000


def typed(q, turn: int) -> str:
    if q.type in ("yes_no", "single_choice", "scale"):
        n = {"yes_no": 2, "scale": 4}.get(q.type) or len(q.options)
        return str(1 + turn % n)
    if q.type == "multi_choice":
        return "1,2"
    if q.type == "number":
        return str(int(q.min or 0) + 1)
    if q.type == "date":
        return "2026-03-14"
    return f"Answer {turn}: SOP <12> & annex"


def main() -> None:
    framework = fw.get("bmm")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        store = Store(Path(tmp) / "data")
        a = store.create("Avalon", framework.id, framework.version)
        s = Session(a, framework)
        order = [q for _, q in framework.questions()]
        times: list[float] = []
        for turn in range(TURNS):
            t0 = time.perf_counter()
            if s.current is not None:
                s.submit(typed(s.current, turn))
            else:  # everything answered: the workshop revises earlier answers
                q = order[turn % len(order)]
                if s.interview.is_applicable(q.id):
                    s.change(q.id, typed(q, turn))
                else:
                    s.note(f"turn {turn}", q.id)
            times.append((time.perf_counter() - t0) * 1000)
        payload = store.path(a.id).read_bytes()
        history = len(a.history())
        s.close()
        base = []
        for _ in range(50):
            t0 = time.perf_counter()
            bare_write(Path(tmp) / "baseline.json", payload)
            base.append((time.perf_counter() - t0) * 1000)
    early, late = times[5:25], times[-20:]
    print(f"bmm framework, {TURNS} turns, history {history} entries, file {len(payload) / 1024:.0f} KiB")
    print(f"answer at turn ~10:    median {statistics.median(early):6.2f} ms   p99 {percentile(early, 99):6.2f} ms")
    print(f"answer at turn ~1,000: median {statistics.median(late):6.2f} ms   p99 {percentile(late, 99):6.2f} ms")
    print(f"baseline (bare durable write of the final file): median {statistics.median(base):6.2f} ms")


if __name__ == "__main__":
    main()
