"""From an open assessment to a .docx: analyse, build the context, draw the chart, render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.analysis import Analysis, analyse
from assistant.engine.answers import Answer
from assistant.engine.describe import decimal
from assistant.engine.versions import reconcile
from assistant.framework.models import Framework, text
from assistant.i18n import t
from assistant.report.chart import Bar, profile_png
from assistant.report.clean import clean
from assistant.report.context import build_context
from assistant.report.render import Progress, bundled_template, render_document, save
from assistant.store.assessments import Assessment


def chart_for(analysis: Analysis, lang: str) -> bytes:
    """The maturity-profile chart of an analysis: one bar per element, labelled with its number and name."""
    bars = []
    for number, e in numbered(analysis):
        value = decimal(e.rating.score, lang) if e.rating.score is not None else ""
        bars.append(Bar(f"{number} {text(e.element.title, lang)}", e.rating.score, e.rating.level, value))
    top = max(lvl.level for lvl in analysis.framework.scale)
    bar = analysis.framework.thresholds()[analysis.established]  # where "Established" starts
    return profile_png(bars, top=top, established=bar)


def numbered(analysis: Analysis) -> list[tuple[str, Any]]:
    """Elements with their section numbers (1.1, 1.2, 2.1…), as the report numbers them."""
    return [(f"{i}.{j}", e) for i, c in enumerate(analysis.components, 1) for j, e in enumerate(c.elements, 1)]


def chart_alt(analysis: Analysis, lang: str) -> str:
    """The chart's alternative text: what it shows, element by element."""
    parts = []
    for number, e in numbered(analysis):
        level = (analysis.framework.scale_label(e.rating.level, lang) if e.rating.level is not None
                 else t(lang, "report.not_rated"))
        parts.append(f"{number} {text(e.element.title, lang)}: {level}")
    f = analysis.framework
    intro = t(lang, "report.chart.alt", top=max(lvl.level for lvl in f.scale),
              established=f.scale_label(analysis.established, lang))
    return intro + " " + "; ".join(parts) + "."


def _describe_images(tpl: Any, alt: str) -> None:
    for shape in tpl.docx.inline_shapes:
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt.split(":")[0])


def report_from(analysis: Analysis, meta: dict[str, Any], output: Path, template: Path | None = None,
                progress: Progress | None = None, today: str | None = None, force: bool = True,
                data_root: Path | None = None, pdf: Path | None = None,
                records: dict[str, dict[str, dict[str, Any]]] | None = None) -> Path:
    """Render an analysis into ``output`` (and ``pdf`` through LibreOffice when given)."""
    lang = analysis.lang
    step = progress or (lambda _msg, _frac: None)
    step(t(lang, "report.progress.context"), 0.3)
    context = build_context(analysis, meta, lang, today=today, records=records)
    png = chart_for(analysis, lang)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    author = ", ".join(clean(x) for x in meta.get("team") or []) or "bmm-assistant"
    props = {"title": context["doc"]["title"], "subject": context["doc"]["framework"], "author": author,
             "last_modified_by": author, "created": now, "modified": now, "revision": 1,
             "keywords": context["doc"]["country"], "category": context["doc"]["status"],
             "language": {"en": "en-GB", "fr": "fr-FR"}.get(lang, lang)}
    source = Path(template) if template else bundled_template(lang)

    def write(replace: bool) -> Path:
        step(t(lang, "report.progress.render"), 0.5)
        tpl = render_document(context, source, png, props)
        _describe_images(tpl, chart_alt(analysis, lang))
        step(t(lang, "report.progress.save"), 0.9)
        return save(tpl, output, force=replace, data_root=data_root)

    out = write(force)
    if pdf is not None:
        from assistant.report.pdf import convert, heading_pages, page_texts

        convert(out, Path(pdf), lang)
        pages = page_texts(Path(pdf))
        if pages:  # second pass: the contents with the pages LibreOffice laid out
            toc_head = t(lang, "report.h.toc")
            first = next((i + 1 for i, pg in enumerate(pages) if toc_head in pg), 1)
            numbers = heading_pages(pages, [x["title"] for x in context["toc"]], first)
            for entry, page in zip(context["toc"], numbers, strict=True):
                entry["page"] = page
            out = write(True)  # the file written a moment ago, now with page numbers
            convert(out, Path(pdf), lang)
    step(str(out), 1.0)
    return out


@dataclass(frozen=True)
class Snapshot:
    """What a report reads from an assessment, taken at once (on the thread that owns the store)."""

    meta: dict[str, Any]
    answers: dict[str, Answer]
    edits: dict[str, dict[str, Any]]
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # workshop records by kind


WORKSHOP_KINDS = ("participant", "session", "parked")


def snapshot(assessment: Assessment) -> Snapshot:
    return Snapshot(assessment.meta, assessment.answers(), assessment.edits(),
                    {kind: assessment.records(kind) for kind in WORKSHOP_KINDS})


def write_report(assessment: Assessment | Snapshot, framework: Framework, output: Path | str,
                 lang: str | None = None, template: Path | str | None = None,
                 progress: Progress | None = None, force: bool = True, data_root: Path | None = None,
                 pdf: Path | str | None = None) -> Path:
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
    return report_from(analysis, meta, Path(output), Path(template) if template else None, progress,
                       force=force, data_root=data_root, pdf=Path(pdf) if pdf else None, records=data.records)
