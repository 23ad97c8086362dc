"""Answers given on an older version of a framework, brought up to the current one.

Renamed options are mapped to their new values. Answers to a question that was removed or
re-worded, and answers the current question no longer accepts (a change nobody declared),
are set aside: they no longer count, the question is asked again where it still exists,
and the earlier answer is kept in the note, marked "needs review". Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from assistant.engine.answers import Answer
from assistant.engine.normalise import from_value
from assistant.errors import InvalidAnswer
from assistant.framework.changes import changes_since, newer
from assistant.framework.models import Framework
from assistant.i18n import t

REVIEW_MARK = "⚠"


@dataclass
class Reconciled:
    """The answers as they read on the current version, and what changed on the way."""

    answers: dict[str, Answer]
    changed: list[Answer] = field(default_factory=list)  # to save, so the mapping happens once
    review: dict[str, str] = field(default_factory=dict)  # question id → why it needs review
    removed: dict[str, Answer] = field(default_factory=dict)  # answers to questions that are gone
    undeclared: dict[str, str] = field(default_factory=dict)  # flagged without a declared change

    @property
    def upgraded(self) -> bool:
        return bool(self.changed or self.removed)


def reconcile(fw: Framework, stored_version: str | None, answers: Mapping[str, Answer],
              lang: str = "en") -> Reconciled:
    """Map and flag ``answers`` given on ``stored_version`` for the current version of ``fw``."""
    questions = {q.id: q for _, q in fw.questions()}
    todo = changes_since(fw, stored_version)
    gone = {c.question for c in fw.changes if c.removed}  # declared removed, in any version
    out = Reconciled({})
    for qid, answer in answers.items():
        original = answer
        reason = None
        for change in (c for c in todo if c.question == qid):
            if change.renamed and answer.status == "answered":
                answer = replace(answer, value=_rename(answer.value, change.renamed))
            elif change.removed:
                reason = t(lang, "review.removed", version=change.version)
            elif change.reworded:
                reason = t(lang, "review.reworded", version=change.version)
        q = questions.get(qid)
        if q is None:
            out.removed[qid] = original
            if reason is not None:  # removed since this assessment was last opened
                out.review[qid] = reason
            elif qid not in gone:  # nobody said it was removed
                out.review[qid] = out.undeclared[qid] = t(lang, "review.unknown_question")
            continue
        if reason is None and answer.status != "skipped" and not _accepted(q, answer):
            reason = t(lang, "review.not_accepted", value=_shown(answer))
            out.undeclared[qid] = reason
        if reason is not None:
            earlier = t(lang, "review.earlier", value=_shown(original))
            note = " — ".join(x for x in (f"{REVIEW_MARK} {reason}; {earlier}", original.note) if x)
            answer = Answer(qid, status="skipped", note=note, who=original.who, at=original.at)
            out.review[qid] = reason
        out.answers[qid] = answer
        if answer != original:
            out.changed.append(answer)
    return out


def needs_review(answer: Answer | None) -> bool:
    """True for an answer set aside by :func:`reconcile` until someone answers it again."""
    return answer is not None and answer.status == "skipped" and answer.note.startswith(REVIEW_MARK)


def needs_upgrade(fw: Framework, stored_version: str | None) -> bool:
    """True when an assessment was answered on an earlier version of ``fw``."""
    return stored_version is not None and newer(fw.version, stored_version)


def _rename(value: object, mapping: dict[str, str]) -> object:
    if isinstance(value, list):
        return [mapping.get(v, v) if isinstance(v, str) else v for v in value]
    return mapping.get(value, value) if isinstance(value, str) else value


def _accepted(q: object, answer: Answer) -> bool:
    value = answer.value if answer.status == "answered" else answer.status
    try:
        fitted = from_value(q, value)
    except (InvalidAnswer, TypeError, ValueError):
        return False
    return fitted.status == answer.status and (answer.status != "answered" or fitted.value == answer.value)


def _shown(answer: Answer) -> str:
    if answer.status != "answered":
        return answer.status
    if isinstance(answer.value, list):
        return ", ".join(str(v) for v in answer.value)
    return str(answer.value)
