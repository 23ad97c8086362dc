"""Where start-up time goes: `bmm` up to its home screen, with N stored assessments, by layer.

    .venv/bin/python bench/profile_start.py [-n 5000] [--runs 5] [--data DIR]

Starts the assistant (``assistant.cli.main()`` through a small wrapper) in a real
pseudo-terminal, the way bench/run.py times start-up (bench/term.py; done when "assessments"
and "Country" are on the pyte screen). The wrapper times, in the process itself and without a
profiler, the calls of each layer (time spent in a call nested in another layer's counts for
the inner one only), and the parent sets them against the time the screen showed:

- Python start-up (the interpreter, before the first line of the wrapper);
- imports (the assistant's command line, the TUI and Textual);
- reading the summaries index (``Store.summaries``);
- the home table (sorting, filtering, column widths, adding rows: the home screen's own code);
- CSS (parsing app.tcss and the widgets' default CSS, applying styles to widgets);
- layout (Textual arranging the screen) and first render (compositor, writing to the terminal);
- the rest (Textual's start-up, event loop, messages, the terminal reading the output).

:func:`profile_start` returns the markdown lines (bench/run.py can put them in its notes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from term import Term, lowest  # noqa: E402

HOME_TITLE = "assessments"  # as bench/run.py waits for it

WRAPPER = r'''
import time
T0 = time.perf_counter()
import json, os, signal, sys

calls = []  # (layer, started, exclusive seconds)
stack = []  # [layer, started, seconds spent in nested timed calls]

def timed(layer, fn):
    def run(*args, **kwargs):
        frame = [layer, time.perf_counter(), 0.0]
        stack.append(frame)
        try:
            return fn(*args, **kwargs)
        finally:
            stack.pop()
            spent = time.perf_counter() - frame[1]
            calls.append((layer, frame[1], spent - frame[2]))
            if stack:
                stack[-1][2] += spent
    run.__wrapped__ = fn
    return run

def patch(owner, names, layer):
    for name in names:
        setattr(owner, name, timed(layer, getattr(owner, name)))

import textual.app, textual.widgets, textual.widgets._data_table  # what any Textual app imports
import assistant.cli, assistant.tui.app
T1 = time.perf_counter()

from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.app import App
from assistant.store import Store
from assistant.tui.home import HomeScreen

patch(Store, [n for n in ("summaries", "recent") if hasattr(Store, n)], "index")
patch(HomeScreen, [n for n in ("reload", "_fill", "_add_rows", "_show", "_shown") if hasattr(HomeScreen, n)],
      "table")
patch(Stylesheet, ["read", "read_all", "add_source", "parse", "reparse", "apply", "update", "update_nodes"],
      "css")
patch(Screen, ["_refresh_layout"], "layout")
patch(Screen, ["_compositor_refresh"], "render")
patch(App, ["_display"], "render")

def dump(*_):
    with open(os.environ["BMM_START_PROFILE"], "w") as f:
        json.dump({"t0": T0, "imports": T1, "calls": calls}, f)
    os._exit(0)

signal.signal(signal.SIGTERM, dump)
sys.argv = ["bmm", *sys.argv[1:]]
assistant.cli.main()
'''

LAYERS = [  # (key, what the row says)
    ("python", "Python start-up (interpreter, before the first import)"),
    ("imports", "imports (the command line, the TUI, Textual)"),
    ("index", "reading the summaries index (`Store.summaries`)"),
    ("table", "the home table (sorting, filtering, widths, rows)"),
    ("css", "CSS (parsing app.tcss and widget CSS, applying styles)"),
    ("layout", "layout (Textual arranging the screen)"),
    ("render", "render (compositor, writing to the terminal)"),
    ("rest", "the rest (Textual start-up, event loop, messages, the terminal reading)"),
]


def fill(data: Path, n: int) -> None:
    """``n`` stored assessments in ``data``, created through the store API (as bench/run.py's fill)."""
    from assistant import framework as fw
    from assistant.store import Store

    store = Store(data)
    framework = fw.get("bmm")
    for i in range(len(store.ids()), n):
        a = store.create(f"Country {i:05d}", framework.id, framework.version, title=f"Assessment {i}", lang="en")
        a.close()
    store.summaries()  # the index current, as after any save


def stale_bytecode() -> tuple[int, int]:
    """(modules of the assistant without current byte-code, modules): those Python compiles at
    every start when it may not write byte-code (PYTHONDONTWRITEBYTECODE), as an install would not."""
    import importlib.util

    import assistant

    sources = list(Path(assistant.__file__).parent.rglob("*.py"))
    stale = 0
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            header = cached.read_bytes()[:16]
        except OSError:
            stale += 1
            continue
        flags = int.from_bytes(header[4:8], "little")
        mtime = int.from_bytes(header[8:12], "little")
        if flags or mtime != int(source.stat().st_mtime) & 0xFFFFFFFF:
            stale += 1
    return stale, len(sources)


def one_start(data: Path, wrapper: Path, out: Path) -> dict[str, float]:
    """Seconds by layer of one start, up to the home screen listing assessments."""
    out.unlink(missing_ok=True)
    t = Term([sys.executable, str(wrapper), "--data", str(data)], env={"BMM_START_PROFILE": str(out)})
    try:
        visible = t.wait(lambda rows: lowest(rows, HOME_TITLE) >= 0 and lowest(rows, "Country") >= 0, 120)
    finally:
        t.close()
    for _ in range(100):
        if out.exists() and out.stat().st_size:
            break
        time.sleep(0.02)
    got = json.loads(out.read_text())
    shares = {key: 0.0 for key, _ in LAYERS}
    shares["python"] = got["t0"] - t.started
    shares["imports"] = got["imports"] - got["t0"]
    for layer, started, seconds in got["calls"]:
        if started < visible:
            shares[layer] += min(seconds, visible - started)
    shares["total"] = visible - t.started
    shares["rest"] = shares["total"] - sum(v for k, v in shares.items() if k not in ("rest", "total"))
    return shares


def bare_start() -> float:
    """Seconds from starting bench/bare_app.py to its first screen: the baseline."""
    t = Term([sys.executable, str(HERE / "bare_app.py")])
    try:
        return t.wait(lambda rows: lowest(rows, "bare app ready") >= 0, 60) - t.started
    finally:
        t.close()


def profile_start(n: int = 5000, runs: int = 5, data: Path | None = None) -> list[str]:
    """Markdown lines: the median share of start-up time by layer over ``runs`` starts with ``n``
    assessments (in ``data``, filled up to ``n`` if it holds fewer; else in a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="bmm-start-") as tmp:
        folder = data or Path(tmp) / "data"
        fill(folder, n)
        wrapper = Path(tmp) / "wrapper.py"
        wrapper.write_text(WRAPPER, encoding="utf-8")
        starts, bare = [], []
        for _ in range(runs):  # interleaved with the baseline, so both see the same load
            bare.append(bare_start())
            starts.append(one_start(folder, wrapper, Path(tmp) / "profile.json"))
    total = statistics.median(s["total"] for s in starts)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Start to first screen with {n} assessments, {runs} starts in a pty (bench/profile_start.py; "
        f"load average {load}): median {total:.2f} s (a bare Textual app, bench/bare_app.py, in the same "
        f"run: {statistics.median(bare):.2f} s), by layer (median of each layer's time):",
        "",
        "| share | median ms | layer |",
        "|---|---|---|",
    ]
    for key, label in LAYERS:
        ms = statistics.median(s[key] for s in starts) * 1000
        lines.append(f"| {100 * ms / 1000 / total:.0f} % | {ms:.0f} | {label} |")
    stale, modules = stale_bytecode()
    if stale:
        lines += ["", f"{stale} of the assistant's {modules} modules have no current byte-code"
                      f"{' and PYTHONDONTWRITEBYTECODE is set' if sys.dont_write_bytecode else ''}: Python "
                      "compiles those it imports at every start (an install compiles them once; "
                      "`python -m compileall assistant` does it for a source checkout)."]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=5000, help="stored assessments (default 5000)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", type=Path, default=None, help="use (and fill up to -n) this data folder")
    args = ap.parse_args()
    print("\n".join(profile_start(args.n, args.runs, args.data)))


if __name__ == "__main__":
    main()
