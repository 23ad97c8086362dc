"""Every performance figure of issue 11, each beside its baseline from the same run.

    .venv/bin/pip install -e '.[bench]'     # pyte, the terminal emulator
    .venv/bin/python bench/run.py           # ~30 minutes; writes bench/results.md
    .venv/bin/python bench/run.py --quick   # a smoke run (fewer turns and assessments)

What the user sees is measured on the installed ``bmm`` in a real pseudo-terminal, its
output read by pyte (bench/term.py, bench/session.py); baselines run interleaved with the
project runs so both see the same load. Medians and p95 (p99 for saves) are reported.
bench/results.md is written by this command only.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from profile_keys import profile  # noqa: E402
from profile_report import profile_report  # noqa: E402
from profile_start import profile_start  # noqa: E402
from session import Workshop, create, drive  # noqa: E402
from store import bare_write  # noqa: E402  (bench/store.py: the same baseline)
from term import Term, lowest  # noqa: E402

from assistant import framework as fw  # noqa: E402
from assistant.engine.answers import Answer  # noqa: E402
from assistant.report.demo import demo_id  # noqa: E402
from assistant.store import Store  # noqa: E402

HOME_TITLE = "assessments"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bmm_command() -> str:
    found = shutil.which("bmm", path=str(Path(sys.executable).parent)) or shutil.which("bmm")
    if not found:
        sys.exit("bench/run.py: the `bmm` command is not installed; run `pip install -e '.[bench]'` first")
    return found


# ---- figures ---------------------------------------------------------------------------
def fill(store: Store, n: int, framework) -> None:
    """``n`` stored assessments, created through the store API (as `bmm new` does)."""
    have = len(store.ids())
    for i in range(have, n):
        a = store.create(f"Country {i:05d}", framework.id, framework.version, title=f"Assessment {i}", lang="en")
        a.close()


def settle(seconds: float = 3.0) -> None:
    """Before a figure: the files this bench just wrote (5,000 assessments, a long history) flushed
    to disk and the machine left a moment, so the figure is bmm's and not the bench's own writing
    (the first starts right after the fill were 0.61 s against 0.49 s once flushed)."""
    os.sync()
    time.sleep(seconds)


def start_to_screen(bmm: str, data: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from starting `bmm` to its home screen listing assessments, and a bare app's start."""
    project, base = [], []
    for _ in range(runs):
        for which in ("base", "bmm"):
            if which == "bmm":
                t = Term([bmm, "--data", str(data)])
                done = t.wait(lambda rows: lowest(rows, HOME_TITLE) >= 0 and lowest(rows, "Country") >= 0, 600)
                project.append(done - t.started)
            else:
                t = Term([sys.executable, str(HERE / "bare_app.py")])
                done = t.wait(lambda rows: lowest(rows, "bare app ready") >= 0, 60)
                base.append(done - t.started)
            t.close()
    return project, base


