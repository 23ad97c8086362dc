"""The report's workshop parts (pure): participants, agreement, evidence, follow-ups.

``workshop_context(analysis, records, lang)`` reads the analysis and the workshop records
(kinds ``participant``, ``session``, ``parked``) and returns plain strings and lists:

- ``participants`` and ``attendance``: who took part, from which agency, on which days
  (the methodology names them);
- ``agreement``: how the answers were reached (consensus, majority, contested);
- ``elements``: each element's level, evidence confidence and contested answers;
- ``contested``: the contested answers, with every agency's position, as needing validation;
- ``evidence``: answers only stated, which still need evidence;
- ``followups``: parked, "don't know" and open questions grouped by owner (an annex), shown
  when the assessment was run as a workshop (a roster or parked questions).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from assistant.analysis import Analysis
from assistant.analysis.sources import all_sources
from assistant.engine.answers import AGREEMENT, Answer
from assistant.engine.describe import describe
from assistant.engine.interview import Interview
from assistant.framework.models import text
from assistant.i18n import t
from assistant.report.clean import clean
from assistant.workshop.parking import followups_of
from assistant.workshop.positions import describe_value, dissent_of, positions_of
from assistant.workshop.roster import ordered

Records = dict[str, dict[str, dict[str, Any]]]  # kind → key → record


def workshop_context(analysis: Analysis, records: Records | None, lang: str) -> dict[str, Any]:
    """Everything the report's workshop parts show (empty lists when it was not a workshop)."""
    return _Workshop(analysis, records or {}, lang).build()


