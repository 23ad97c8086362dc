"""An interview bound to its stored assessment: every change is saved as it happens.

The TUI, the plain-terminal mode and the tests all drive this one object.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from assistant import framework as fw
from assistant.engine.answers import Answer
from assistant.engine.interview import Interview
from assistant.engine.versions import needs_upgrade, reconcile
from assistant.store.assessments import Assessment, Store, default_who
from assistant.workshop.parking import ParkingMixin
from assistant.workshop.positions import PositionsMixin
from assistant.workshop.roster import RosterMixin

END = ""  # "the interview had finished", as the place the user went back from


class Session(RosterMixin, PositionsMixin, ParkingMixin):
    """One open assessment plus its interview state (workshop parts: see :mod:`assistant.workshop`)."""

    baseline: Any = None  # a follow-up's baseline (assistant.followup), set by the interface that opened it

    def __init__(self, assessment: Assessment, framework: fw.Framework, who: str | None = None) -> None:
        self.assessment = assessment
        self.framework = framework
        meta = assessment.meta
        self.lang = meta.get("lang", "en")
        answers = self._upgrade(meta)
        package = meta.get("package") if isinstance(meta.get("package"), dict) else {}
        self.agency = str(package.get("agency") or "")  # an agency's package: its answers carry its name
        person = str(package.get("person") or "")
        self.interview = Interview(framework, answers.values(), self.lang, who or person or default_who(),
                                   only=[e for e in package.get("elements") or () if isinstance(e, str)]
                                   if package else None)
        self._load_speaker(who or person or default_who())  # answers carry the speaker's name from here on
        self._back_from: str | None = None  # where the user was before going back: a question, or END
        assessment.progress = self._progress  # the assessment's summary shows it after every save
        self._resume_where_left()
        self._prefill(meta)

    def _upgrade(self, meta: dict[str, Any]) -> dict[str, Answer]:
        """Answers given on an older framework version: renamed options mapped, the rest flagged.

        Saved once (with the new version in the metadata), so the next opening starts clean.
        """
        stored = meta.get("framework_version")
        rec = reconcile(self.framework, stored, self.assessment.answers(), self.lang)
        self.review = rec.review
        self.upgraded_from = stored if needs_upgrade(self.framework, stored) else None
        if self.upgraded_from is not None:
            with self.assessment.batch():
                for answer in rec.changed:
                    self.assessment.save(answer, action="upgrade")
                self.assessment.update_meta(framework_version=self.framework.version)
        return rec.answers

    def _resume_where_left(self) -> None:
        """Reopened, the interview continues in the element of the last change, not at the start."""
        for entry in reversed(self.assessment.history()):
            qid = entry.get("question")
            if qid and qid in self.interview.applicable_ids():
                self.interview.cursor = self.interview.element_of(qid).id
                return

    def _prefill(self, meta: dict[str, Any]) -> None:
        """Answer questions marked ``prefill`` from the creation form, so nothing is asked twice."""
        for _, q in self.framework.questions():
            if q.prefill is None or q.id in self.interview.answers:
                continue
            given = meta.get(q.prefill)
            shown = ", ".join(given) if isinstance(given, list) else str(given or "")
            if shown.strip():  # logged as "prefill": from the form, not part of the conversation
                self._keep(self.interview.parse(shown, q), advance=False, action="prefill")
        self.interview.advance()

    def _progress(self) -> tuple[int, int]:
        p = self.interview.progress()
        return p.answered, p.applicable

    @classmethod
    def open(cls, store: Store, aid: str, prompts_root: str | None = None) -> Session:
        assessment = store.open(aid, write=True)
        try:
            framework = fw.get(assessment.meta.get("framework", "bmm"), prompts_root)
            return cls(assessment, framework)
        except BaseException:
            assessment.close()
            raise

    @property
    def current(self) -> Any | None:
        return self.interview.current

    @property
    def meta(self) -> dict[str, Any]:
        return self.assessment.meta

    def submit(self, raw: str) -> Answer:
        """Answer the current question from typed text; saved before returning."""
        answer = self.interview.parse(raw)
        return self._keep(answer)

    def submit_value(self, value: Any, qid: str | None = None) -> Answer:
        """Answer a question (the current one by default) with a structured value."""
        q = self.interview.question(qid) if qid else self.current
        answer = self.interview.parse_value(value, q)
        return self._keep(answer, advance=qid is None or (self.current is not None and qid == self.current.id))

    def record(self, answer: Answer) -> Answer:
        """Answer the current question with an answer built elsewhere (e.g. a baseline's, confirmed
        unchanged); stamped now, saved before returning."""
        return self._keep(self.interview.stamp(answer))

    def change(self, qid: str, raw: str) -> Answer:
        """Change an earlier answer from typed text, without moving the interview."""
        answer = self.interview.parse(raw, self.interview.question(qid))
        return self._keep(answer, advance=False)

    def skip(self) -> Answer | None:
        q = self.current
        old = self.interview.answers.get(q.id) if q is not None else None
        with self._undo_on_failure(q.id if q is not None else None):
            answer = self.interview.skip()
            if answer is not None:
                if old is not None and old.positions:  # agencies' positions stay with the question
                    answer = self.interview.record(replace(answer, positions=old.positions), advance=False)
                self.assessment.save(answer, action="skip")
        if answer is not None and q is not None and self._back_from is not None:
            self._review_next(q.id)
        return answer

    def note(self, text: str, qid: str | None = None) -> Answer:
        target = qid or (self.current.id if self.current is not None else None)
        with self._undo_on_failure(target):
            answer = self.interview.annotate(text, qid)
            self.assessment.save(answer, action="note")
        return answer

    def undo(self) -> tuple[Any, Answer | None, Answer] | None:
        """Take back the last answer (or skip) given: ``(question, what was taken back, what it is now)``.

        The question gets its previous answer back, or is open again, and becomes the one
        asked. The store keeps both in the history (action ``undo``), so nothing is lost and
        a second undo takes back the answer before. None when there is nothing to take back.
        """
        entry = self._last_undoable()
        if entry is None:
            return None
        qid = entry["question"]
        q = self.interview.question(qid)
        taken = self.interview.answers.get(qid)
        prev = entry.get("previous") or {}
        note = taken.note if taken is not None else ""
        if prev.get("status") in (None, "skipped"):  # open again (a skip is offered once more)
            skips = 1 if prev.get("status") == "skipped" else 0
            back = Answer(qid, status="skipped", skips=skips, note=note)
        else:
            back = Answer(qid, status=prev["status"], value=prev.get("value"), note=note)
        back = self.interview.stamp(back)
        if taken is not None and taken.positions:  # what the agencies said is not taken back
            back = replace(back, positions=taken.positions)
        with self._undo_on_failure(qid):
            self.interview.record(back, advance=False)
            self.assessment.save(back, action="undo")
        self.interview.ask(qid)
        self._back_from = None
        return q, taken, back

    def _last_undoable(self) -> dict[str, Any] | None:
        """The latest answer, change or skip not yet taken back (notes are not undone)."""
        pending = 0
        for entry in reversed(self.assessment.history()):
            action, qid = entry.get("action"), entry.get("question")
            if not qid or not self.interview.has(qid):
                continue
            if action == "undo":
                pending += 1
            elif action in ("answer", "change", "skip"):
                if pending:
                    pending -= 1
                else:
                    return entry
        return None

    def back(self) -> Any | None:
        """The question before the current one. Going forward again after this, each question is
        asked in turn up to where the user was, so none is passed over with a wrong answer."""
        cur = self.current
        q = self.interview.back()
        if q is not None and self._back_from is None:
            self._back_from = cur.id if cur is not None else END
        return q

    def end_review(self) -> None:
        """Stop walking forward through the questions after a :meth:`back` (a jump, a revision)."""
        self._back_from = None

    def goto(self, element_id: str) -> Any | None:
        self._back_from = None
        return self.interview.goto(element_id)

    def _review_next(self, qid: str) -> None:
        """Going forward again after :meth:`back`: the next question in order, until where the user was."""
        target, nxt = self._back_from, self.interview.following(qid)
        if nxt is not None and nxt.id != target and (target == END or self.interview.before(nxt.id, target)):
            self.interview.ask(nxt.id)
            return
        self._back_from = None
        if target and self.interview.is_applicable(target) and not self._counts(target):
            self.interview.ask(target)

    def _counts(self, qid: str) -> bool:
        a = self.interview.answers.get(qid)
        return a is not None and a.counts

    def close(self) -> None:
        self.assessment.close()

    def _keep(self, answer: Answer, advance: bool = True, action: str | None = None) -> Answer:
        old = self.interview.answers.get(answer.question)
        answer = self._sourced(answer, old)
        if self.agency and not answer.agency:  # an agency's package: its answers carry its name
            answer = replace(answer, agency=self.agency)
        with self._undo_on_failure(answer.question), self.assessment.batch():
            kept = self.interview.record(answer, advance=False)
            self.assessment.save(kept, action=action or ("change" if old is not None and old.counts else "answer"))
            self._clear_parked(kept)  # answering a parked question takes it off the parking lot
        if advance:
            self.interview.advance()
            if self._back_from is not None:
                self._review_next(answer.question)
        return kept

    def _sourced(self, answer: Answer, old: Answer | None) -> Answer:
        """The speaker's agency on the answer; positions kept, and agreement and confidence while the
        answer stays the same."""
        fields: dict[str, Any] = {}
        if self.speaker is not None and not answer.agency:
            fields["agency"] = self.speaker.agency
        if old is not None:
            if old.positions and not answer.positions:
                fields["positions"] = old.positions
            same = (old.status, old.value) == (answer.status, answer.value)
            for name in ("agreement", "confidence"):
                if same and getattr(old, name) and not getattr(answer, name):
                    fields[name] = getattr(old, name)
        return replace(answer, **fields) if fields else answer

    @contextmanager
    def _undo_on_failure(self, qid: str | None) -> Iterator[None]:
        """If saving fails, memory goes back to what is on disk: nothing looks saved that is not."""
        previous = self.interview.answers.get(qid) if qid else None
        current = self.interview.current
        try:
            yield
        except BaseException:
            if qid is not None:
                self.interview.restore(qid, previous, current)
            raise

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
