"""The interview, headless: which question comes next, progress, back, skip, go to.

:class:`Interview` holds a framework and the answers so far, in memory. It does
no I/O: callers (the session, the TUI, the plain mode, the tests) persist the
:class:`Answer` records it returns.

Rules:
- Questions come in framework order, element by element, starting at the
  element the interview is in (``goto`` moves it) and wrapping round.
- A question applies when its ``when`` condition holds on the answers of the
  questions that apply before it. Answers of questions that stop applying are
  kept but no longer count anywhere.
- A skipped question is offered once more at the end of its element; skipped a
  second time, it stays open and is listed as unanswered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from assistant.engine.answers import Answer, now
from assistant.engine.normalise import choices, clean_text, from_value, normalise
from assistant.framework.models import Element, Framework, text

MAX_OFFERS = 2  # a question is offered at most twice if skipped


@dataclass(frozen=True)
class Progress:
    """Answered (or marked don't know / not applicable) out of applicable questions."""

    answered: int
    applicable: int

    @property
    def ratio(self) -> float:
        return self.answered / self.applicable if self.applicable else 1.0

    @property
    def state(self) -> str:
        """``done``, ``partly`` or ``not_started``."""
        if self.applicable and self.answered >= self.applicable:
            return "done"
        if self.answered:
            return "partly"
        return "done" if not self.applicable else "not_started"

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.answered + other.answered, self.applicable + other.applicable)