class _Workshop:
    def __init__(self, analysis: Analysis, records: Records, lang: str) -> None:
        self.a, self.lang = analysis, lang
        self.f = analysis.framework
        self.people = ordered(records.get("participant", {}))
        self.days = sorted(records.get("session", {}).values(), key=lambda d: d["key"])
        self.parked = records.get("parked", {})
        self.labels = [text(s.label, lang) for s in self.f.scale]
        self.questions = {q.id: (el, q) for el in self.f.elements() for q in el.questions}
        self.sources = all_sources(analysis)  # every element's evidence and contested answers, once

    def tr(self, key: str, **params: Any) -> str:
        return t(self.lang, f"report.ws.{key}", **params)

    def build(self) -> dict[str, Any]:
        followups = self.followups() if (self.people or self.parked) else []
        return {
            "participants": self.participants(),
            "attendance": self.attendance(),
            "agencies": t(self.lang, "list_sep").join(dict.fromkeys(p.agency for p in self.people)),
            "agreement": self.agreement(),
            "elements": self.elements(),
            "contested": self.contested(),
            "evidence": self.evidence(),
            "followups": followups,
            "followups_count": sum(len(g["rows"]) for g in followups),
            "annex": bool(self.people or self.parked),
            "element_lines": {r.id: self.element_line(r.id) for r in self.a.elements},
        }

    # ---- who took part -------------------------------------------------------------------------
    def participants(self) -> list[dict[str, str]]:
        attended: dict[str, list[str]] = {}
        for d in self.days:
            for key in d.get("participants") if isinstance(d.get("participants"), list) else ():
                attended.setdefault(key, []).append(self.short_date(d["key"]))
        return [{"name": clean(p.name), "agency": clean(p.agency), "role": clean(p.role) or "–",
                 "sessions": ", ".join(attended.get(p.key, [])) or "–"} for p in self.people]

    def attendance(self) -> str:
        if not self.people:
            return ""
        agencies = len({p.agency.casefold() for p in self.people})
        line = self.tr("attendance", n=len(self.people), agencies=agencies)
        if self.days:
            line += " " + self.tr("days", n=len(self.days),
                                  dates=t(self.lang, "list_sep").join(self.long_date(d["key"]) for d in self.days))
        return line

    # ---- agreement and evidence ---------------------------------------------------------------------
    def agreement(self) -> str:
        given = [a for a in self.a.answers.values() if a.status == "answered" and a.agreement in AGREEMENT]
        if not given:
            return ""
        n = {how: sum(1 for a in given if a.agreement == how) for how in AGREEMENT}
        return self.tr("agreement", n=len(given), **n)

    def elements(self) -> list[dict[str, str]]:
        sources = self.sources
        if not any(sources[r.id].level or sources[r.id].contested for r in self.a.elements):
            return []
        rows = []
        for i, c in enumerate(self.a.components, 1):
            for j, r in enumerate(c.elements, 1):
                s = sources[r.id]
                tagged = sum(v for k, v in s.confidence.items() if k != "untagged")
                level = (self.f.scale_label(r.rating.level, self.lang) if r.rating.level is not None
                         else t(self.lang, "report.not_rated"))
                rows.append({
                    "number": f"{i}.{j}", "title": clean(text(r.element.title, self.lang)), "level": level,
                    "confidence": (self.tr("confidence", level=t(self.lang, f"confidence.{s.level}"), n=tagged,
                                           total=tagged + s.confidence["untagged"]) if s.level else "–"),
                    "contested": str(len(s.contested)) if s.contested else "–",
                })
        return rows

    def element_line(self, element_id: str) -> str:
        """One sentence for an element's findings: its evidence and contested answers, or ""."""
        s = self.sources.get(element_id)
        if s is None:
            return ""
        parts = []
        if s.level:
            parts.append(self.tr("element.confidence", level=t(self.lang, f"confidence.{s.level}")))
        if s.contested:
            parts.append(self.tr("element.contested", n=len(s.contested)))
        return " ".join(parts)

    def contested(self) -> list[dict[str, str]]:
        rows = []
        for qid, a in self.ordered(lambda a: a.status == "answered" and a.agreement == "contested"):
            el, q = self.questions[qid]
            positions = []
            for p in positions_of(a):
                reason = f" ({clean(p.reason)})" if p.reason else ""
                positions.append(t(self.lang, "workshop.dissent", agency=clean(p.agency),
                                   value=clean(self.value(q, p.value)), reason=reason))
            dissent = ", ".join(clean(p.agency) for p in dissent_of(a))
            rows.append({"element": clean(text(el.title, self.lang)), "question": clean(text(q.text, self.lang)),
                         "answer": clean(describe(q, a, self.lang, self.labels)),
                         "positions": t(self.lang, "list_sep").join(positions) or "–", "dissent": dissent or "–"})
        return rows

    def evidence(self) -> list[dict[str, str]]:
        rows = []
        for qid, a in self.ordered(lambda a: a.status == "answered" and a.confidence == "stated"):
            el, q = self.questions[qid]
            rows.append({"element": clean(text(el.title, self.lang)), "question": clean(text(q.text, self.lang)),
                         "answer": clean(describe(q, a, self.lang, self.labels)),
                         "source": clean(", ".join(x for x in (a.who, a.agency) if x)) or "–"})
        return rows

    # ---- follow-ups ---------------------------------------------------------------------------------
    def followups(self) -> list[dict[str, Any]]:
        iv = Interview(self.f, self.a.given.values(), self.lang)
        groups: dict[str, list[dict[str, str]]] = {}
        for f in followups_of(iv, self.parked, self.people, self.lang):
            groups.setdefault(f.owner, []).append({
                "question": clean(f.text), "element": clean(f.element_title),
                "kind": t(self.lang, f"followups.kind.{f.kind}"),
                "due": self.long_date(f.due) if f.due else "–"})
        ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))
        return [{"owner": clean(owner) or t(self.lang, "followups.no_owner"), "rows": items}
                for owner, items in ordered]

    # ---- helpers ------------------------------------------------------------------------------------
    def ordered(self, keep) -> list[tuple[str, Answer]]:
        """Effective answers that ``keep`` selects, in framework order."""
        return [(qid, self.a.answers[qid]) for qid in self.questions
                if qid in self.a.answers and keep(self.a.answers[qid])]

    def value(self, q: Any, value: Any) -> str:
        return describe_value(q, value, self.lang, self.labels)

    def long_date(self, iso: str) -> str:
        try:
            d = date.fromisoformat(iso)
        except ValueError:
            return clean(iso)
        month = t(self.lang, "report.months").split(",")[d.month - 1]
        return f"{d.day} {month} {d.year}"

    def short_date(self, iso: str) -> str:
        try:
            d = date.fromisoformat(iso)
        except ValueError:
            return clean(iso)
        return d.strftime("%d/%m/%Y") if self.lang == "fr" else d.isoformat()


# ---- a sample workshop, so `bmm validate` renders every workshop part of a template ---------------
SAMPLE_RECORDS: Records = {
    "participant": {"p1": {"key": "p1", "n": 1, "name": "A. Officer", "agency": "Border police", "role": "Chief"},
                    "p2": {"key": "p2", "n": 2, "name": "B. Officer", "agency": "Customs"}},
    "session": {"2026-01-15": {"key": "2026-01-15", "participants": ["p1", "p2"], "names": ["A. Officer", "B. Officer"]}},
    "parked": {"a_dk": {"key": "a_dk", "owner": "Customs", "due": "2026-04-30"}},
}


def with_sample_workshop(analysis: Analysis) -> Analysis:
    """The sample analysis with one contested answer (with positions) and one only stated."""
    answers = dict(analysis.answers)
    scored = {c.question for r in analysis.elements for c in r.contributions}
    first = [qid for qid, a in answers.items() if a.status == "answered" and qid in scored][:2]
    if len(first) == 2:
        contested, stated = (answers[q] for q in first)
        answers[first[0]] = replace(contested, agreement="contested", confidence="documented", positions=(
            {"agency": "Border police", "value": contested.value, "reason": ""},
            {"agency": "Customs", "value": "dont_know", "reason": "No records"}))
        answers[first[1]] = replace(stated, confidence="stated", who="A. Officer", agency="Border police")
    return replace(analysis, answers=answers, given={**analysis.given, **answers})
