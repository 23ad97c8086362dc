"""From an open assessment to a .docx: analyse, build the context, draw the chart, render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.analysis import Analysis, analyse
from assistant.engine.answers import Answer
from assistant.engine.describe import decimal
from assistant.engine.versions import reconcile
from assistant.framework.models import Framework
from assistant.i18n import t
from assistant.report.chart import Bar, profile_png
from assistant.report.context import build_context
from assistant.report.render import Progress, bundled_template, render_document, save
from assistant.store.assessments import Assessment


def chart_for(analysis: Analysis, lang: str) -> bytes:
    """The maturity-profile chart of an analysis, bars numbered as the profile table."""
    bars = []
    for n, e in enumerate(analysis.elements, 1):
        value = decimal(e.rating.score, lang) if e.rating.score is not None else ""
        bars.append(Bar(str(n), e.rating.score, e.rating.level, value))
    top = max(lvl.level for lvl in analysis.framework.scale)
    bar = analysis.framework.thresholds()[analysis.established]  # where "Established" starts
    return profile_png(bars, top=top, established=bar)


def report_from(analysis: Analysis, meta: dict[str, Any], output: Path, template: Path | None = None,
                progress: Progress | None = None, today: str | None = None) -> Path:
    """Render an analysis into ``output`` (pure apart from reading the template and writing the file)."""
    lang = analysis.lang
    step = progress or (lambda _msg, _frac: None)
    step(t(lang, "report.progress.context"), 0.3)
    context = build_context(analysis, meta, lang, today=today)
    png = chart_for(analysis, lang)
    step(t(lang, "report.progress.render"), 0.5)
    props = {"title": context["doc"]["title"], "subject": context["doc"]["framework"],
             "author": "bmm-assistant", "language": {"en": "en-GB", "fr": "fr-FR"}.get(lang, lang)}
    tpl = render_document(context, Path(template) if template else bundled_template(lang), png, props)
    step(t(lang, "report.progress.save"), 0.9)
    out = save(tpl, output)
    step(str(out), 1.0)
    return out


@dataclass(frozen=True)
class Snapshot:
    """What a report reads from an assessment, taken at once (on the thread that owns the store)."""

    meta: dict[str, Any]
    answers: dict[str, Answer]
    edits: dict[str, dict[str, Any]]


def snapshot(assessment: Assessment) -> Snapshot:
    return Snapshot(assessment.meta, assessment.answers(), assessment.edits())


def write_report(assessment: Assessment | Snapshot, framework: Framework, output: Path | str,
                 lang: str | None = None, template: Path | str | None = None,
                 progress: Progress | None = None) -> Path:
    """Write the report of an assessment (facilitator edits applied); returns the path written.

    ``progress(message, fraction)`` is called at each step, with a localised message. From a
    worker thread, pass ``snapshot(assessment)`` taken on the thread that owns the store, so
    TinyDB is only touched there; everything after that is pure apart from writing the file.
    """
    data = assessment if isinstance(assessment, Snapshot) else snapshot(assessment)
    meta = data.meta
    lang = lang or meta.get("lang") or "en"
    if progress:
        progress(t(lang, "report.progress.analyse"), 0.05)
    answers = reconcile(framework, meta.get("framework_version"), data.answers, lang).answers
    analysis = analyse(framework, answers, lang, data.edits)
    return report_from(analysis, meta, Path(output), Path(template) if template else None, progress)
