"""Who is in the room: the roster, the speaker, and the workshop's sessions (days).

Records: kind ``participant`` (one per person, keyed by a slug of the name), kind
``speaker`` (key ``current``: the participant now speaking, so reopening keeps them)
and kind ``session`` (one per date: who attended). While a speaker is set, every answer
saved through the session records ``who`` = their name and ``agency`` = their agency;
with no speaker, ``who`` stays the login name. Setting a speaker also marks them as
attending today. Removing a participant keeps the answers they gave under their name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.i18n import t
from assistant.store.assessments import default_who, one_line
from assistant.workshop import WorkshopError

if TYPE_CHECKING:
    from assistant.engine.interview import Interview
    from assistant.store.assessments import Assessment

KIND = "participant"
SPEAKER = "speaker"
SESSION = "session"
FIELDS = ("name", "agency", "role", "contact")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Participant:
    """One person on the roster."""

    key: str
    name: str
    agency: str
    role: str = ""
    contact: str = ""

    @classmethod
    def from_record(cls, doc: dict[str, Any]) -> Participant:
        return cls(doc["key"], *(str(doc.get(f) or "") for f in FIELDS))


@dataclass(frozen=True)
class Sitting:
    """One day of the workshop and who attended it (keys, and names as they were then)."""

    date: str
    participants: tuple[str, ...]
    names: tuple[str, ...]


def ordered(records: dict[str, dict[str, Any]]) -> list[Participant]:
    """Participant records in the order they were added."""
    return [Participant.from_record(d) for d in sorted(records.values(), key=lambda d: (_n(d), d["key"]))]


def _n(doc: dict[str, Any]) -> int:
    n = doc.get("n")
    return n if isinstance(n, int) and not isinstance(n, bool) else 0


def _names(value: Any) -> tuple[str, ...]:
    """A stored list of keys or names (anything else, as from a damaged file, is no list)."""
    return tuple(str(x) for x in value) if isinstance(value, list) else ()


def fold(s: str) -> str:
    """Case- and accent-insensitive form of a name, for matching what was typed."""
    nfkd = unicodedata.normalize("NFKD", " ".join(s.casefold().split()))
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def parse_date(value: Any, lang: str) -> str:
    """A date given as ``YYYY-MM-DD`` text or a :class:`date`, checked; :class:`WorkshopError` if not."""
    if isinstance(value, date):
        return value.isoformat()
    given = str(value or "").strip()
    try:
        if not _DATE.fullmatch(given):
            raise ValueError
        return date.fromisoformat(given).isoformat()
    except ValueError:
        raise WorkshopError(t(lang, "workshop.err.date", date=given)) from None


class RosterMixin:
    """The roster part of :class:`assistant.session.Session`."""

    assessment: Assessment
    interview: Interview
    lang: str
    _speaker: Participant | None = None
    _login: str = ""

    # ---- the roster -------------------------------------------------------------------
    def participants(self) -> list[Participant]:
        """Everyone on the roster, in the order they were added."""
        return ordered(self.assessment.records(KIND))

    def participant(self, key_or_name: str) -> Participant:
        """A participant by key, by name (any case or accents), or by the unique start of a name."""
        people = self.participants()
        given = fold(key_or_name or "")
        if not given:
            raise WorkshopError(t(self.lang, "workshop.err.no_name"))
        for p in people:
            if p.key == key_or_name or fold(p.name) == given:
                return p
        starts = [p for p in people if fold(p.name).startswith(given)]
        if len(starts) == 1:
            return starts[0]
        if not people:
            raise WorkshopError(t(self.lang, "workshop.err.empty_roster", name=key_or_name))
        names = t(self.lang, "list_sep").join(p.name for p in (starts or people))
        key = "workshop.err.ambiguous" if starts else "workshop.err.unknown_person"
        raise WorkshopError(t(self.lang, key, name=key_or_name, names=names))

    def add_participant(self, name: str, agency: str, role: str = "", contact: str = "") -> Participant:
        """Put someone on the roster; their agency is spelt as it already is on the roster."""
        fields = self._checked(name=name, agency=agency, role=role, contact=contact)
        people = self.participants()
        if any(fold(p.name) == fold(fields["name"]) for p in people):
            raise WorkshopError(t(self.lang, "workshop.err.duplicate", name=fields["name"]))
        key = self._new_key(fields["name"], {p.key for p in people})
        n = max((_n(d) for d in self.assessment.records(KIND).values()), default=0) + 1
        self.assessment.save_record(KIND, key, n=n, **fields)
        return Participant(key, **fields)

    def update_participant(self, key: str, **fields: Any) -> Participant:
        """Change a participant's name, agency, role or contact."""
        docs = self.assessment.records(KIND)
        if key not in docs:
            raise WorkshopError(t(self.lang, "workshop.err.unknown_key", key=key))
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise WorkshopError(t(self.lang, "workshop.err.fields", fields=", ".join(sorted(unknown)),
                                  known=", ".join(FIELDS)))
        old = docs[key]
        merged = self._checked(**{f: fields.get(f, old.get(f, "")) for f in FIELDS})
        if any(fold(p.name) == fold(merged["name"]) and p.key != key for p in self.participants()):
            raise WorkshopError(t(self.lang, "workshop.err.duplicate", name=merged["name"]))
        self.assessment.save_record(KIND, key, n=_n(old), **merged)
        updated = Participant(key, **merged)
        if self._speaker is not None and self._speaker.key == key:
            self._use_speaker(updated)
        return updated

    def remove_participant(self, key: str) -> None:
        """Take someone off the roster (the answers they gave keep their name)."""
        if key not in self.assessment.records(KIND):
            raise WorkshopError(t(self.lang, "workshop.err.unknown_key", key=key))
        with self.assessment.batch():
            self.assessment.drop_record(KIND, key)
            if self._speaker is not None and self._speaker.key == key:
                self.assessment.drop_record(SPEAKER, "current")
        if self._speaker is not None and self._speaker.key == key:
            self._use_speaker(None)

    def agencies(self) -> list[str]:
        """The agencies taking part: the roster's, then the assessment's own list, each once."""
        seen: dict[str, str] = {}
        for name in [p.agency for p in self.participants()] + list(self.assessment.meta.get("agencies") or []):
            if name.strip():
                seen.setdefault(fold(name), name)
        return list(seen.values())

    def match_agency(self, given: str) -> str:
        """The agency ``given`` names (any case, or the unique start of its name), as spelt on the roster.

        When no agency is known at all, any name is accepted as it was typed.
        """
        name = one_line(given)
        if not name:
            raise WorkshopError(t(self.lang, "workshop.err.no_agency"))
        known = self.agencies()
        if not known:
            return name
        exact = [a for a in known if fold(a) == fold(name)]
        starts = [a for a in known if fold(a).startswith(fold(name))]
        if exact or len(starts) == 1:
            return (exact or starts)[0]
        raise WorkshopError(t(self.lang, "workshop.err.unknown_agency", agency=name,
                              agencies=t(self.lang, "list_sep").join(known)))

    # ---- the speaker ----------------------------------------------------------------------
    @property
    def speaker(self) -> Participant | None:
        """Who is speaking now (their answers carry their name and agency), or None."""
        return self._speaker

    def set_speaker(self, key_or_name: str) -> Participant:
        """Make someone on the roster the speaker, remembered in the assessment; marks them present today."""
        p = self.participant(key_or_name)
        today = date.today().isoformat()
        with self.assessment.batch():
            self.assessment.save_record(SPEAKER, "current", participant=p.key, name=p.name)
            sitting = next((s for s in self.sessions() if s.date == today), None)
            if sitting is None or p.key not in sitting.participants:
                self._save_sitting(today, [*(sitting.participants if sitting else ()), p.key])
        self._use_speaker(p)
        return p

    def clear_speaker(self) -> None:
        """No speaker: answers are recorded under the login name again."""
        self.assessment.drop_record(SPEAKER, "current")
        self._use_speaker(None)

    def _load_speaker(self, who: str) -> None:
        """At opening: the login name, and the speaker remembered from last time (if still on the roster)."""
        self._login = who
        current = self.assessment.records(SPEAKER).get("current") or {}
        doc = self.assessment.records(KIND).get(str(current.get("participant", "")))
        self._use_speaker(Participant.from_record(doc) if doc else None)

    def _use_speaker(self, p: Participant | None) -> None:
        self._speaker = p
        self.interview.who = p.name if p is not None else (self._login or default_who())

    # ---- sessions (days) of the workshop ---------------------------------------------------------
    def sessions(self) -> list[Sitting]:
        """The workshop's days, in date order, with who attended each."""
        docs = sorted(self.assessment.records(SESSION).values(), key=lambda d: d["key"])
        return [Sitting(d["key"], _names(d.get("participants")), _names(d.get("names"))) for d in docs]

    def record_attendance(self, day: Any, participant_keys: list[str]) -> Sitting:
        """Who attended on ``day`` (``YYYY-MM-DD``): replaces that day's list."""
        when = parse_date(day, self.lang)
        docs = self.assessment.records(KIND)
        for key in participant_keys:
            if key not in docs:
                raise WorkshopError(t(self.lang, "workshop.err.unknown_key", key=key))
        return self._save_sitting(when, list(dict.fromkeys(participant_keys)))

    def _save_sitting(self, day: str, keys: list[str]) -> Sitting:
        docs = self.assessment.records(KIND)
        old = self.assessment.records(SESSION).get(day) or {}
        known = dict(zip(_names(old.get("participants")), _names(old.get("names")), strict=False))
        names = [docs[k]["name"] if k in docs else known.get(k, k) for k in keys]
        self.assessment.save_record(SESSION, day, participants=keys, names=names)
        return Sitting(day, tuple(keys), tuple(names))

    # ---- helpers ------------------------------------------------------------------------------------
    def _checked(self, **fields: str) -> dict[str, str]:
        out = {f: one_line(str(fields.get(f) or "")) for f in FIELDS}
        if not out["name"]:
            raise WorkshopError(t(self.lang, "workshop.err.no_name"))
        if not out["agency"]:
            raise WorkshopError(t(self.lang, "workshop.err.no_agency"))
        for known in self.agencies():  # "customs" joins "Customs" rather than making a second agency
            if fold(known) == fold(out["agency"]):
                out["agency"] = known
        return out

    @staticmethod
    def _new_key(name: str, taken: set[str]) -> str:
        ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:32].strip("-") or "person"
        key, n = slug, 1
        while key in taken:
            n += 1
            key = f"{slug}-{n}"
        return key
