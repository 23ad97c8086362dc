"""Answers as people read them: "Yes", "Airports, Seaports", "3 Established", "120 officers a year"."""

from __future__ import annotations

from typing import Any

from assistant.engine.answers import Answer
from assistant.framework.models import text
from assistant.i18n import t


def describe(question: Any, answer: Answer | None, lang: str, scale_labels: list[str] | None = None) -> str:
    """The answer in words, in ``lang``; "Not answered" / "Skipped" when there is none."""
    if answer is None:
        return t(lang, "unanswered")
    if answer.status != "answered":
        return t(lang, answer.status)
    value = answer.value
    kind = question.type
    if kind == "yes_no":
        return t(lang, str(value))
    if kind in ("single_choice", "multi_choice"):
        labels = {o.value: text(o.label, lang) for o in question.options}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in values)
    if kind == "scale":
        label = scale_labels[value - 1] if scale_labels and 0 < value <= len(scale_labels) else ""
        return f"{value} {label}".strip()
    if kind == "number":
        grouped = f"{value:,}" if abs(value) >= 10_000 else str(value)  # 2019 is a year, not "2,019"
        shown = grouped.replace(",", "\u202f") if lang == "fr" else grouped
        if lang == "fr" and isinstance(value, float):
            shown = shown.replace(".", ",")
        unit = text(question.unit, lang) if question.unit else ""
        return f"{shown} {unit}".strip() if unit != "%" else f"{shown}\u00a0%" if lang == "fr" else f"{shown}%"
    return str(value)


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """A number with a fixed number of decimals, with the language's decimal mark (2.5 / 2,5)."""
    shown = f"{value:.{digits}f}"
    return shown.replace(".", ",") if lang == "fr" else shown
