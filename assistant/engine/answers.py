"""The answer record shared by the engine, the store, the analysis and the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from assistant.framework.models import DONT_KNOW, NOT_APPLICABLE

Status = Literal["answered", "dont_know", "not_applicable", "skipped"]
STATUSES: tuple[str, ...] = ("answered", DONT_KNOW, NOT_APPLICABLE, "skipped")


def now() -> str:
    """The current time as an ISO 8601 string in UTC (what the store records)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Answer:
    """One question's answer: its normalised value or a special status, with a note."""

    question: str
    status: Status = "answered"
    value: Any = None
    note: str = ""
    who: str = ""
    at: str = ""
    skips: int = 0

    @property
    def counts(self) -> bool:
        """True for a real answer or a special one; False while only skipped."""
        return self.status != "skipped"

    @property
    def condition_value(self) -> Any:
        """The value conditions compare: the value, or ``dont_know`` / ``not_applicable``."""
        return self.value if self.status == "answered" else self.status

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


def special(question: str, status: str) -> Answer:
    """A don't-know or not-applicable answer."""
    assert status in (DONT_KNOW, NOT_APPLICABLE)
    return Answer(question, status=status)  # type: ignore[arg-type]
