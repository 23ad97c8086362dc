"""Conflicts: one question answered differently by two sources, both kept until the group settles it.

A conflict is a record of kind ``conflict`` keyed by question id, holding each side's
answer with its source (agency, person) and time. Settling records the chosen (or a new)
answer and drops the record in one durable write.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from assistant.engine.answers import STATUSES, Answer
from assistant.engine.describe import describe
from assistant.framework.models import Framework, text
from assistant.i18n import t
from assistant.store.assessments import Assessment, now

KIND = "conflict"
SETTLED = "settled"  # the group's decision: the answers it chose between, so a merge does not reopen it
_SIDE = ("status", "value", "note", "who", "agency", "at", "origin")


def same(a: Answer, b: Answer) -> bool:
    """The same answer, whoever gave it and whenever."""
    va, vb = a.value, b.value
    if isinstance(va, list) and isinstance(vb, list):
        va, vb = sorted(map(str, va)), sorted(map(str, vb))
    return a.status == b.status and (a.status != "answered" or va == vb)


def side(answer: Answer) -> dict[str, Any]:
    return {k: getattr(answer, k) for k in _SIDE}


def as_answer(qid: str, doc: dict[str, Any]) -> Answer:
    """A side as an answer (a hand-edited file's odd fields are left out)."""
    fields = {k: doc[k] for k in _SIDE if k != "value" and isinstance(doc.get(k), str)}
    if fields.get("status") not in STATUSES or fields.get("status") == "skipped":
        fields["status"] = "answered"
    return Answer(qid, value=doc.get("value"), **fields)


def open_conflict(assessment: Assessment, framework: Framework, qid: str, here: Answer, incoming: Answer) -> None:
    element = next((el.id for el, q in framework.questions() if q.id == qid), "")
    assessment.save_record(KIND, qid, question=qid, element=element, sides=[side(here), side(incoming)],
                           opened=now())


def add_side(assessment: Assessment, doc: dict[str, Any], incoming: Answer) -> bool:
    """Add ``incoming`` to an open conflict; False when it (or a later answer of its source) is there."""
    qid = doc["key"]
    sides = [dict(s) for s in doc.get("sides", []) if isinstance(s, dict)]
    for n, s in enumerate(sides):
        if s.get("origin") == incoming.origin and incoming.origin:
            if same(as_answer(qid, s), incoming) or str(s.get("at", "")) >= incoming.at:
                return False
            sides[n] = side(incoming)  # a later answer from the same package
            break
    else:
        if any(same(as_answer(qid, s), incoming) and s.get("agency") == incoming.agency
               and s.get("who") == incoming.who for s in sides):
            return False
        sides.append(side(incoming))
    fields = {k: v for k, v in doc.items() if k not in ("kind", "key", "at")}
    assessment.save_record(KIND, qid, **{**fields, "sides": sides})
    return True


def was_settled(doc: dict[str, Any] | None, incoming: Answer) -> bool:
    """Whether the group already settled between ``incoming`` (or a later answer of its source) and others."""
    if not doc:
        return False
    return any(isinstance(s, dict) and s.get("origin") == incoming.origin and incoming.origin
               and (same(as_answer(doc["key"], s), incoming) or str(s.get("at", "")) >= incoming.at)
               for s in doc.get("sides", []))


def unresolved(assessment: Assessment) -> list[dict[str, Any]]:
    """The open conflicts, in question-id order."""
    return [d for _, d in sorted(assessment.records(KIND).items())]


def choices(doc: dict[str, Any], current: Answer | None) -> list[Answer]:
    """The answers to choose from: each side, and the current answer if it is none of them."""
    qid = doc["key"]
    out = [as_answer(qid, s) for s in doc.get("sides", []) if isinstance(s, dict)]
    if current is not None and current.counts and not any(same(current, a) and a.at == current.at for a in out):
        if not any(same(current, a) for a in out):
            out.append(current)
    return out


@dataclass(frozen=True)
class Shown:
    """One side as people read it: the answer, and who gave it when."""

    answer: str
    source: str
    at: str


def shown(framework: Framework, qid: str, answer: Answer, lang: str, here: str) -> Shown:
    """``here`` names the assessment itself (an answer typed in it, with no agency)."""
    q = next((q for _, q in framework.questions() if q.id == qid), None)
    labels = [text(s.label, lang) for s in framework.scale]
    value = describe(q, answer, lang, labels) if q is not None else str(answer.value)
    source = ", ".join(x for x in (answer.agency or here, answer.who) if x)
    return Shown(value, source, answer.at[:16].replace("T", " "))


def question_text(framework: Framework, qid: str, lang: str) -> tuple[str, str]:
    """The question's text and its element's title."""
    for el, q in framework.questions():
        if q.id == qid:
            return text(q.text, lang), text(el.title, lang)
    return qid, ""


def settle(session: Any, qid: str, answer: Answer, chosen: bool) -> Answer:
    """Record the group's answer to a conflicting question and drop the conflict, in one write.

    ``chosen``: one of the sides, which keeps its source (agency, person); otherwise an answer
    the group gives now. Memory follows only once the write is durable.
    """
    kept = replace(answer, at=now(), skips=0)
    if not chosen:
        kept = replace(kept, origin="", agency=session.agency or "")
    old = session.interview.answers.get(qid)
    if old is not None and old.note and not kept.note:
        kept = replace(kept, note=old.note)
    a = session.assessment
    doc = a.records(KIND).get(qid, {})
    with a.batch():
        a.save(kept, action="settle")
        a.save_record(SETTLED, qid, question=qid, sides=doc.get("sides", []), chosen=side(kept))
        a.drop_record(KIND, qid)
    session.interview.record(kept, advance=False)
    return kept


def needs_validation(assessment: Assessment, framework: Framework, lang: str) -> list[str]:
    """One line per unsettled conflict, for the report or analysis: the question and each side."""
    lines, here = [], t(lang, "conflict.here")
    for doc in unresolved(assessment):
        qid = doc["key"]
        question, _ = question_text(framework, qid, lang)
        sides = "; ".join(f"{s.answer} ({s.source})" for s in
                          (shown(framework, qid, a, lang, here) for a in choices(doc, None)))
        lines.append(f"{question} — {sides}")
    return lines
