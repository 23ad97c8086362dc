"""Template checks for ``bmm validate``: render each template against a sample context.

A problem names the template and what is wrong, e.g. a variable the template uses that
the report context does not have (``'dict object' has no attribute 'titel'``).
"""

from __future__ import annotations

import io
from pathlib import Path

from jinja2 import TemplateError

from assistant import paths
from assistant.errors import BmmError
from assistant.report.build import chart_for
from assistant.report.context import build_context
from assistant.report.render import jinja_env, load_template, render_document
from assistant.report.sample import SAMPLE_META, sample_analysis
from assistant.report.workshop import SAMPLE_RECORDS, with_sample_workshop


def bundled_templates() -> list[Path]:
    return sorted(paths.templates_dir().glob("report_*.docx"))


def template_problems(paths_: list[Path] | None = None) -> list[str]:
    """Problems found in the given templates (None: the bundled ones); empty when all render."""
    targets = bundled_templates() if paths_ is None else list(paths_)
    if paths_ is None and not targets:
        return [f"{paths.templates_dir()}: no report template (report_en.docx) found"]
    out: list[str] = []
    for path in targets:
        out += _problems(Path(path))
    return out


def _problems(path: Path) -> list[str]:
    lang = "fr" if path.stem.endswith("_fr") else "en"
    analysis = with_sample_workshop(sample_analysis(lang))
    context = build_context(analysis, SAMPLE_META, lang, today="2026-03-01", records=SAMPLE_RECORDS)
    context["chart"] = ""
    try:
        tpl = load_template(path)
        unknown = sorted(tpl.get_undeclared_template_variables(jinja_env(), context))
    except BmmError as exc:
        return [str(exc)]
    except TemplateError as exc:
        return [f"{path}: template error: {exc}"]
    problems = [f"{path}: unknown variable {name!r} (the report context has: "
                f"{', '.join(sorted(context))})" for name in unknown]
    if problems:
        return problems
    try:
        tpl = render_document(context, path, chart_for(analysis, lang))
        tpl.save(io.BytesIO())
    except BmmError as exc:
        return [str(exc)]
    return []
