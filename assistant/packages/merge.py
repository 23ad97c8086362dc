"""Answers back: ``bmm merge ID FILE…`` brings an agency's answers into the assessment.

For each answer the agency gave (answers the package only carried are left alone):
no answer here → taken; the same answer → nothing changes; a different one → both are
kept as a ``conflict`` record for the group to settle (never overwritten); a later answer
from the same package replaces the earlier one it sent, an older one never replaces a
newer. Merged answers keep their agency, person and time, with ``origin="merge:<id>"``.
All of one file is saved in one durable write, or none of it; a second merge of the same
file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assistant.engine.answers import Answer
from assistant.engine.versions import reconcile
from assistant.framework.models import Framework
from assistant.packages import conflicts
from assistant.packages.format import Header, accepted, check_framework
from assistant.store.assessments import Assessment

RECORD = "merge"  # one record per package merged: agency, person, file, counts


@dataclass
class Merged:
    """What a merge did, question ids by outcome."""

    header: Header
    taken: list[str] = field(default_factory=list)  # no answer here: the agency's was taken
    updated: list[str] = field(default_factory=list)  # a later answer from the same package
    same: list[str] = field(default_factory=list)  # the same answer here already
    conflicts: list[str] = field(default_factory=list)  # differs: kept side by side, to settle
    skipped: dict[str, str] = field(default_factory=dict)  # question id → why it was not merged
    new_conflicts: int = 0  # conflicts (or sides) added by this merge
    already: bool = False  # this package was merged before

    @property
    def changed(self) -> bool:
        return bool(self.taken or self.updated or self.new_conflicts)


def merge(assessment: Assessment, framework: Framework, data: dict[str, Any], head: Header,
          where: str) -> Merged:
    """Merge a returned file (already checked by :func:`check_returned`) into ``assessment``."""
    meta = data["meta"]
    check_framework(framework, meta.get("framework"), meta.get("framework_version"), head.elements, where)
    origin = f"merge:{head.id}"
    out = Merged(head, already=head.id in assessment.records(RECORD))
    theirs = _given(framework, data, head, out)
    rec = reconcile(framework, meta.get("framework_version"), theirs)  # older version: renamed options mapped
    for qid, why in rec.review.items():
        out.skipped[qid] = f"needs review ({why})"
        theirs.pop(qid, None)
    ours = assessment.answers()
    open_conflicts = assessment.records(conflicts.KIND)
    settled = assessment.records(conflicts.SETTLED)
    with assessment.batch():
        for qid, answer in theirs.items():
            answer = rec.answers.get(qid, answer)
            incoming = replace(answer, origin=origin, agency=answer.agency or head.agency, skips=0)
            if conflicts.was_settled(settled.get(qid), incoming) and qid not in open_conflicts:
                out.skipped[qid] = "settled by the group since it was merged"
                continue
            if qid in open_conflicts:
                if conflicts.add_side(assessment, open_conflicts[qid], incoming):
                    out.new_conflicts += 1
                out.conflicts.append(qid)
                continue
            here = ours.get(qid)
            if here is None or not here.counts:
                note = incoming.note or (here.note if here is not None else "")
                assessment.save(replace(incoming, note=note), action="merge")
                out.taken.append(qid)
            elif conflicts.same(here, incoming):
                out.same.append(qid)
            elif here.origin == origin:  # sent earlier by this same package, not changed here since
                if incoming.at > here.at:
                    assessment.save(incoming, action="merge")
                    out.updated.append(qid)
                else:
                    out.skipped[qid] = "older than the answer this package gave before"
            else:
                conflicts.open_conflict(assessment, framework, qid, here, incoming)
                out.new_conflicts += 1
                out.conflicts.append(qid)
        if out.changed:
            assessment.save_record(RECORD, head.id, agency=head.agency, person=head.person, file=where,
                                   taken=len(out.taken), updated=len(out.updated), same=len(out.same),
                                   conflicts=len(out.conflicts), skipped=len(out.skipped))
    return out


def _given(framework: Framework, data: dict[str, Any], head: Header, out: Merged) -> dict[str, Answer]:
    """The answers the agency gave itself to questions of its elements (not what it was sent)."""
    questions = {q.id: (el, q) for el, q in framework.questions()}
    elements = set(head.elements)
    given: dict[str, Answer] = {}
    for d in data.get("answers", []):
        a = Answer.from_dict(d)
        if a.origin:  # carried by the package ("import"), or merged there from elsewhere: not theirs
            continue
        el_q = questions.get(a.question)
        if el_q is None:
            if data["meta"].get("framework_version") == framework.version:
                out.skipped[a.question] = "not a question of this framework"
            continue
        el, q = el_q
        if el.id not in elements:
            continue  # outside the package (a prefilled context answer): never theirs to give
        if not a.counts:
            out.skipped[a.question] = "not answered (skipped)"
        elif data["meta"].get("framework_version") == framework.version and not accepted(q, a):
            out.skipped[a.question] = f"{a.value!r} is not an answer this question accepts"
        else:
            given[a.question] = a
    return {q.id: given[q.id] for _, q in framework.questions() if q.id in given}  # in interview order
