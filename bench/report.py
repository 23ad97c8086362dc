"""Time to write the full report of the 28-element demo assessment (goal: under 1 s).

Run: .venv/bin/python bench/report.py
Prints, in the same run, a baseline (rendering python-docx's empty default document as a
docxtpl template), then each step of the real report: analysis, context, chart, render, save.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

from assistant import framework as fw  # noqa: E402
from assistant.analysis import analyse  # noqa: E402
from assistant.report.build import chart_for, report_from  # noqa: E402
from assistant.report.context import build_context  # noqa: E402
from assistant.report.demo import ensure_demo  # noqa: E402
from assistant.report.render import bundled_template, jinja_env, render_document  # noqa: E402
from assistant.store import memory_store  # noqa: E402

RUNS = 5


def timed(fn, runs: int = RUNS) -> tuple[float, object]:
    out, times = None, []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    framework = fw.get("bmm")
    store = memory_store()
    aid, _ = ensure_demo(store, framework, "en")
    a = store.open(aid, write=False)
    meta, answers, edits = a.meta, a.answers(), a.edits()
    a.close()
    elements = sum(1 for c in framework.components for _ in c.elements)

    empty = io.BytesIO()
    Document().save(empty)

    def baseline():
        tpl = DocxTemplate(io.BytesIO(empty.getvalue()))
        tpl.render({}, jinja_env=jinja_env(), autoescape=True)
        tpl.save(io.BytesIO())

    base, _ = timed(baseline)
    t_an, analysis = timed(lambda: analyse(framework, answers, "en", edits))
    t_ctx, context = timed(lambda: build_context(analysis, meta, "en"))
    t_png, png = timed(lambda: chart_for(analysis, "en"))
    t_render, tpl = timed(lambda: render_document(context, bundled_template("en"), png))
    t_save, _ = timed(lambda: tpl.save(io.BytesIO()))
    with tempfile.TemporaryDirectory() as tmp:
        total, path = timed(lambda: report_from(analyse(framework, answers, "en", edits), meta,
                                                Path(tmp) / "r.docx"))
        size = Path(path).stat().st_size

    print(f"report of {elements} elements, {len(answers)} answers, {len(analysis.actions)} recommendations "
          f"(median of {RUNS} runs)")
    print(f"  baseline: empty docxtpl template render+save  {base * 1000:7.1f} ms")
    print(f"  analysis                                       {t_an * 1000:7.1f} ms")
    print(f"  context                                        {t_ctx * 1000:7.1f} ms")
    print(f"  {f'chart PNG ({len(png) // 1024} KB)':47}{t_png * 1000:7.1f} ms")
    print(f"  docxtpl render                                 {t_render * 1000:7.1f} ms")
    print(f"  save                                           {t_save * 1000:7.1f} ms")
    print(f"  {f'total, analysis to file ({size // 1024} KB)':47}{total * 1000:7.1f} ms  "
          f"{'OK' if total < 1 else 'OVER'} (goal < 1000 ms)")


if __name__ == "__main__":
    main()
