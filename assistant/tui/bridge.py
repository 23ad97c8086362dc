"""The analysis and report layers, used when they are installed (imported lazily)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.session import Session
from assistant.tui.common import tr


@dataclass(frozen=True)
class Findings:
    """What the element summary shows beyond the answers."""

    available: bool = False
    level: str = ""  # e.g. "3 Established (score 2.8)"; empty when not rated
    recommendations: list[str] = field(default_factory=list)


def element_findings(session: Session, element_id: str) -> Findings:
    """The element's maturity level and triggered recommendations, if the analysis layer exists."""
    try:
        from assistant.analysis import analyse
    except ImportError:
        return Findings()
    lang = session.lang
    result = analyse(session.framework, session.interview.answers, lang, session.assessment.edits())
    el = result.element(element_id)
    level = ""
    if el is not None and el.rating.level is not None:
        level = tr(lang, "summary.level_value", level=el.rating.level,
                   label=session.framework.scale_label(el.rating.level, lang), score=f"{el.rating.score:.1f}")
    recs = [
        tr(lang, "summary.rec", text=a.text, priority=tr(lang, f"priority.{a.priority}"),
           horizon=tr(lang, f"horizon.{a.horizon}"))
        for a in result.actions_for(element_id)
    ]
    return Findings(True, level, recs)


def report_available() -> bool:
    try:
        import assistant.report.command  # noqa: F401
    except ImportError:
        return False
    return True


def write_report(session: Session, output: Path | None = None) -> Path:
    """Write the .docx report of the session's assessment; returns its path."""
    from assistant.report.command import write_report as _write  # type: ignore[attr-defined]

    return Path(_write(session.assessment, session.framework, lang=session.lang, output=output))