class Interview:
    """Interview state over one framework; pure, in memory."""

    def __init__(
        self,
        framework: Framework,
        answers: Iterable[Answer] = (),
        lang: str = "en",
        who: str = "",
        only: Iterable[str] | None = None,
    ) -> None:
        """``only``: the ids of the elements asked (an agency's package); others are context."""
        self.framework = framework
        self.lang = lang
        self.who = who
        self.answers: dict[str, Answer] = {a.question: a for a in answers}
        self._elements: list[Element] = list(framework.elements())
        self._element_of: dict[str, Element] = {}
        self._questions: dict[str, Any] = {}
        self._order: list[str] = []
        for el in self._elements:
            for q in el.questions:
                self._element_of[q.id] = el
                self._questions[q.id] = q
                self._order.append(q.id)
        self._position = {qid: i for i, qid in enumerate(self._order)}
        if only is not None:  # the other elements' answers still decide what applies
            keep = set(only)
            self._elements = [e for e in self._elements if e.id in keep] or self._elements
        self._asked = {e.id for e in self._elements}
        self._applicable: set[str] | None = None
        self.scale_labels = [text(s.label, lang) for s in framework.scale]
        self.cursor: str = self._elements[0].id  # element the interview is in
        self.current: Any | None = None
        self.advance()

    # ---- lookup -------------------------------------------------------------
    def question(self, qid: str) -> Any:
        return self._questions[qid]

    def has(self, qid: str) -> bool:
        """Whether the framework has a question ``qid`` (history may name retired ones)."""
        return qid in self._questions

    def element_of(self, qid: str) -> Element:
        return self._element_of[qid]

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self._elements if e.id == element_id), None)

    @property
    def elements(self) -> list[Element]:
        return self._elements

    def choices(self, question: Any) -> list:
        return choices(question, self.lang, self.scale_labels)

    # ---- applicability --------------------------------------------------------
    def applicable_ids(self) -> set[str]:
        """Ids of the questions that apply given the answers so far (cached)."""
        if self._applicable is None:
            values: dict[str, Any] = {}
            out: set[str] = set()
            for qid in self._order:
                q = self._questions[qid]
                if q.when is None or q.when.evaluate(values):
                    out.add(qid)
                    a = self.answers.get(qid)
                    if a is not None and a.counts:
                        values[qid] = a.condition_value
            self._applicable = out
        return self._applicable

    def is_applicable(self, qid: str) -> bool:
        return qid in self.applicable_ids()

    def effective_answers(self) -> dict[str, Answer]:
        """Answers that count: given (not only skipped) to questions that apply."""
        live = self.applicable_ids()
        return {q: a for q, a in self.answers.items() if q in live and a.counts}

    def values(self) -> dict[str, Any]:
        """Question id → the value conditions compare, for answers that count."""
        return {q: a.condition_value for q, a in self.effective_answers().items()}

    def applicable_questions(self, element: Element) -> list[Any]:
        live = self.applicable_ids()
        return [q for q in element.questions if q.id in live]

    # ---- progress ---------------------------------------------------------------
    def element_progress(self, element: Element) -> Progress:
        qs = self.applicable_questions(element)
        done = sum(1 for q in qs if (a := self.answers.get(q.id)) is not None and a.counts)
        return Progress(done, len(qs))

    def component_progress(self, component_id: str) -> Progress:
        comp = next(c for c in self.framework.components if c.id == component_id)
        total = Progress(0, 0)
        for el in comp.elements:
            total = total + self.element_progress(el)
        return total

    def progress(self) -> Progress:
        total = Progress(0, 0)
        for el in self._elements:
            total = total + self.element_progress(el)
        return total

    def unanswered(self) -> list[Any]:
        """Applicable questions still open (never answered, or skipped), in order."""
        live = self.applicable_ids()
        return [
            self._questions[q]
            for q in self._order
            if q in live and ((a := self.answers.get(q)) is None or not a.counts)
        ]

    @property
    def finished(self) -> bool:
        return self.current is None

    # ---- moving -------------------------------------------------------------------
    def next_question(self) -> Any | None:
        """The question to ask next from the element the interview is in, wrapping round."""
        start = next((i for i, e in enumerate(self._elements) if e.id == self.cursor), 0)
        n = len(self._elements)
        for k in range(n):
            el = self._elements[(start + k) % n]
            qs = self.applicable_questions(el)
            for q in qs:
                a = self.answers.get(q.id)
                if a is None or (a.status == "skipped" and a.skips == 0):  # note only
                    return q
            for q in qs:
                a = self.answers[q.id]
                if a.status == "skipped" and a.skips < MAX_OFFERS:
                    return q
        return None

    def advance(self) -> Any | None:
        """Move to the next question and return it (None when nothing is left to ask)."""
        self.current = self.next_question()
        if self.current is not None:
            self.cursor = self._element_of[self.current.id].id
        return self.current

    def back(self) -> Any | None:
        """Go to the applicable question before the current one; None at the very start."""
        live = self.applicable_ids()
        end = self._position[self.current.id] if self.current is not None else len(self._order)
        for i in range(end - 1, -1, -1):
            qid = self._order[i]
            if qid in live and self._element_of[qid].id in self._asked:
                self.current = self._questions[qid]
                self.cursor = self._element_of[qid].id
                return self.current
        return None

    def goto(self, element_id: str) -> Any | None:
        """Jump to an element: its first open question, else its first question to review."""
        el = self.element(element_id)
        if el is None:
            raise KeyError(element_id)
        self.cursor = el.id
        qs = self.applicable_questions(el)
        open_ = [q for q in qs if (a := self.answers.get(q.id)) is None or not a.counts]
        self.current = (open_ or qs or [None])[0]
        if self.current is None:
            self.advance()
        return self.current

    def ask(self, qid: str) -> Any:
        """Make a given question current (to change an earlier answer)."""
        self.current = self._questions[qid]
        self.cursor = self._element_of[qid].id
        return self.current

    # ---- answering ------------------------------------------------------------------
    def parse(self, raw: str, question: Any | None = None) -> Answer:
        """Validate typed input for a question (the current one by default); no change."""
        q = question or self.current
        return self._stamp(normalise(q, raw, self.lang, self.scale_labels), q.id)

    def parse_value(self, value: Any, question: Any | None = None) -> Answer:
        """Validate a structured value (option value, level, list, number …); no change."""
        q = question or self.current
        return self._stamp(from_value(q, value, self.lang), q.id)

    def record(self, answer: Answer, advance: bool = True) -> Answer:
        """Store an answer in memory, keeping any note already attached, then move on."""
        old = self.answers.get(answer.question)
        if old is not None and old.note and not answer.note:
            answer = replace(answer, note=old.note)
        self.answers[answer.question] = answer
        self._applicable = None
        if advance:
            self.advance()
        return answer

    def skip(self) -> Answer | None:
        """Skip the current question (offered once more at the end of its element)."""
        q = self.current
        if q is None:
            return None
        old = self.answers.get(q.id)
        if old is not None and old.counts:
            # already answered (e.g. reviewing after back): leave the answer, move on
            self.advance_past(q.id)
            return None
        skips = (old.skips if old else 0) + 1
        ans = self._stamp(Answer(q.id, status="skipped", skips=skips), q.id)
        if old is not None and old.note:
            ans = replace(ans, note=old.note)
        self.answers[q.id] = ans
        self._applicable = None
        self.advance()
        return ans

    def following(self, qid: str) -> Any | None:
        """The applicable question right after ``qid`` in framework order, answered or not."""
        live = self.applicable_ids()
        return next((self._questions[x] for x in self._order[self._position[qid] + 1:]
                     if x in live and self._element_of[x].id in self._asked), None)

    def before(self, a: str, b: str) -> bool:
        """Whether question ``a`` comes before question ``b`` in framework order."""
        return self._position[a] < self._position[b]

    def advance_past(self, qid: str) -> Any | None:
        """Move to the next open question after ``qid`` in its element, else onwards."""
        el = self._element_of[qid]
        qs = self.applicable_questions(el)
        later = [q for q in qs if self._position[q.id] > self._position[qid]]
        for q in later:
            if q.id not in self.answers:
                self.current = q
                return q
        return self.advance()

    def annotate(self, note: str, qid: str | None = None) -> Answer:
        """Attach a note (or evidence reference) to a question's answer, answered or not."""
        q = self._questions[qid] if qid else self.current
        if q is None:
            raise ValueError("no question to attach a note to")
        note = clean_text(note, strip=False)  # a note is kept as written
        old = self.answers.get(q.id)
        ans = replace(old, note=note) if old else Answer(q.id, status="skipped", skips=0, note=note)
        ans = replace(ans, at=now(), who=self.who or ans.who)
        self.answers[q.id] = ans
        self._applicable = None
        return ans

    def restore(self, qid: str, previous: Answer | None, current: Any | None) -> None:
        """Undo an in-memory change that could not be saved: the answer and the position."""
        if previous is None:
            self.answers.pop(qid, None)
        else:
            self.answers[qid] = previous
        self._applicable = None
        self.current = current
        if current is not None:
            self.cursor = self._element_of[current.id].id

    def stamp(self, answer: Answer) -> Answer:
        """The answer marked as given now, by this interview's person."""
        return self._stamp(answer, answer.question)

    def _stamp(self, answer: Answer, qid: str) -> Answer:
        return replace(answer, question=qid, at=now(), who=self.who)
