"""The analysis and report layers, used when they are installed (imported lazily)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.engine.describe import decimal
from assistant.session import Session
from assistant.tui.common import tr


@dataclass(frozen=True)
class Findings:
    """What the element summary shows beyond the answers."""

    available: bool = False
    level: str = ""  # e.g. "3 Established (score 2.8)"; empty when not rated
    recommendations: list[str] = field(default_factory=list)
    sources: str = ""  # workshop: contested answers and how the evidence is known, in words


def element_findings(session: Session, element_id: str) -> Findings:
    """The element's maturity level and triggered recommendations, if the analysis layer exists."""
    try:
        from assistant.analysis import analyse
        from assistant.analysis.levels import group_note
        from assistant.analysis.sources import element_sources
    except ImportError:
        return Findings()
    lang = session.lang
    result = analyse(session.framework, session.interview.answers, lang, session.assessment.edits())
    el = result.element(element_id)
    level = ""
    if el is not None and el.rating.level is not None:
        level = tr(lang, "summary.level_value", level=el.rating.level,
                   label=session.framework.scale_label(el.rating.level, lang), score=decimal(el.rating.score, lang))
        if group_note(el, session.framework, lang):  # the group's own rating differs: say so
            level += ". " + group_note(el, session.framework, lang)
    recs = [
        tr(lang, "summary.rec", text=a.text, priority=tr(lang, f"priority.{a.priority}"),
           horizon=tr(lang, f"horizon.{a.horizon}"))
        for a in result.actions_for(element_id)
    ]
    return Findings(True, level, recs, _sources(element_sources(el, result.answers), lang) if el is not None else "")


def _sources(src, lang: str) -> str:
    """"Evidence: documented (2 documented, 1 stated) · 1 answer contested: needs validation"."""
    from assistant.engine.answers import CONFIDENCE
    from assistant.i18n import t

    parts = []
    if src.level is not None:
        counts = t(lang, "list_sep").join(f"{src.confidence[c]} {t(lang, f'confidence.{c}')}"
                                          for c in CONFIDENCE if src.confidence.get(c))
        parts.append(tr(lang, "summary.confidence", level=t(lang, f"confidence.{src.level}"), counts=counts))
    if src.contested:
        parts.append(tr(lang, "summary.contested", n=len(src.contested)))
    return " · ".join(parts)


def report_available() -> bool:
    try:
        from assistant.report import snapshot, write_report  # noqa: F401
    except ImportError:
        return False
    return True


def report_target(session: Session) -> Path:
    """Where Ctrl+R writes the report (said before it is written)."""
    from assistant.report.command import default_output

    return default_output(session.assessment.id, session.lang, session.lang)


def report_job(session: Session) -> Callable[[Callable[[str, float], None]], Path]:
    """Prepare a report on this (the store's) thread; the returned job writes it from any thread.

    The job takes a ``progress(message, fraction)`` callback and returns the path written.
    """
    from assistant.report import snapshot, write_report
    from assistant.report.command import default_output

    snap = snapshot(session.assessment)
    lang = session.lang
    output = default_output(session.assessment.id, lang, lang)
    framework = session.framework

    def job(progress: Callable[[str, float], None]) -> Path:
        return Path(write_report(snap, framework, output, lang=lang, progress=progress))

    return job
