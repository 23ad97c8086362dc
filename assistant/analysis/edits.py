"""A facilitator's edits to recommendations and road-map rows, stored with the assessment.

Keys: ``rec:<rule id>`` edits (or drops) a recommendation triggered by a rule;
``add:<token>`` is a row the facilitator added. Edits survive regenerating the
report: the analysis applies them every time. An edit of a rule that no longer
triggers is kept but not shown (it comes back if the rule triggers again).
"""

from __future__ import annotations

import secrets
from typing import Any

from assistant.errors import BmmError
from assistant.store.assessments import Assessment

EDITABLE = ("element", "objective", "text", "horizon", "priority", "lead", "owner", "timeline", "status")
HORIZONS = ("short", "long")
PRIORITIES = ("high", "medium", "low")
STATUSES = ("proposed", "agreed", "in_progress", "done")


def rule_key(rule_id: str) -> str:
    return f"rec:{rule_id}"


def check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields, validated: known names, string values, known horizon/priority/status."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise BmmError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE)}")
    for name, allowed in (("horizon", HORIZONS), ("priority", PRIORITIES), ("status", STATUSES)):
        if name in fields and fields[name] not in allowed:
            raise BmmError(f"{name} must be one of {', '.join(allowed)} (got {fields[name]!r})")
    for name, value in fields.items():
        if not isinstance(value, str):
            raise BmmError(f"{name} must be text")
    if "text" in fields and not fields["text"].strip():
        raise BmmError("a recommendation needs a text")
    return fields


def edit(assessment: Assessment, key: str, **fields: Any) -> None:
    """Change fields of a recommendation / road-map row (merged with earlier edits)."""
    check_fields(fields)
    old = {k: v for k, v in assessment.edits().get(key, {}).items() if k not in ("key", "at")}
    assessment.save_edit(key, **{**old, **fields})


def add(assessment: Assessment, text: str, horizon: str = "short", priority: str = "medium",
        **fields: Any) -> str:
    """Add a recommendation / road-map row of the facilitator's own; returns its key."""
    if not text.strip():
        raise BmmError("a recommendation needs a text")
    fields = check_fields({"text": text, "horizon": horizon, "priority": priority, **fields})
    key = f"add:{secrets.token_hex(4)}"
    assessment.save_edit(key, added=True, **fields)
    return key


def drop(assessment: Assessment, key: str) -> None:
    """Drop a row: an added one is deleted, a triggered one is hidden (``restore`` brings it back)."""
    if key.startswith("add:"):
        assessment.drop_edit(key)
        return
    old = {k: v for k, v in assessment.edits().get(key, {}).items() if k not in ("key", "at")}
    assessment.save_edit(key, **{**old, "dropped": True})


def restore(assessment: Assessment, key: str) -> None:
    """Bring back a dropped triggered recommendation, keeping its other edits."""
    old = {k: v for k, v in assessment.edits().get(key, {}).items() if k not in ("key", "at", "dropped")}
    with assessment.batch():  # one durable write: the row comes back with its other edits
        assessment.drop_edit(key)
        if old:
            assessment.save_edit(key, **old)


def reset(assessment: Assessment, key: str) -> None:
    """Forget every edit of a row (an added row is deleted)."""
    assessment.drop_edit(key)
