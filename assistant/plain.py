"""The plain-terminal interview: one question printed, one line read, saved at once.

Plain text only, so it works with screen readers and with piped input (one
answer per line; the end of input saves and exits cleanly).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from assistant import plain_agenda
from assistant.engine.describe import describe
from assistant.errors import BmmError, InvalidAnswer
from assistant.framework.models import text
from assistant.i18n import t
from assistant.packages import conflicts
from assistant.plain_workshop import ALIASES as WORKSHOP_ALIASES
from assistant.plain_workshop import WorkshopCommands
from assistant.session import Session
from assistant.workshop import WorkshopError

if TYPE_CHECKING:
    from assistant.followup.baseline import Baseline

ALIASES = {  # the commands' French names
    ":retour": ":back", ":passer": ":skip", ":pourquoi": ":why", ":ou": ":where", ":où": ":where",
    ":aller": ":goto", ":aide": ":help", ":quitter": ":quit", ":annuler": ":undo", ":constat": ":finding",
    **WORKSHOP_ALIASES, **plain_agenda.ALIASES,
    ":inchangé": ":same", ":inchange": ":same", ":revue": ":review",  # follow-ups
    ":conflits": ":conflicts", ":trancher": ":settle",
}


class PlainInterview:
    """Drives a :class:`Session` from lines of text."""

    def __init__(self, session: Session, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 baseline: Baseline | None = None) -> None:
        self.s = session
        self.baseline = baseline  # a follow-up's baseline: its answers shown as references
        self._review_offered: set[str] = set()  # elements whose baseline actions were offered for review
        self.inp = stdin or sys.stdin
        self.out = stdout or sys.stdout
        self.lang = session.lang
        self._shown_element: str | None = None
        self._shown_question: str | None = None
        self._summarised: str | None = None  # the element whose finding was shown last (for :finding)
        self._echo = not _isatty(self.inp)  # piped answers are echoed so the transcript reads well
        self.workshop = WorkshopCommands(self)
        self.opened = datetime.now(UTC)  # the agenda's clock: this sitting began now

    # ---- output helpers ----------------------------------------------------------
    def say(self, line: str = "") -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def tr(self, key: str, **kw: Any) -> str:
        return t(self.lang, key, **kw)

    # ---- main loop -----------------------------------------------------------------
    def run(self) -> int:
        meta = self.s.meta
        self.say(self.tr("plain.welcome", title=meta.get("title") or text(self.s.framework.title, self.lang),
                         country=meta.get("country", "")))
        self._package_intro()
        if self.s.review:
            self.say(self.tr("review.upgraded", old=self.s.upgraded_from or meta.get("framework_version", "?"),
                             new=self.s.framework.version, n=len(self.s.review)))
        if self.baseline is not None:
            self.say(self.tr("plain.baseline.intro", baseline=self.baseline.label))
        while True:
            q = self.s.current
            if q is None:
                self._element_done(self._shown_element)
                if self._offer_review(self._shown_element) == "eof":
                    return 0
                self._finish()
                self._package_next()
                return 0
            if self._shown_element is not None and self.s.interview.element_of(q.id).id != self._shown_element:
                if self._offer_review(self._shown_element) == "eof":
                    self.say(self._summary("plain.eof"))
                    return 0
            if self._shown_question != q.id:
                if self._shown_element not in (None, self.s.interview.element_of(q.id).id):
                    self._element_done(self._shown_element)
                self._show(q)
            self.out.write("> ")
            self.out.flush()
            line = self.inp.readline()
            if not line:  # end of input
                self.say()
                self.say(self._summary("plain.eof"))
                self._package_next()
                return 0
            line = line.rstrip("\n")
            if self._echo:
                self.say(line)
            if line.strip().startswith(":"):
                if self._command(line.strip()) == "quit":
                    self.say(self._summary("plain.quit"))
                    self._package_next()
                    return 0
                continue
            try:
                saved = self.workshop.submit(line)  # the agreed answer when :agree waits for it
            except (InvalidAnswer, WorkshopError) as exc:
                self.say(f"   {exc}")
                continue
            if saved is not None:
                self.say(self.tr("plain.saved"))

    def _summary(self, key: str) -> str:
        p = self.s.interview.progress()
        return self.tr(key, answered=p.answered, applicable=p.applicable, id=self.s.assessment.id)

    def _finish(self) -> None:
        iv = self.s.interview
        p = iv.progress()
        self.say()
        self.say(self.tr("plain.done", answered=p.answered, applicable=p.applicable))
        still = iv.unanswered()
        if still:
            items = "; ".join(f"{q.id} ({text(iv.element_of(q.id).title, self.lang)})" for q in still)
            self.say(self.tr("plain.open_items", n=len(still), items=items))

    # ---- the element summary: the finding the report will write ----------------------------
    def _element_done(self, element_id: str | None) -> None:
        """At the end of an element: the paragraph(s) the report will write, and how to rewrite them."""
        iv = self.s.interview
        context = self.s.framework.context
        if (element_id is None or element_id == self._summarised or (context and element_id == context.id)
                or not iv.element_progress(iv.element(element_id)).answered):
            return  # the context part has no findings section in the report
        self._summarised = element_id
        self._say_finding(element_id)
        self.say(self.tr("plain.finding.hint"))

    def _say_finding(self, element_id: str) -> None:
        from assistant.analysis.prose import session_finding

        iv = self.s.interview
        found = session_finding(self.s.framework, iv.answers, self.lang, self.s.assessment.edits(), element_id)
        self.say()
        title = text(iv.element(element_id).title, self.lang)
        self.say(self.tr("plain.finding.edited" if found.edited else "plain.finding.draft", title=title))
        for para in found.paragraphs:
            self.say(f"   {para}")

    def _finding(self, arg: str) -> None:
        """``:finding TEXT`` rewrites the finding just shown; ``:finding reset`` goes back to the draft."""
        from assistant.analysis.prose import reset_finding, save_finding

        element_id = self._summarised or self._finding_target()
        if element_id is None:
            return
        if not arg:
            self._say_finding(element_id)
            self.say(self.tr("plain.finding.hint"))
        elif arg.lower() in ("reset", "draft", "projet"):
            reset_finding(self.s.assessment, element_id)
            self.say(self.tr("plain.finding.reset"))
        else:
            saved = save_finding(self.s.assessment, element_id, arg.replace("\\n", "\n"))
            self.say(self.tr("plain.finding.saved" if saved else "plain.finding.reset"))

    def _finding_target(self) -> str | None:
        """Before any summary this session: the element under way, or the one before it if none is answered."""
        iv, q = self.s.interview, self.s.current
        if q is None:
            return iv.elements[-1].id if iv.elements else None
        el = iv.element_of(q.id)
        index = iv.elements.index(el)
        context = self.s.framework.context
        if not iv.element_progress(el).answered and index > 0 and iv.elements[index - 1] is not context:
            return iv.elements[index - 1].id
        return el.id

    # ---- showing a question ------------------------------------------------------------
    def _show(self, q: Any) -> None:
        iv = self.s.interview
        el = iv.element_of(q.id)
        if self._shown_element != el.id:
            self._shown_element = el.id
            comp = next((c for c in self.s.framework.components if el in c.elements), None)
            ctitle = text(comp.title, self.lang) if comp else text(self.s.framework.title, self.lang)
            self.say()
            self.say(self.tr("plain.element", title=text(el.title, self.lang), component=ctitle))
            self.say(text(el.intro, self.lang))
            context = self.s.framework.context
            if self.baseline is not None and (context is None or el.id != context.id):  # the context has no level
                self.say(self.tr("plain.baseline.level", level=self._baseline_level(el.id)))
        self._shown_question = q.id
        qs = iv.applicable_questions(el)
        n = next((i for i, x in enumerate(qs, 1) if x.id == q.id), 1)
        self.say()
        self.say(self.tr("plain.question", n=n, total=len(qs), text=text(q.text, self.lang)))
        opts = iv.choices(q)
        for c in opts:
            if c.detail:
                self.say(f"  {c.number}) " + self.tr("scale.choice", level="", label=c.label, descriptor=c.detail).strip())
            else:
                self.say(f"  {c.number}) {c.label}")
        if not opts:
            self.say(self._hint(q))
            if q.specials():
                keys = {"dont_know": "?", "not_applicable": "-"}
                self.say(self.tr("plain.hint.specials", specials=", ".join(
                    f"{t(self.lang, s)} ({keys[s]})" for s in q.specials())))
        elif q.type == "multi_choice":
            self.say(self.tr("plain.hint.multi"))
        if q.evidence:
            self.say(self.tr("plain.evidence", text=text(q.evidence, self.lang)))
        current = iv.answers.get(q.id)
        if current is not None and current.counts:
            self.say(self.tr("plain.current", value=describe(q, current, self.lang, iv.scale_labels)))
        self.workshop.show(q)  # positions recorded so far, parked
        if self.baseline is not None:
            self.say(self._reference(q))

    def _hint(self, q: Any) -> str:
        if q.type == "number":
            rng = ""
            if q.min is not None and q.max is not None:
                rng = self.tr("err.range_between", min=f"{q.min:g}", max=f"{q.max:g}")
            unit = self.tr("plain.unit", unit=text(q.unit, self.lang)) if q.unit else ""
            return self.tr("plain.hint.number", range=rng, unit=unit)
        if q.type == "date":
            return self.tr("plain.hint.date")
        return self.tr("plain.hint.text")

    # ---- commands ---------------------------------------------------------------------------
    def _command(self, line: str) -> str | None:
        cmd, _, arg = line.partition(" ")
        cmd, arg = cmd.lower(), arg.strip()
        cmd = ALIASES.get(cmd, cmd)
        if cmd in (":quit", ":q", ":exit"):
            return "quit"
        try:
            if self.workshop.handle(cmd, arg):
                return None
        except (InvalidAnswer, WorkshopError) as exc:  # a wrong agency, option, name or date: one line, then carry on
            self.say(f"   {exc}")
            return None
        if cmd == ":agenda":  # planned and spent minutes, the projected end (see plain_agenda)
            plain_agenda.run(self, arg)
        elif cmd == ":back":
            if self.s.back() is None:
                self.say(self.tr("plain.back_start"))
            self._shown_question = None
        elif cmd == ":skip":
            ans = self.s.skip()
            if ans is not None:
                self.say(self.tr("plain.skipped" if ans.skips < 2 else "plain.skipped_final"))
        elif cmd == ":note":
            if not arg:
                self.say(self.tr("plain.note_empty"))
            else:
                self.s.note(arg)
                self.say(self.tr("plain.noted"))
        elif cmd == ":finding":
            self._finding(arg)
        elif cmd == ":undo":
            self._undo()
        elif cmd == ":why":
            self._why(self.s.current)
            self._shown_question = None  # then the question again: a screen reader user keeps it
        elif cmd == ":where":
            self._where()
            self._shown_question = None
        elif cmd == ":goto":
            el = self._match_element(arg)
            if el is None:
                self.say(self.tr("plain.goto_unknown", name=arg))
            else:
                self.s.goto(el.id)
                self._shown_question = None
                self._shown_element = None
        elif cmd == ":conflicts":
            self._conflicts()
        elif cmd == ":settle":
            self._settle(arg)
        elif cmd in (":help", ":h", ":?"):
            self.say(self.tr("plain.help", dk=t(self.lang, "dont_know"), na=t(self.lang, "not_applicable")))
            self.say(self.tr("plain.help.aliases"))
            self.say(self.tr("plain.help.workshop"))
            self.say(self.tr("plain.help.agenda"))
            if self.baseline is not None:
                self.say(self.tr("plain.help.followup"))
            self.say(self.tr("plain.help.conflicts"))
        elif cmd == ":same" and self.baseline is not None:
            self._same()
        elif cmd == ":review" and self.baseline is not None:
            q = self.s.current
            el = self.s.interview.element_of(q.id).id if q is not None else self._shown_element
            if self._review(el, only_pending=False) == "eof":
                return "quit"
            self._shown_question = None
        else:
            self.say(self.tr("plain.unknown_command", cmd=cmd))
        return None

    # ---- a follow-up: the baseline's answers, "unchanged", the review of its road map ----------------
    def _baseline_level(self, element_id: str) -> str:
        from assistant.engine.describe import decimal

        assert self.baseline is not None
        r = self.baseline.rating(element_id)
        if r is None or r.level is None:
            return self.tr("followup.reference.unrated")
        return f"{r.level} {self.s.framework.scale_label(r.level, self.lang)} ({decimal(r.score or 0, self.lang)})"

    def _reference(self, q: Any) -> str:
        assert self.baseline is not None
        ref = self.baseline.reference(q.id)
        if ref.earlier is None:
            return self.tr("plain.baseline.none")
        labels = self.s.interview.scale_labels
        if ref.changed:
            return self.tr("plain.baseline.changed", value=describe(q, ref.earlier, self.lang, labels))
        if not ref.confirmable:  # the assessment's own date: answered afresh
            return self.tr("plain.baseline.own", value=describe(q, ref.answer, self.lang, labels))
        return self.tr("plain.baseline", value=describe(q, ref.answer, self.lang, labels))

    def _same(self) -> None:
        from assistant.followup.baseline import confirm_unchanged

        assert self.baseline is not None
        try:
            confirm_unchanged(self.s, self.baseline)
        except BmmError as exc:  # a question that changed meaning, or nothing to confirm
            self.say(f"   {exc}")
            return
        self.say(self.tr("plain.same.saved"))

    def _offer_review(self, element_id: str | None) -> str | None:
        """At the end of an element: the baseline's actions for it not reviewed yet, once a run."""
        if self.baseline is None or element_id is None or element_id in self._review_offered:
            return None
        el = self.s.interview.element(element_id)
        if el is None or self.s.interview.element_progress(el).state != "done":
            return None
        self._review_offered.add(element_id)
        return self._review(element_id, only_pending=True)

    def _review(self, element_id: str | None, only_pending: bool) -> str | None:
        """Ask what became of each of the element's baseline actions; "eof" at the end of input."""
        from assistant.followup.review import parse_status, pending, save_review

        assert self.baseline is not None
        actions = self.baseline.actions_for(element_id) if element_id else []
        if only_pending:
            actions = pending(self.s.assessment, actions)
        if not actions:
            if not only_pending:
                self.say(self.tr("plain.review.none"))
            return None
        el = self.s.interview.element(element_id)
        self.say()
        self.say(self.tr("plain.review.intro", n=len(actions), title=text(el.title, self.lang)))
        for action in actions:
            self.say(self.tr("plain.review.action", text=action.text))
            while True:
                self.out.write("> ")
                self.out.flush()
                line = self.inp.readline()
                if not line:
                    self.say()
                    return "eof"
                line = line.rstrip("\n")
                if self._echo:
                    self.say(line)
                if not line.strip():
                    self.say(self.tr("plain.review.later"))
                    return None
                raw, _, note = line.partition(":")
                try:
                    status = parse_status(raw, self.lang)
                    save_review(self.s.assessment, action, status, note, self.s.interview.who, self.lang)
                except BmmError as exc:
                    self.say(f"   {exc}")
                    continue
                self.say(self.tr("plain.review.saved", status=self.tr(f"followup.review.{status}")))
                break
        return None

    def _undo(self) -> None:
        done = self.s.undo()
        if done is None:
            self.say(self.tr("plain.nothing_to_undo"))
            return
        q, taken, _ = done
        was = describe(q, taken, self.lang, self.s.interview.scale_labels) if taken is not None else ""
        self.say(self.tr("plain.undone", question=text(q.text, self.lang), was=was))
        self._shown_question = None

    def _why(self, q: Any) -> None:
        g = q.guidance if q is not None else None
        if g is None:
            self.say(self.tr("plain.why_none"))
            return
        self.say(self.tr("plain.why", why=text(g.why, self.lang)))
        if g.examples:
            self.say(self.tr("plain.examples", examples=text(g.examples, self.lang)))
        if g.standards:
            self.say(self.tr("plain.standards", standards=self.tr("list_sep").join(text(s, self.lang) for s in g.standards)))

    def _where(self) -> None:
        iv = self.s.interview
        p = iv.progress()
        self.say(self.tr("plain.where.header", answered=p.answered, applicable=p.applicable,
                         pct=round(100 * p.ratio)))
        for n, el in enumerate(iv.elements, 1):
            ep = iv.element_progress(el)
            self.say(self.tr("plain.where.element", n=n, state=self.tr(f"plain.state.{ep.state}"),
                             title=text(el.title, self.lang), answered=ep.answered,
                             applicable=ep.applicable, id=el.id))

    def _match_element(self, name: str) -> Any | None:
        iv = self.s.interview
        if not name:
            return None
        if name.isdigit() and 1 <= int(name) <= len(iv.elements):
            return iv.elements[int(name) - 1]
        low = name.casefold()
        for el in iv.elements:
            if el.id == low:
                return el
        for el in iv.elements:
            if text(el.title, self.lang).casefold().startswith(low):
                return el
        for el in iv.elements:  # the start of an id works in every language (e.g. "org")
            if el.id.startswith(low):
                return el
        return None

    # ---- agencies answering apart: a package's next step, conflicts to settle ---------------
    def _package_intro(self) -> None:
        package = self.s.meta.get("package")
        if isinstance(package, dict):
            self.say(self.tr("plain.package.intro", agency=package.get("agency", ""),
                             n=len(self.s.interview.elements)))
        n = len(conflicts.unresolved(self.s.assessment))
        if n:
            self.say(self.tr("plain.conflicts.waiting", n=n))

    def _package_next(self) -> None:
        if isinstance(self.s.meta.get("package"), dict):
            self.say(self.tr("plain.package.next", id=self.s.assessment.id))

    def _conflicts(self) -> None:
        found = conflicts.unresolved(self.s.assessment)
        if not found:
            self.say(self.tr("plain.conflicts.none"))
            return
        self.say(self.tr("plain.conflicts.header", n=len(found)))
        here = self.tr("conflict.here")
        for n, doc in enumerate(found, 1):
            qid = doc["key"]
            question, element = conflicts.question_text(self.s.framework, qid, self.lang)
            self.say(f"  {n}. {question} ({element})")
            for letter, answer in zip("abcdefghij", conflicts.choices(doc, self.s.interview.answers.get(qid)),
                                      strict=False):
                shown = conflicts.shown(self.s.framework, qid, answer, self.lang, here)
                self.say(f"     {letter}) {shown.answer} — {shown.source}, {shown.at}")
        self.say(self.tr("plain.conflicts.how"))

    def _settle(self, arg: str) -> None:
        found = conflicts.unresolved(self.s.assessment)
        number, _, choice = arg.partition(" ")
        choice = choice.strip()
        if not found or not number.isdigit() or not 1 <= int(number) <= len(found) or not choice:
            self.say(self.tr("plain.conflicts.settle_usage", n=len(found)))
            return
        doc = found[int(number) - 1]
        qid = doc["key"]
        options = conflicts.choices(doc, self.s.interview.answers.get(qid))
        if len(choice) == 1 and choice.lower() in "abcdefghij"[:len(options)]:
            answer, chosen = options["abcdefghij".index(choice.lower())], True
        else:
            try:
                answer, chosen = self.s.interview.parse(choice, self.s.interview.question(qid)), False
            except InvalidAnswer as exc:
                self.say(f"   {exc}")
                return
        kept = conflicts.settle(self.s, qid, answer, chosen)
        q = self.s.interview.question(qid)
        self.say(self.tr("plain.conflicts.settled", question=text(q.text, self.lang),
                         answer=describe(q, kept, self.lang, self.s.interview.scale_labels)))
        self._shown_question = None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
