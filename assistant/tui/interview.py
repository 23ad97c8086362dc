"""The interview as a conversation: transcript, answer input, side panel, progress."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState

from assistant.engine.answers import Answer
from assistant.engine.describe import describe
from assistant.errors import BmmError
from assistant.framework.models import text
from assistant.i18n import t
from assistant.session import Session
from assistant.tui import bridge
from assistant.tui.common import localise_bindings, short, tr
from assistant.tui.footer import KeyFooter, keep_out_of_footer
from assistant.tui.inputs import AnswerWidget, TextBox, input_class, make_input
from assistant.tui.modals import NoteScreen, WhyScreen
from assistant.tui.roadmap import RoadMapScreen
from assistant.tui.sidepanel import ElementTree
from assistant.tui.summary import SummaryScreen
from assistant.tui.transcript import Transcript, Turn


class InterviewScreen(Screen):
    """One open assessment, asked as a chat; every answer is saved as it is given."""

    BINDINGS = [
        Binding("f1", "why", "tui.key.why", id="interview.why", tooltip="tui.tip.why"),
        Binding("ctrl+n", "note", "tui.key.note", id="interview.note", tooltip="tui.tip.note"),
        Binding("ctrl+b", "back", "tui.key.back", id="interview.back", tooltip="tui.tip.back"),
        Binding("ctrl+l", "skip", "tui.key.skip", id="interview.skip", tooltip="tui.tip.skip"),
        Binding("ctrl+g", "jump", "tui.key.jump", id="interview.jump", tooltip="tui.tip.jump"),
        Binding("ctrl+t", "transcript", "tui.key.transcript", id="interview.transcript",
                tooltip="tui.tip.transcript"),
        # priority: shown in the footer, so they work from a text box too (TextArea binds F6/F7)
        Binding("f7", "summary", "tui.key.summary", id="interview.summary", tooltip="tui.tip.summary",
                priority=True),
        Binding("f6", "roadmap", "tui.key.roadmap", id="interview.roadmap", tooltip="tui.tip.roadmap",
                priority=True),
        Binding("f8", "presentation", "tui.key.presentation", id="interview.presentation",
                tooltip="tui.tip.presentation"),
        Binding("ctrl+r", "report", "tui.key.report", id="interview.report", tooltip="tui.tip.report"),
        Binding("escape", "home", "tui.key.home", id="interview.home", tooltip="tui.tip.home"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.iv = session.interview
        self.lang = session.lang
        self._shown_element: str | None = None
        self._revising: str | bool = False  # "quiet" (from the transcript) or "summary" while revising
        self._return_to: str | None = None  # the question that was current when a revision began
        self._known: set[str] = set()  # questions that applied when it began (to spot new follow-ups)
        self._typeahead: list[str] | None = None  # keys typed before a new text field has focus
        localise_bindings(self, self.lang)

    # ---- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        meta, lang = self.session.meta, self.lang
        heading = " · ".join(x for x in (meta.get("country", ""), meta.get("title", ""),
                                          text(self.session.framework.title, lang)) if x)
        yield Static(Content(heading), id="topbar")
        with Horizontal(id="main"):
            yield ElementTree(self.iv, lang, {k: tr(lang, f"state.{k}") for k in ("done", "partly", "not_started")},
                              id="side")
            with Vertical(id="chat"):
                yield Transcript(tr(lang, "transcript.hidden"), id="transcript")
                yield Static("", id="stage", markup=False)
                with Vertical(id="answer-box"):
                    yield Static("", id="hint", markup=False)
                    yield Static("", id="error", markup=False)
        with Horizontal(id="progress-row"):
            yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
            yield Static("", id="progress-label", markup=False)
        yield KeyFooter(compact=True)  # rebuilt only when the shown keys change (no watcher leak)

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def tree(self) -> ElementTree:
        return self.query_one(ElementTree)

    def on_mount(self) -> None:
        localise_bindings(self.transcript, self.lang)
        localise_bindings(self.tree, self.lang)
        self.transcript.load(self._restore())
        if self.app.presentation:  # type: ignore[attr-defined]
            self.add_class("-presentation")
        self.show_question()
        # The framework, the history and the restored transcript are long-lived: keep them out
        # of the garbage collector's full passes, which otherwise pause answering by 50–100 ms.
        self.call_after_refresh(gc.freeze)

    def on_unmount(self) -> None:
        gc.unfreeze()  # the closed interview's objects can be collected again

    # ---- the transcript as it was --------------------------------------------------
    def _restore(self) -> list[Turn]:
        """Rebuild the conversation from the stored history (answers, changes, skips, notes)."""
        iv, lang = self.iv, self.lang
        turns: list[Turn] = []
        skips: dict[str, int] = {}
        last_asked: str | None = None
        for h in self.session.assessment.history():
            qid = h.get("question")
            if not qid or qid not in iv._questions:
                continue
            q, el = iv.question(qid), iv.element_of(qid)
            if el.id != self._shown_element:
                turns.append(Turn("element", self._element_heading(el, intro=False)))
                self._shown_element = el.id
            action = h.get("action")
            if last_asked != qid:  # a note given before the answer belongs under its question
                turns.append(Turn("assistant", text(q.text, lang)))
                last_asked = qid
            if action == "note":
                turns.append(Turn("note", tr(lang, "turn.note", note=h.get("note", "")), qid))
                continue
            last_asked = None
            if action == "skip":
                skips[qid] = skips.get(qid, 0) + 1
                turns.append(Turn("user", tr(lang, "turn.skipped" if skips[qid] < 2 else "turn.skipped_final"), qid))
            else:
                a = Answer(qid, status=h.get("status", "answered"), value=h.get("value"))
                turns.append(Turn("user", describe(q, a, lang, iv.scale_labels), qid))
        if turns:
            turns.append(Turn("info", tr(lang, "turn.resumed")))
        return turns

    def _element_heading(self, el: Any, intro: bool = True) -> str:
        comp = next((c for c in self.session.framework.components if el in c.elements), None)
        ctitle = text(comp.title, self.lang) if comp else text(self.session.framework.title, self.lang)
        head = f"{text(el.title, self.lang)} — {ctitle}"
        body = text(el.intro, self.lang) if intro else ""
        return f"{head}\n{body}" if body else head

    # ---- key bindings: one stable set, actions switched on and off ----------------------
    QUESTION_ACTIONS = frozenset({"why", "note", "skip"})  # need a current question

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greyed out (not removed) when they do not apply, so the footer's keys never change."""
        if action in self.QUESTION_ACTIONS and self.session.current is None:
            return None
        return True

    def _sync_bindings(self) -> None:
        """Refresh the footer only when the set of enabled actions changes (not on every answer)."""
        asking = self.session.current is not None
        if asking != getattr(self, "_asking", None):
            self._asking = asking
            self.refresh_bindings()

    # ---- showing the current question ------------------------------------------------
    def show_question(self, focus: bool = True) -> None:
        q, iv, lang = self.session.current, self.iv, self.lang
        self._sync_bindings()
        self.query_one("#error", Static).update("")
        reuse = None
        for old in self.query(".answer-input"):
            if q is not None and type(old) is input_class(q):
                reuse = old
            else:
                if self.focused is old:  # not via the transcript: its keys would flash in the footer
                    self.set_focus(None, scroll_visible=False)
                old.remove()
        if q is None:
            self._finished()
            return
        el = iv.element_of(q.id)
        turns = []
        if el.id != self._shown_element:
            turns.append(Turn("element", self._element_heading(el)))
            self._shown_element = el.id
        qs = iv.applicable_questions(el)
        n = next((i for i, x in enumerate(qs, 1) if x.id == q.id), 1)
        body = tr(lang, "turn.question", n=n, total=len(qs), text=text(q.text, lang))
        current = iv.answers.get(q.id)
        if current is not None and current.counts:
            body += "\n" + tr(lang, "turn.current", value=short(describe(q, current, lang, iv.scale_labels), 300))
        if q.evidence:
            body += "\n" + tr(lang, "turn.evidence", text=text(q.evidence, lang))
        turns.append(Turn("assistant", body))
        self.transcript.add(*turns)
        if reuse is not None:  # same kind of input: refill it, keep focus (no footer rebuild)
            widget = reuse
            widget.reload(q, iv.choices(q), lang, current)
        else:
            widget = make_input(q, iv.choices(q), lang, current)
            localise_bindings(widget, lang)
            keep_out_of_footer(widget, self)  # the hint line says its keys; the footer's set stays the same
            self.query_one("#answer-box").mount(widget, before="#error")
        self.query_one("#hint", Static).update(self._hint(q))
        self._stage(q, el, n, len(qs))
        self._progress()
        self.tree.refresh_element(el.id)
        self.tree.show_current(el.id)
        if focus and self.focused is not widget:
            if isinstance(widget, TextBox):
                # a new text box takes keys only once styled: keep what is typed meanwhile
                self._typeahead = []
                self.call_after_refresh(self._focus_typed, widget)
            else:
                widget.focus()

    def _focus_typed(self, widget: Any) -> None:
        widget.focus()
        typed, self._typeahead = "".join(self._typeahead or []), None
        if typed:
            widget.type_ahead(typed)

    def on_key(self, event: events.Key) -> None:
        """Keep keys typed ahead while a new text field is being put on screen."""
        if self._typeahead is not None and (event.is_printable or event.key == "enter") and event.character:
            self._typeahead.append("\n" if event.key == "enter" else event.character)
            event.stop()
            event.prevent_default()

    def _hint(self, q: Any) -> str:
        kind = q.type
        specials = q.specials()
        base = tr(self.lang, f"hint.{kind if kind != 'text' or q.multiline else 'line'}")
        if specials:
            key = "hint.specials_keys" if kind in ("yes_no", "single_choice", "multi_choice", "scale") \
                else "hint.specials_typed"
            base += "  " + tr(self.lang, key, options=", ".join(t(self.lang, s) for s in specials))
        if kind == "number" and (q.min is not None or q.max is not None):
            lo = f"{q.min:g}" if q.min is not None else "…"
            hi = f"{q.max:g}" if q.max is not None else "…"
            base += "  " + tr(self.lang, "hint.range", min=lo, max=hi)
        return base

    def _stage(self, q: Any, el: Any, n: int, total: int) -> None:
        """The current question in large, uncluttered form (presentation mode)."""
        stage = self.query_one("#stage", Static)
        stage.update(f"{text(el.title, self.lang)}   ·   {n}/{total}\n\n{text(q.text, self.lang)}")

    def _progress(self) -> None:
        p = self.iv.progress()
        bar = self.query_one(ProgressBar)
        bar.update(total=max(p.applicable, 1), progress=p.answered)
        self.query_one("#progress-label", Static).update(
            tr(self.lang, "progress", answered=p.answered, applicable=p.applicable))

    def _finished(self) -> None:
        p = self.iv.progress()
        msg = tr(self.lang, "turn.finished", answered=p.answered, applicable=p.applicable)
        open_ = self.iv.unanswered()
        if open_:
            msg += "\n" + tr(self.lang, "turn.open", n=len(open_))
        self.transcript.add(Turn("info", msg))
        self.query_one("#hint", Static).update(tr(self.lang, "hint.finished"))
        self.query_one("#stage", Static).update(msg)
        self._progress()
        self.tree.refresh_all()

    # ---- answering ----------------------------------------------------------------------
    def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        message.stop()
        q = self.session.current
        if q is None:
            return
        if message.raw is not None and not message.raw.strip():
            self.query_one("#error", Static).update(tr(self.lang, "error.empty"))
            return
        try:
            if message.raw is not None:
                answer = self.session.submit(message.raw)
            else:
                answer = self.session.submit_value(message.value)
        except BmmError as exc:  # a wrong answer, or a save that failed: said on the error line
            self.query_one("#error", Static).update(str(exc))
            return
        self.transcript.add(Turn("user", describe(q, answer, self.lang, self.iv.scale_labels), q.id))
        self._moved(self.iv.element_of(q.id).id)

    def _moved(self, left: str) -> None:
        """After an answer or a skip: next question, and the summary when an element is finished.

        After a revision, the questions it opened in its element are asked, then the interview
        goes back to the question that was current before (or the next one, if that no longer applies).
        """
        summary = self._revising != "quiet"
        if self._revising and not self._follow_up(left):
            self._resume()
        self.tree.refresh_element(left)
        cur = self.session.current
        leaving = cur is None or self.iv.element_of(cur.id).id != left
        if leaving:
            el = self.iv.element(left)
            p = self.iv.element_progress(el)
            self.transcript.add(Turn("info", tr(self.lang, "turn.element_done", title=text(el.title, self.lang),
                                                answered=p.answered, applicable=p.applicable)))
        self.show_question()
        if leaving and summary:  # after the old input is gone and the new one laid out
            self.call_after_refresh(self.open_summary, left)

    def open_summary(self, element_id: str) -> None:
        self.app.push_screen(SummaryScreen(self.session, element_id), self._after_summary)

    def _after_summary(self, qid: str | None) -> None:
        if qid:
            self.revise(qid, from_summary=True)
        else:
            self._focus_input()

    def revise(self, qid: str, from_summary: bool = False) -> None:
        """Ask an earlier question again to change its answer (then back to the summary, if from there)."""
        cur = self.session.current
        if not self._revising:  # a second revision in a row still returns to where the user was
            self._return_to = cur.id if cur is not None else None
            self._known = set(self.iv.applicable_ids())
        self.iv.ask(qid)
        self._revising = "summary" if from_summary else "quiet"
        self.show_question()

    def _follow_up(self, element_id: str) -> bool:
        """Ask a question of the revised element that the revision opened, if any."""
        el = self.iv.element(element_id)
        for q in self.iv.applicable_questions(el) if el is not None else []:
            if q.id not in self._known and q.id not in self.iv.answers:
                self.iv.ask(q.id)
                return True
        return False

    def _resume(self) -> None:
        """End a revision: back to the question current before it, or the next one that applies."""
        qid, self._return_to, self._revising = self._return_to, None, False
        if qid is None:  # the interview had finished: wherever the engine now says
            return
        if self.iv.is_applicable(qid):
            self.iv.ask(qid)
        else:
            self.iv.cursor = self.iv.element_of(qid).id
            self.iv.advance_past(qid)

    def _end_revision(self) -> None:
        """Moving elsewhere (back, a jump) ends a revision without returning."""
        self._revising, self._return_to = False, None

    def _focus_input(self) -> None:
        for w in self.query(".answer-input"):
            w.focus()
            return

    # ---- messages from the transcript and the side panel ------------------------------------
    def on_transcript_revise(self, message: Transcript.Revise) -> None:
        message.stop()
        self.revise(message.qid)

    def on_transcript_leave(self, message: Transcript.Leave) -> None:
        message.stop()
        self._focus_input()

    def on_element_tree_jump(self, message: ElementTree.Jump) -> None:
        message.stop()
        self._end_revision()
        self.session.goto(message.element_id)
        self.show_question()

    def on_element_tree_leave(self, message: ElementTree.Leave) -> None:
        message.stop()
        self._focus_input()

    # ---- actions ---------------------------------------------------------------------------------
    def action_back(self) -> None:
        self._end_revision()
        if self.session.back() is None:
            self.notify(tr(self.lang, "notify.first_question"))
            return
        self.show_question()

    def action_skip(self) -> None:
        q = self.session.current
        if q is None:
            return
        left = self.iv.element_of(q.id).id
        try:
            answer = self.session.skip()
        except BmmError as exc:
            self._failed(exc)
            return
        if answer is not None:
            key = "turn.skipped" if answer.skips < 2 else "turn.skipped_final"
            self.transcript.add(Turn("user", tr(self.lang, key), q.id))
        self._moved(left)

    def _failed(self, exc: BmmError) -> None:
        """A change that could not be saved: said on the error line; the session has rolled it back."""
        self.query_one("#error", Static).update(str(exc))
        self._focus_input()

    def action_note(self) -> None:
        q = self.session.current
        if q is None:
            self.notify(tr(self.lang, "notify.no_question"))
            return
        old = self.iv.answers.get(q.id)

        def done(note: str | None) -> None:
            if note is None:
                self._focus_input()
                return
            try:
                self.session.note(note, q.id)
            except BmmError as exc:
                self._failed(exc)
                return
            self.transcript.add(Turn("note", tr(self.lang, "turn.note", note=note), q.id))
            self.notify(tr(self.lang, "notify.noted"))
            self._focus_input()

        self.app.push_screen(NoteScreen(self.lang, text(q.text, self.lang), old.note if old else "",
                                        text(q.evidence, self.lang)), done)

    def action_why(self) -> None:
        q = self.session.current
        if q is None:
            return
        lang, el = self.lang, self.iv.element_of(q.id)
        parts = []
        g = q.guidance
        if g is not None:
            parts.append(text(g.why, lang))
            if g.examples:
                parts.append(tr(lang, "why.examples", text=text(g.examples, lang)))
            if g.standards:
                parts.append(tr(lang, "why.standards", text=t(lang, "list_sep").join(text(s, lang) for s in g.standards)))
        else:
            parts.append(tr(lang, "why.none"))
        if el.standards:
            parts.append(tr(lang, "why.element_standards", text=t(lang, "list_sep").join(text(s, lang) for s in el.standards)))
        self.app.push_screen(WhyScreen(lang, text(q.text, lang), "\n\n".join(parts)),
                             lambda _: self._focus_input())

    def action_jump(self) -> None:
        if self.has_class("-presentation"):
            self.action_presentation()
        self.add_class("-side")  # shown over the chat on narrow terminals
        self.tree.focus()

    def action_transcript(self) -> None:
        if self.has_class("-presentation"):
            self.action_presentation()
        self.transcript.focus()

    def action_summary(self) -> None:
        q = self.session.current
        eid = self.iv.element_of(q.id).id if q is not None else self.iv.cursor
        self.open_summary(eid)

    def action_roadmap(self) -> None:
        """The recommendations and road map, to edit, add or drop rows (saved at once)."""
        self.app.push_screen(RoadMapScreen(self.session), lambda _: self._focus_input())

    def action_presentation(self) -> None:
        on = not self.has_class("-presentation")
        self.set_class(on, "-presentation")
        self.app.presentation = on  # type: ignore[attr-defined]
        self._focus_input()

    def action_home(self) -> None:
        self.app.close_interview()  # type: ignore[attr-defined]

    # ---- report ---------------------------------------------------------------------------------
    def action_report(self) -> None:
        if not bridge.report_available():
            self.notify(tr(self.lang, "report.unavailable"), severity="warning")
            return
        self.query_one("#progress-label", Static).update(tr(self.lang, "report.writing"))
        self.query_one(ProgressBar).update(total=1.0, progress=0.0)
        self.generate_report(bridge.report_job(self.session))  # data read here, on the store's thread

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def generate_report(self, job) -> Path:
        def progress(message: str, fraction: float) -> None:
            self.app.call_from_thread(self._report_progress, message, fraction)

        return job(progress)

    def _report_progress(self, message: str, fraction: float) -> None:
        self.query_one("#progress-label", Static).update(message)
        self.query_one(ProgressBar).update(total=1.0, progress=fraction)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "report" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._progress()
        if event.state == WorkerState.SUCCESS:  # the path stays in the transcript, the toast goes
            message = tr(self.lang, "report.written", path=str(event.worker.result))
            self.transcript.add(Turn("info", message))
            self.notify(message, markup=False)
        else:
            message = tr(self.lang, "report.failed", error=str(event.worker.error))
            self.query_one("#error", Static).update(message)
            self.notify(message, severity="error", markup=False)
