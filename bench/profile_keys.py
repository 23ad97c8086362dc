"""Where a key's time goes: the workshop session of bench/session.py under cProfile.

    .venv/bin/python bench/profile_keys.py [--turns 300] [--out /tmp/bmm-keys.prof]

Runs the installed assistant (``python -m assistant.cli``) in a real pseudo-terminal under
cProfile, drives the same session as ``bench/run.py`` (every question type, element
summaries, revisions), then prints the share of the process's time by layer: the assistant's
own code, Textual's layout, Textual's rendering and compositing, and waiting for keys. This is
the profile bench/results.md points to where a goal is not met.
"""

from __future__ import annotations

import argparse
import os
import pstats
import stat
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from session import drive  # noqa: E402

WRAPPER = '''
import cProfile, os, signal, sys
prof = cProfile.Profile()
def dump(*_):
    prof.disable()
    prof.dump_stats(os.environ["BMM_PROFILE"])
    os._exit(0)
signal.signal(signal.SIGTERM, dump)
sys.argv = ["bmm", *sys.argv[1:]]
from assistant.cli import main
prof.enable()
main()
'''

LAYERS = [  # (name, path fragment of the functions whose own time counts for it), first match wins
    ("waiting for input (select/epoll)", ("select", "epoll", "_run_once")),
    ("Textual layout (arrange, box model, size)", ("textual/_arrange", "textual/_layout", "textual/layouts",
                                                   "textual/box_model", "textual/_resolve", "textual/geometry")),
    ("Textual rendering (compositor, strips, segments, styles)", ("textual/_compositor", "textual/strip",
                                                                  "textual/_styles_cache", "textual/render",
                                                                  "rich/", "textual/_segment_tools",
                                                                  "textual/css", "textual/color",
                                                                  "textual/content", "textual/visual")),
    ("Textual widgets, DOM and messages (other textual code)", ("textual/",)),
    ("the assistant's code", ("assistant/",)),
    ("writing to the terminal", ("os.write", "_io", "driver")),
]


def layer_of(path: str, name: str) -> str:
    where = f"{path}:{name}"
    for layer, parts in LAYERS:
        if any(p in where for p in parts):
            return layer
    return "Python and other libraries"


def profile(turns: int, out: Path, log=print) -> list[str]:
    """Run the session under cProfile; markdown lines: time per key by layer, top functions."""
    work = Path(tempfile.mkdtemp(prefix="bmm-profile-"))
    (work / "wrapper.py").write_text(WRAPPER)
    launcher = work / "bmm"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{work / "wrapper.py"}" "$@"\n')
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR)
    os.environ["BMM_PROFILE"] = str(out)
    result = drive(str(launcher), work / "data", turns, log)
    lines = []
    if result.failure:
        lines += [f"(the profiled session stopped early: {result.failure.splitlines()[0]})", ""]
    stats = pstats.Stats(str(out))
    totals: dict[str, float] = {}
    for (path, _line, name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[layer_of(path, name)] = totals.get(layer_of(path, name), 0.0) + tt
    whole = sum(totals.values())
    keys = max(len(result.samples), 1)
    layouts = sum(v[1] for k, v in stats.stats.items() if k[2] == "_refresh_layout")  # type: ignore[attr-defined]
    renders = sum(v[1] for k, v in stats.stats.items() if k[2] == "render_update")  # type: ignore[attr-defined]
    lines += [f"{len(result.samples)} timed keys under cProfile (times inflated by the profiler; the shares "
              f"are what counts): {layouts / keys:.1f} full layouts and {renders / keys:.1f} screen renders "
              "per key.", "", "| share | per key | where |", "|---|---|---|"]
    for layer, t in sorted(totals.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {t / whole * 100:.1f} % | {t * 1000 / keys:.0f} ms | {layer} |")
    lines.append("")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--turns", type=int, default=300)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bmm-keys.prof")
    args = ap.parse_args()
    print("\n".join(profile(args.turns, args.out)))
    print("Top functions by cumulative time:")
    pstats.Stats(str(args.out)).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
