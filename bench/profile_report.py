"""Where the time of a full report goes: `bmm report` of the demo assessment, phase by phase.

    .venv/bin/python bench/profile_report.py [--runs 5]

Creates the demo assessment in a temporary folder (``bmm demo``), then runs
``bmm report DEMO --force`` in fresh processes through a small wrapper that times each phase
with a wall clock (no profiler, so the figures are the real ones): the interpreter's own start
(``python -c pass``), the imports (every module the report loads, imported up front),
loading the framework, reading the assessment, analysis, the report's context (prose,
tables), the chart, the docxtpl render and saving. It prints the median of each phase as a
markdown table, then the import time by package (``-X importtime``, own time) and how many
modules had no up-to-date ``.pyc`` (they are compiled from source on every start, e.g. with
``PYTHONDONTWRITEBYTECODE`` set on a source checkout). ``profile_report()`` returns the same
lines, for bench/run.py's notes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# Phases timed inside the process: (label, module, function name). Each function is replaced
# in its module by a timed wrapper; the caller looks it up by name, so the wrapper is called.
PHASES = [
    ("framework load (validated JSON cache, else the YAML)", "assistant.framework", "get"),
    ("read the assessment (store)", "assistant.report.build", "snapshot"),
    ("answers reconciled with the framework version", "assistant.report.build", "reconcile"),
    ("analysis (levels, scores, recommendations)", "assistant.report.build", "analyse"),
    ("context (prose, tables, road map)", "assistant.report.build", "build_context"),
    ("chart (PNG)", "assistant.report.build", "chart_for"),
    ("render (docxtpl: template XML, Jinja compile and render)", "assistant.report.build", "render_document"),
    ("save (zip, temp file, rename)", "assistant.report.build", "save"),
]

WRAPPER = r'''
import time
T0 = time.perf_counter()
import gc, importlib, json, os, sys
times = {"imports": 0.0}
try:  # as `bmm report` imports its modules: with the collector paused (assistant/report/oneshot.py)
    from assistant.report.oneshot import one_shot
except ImportError:
    from contextlib import nullcontext as one_shot
with one_shot():
    for name in json.loads(os.environ["BMM_PROFILE_MODULES"]):
        try:
            importlib.import_module(name)
        except Exception:
            pass
times["imports"] = time.perf_counter() - T0
PHASES = json.loads(os.environ["BMM_PROFILE_PHASES"])

def timed(label, func):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            times[label] = times.get(label, 0.0) + time.perf_counter() - t
    return wrapper

for label, module, name in PHASES:
    mod = importlib.import_module(module)
    setattr(mod, name, timed(label, getattr(mod, name)))
sys.argv = ["bmm", *sys.argv[1:]]
from assistant.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
times["main"] = time.perf_counter() - T0 - times["imports"]
with open(os.environ["BMM_PROFILE_OUT"], "w") as out:
    json.dump(times, out)
sys.exit(code)
'''

BARE = ("import io\nfrom docx import Document\nfrom docxtpl import DocxTemplate\n"
        "b = io.BytesIO(); Document().save(b)\n"
        "t = DocxTemplate(io.BytesIO(b.getvalue())); t.render({}); t.save(io.BytesIO())\n")  # as bench/run.py

LISTER = r'''
import json, os, sys
sys.argv = ["bmm", *sys.argv[1:]]
from assistant.cli import main
try:
    main()
finally:
    with open(os.environ["BMM_PROFILE_OUT"], "w") as out:
        json.dump(sorted(n for n in sys.modules if not n.startswith("__")), out)
'''


def _bmm() -> list[str]:
    found = shutil.which("bmm", path=str(Path(sys.executable).parent)) or shutil.which("bmm")
    return [found] if found else [sys.executable, "-m", "assistant"]


def _run(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _stale_pycs(modules: list[str], env: dict[str, str]) -> tuple[int, int]:
    """(modules loaded from a .py, of which without an up-to-date .pyc), in a fresh process."""
    code = ("import importlib.util, json, os, sys\n"
            "names = json.loads(sys.argv[1]); total = stale = 0\n"
            "for n in names:\n"
            "    try:\n"
            "        spec = importlib.util.find_spec(n)\n"
            "    except Exception:\n"
            "        continue\n"
            "    if spec is None or not (spec.origin or '').endswith('.py'):\n"
            "        continue\n"
            "    total += 1\n"
            "    src = os.stat(spec.origin)\n"
            "    try:\n"
            "        head = open(spec.cached, 'rb').read(16)\n"
            "    except (OSError, TypeError):\n"
            "        stale += 1; continue\n"
            "    flags = int.from_bytes(head[4:8], 'little')\n"
            "    if flags == 0 and (int.from_bytes(head[8:12], 'little') != int(src.st_mtime) & 0xFFFFFFFF\n"
            "                       or int.from_bytes(head[12:16], 'little') != src.st_size & 0xFFFFFFFF):\n"
            "        stale += 1\n"
            "print(total, stale)\n")
    out = subprocess.run([sys.executable, "-c", code, json.dumps(modules)], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), int(out[1])


def _imports_by_package(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Own import time (ms) summed by package (``assistant.*`` by subpackage), from -X importtime."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *args], env=env, capture_output=True,
                          text=True, check=True)
    totals: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, name = line.removeprefix("import time:").split("|")
        name = name.strip()
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] == "assistant" and len(parts) > 1 else parts[0]
        totals[key] = totals.get(key, 0.0) + int(own) / 1000
    return totals


def profile_report(runs: int = 5) -> list[str]:
    """Markdown lines: the median time of each phase of `bmm report` (demo assessment), and imports.

    Never raises for a failed run (it is called at the end of bench/run.py): the lines then say why.
    """
    try:
        return _profile(runs)
    except (subprocess.CalledProcessError, OSError, ValueError, KeyError) as exc:
        return ["### Where a report's time goes (bench/profile_report.py)", "",
                f"(the profile could not run: {type(exc).__name__}: {exc})", ""]


def _profile(runs: int) -> list[str]:
    from assistant.report.demo import demo_id

    with tempfile.TemporaryDirectory(prefix="bmm-profile-report-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "BMM_HOME": str(work / "home"), "BMM_CACHE": str(work / "cache")}
        data, out = work / "data", work / "out"
        out.mkdir()
        bmm = _bmm()
        subprocess.run([*bmm, "demo", "--data", str(data), "-o", str(out / "demo.docx")], check=True, env=env,
                       stdout=subprocess.DEVNULL)  # also fills the framework cache, as a user's first report does
        args = ["report", demo_id("en"), "--data", str(data), "-o", str(out / "r.docx"), "--force"]
        (work / "wrapper.py").write_text(WRAPPER)
        (work / "lister.py").write_text(LISTER)
        result = work / "times.json"
        env["BMM_PROFILE_OUT"] = str(result)
        subprocess.run([sys.executable, str(work / "lister.py"), *args], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        modules = json.loads(result.read_text())
        env["BMM_PROFILE_MODULES"] = json.dumps(modules)
        env["BMM_PROFILE_PHASES"] = json.dumps(PHASES)
        whole, start, bare, phases = [], [], [], []
        for _ in range(runs):
            start.append(_run([sys.executable, "-c", "pass"], env))
            bare.append(_run([sys.executable, "-c", BARE], env))
            whole.append(_run([*bmm, *args], env))
            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(work / "wrapper.py"), *args], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
            times = json.loads(result.read_text())
            times["interpreter start"] = start[-1]
            times["wrapped"] = wall
            times["rest"] = times["main"] - sum(times.get(label, 0.0) for label, _m, _f in PHASES)
            times["exit"] = max(0.0, wall - start[-1] - times["imports"] - times["main"])
            phases.append(times)
        imports = _imports_by_package([str(work / "lister.py"), *args], env)
        total, stale = _stale_pycs(modules, env)
    return _markdown(whole, bare, phases, imports, len(modules), total, stale, runs)


def _markdown(whole: list[float], bare: list[float], phases: list[dict[str, float]], imports: dict[str, float],
              loaded: int, from_py: int, stale: int, runs: int) -> list[str]:
    med = statistics.median

    def ms(key: str) -> float:
        return med([p.get(key, 0.0) for p in phases]) * 1000

    wrapped = ms("wrapped")
    rows = [("interpreter start (`python -c pass`)", ms("interpreter start")),
            (f"imports ({loaded} modules)", ms("imports"))]
    rows += [(label, ms(label)) for label, _m, _f in PHASES]
    rows.append(("the rest of the command (arguments, opening the store, checks)", ms("rest")))
    rows.append(("process launch and exit (interpreter teardown)", ms("exit")))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = ["### Where a report's time goes (bench/profile_report.py)", "",
             f"`bmm report` of the demo assessment, whole process: median {med(whole) * 1000:.0f} ms over {runs} "
             f"runs, beside a bare docxtpl process (imports, empty template rendered and saved) "
             f"{med(bare) * 1000:.0f} ms, interleaved; the same report timed phase by phase in a wrapper "
             f"(median of each phase): {wrapped:.0f} ms. Load average {load} (2 cores, shared).", "",
             "| phase | median | share |", "|---|---|---|"]
    lines += [f"| {label} | {value:.0f} ms | {100 * value / max(wrapped, 1e-9):.0f} % |" for label, value in rows]
    top = sorted(imports.items(), key=lambda kv: -kv[1])[:10]
    lines += ["", "Imports by package (own time, `-X importtime`, one run): "
              + ", ".join(f"{name} {value:.0f} ms" for name, value in top) + "."]
    if stale:
        lines += ["", f"{stale} of the {from_py} modules read from a .py file had no up-to-date .pyc and were "
                  "compiled from source in every run (`PYTHONDONTWRITEBYTECODE` is "
                  f"{'set' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'not set'}); an installed wheel has "
                  "them compiled at install time (`python -m compileall` on a source checkout)."]
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    print("\n".join(profile_report(parser.parse_args().runs)))


if __name__ == "__main__":
    main()
