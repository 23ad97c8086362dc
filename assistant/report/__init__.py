"""The assessment report: a pure context builder and a docxtpl renderer.

``write_report(assessment_or_snapshot, framework, output, lang, template, progress)`` is
the one call the CLI and the TUI use.
"""

from assistant.report.build import Snapshot, snapshot, write_report

__all__ = ["Snapshot", "snapshot", "write_report"]