def list_times(bmm: str, data: Path, empty: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds for `bmm list` over ``data``, and over an empty folder (the baseline)."""
    project, base = [], []
    for _ in range(runs):
        for folder, out in ((empty, base), (data, project)):
            t0 = time.perf_counter()
            subprocess.run([bmm, "list", "--data", str(folder)], check=True, stdout=subprocess.DEVNULL)
            out.append(time.perf_counter() - t0)
    return project, base


def save_times(data: Path, history: int, saves: int, framework) -> tuple[list[float], list[float], int]:
    """Milliseconds per durable save at a ``history``-entry history, and a bare durable write of the file."""
    store = Store(data)
    aid = create(store, framework)
    a = store.open(aid)
    qids = [q.id for _, q in framework.questions()]
    with a.batch():
        for i in range(history):
            a.save(Answer(qids[i % len(qids)], status="answered", value=f"revision {i}"))
    project, base = [], []
    payload = store.path(aid).read_bytes()  # the assessment file as it stands
    for i in range(saves):
        t0 = time.perf_counter()
        a.save(Answer(qids[i % len(qids)], status="answered", value=f"save {i}"))
        project.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        bare_write(data / "baseline.bin", payload)
        base.append((time.perf_counter() - t0) * 1000)
    n = len(a.history())
    a.close()
    return project, base, n


def report_times(bmm: str, data: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds for `bmm report` of the demo assessment, whole process, and a bare docxtpl process."""
    out = data.parent / f"{data.name}-out"  # reports are never written into the data folder
    out.mkdir(exist_ok=True)
    subprocess.run([bmm, "demo", "--data", str(data), "-o", str(out / "demo.docx")], check=True,
                   stdout=subprocess.DEVNULL)
    aid = demo_id("en")
    bare = ("import io\nfrom docx import Document\nfrom docxtpl import DocxTemplate\n"
            "b = io.BytesIO(); Document().save(b)\n"
            "t = DocxTemplate(io.BytesIO(b.getvalue())); t.render({}); t.save(io.BytesIO())\n")
    project, base = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", bare], check=True)
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run([bmm, "report", aid, "--data", str(data), "-o", str(out / "r.docx"), "--force"], check=True,
                       stdout=subprocess.DEVNULL)
        project.append(time.perf_counter() - t0)
    return project, base


# ---- results --------------------------------------------------------------------------
def answered(near: list) -> str:
    """The same window's answers alone (answer -> next question), when it also has navigation keys."""
    answers = [s.ms for s in near if s.kind not in NAVIGATION]
    if not answers or len(answers) == len(near):
        return ""
    return f" (answers alone, {len(answers)}: median {med(answers):.0f} ms, p95 {pct(answers, 95):.0f} ms)"


def ok(flag: bool) -> str:
    return "met" if flag else "**not met**"


NAVIGATION = ("back", "jump", "summary")  # keys that move about or close an element, not answers


def picked(w: Workshop, around: int, width: int = 40) -> list:
    """The samples of the turns near ``around`` (the last ``width`` turns for the end)."""
    last = max((s.turn for s in w.samples), default=0)
    lo, hi = (around - width // 2, around + width // 2) if around < last else (last - width, last)
    return [s for s in w.samples if lo <= s.turn <= hi]


def window(w: Workshop, around: int, width: int = 40) -> tuple[list[float], list[float], set[str]]:
    """Key -> visible samples of the turns near ``around``: bmm's, the baseline's, the kinds of key."""
    near = picked(w, around, width)
    return [s.ms for s in near], [s.base_ms for s in near], {s.kind for s in near}


def notes(w: Workshop, start, lst, save, rep, start_base, lst_base, save_base, rep_base,
          start_profile: list[str], report_profile: list[str]) -> list[str]:
    """Why a goal is not met and what would be needed, from this run's figures."""
    out = ["## Where a goal is not met", ""]
    keys = [s.ms for s in w.samples]
    base = [s.base_ms for s in w.samples]
    if keys and med(base) > 25:
        out.append(f"- **The baseline**: the bare Textual app itself took a median {med(base):.0f} ms from key "
                   f"to text in this run (Textual's own event loop and frame, plus this bench reading the pty "
                   f"on the same 2 cores); bmm's median over the session was {med(keys):.0f} ms, "
                   f"{med(keys) / max(med(base), 1e-9):.1f}× the bare app in the same moments.")
    if keys:
        early = [s.ms for s in w.samples if s.turn <= 40]
        late = [s.ms for s in w.samples if s.turn >= max(x.turn for x in w.samples) - 40]
        eb = [s.base_ms for s in w.samples if s.turn <= 40]
        lb = [s.base_ms for s in w.samples if s.turn >= max(x.turn for x in w.samples) - 40]
        out.append(f"- **Flatness**: median key → visible {med(early):.0f} ms over the first 40 turns and "
                   f"{med(late):.0f} ms over the last 40 (baseline {med(eb):.0f} → {med(lb):.0f} ms). The footer "
                   "no longer grows (tests/tui/test_tui_flat.py; bench/footer_leak.py shows Textual's leak); "
                   "the conversation is one line-drawn widget whatever its length (tests/tui/test_tui_flat.py "
                   "counts the widgets), and the answer inputs are mounted once per kind and refilled.")
    if start and med(start) >= 0.6:
        out.append(f"- **Start with many assessments** ({med(start):.2f} s, bare app {med(start_base):.2f} s): "
                   "the home screen reads the first lines of the summaries index (most recently edited "
                   "first) and lists 200, the rest being found by a search; the first frame gets 60 rows "
                   "(more than a screenful) and the others come after it; tests/tui/test_tui_home_store.py "
                   "counts the files opened. Where the time goes:")
        out += ["", *start_profile, "",
                "  What would be needed: the imports are the largest layer, and most of them are Textual and "
                "Rich themselves, which the bare app loads too (`python -X importtime -c \"import "
                "assistant.tui.app\"` lists them); bmm's own share is its modules, its stylesheet and its first "
                "render (the home table: Textual's DataTable draws every cell through Rich). The TUI imports no "
                "engine, analysis or pydantic before an assessment is opened; what is left is Textual's own "
                "start, its parsing of the stylesheets at every start, and the table's first render, which "
                "only a lighter home list than DataTable, or a stylesheet kept parsed between starts (Textual "
                "has no such cache), would shorten.", ""]
    if lst and med(lst) >= 0.4:
        out.append(f"- **`bmm list`** ({med(lst):.2f} s, empty folder {med(lst_base):.2f} s): not profiled by "
                   "this command.")
    if save and (med(save) >= 3 or pct(save, 99) >= 10):
        out.append(f"- **Save** ({med(save):.1f} ms median, p99 {pct(save, 99):.1f} ms; bare durable write "
                   f"{med(save_base):.1f} ms): a save appends one journal line; not profiled by this command.")
    if rep and med(rep) >= 0.7:
        out.append(f"- **Report** ({med(rep):.2f} s, bare docxtpl process {med(rep_base):.2f} s): "
                   f"{med(rep) - med(rep_base):.2f} s above interpreter start and a bare docxtpl render. "
                   "Where it goes (bench/profile_report.py, phases timed by wall clock in fresh processes):")
        out += ["", *report_profile, "",
                "  What would be needed: the imports are half of the time (the report's stack: python-docx, "
                "docxtpl, Jinja, Pillow, and pydantic for the framework's models) and the render is docxtpl's own "
                "pass over the template, most of it Jinja compiling the template's XML. Tried and measured: "
                "rebuilding the framework from its cache without pydantic's validation (`model_construct` "
                "through the models' field types; measured once, on 2026-11-30) took as long as validating "
                "it (33 ms against 17 ms plus a 30 ms schema build), and pydantic's import stays; deferring "
                "the models' schema build gained nothing measurable. Keeping Jinja's compiled template between runs would save its compile, "
                "but it means running code read from the cache folder, which the template cache avoids on "
                "purpose (assistant/report/xmlcache.py keeps text only).", ""]
    if w.memory:
        end = max(w.memory)
        m100, mend = w.memory.get(100, (0.0, 0.0)), w.memory[end]
        if mend[1] >= 150 or mend[0] - m100[0] >= 20:
            out.append(f"- **Memory** ({m100[0]:.0f} MiB at turn 100, {mend[0]:.0f} at turn {end}, peak "
                       f"{mend[1]:.0f}): not profiled by this command; tests/tui/test_tui_flat.py holds what "
                       "is known to grow (footer watchers, answer inputs, closed dialogs' render caches), "
                       "and bench/footer_leak.py, bench/input_leak.py and bench/styles_cache_leak.py "
                       "reproduce Textual's own leaks.")
    summary = [s.ms for s in w.samples if s.kind == "summary"]
    if summary and med(summary) >= 50:
        out.append(f"- **The element summary** (key → summary on screen, median {med(summary):.0f} ms over "
                   f"{len(summary)} keys) is the slowest screen: a whole screen arranged and drawn in front of "
                   "the interview. It is one screen per interview, kept and refilled for each element "
                   "(tests/tui/test_tui_flat.py), on an opaque page so Textual does not draw and blend the "
                   "interview under it; its findings (the analysis of the whole assessment, 3–10 ms) are "
                   "computed when it opens.")
    return out + [""]


KEY_PATH_NOTE = (
    "The row \"the assistant's code\" (engine, store with its fsync, building the next turn) is the "
    "assistant's own share; the rest is Textual and Python. An answer mounts nothing: the turn is drawn "
    "into the one conversation widget, the answer input of its kind is refilled (lists, level cards) or "
    "shown again, moving the focus repaints nothing else, a line whose text is unchanged is not updated, "
    "and the screen is arranged once per answer (tests/tui/test_tui_flat.py counts it): the question is "
    "kept in view while the screen is arranged, not after the frame, and the conversation and the lists "
    "update their scrollbars without asking Textual 8.2.8 for a second arrangement. The conversation keeps "
    "its laid-out lines per width, so opening the elements panel lays out no turn again, and lets its oldest "
    "turns go without laying out the ones it keeps. What remains is "
    "Textual's own frame: a change of the answer panel's height (a list is taller than a date field) "
    "arranges and renders the whole screen, a new Strip per line and region, and the frame waits for "
    "Textual's 60-per-second update timer. Going further needs a fixed-height answer panel (a worse "
    "screen for short answers) or upstream work in Textual: re-rendering only the regions that changed."
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: 120 turns, 500 assessments, fewer runs")
    ap.add_argument("--turns", type=int, help="turns of the session (default 1000, 120 with --quick)")
    ap.add_argument("--runs", type=int, help="process starts per figure (default 9, 2 with --quick)")
    ap.add_argument("--out", type=Path, default=HERE / "results.md")
    args = ap.parse_args()
    turns, many, runs, history = (120, 500, 2, 300) if args.quick else (1000, 5000, 9, 3000)
    turns, runs = args.turns or turns, args.runs or runs
    marks = (10, turns // 2, turns)
    bmm = bmm_command()
    framework = fw.get("bmm")
    started = time.perf_counter()
    # as on an installed machine: the project's modules compiled once, not on every start
    # (a checkout run with PYTHONDONTWRITEBYTECODE compiles ~30 modules per process otherwise)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "assistant")], check=False)

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {msg}", flush=True)

    with tempfile.TemporaryDirectory(prefix="bmm-bench-") as tmp:
        tmp = Path(tmp)
        os.environ["BMM_CACHE"] = str(tmp / "cache")
        log(f"workshop: {turns} turns in one session, in a pty, beside a bare Textual app")
        w = drive(bmm, tmp / "workshop", turns, log)
        log(f"{many} stored assessments")
        store = Store(tmp / "many")
        fill(store, many, framework)
        (tmp / "empty").mkdir()
        failed: list[str] = []

        def measure(name: str, fn, empty):
            """One figure; a failure is said in the results, the other figures still run."""
            log(name)
            settle()
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - reported in results.md
                failed.append(f"- {name}: failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
                log(failed[-1])
                return empty

        start, start_base = measure("start to first screen", lambda: start_to_screen(bmm, tmp / "many", runs),
                                    ([], []))
        lst, lst_base = measure("bmm list", lambda: list_times(bmm, tmp / "many", tmp / "empty", runs), ([], []))
        save, save_base, hist = measure(
            f"save at a {history}-entry history",
            lambda: save_times(tmp / "saves", history, 200 if args.quick else 400, framework), ([], [], 0))
        rep, rep_base = measure("report", lambda: report_times(bmm, tmp / "report", runs), ([], []))
        load = os.getloadavg()
        key_goal = all(med(ms) < 50 and pct(ms, 95) < 100 for ms, _, _ in (window(w, m) for m in marks) if ms)
        where = [] if key_goal else measure(
            "profile of the key path (the goal is not met: where the time goes)",
            lambda: profile(min(turns, 150), tmp / "keys.prof", log), [])
        start_profile = [] if not start or med(start) < 0.6 else measure(
            "profile of start-up (the goal is not met)", lambda: profile_start(many, runs, tmp / "many"), [])
        report_profile = [] if not rep or med(rep) < 0.7 else measure(
            "profile of the report (the goal is not met)", lambda: profile_report(runs), [])

    lines = [
        "# Performance figures (written by `python bench/run.py`; do not edit by hand)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC{' (--quick)' if args.quick else ''}, {turns} turns, "
        f"{runs} runs per process figure, on "
        f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end. "
        + ("**The machine was shared with other work during the run**: " if load[0] > 1.0 else "")
        + "every figure stands beside its baseline, measured interleaved in the same run, and the "
        "baseline's figure shows how much of the time is the machine's load. The project's modules are "
        "compiled (`compileall`) before the run, as an installed copy's are.",
        "",
        "What a user sees is timed on the installed `bmm` in a pseudo-terminal (120×40), its output read by "
        "the pyte terminal emulator: from the key to the arrival of the bytes that put the next question's "
        "`n/total  text` line on screen below the one answered (pyte's own reading of them, a median "
        f"{w.parse_ms[0]:.1f} ms per chunk for bmm and {w.parse_ms[1]:.1f} ms for the bare app, is the "
        "emulator's time in Python, not the terminal's, and is not counted: a thread reads the pty and "
        "stamps each chunk as it arrives, so a long frame is not held in the pty's buffer while pyte "
        "reads the chunk before it). One session: the whole bmm "
        "questionnaire forward (every question type; element summaries), then the workshop goes back over "
        "the elements in turn: a jump from the elements panel (timed to the element's first question on "
        "screen), Ctrl+B 1–3 questions into the element before (each timed to that question on screen), "
        "those answered again (timed as their kind) and the jumped-to question (timed to the element "
        "summary on screen), so the last turns are every kind of question too. Baseline: a bare Textual "
        "app (bench/bare_app.py) in its own pty, one key after each bmm key.",
        "",
        "| figure | goal | bmm | baseline, same run | result |",
        "|---|---|---|---|---|",
    ]
    if w.failure:
        first, _, screen = w.failure.partition("\n")
        lines[-3:-3] = [f"**The session did not complete**: {first}", "", "```", screen.rstrip(), "```", ""]
    for mark in marks:
        ms, base, kinds = window(w, mark)
        if ms:
            lines.append(f"| key → next question visible, turn ~{mark} ({len(ms)} keys: {', '.join(sorted(kinds))}) "
                         f"| median < 50 ms, p95 < 100 ms | median {med(ms):.0f} ms, p95 {pct(ms, 95):.0f} ms"
                         f"{answered(picked(w, mark))} "
                         f"| median {med(base):.0f} ms, p95 {pct(base, 95):.0f} ms "
                         f"| {ok(med(ms) < 50 and pct(ms, 95) < 100)} |")
    end = max(w.memory, default=0)
    m100, mend = w.memory.get(100), w.memory.get(end)
    if m100 and mend:
        b100, bend = w.base_memory[100], w.base_memory[end]
        lines.append(f"| peak memory (RSS of the bmm process) at turn 100 / {end} | < 150 MB, < 20 MB growth "
                     f"| {m100[1]:.0f} / {mend[1]:.0f} MiB (+{mend[1] - m100[1]:.0f}) "
                     f"| {b100[1]:.0f} / {bend[1]:.0f} MiB | {ok(mend[1] < 150 and mend[1] - m100[1] < 20)} |")
    lines += [
        f"| start to first screen, {many} assessments | < 0.6 s | median {med(start):.2f} s, p95 {pct(start, 95):.2f} s "
        f"| bare app {med(start_base):.2f} s | {ok(med(start) < 0.6)} |",
        f"| `bmm list`, {many} assessments | < 0.4 s | median {med(lst):.2f} s, p95 {pct(lst, 95):.2f} s "
        f"| empty folder {med(lst_base):.2f} s | {ok(med(lst) < 0.4)} |",
        f"| save one answer, {hist}-entry history | median < 3 ms, p99 < 10 ms "
        f"| median {med(save):.1f} ms, p99 {pct(save, 99):.1f} ms "
        f"| bare durable write {med(save_base):.1f} ms | {ok(med(save) < 3 and pct(save, 99) < 10)} |",
        f"| full report, whole process | < 0.7 s | median {med(rep):.2f} s | bare docxtpl process "
        f"{med(rep_base):.2f} s | {ok(med(rep) < 0.7)} |",
        "",
    ]
    if failed:
        lines += ["**Figures that could not be measured in this run:**", "", *failed, ""]
    lines += notes(w, start, lst, save, rep, start_base, lst_base, save_base, rep_base, start_profile,
                   report_profile)
    if where:
        lines += ["### Where a key's time goes (bench/profile_keys.py, the same session under cProfile)", "",
                  *where, KEY_PATH_NOTE, ""]
    lines += [
        f"Run time {time.perf_counter() - started:.0f} s. Samples per kind of key over the whole session "
        "(median ms, bmm / baseline):",
        "",
    ]
    kinds = sorted({s.kind for s in w.samples})
    for kind in kinds:
        ss = [s for s in w.samples if s.kind == kind]
        lines.append(f"- {kind}: {len(ss)} keys, {med([s.ms for s in ss]):.0f} / {med([s.base_ms for s in ss]):.0f}")
    lines.append("")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
