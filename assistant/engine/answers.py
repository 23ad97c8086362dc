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
    # Where the answer came from and how sure the group is of it (workshop, merge):
    agency: str = ""  # the agency that gave it ("" when not recorded)
    confidence: str = ""  # "documented", "observed", "stated" or ""
    agreement: str = ""  # "consensus", "majority", "contested" or "" (one voice)
    positions: tuple[dict[str, Any], ...] = ()  # each agency's position: {"agency", "value", "reason"}
    origin: str = ""  # "" typed here; "merge:<package id>" or "import" when brought in

    @property
    def counts(self) -> bool:
        """True for a real answer or a special one; False while only skipped."""
        return self.status != "skipped"

    @property
    def condition_value(self) -> Any:
        """The value conditions compare: the value, or ``dont_know`` / ``not_applicable``."""
        return self.value if self.status == "answered" else self.status

    def to_dict(self) -> dict[str, Any]:
        """The stored form: fields still at their default are left out, so old files stay small."""
        out = asdict(self)
        for name in _OPTIONAL:
            if not out[name]:
                del out[name]
        if "positions" in out:
            out["positions"] = [dict(p) for p in out["positions"]]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if "positions" in known:
            known["positions"] = tuple(dict(p) for p in known["positions"] or ())
        return cls(**known)


_OPTIONAL = ("agency", "confidence", "agreement", "positions", "origin")
CONFIDENCE = ("documented", "observed", "stated")
AGREEMENT = ("consensus", "majority", "contested")


def special(question: str, status: str) -> Answer:
    """A don't-know or not-applicable answer."""
    assert status in (DONT_KNOW, NOT_APPLICABLE)
    return Answer(question, status=status)  # type: ignore[arg-type]
