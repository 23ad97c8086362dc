"""The action plan as an Excel workbook: one row per action, filters and a frozen header."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from assistant import outpath
from assistant.analysis import Analysis
from assistant.i18n import t
from assistant.report.clean import clean
from assistant.report.plan import build_plan, phase_label

COLUMNS = (  # (catalogue key of the header, width in characters)
    ("c.no", 6), ("c.action", 60), ("c.objective", 40), ("c.element", 28), ("c.lead", 28),
    ("c.partners", 36), ("c.phase", 14), ("c.priority", 10), ("c.indicator", 40), ("c.cost", 10),
    ("c.status", 12), ("c.owner", 28),
)
STATUSES = ("proposed", "agreed", "in_progress", "done")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def plan_rows(analysis: Analysis, meta: dict[str, Any], lang: str) -> list[list[Any]]:
    """One row per action of the plan, in the plan's order (the columns of ``COLUMNS``)."""
    rows = []
    for o in build_plan(analysis, meta, lang):
        for p in o.actions:
            x = p.action
            status = t(lang, f"report.status.{x.status}") if x.status in STATUSES else clean(x.status)
            phase = clean(x.timeline) if "timeline" in x.edited else phase_label(p.phase, lang)
            rows.append([p.number, clean(x.text), clean(o.title), clean(x.element_title), clean(p.lead),
                         t(lang, "list_sep").join(clean(y) for y in p.partners), phase,
                         t(lang, f"report.priority.{x.priority}"), clean(p.indicator),
                         t(lang, f"report.plan.cost.{p.cost}"), status, clean(x.owner) or clean(p.lead)])
    return rows


def write_workbook(analysis: Analysis, meta: dict[str, Any], output: Path, lang: str, force: bool = False,
                   data_root: Path | None = None) -> Path:
    """Write the action plan to ``output`` (.xlsx) atomically; returns the path written."""
    wb = Workbook()
    ws = wb.active
    ws.title = t(lang, "report.h.action_plan")[:31]
    ws.append([t(lang, f"report.{key}") for key, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in plan_rows(analysis, meta, lang):
        ws.append(row)
    for i, (_, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.title = t(lang, "report.h.action_plan")
    wb.properties.creator = ", ".join(clean(x) for x in meta.get("team") or []) or "bmm-assistant"
    buffer = io.BytesIO()
    wb.save(buffer)
    return outpath.write(output, buffer.getvalue(), force=force, data_root=data_root)
