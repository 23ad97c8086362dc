"""The interview as a conversation: transcript, answer input, side panel, progress."""

from __future__ import annotations

import contextlib
import gc
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState

from assistant.engine.answers import Answer
from assistant.engine.describe import decimal, describe
from assistant.errors import BmmError
from assistant.framework.models import text
from assistant.i18n import t
from assistant.packages.conflicts import unresolved
from assistant.session import Session
from assistant.tui import bridge
from assistant.tui.agenda import AgendaScreen, day_line, element_clock
from assistant.tui.common import localise_bindings, set_text, short, tr
from assistant.tui.conflicts import ConflictsScreen
from assistant.tui.followups import FollowUpsScreen
from assistant.tui.footer import KeyFooter, keep_out_of_footer, release_closed_styles
from assistant.tui.guard import KeyGuard
from assistant.tui.inputs import AnswerWidget, LineInput, TextBox, input_class, make_input
from assistant.tui.modals import NoteScreen, WhyScreen
from assistant.tui.review import ReviewScreen
from assistant.tui.roadmap import RoadMapScreen
from assistant.tui.sidepanel import ElementTree
from assistant.tui.steady import Line, Panel, StageHead
from assistant.tui.summary import SummaryScreen
from assistant.tui.transcript import Transcript, Turn
from assistant.tui.workshop import ConfidenceScreen, ParkScreen, PositionsScreen, SpeakerScreen, who
from assistant.workshop import agenda


class InterviewScreen(Screen):
    """One open assessment, asked as a chat; every answer is saved as it is given."""

    # Textual repaints the whole screen when focus moves (Screen.focused repaints); the widgets that
    # gain and lose focus are restyled and repainted anyway, so answering does not pay a full frame.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    BINDINGS = [
        Binding("f1", "why", "tui.key.why", id="interview.why", tooltip="tui.tip.why"),
        Binding("ctrl+n", "note", "tui.key.note", id="interview.note", tooltip="tui.tip.note"),
        Binding("ctrl+b", "back", "tui.key.back", id="interview.back", tooltip="tui.tip.back"),
        Binding("ctrl+l", "skip", "tui.key.skip", id="interview.skip", tooltip="tui.tip.skip"),
        Binding("ctrl+z", "undo", "tui.key.undo", id="interview.undo", tooltip="tui.tip.undo", priority=True),
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
        # workshop mode: kept out of the key bar (it would be cut); in the palette, the speaker line and the README.
        # Priority: F-keys work from a text box too, and Ctrl+K / Ctrl+E are taken before a text field's own.
        Binding("f3", "speaker", "tui.key.speaker", id="interview.speaker", tooltip="tui.tip.speaker", priority=True,
                show=False),
        Binding("f4", "positions", "tui.key.positions", id="interview.positions", tooltip="tui.tip.positions",
                priority=True, show=False),
        Binding("f5", "followups", "tui.key.followups", id="interview.followups", tooltip="tui.tip.followups",
                priority=True, show=False),
        Binding("ctrl+k", "park", "tui.key.park", id="interview.park", tooltip="tui.tip.park", priority=True,
                show=False),
        Binding("ctrl+e", "confidence", "tui.key.confidence", id="interview.confidence",
                tooltip="tui.tip.confidence", priority=True, show=False),
        Binding("ctrl+o", "agenda", "tui.key.agenda", id="interview.agenda", tooltip="tui.tip.agenda",
                priority=True, show=False),
        # a follow-up: the baseline's answer given again (priority: a text box binds Ctrl+Y to redo)
        Binding("ctrl+y", "same", "tui.key.same", id="interview.same", tooltip="tui.tip.same", priority=True),
        # agencies' answers merged apart: also out of the key bar; said in the transcript when some wait
        Binding("f11", "conflicts", "tui.key.conflicts", id="interview.conflicts", tooltip="tui.tip.conflicts",
                priority=True, show=False),
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
        self._inputs: dict[type, Any] = {}  # one answer input per kind, mounted once; others hidden
        self._input: Any = None  # the one shown, answering the current question
        self.guard = KeyGuard()  # keys typed before the current question was on screen never answer it
        self._last_answered: str | None = None  # the question answered last here (a note may be for it)
        self._presenting_before = False  # presentation mode was left for the elements panel or transcript
        self._stage_head = ("", "")  # the element's title, and "n/total" (presentation heading)
        self._opened: datetime | None = None  # when this sitting began (the agenda's clock)
        self._warned: set[str] = set()  # elements whose overrun was announced
        self.baseline = session.baseline  # a follow-up's: its answers and levels shown as references
        self._summary_of: str | None = None  # the element whose summary is open
        self._summary: SummaryScreen | None = None  # kept between summaries (see open_summary)
        self._review_offered: set[str] = set()  # elements whose baseline actions were offered for review
        localise_bindings(self, self.lang)

    # ---- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        meta, lang = self.session.meta, self.lang
        heading = " · ".join(x for x in (meta.get("country", ""), meta.get("title", ""),
                                          text(self.session.framework.title, lang)) if x)
        yield Static(Content(heading), id="topbar")
        with Horizontal(id="main"):
            with Vertical(id="side"):
                yield ElementTree(self.iv, lang, {k: tr(lang, f"state.{k}") for k in ("done", "partly", "not_started")},
                                  id="elements")
                yield Static("", id="agenda-clock", markup=False)
            with Vertical(id="chat"):
                yield Transcript(tr(lang, "transcript.hidden"), id="transcript")
                yield StageHead(id="stage-head")
                yield Line("", id="stage", markup=False)
                yield Line("", id="banner", classes="-empty", markup=False)
                with Panel(id="answer-box"):
                    yield Line("", id="speaker", markup=False)
                    yield Line("", id="hint", markup=False)
                    yield Line("", id="error", markup=False)
        with Horizontal(id="progress-row"):
            yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
            yield Static("", id="progress-label", markup=False)
            yield Static("", id="clock-label", markup=False)
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
        self._opened = self._now()
        self._show_speaker()
        self.set_interval(1.0, self._tick)
        if self.app.presentation:  # type: ignore[attr-defined]
            self.add_class("-presentation")
        self.show_question()
        # The framework, the history and the restored transcript are long-lived: keep them out
        # of the garbage collector's full passes, which otherwise pause answering by 50–100 ms.
        self.call_after_refresh(gc.freeze)

    def on_unmount(self) -> None:
        gc.unfreeze()  # the closed interview's objects can be collected again
        if self._summary is not None and self.app.is_screen_installed(self._summary):
            with contextlib.suppress(ScreenStackError):  # still open: the app is closing
                self.app.uninstall_screen(self._summary)  # and its summary screen with them

    def on_screen_resume(self) -> None:
        release_closed_styles()  # a dialog (a summary, a note…) has closed: its render caches go too

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
            action = h.get("action")
            if action in ("prefill", "positions", "confidence"):  # the form's; the workshop's show in the summary
                continue
            q, el = iv.question(qid), iv.element_of(qid)
            if el.id != self._shown_element:
                turns.append(Turn("element", self._element_heading(el, intro=False)))
                self._shown_element = el.id
            action = h.get("action")
            if last_asked != qid:  # a note given before the answer belongs under its question
                qs = iv.applicable_questions(el)
                n = next((i for i, x in enumerate(qs, 1) if x.id == qid), None)
                turns.append(Turn("assistant", tr(lang, "turn.question", n=n, total=len(qs), text=text(q.text, lang))
                                  if n is not None else text(q.text, lang)))
                last_asked = qid
            if action == "note":
                turns.append(Turn("note", tr(lang, "turn.note", note=h.get("note", "")), qid))
                continue
            last_asked = None
            prev = h.get("previous") or {}
            old = Answer(qid, status=prev["status"], value=prev.get("value")) if prev.get("status") else None
            a = Answer(qid, status=h.get("status", "answered"), value=h.get("value"))
            if action == "skip":
                skips[qid] = skips.get(qid, 0) + 1
                turns.append(Turn("user", tr(lang, "turn.skipped" if skips[qid] < 2 else "turn.skipped_final"), qid))
            elif action == "undo":
                was = describe(q, old, lang, iv.scale_labels) if old is not None else ""
                turns.append(Turn("info", tr(lang, "turn.undone", was=was)))
            elif action == "park":
                turns.append(Turn("user", tr(lang, "turn.parked"), qid))
            elif h.get("origin", "").startswith("merge:") and h.get("agency"):  # answered apart, merged
                source = ", ".join(x for x in (h["agency"], h.get("who", "")) if x)
                said = describe(q, a, lang, iv.scale_labels)
                turns.append(Turn("user", tr(lang, "turn.merged", source=source, value=said), qid))
            else:
                turns.append(Turn("user", self._said_by(h) + self._reply(q, a, old), qid))
        if turns:
            turns.append(Turn("info", tr(lang, "turn.resumed")))
        waiting = len(unresolved(self.session.assessment))
        if waiting:  # answers agencies gave differently: say where to settle them
            turns.append(Turn("info", tr(lang, "conflicts.waiting", n=waiting)))
        return turns

    def _reply(self, q: Any, answer: Answer, old: Answer | None) -> str:
        """The user's reply as recorded: "Recorded: X", or "Changed from X to Y"."""
        said = describe(q, answer, self.lang, self.iv.scale_labels)
        if old is not None and old.counts:
            was = describe(q, old, self.lang, self.iv.scale_labels)
            if was != said:
                return tr(self.lang, "turn.changed", old=short(was, 300), new=said)
        return tr(self.lang, "turn.recorded", value=said)

    def _said_by(self, entry: dict[str, Any]) -> str:
        """"Amina Diallo: " before a restored reply given by someone on the roster."""
        names = getattr(self, "_roster_names", None)
        if names is None:
            names = self._roster_names = {p.name for p in self.session.participants()}
        name = entry.get("who") or ""
        return f"{name}: " if name in names else ""

    def _speaking(self) -> str:
        p = self.session.speaker
        return f"{who(p)}: " if p is not None else ""

    def _element_heading(self, el: Any, intro: bool = True) -> str:
        comp = next((c for c in self.session.framework.components if el in c.elements), None)
        ctitle = text(comp.title, self.lang) if comp else text(self.session.framework.title, self.lang)
        head = f"{text(el.title, self.lang)} — {ctitle}"
        body = text(el.intro, self.lang) if intro else ""
        return f"{head}\n{body}" if body else head

    # ---- key bindings: one stable set, actions switched on and off ----------------------
    QUESTION_ACTIONS = frozenset({"why", "note", "skip", "park"})  # need a current question

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greyed out (not removed) when they do not apply, so the footer's keys never change."""
        if action == "same" and self.baseline is None:
            return False  # not a follow-up: not in the footer at all
        if action in self.QUESTION_ACTIONS | {"same"} and self.session.current is None:
            return None
        return True

    def _sync_bindings(self) -> None:
        """Refresh the footer only when the set of enabled actions changes (not on every answer)."""
        asking = self.session.current is not None
        if asking != getattr(self, "_asking", None):
            self._asking = asking
            self.refresh_bindings()

    # ---- showing the current question ------------------------------------------------
    def show_question(self, focus: bool = True, by_itself: bool = False) -> None:
        """Put the current question on screen; ``by_itself`` when it follows an answer or a skip
        (then keys in the first moments are taken as typed ahead, see :mod:`.guard`)."""
        q, iv, lang = self.session.current, self.iv, self.lang
        self._sync_bindings()
        set_text(self.query_one("#error", Static), "")
        wanted = input_class(q) if q is not None else None
        old = self._input
        if old is not None and type(old) is not wanted:  # kept, hidden, for the next question of its kind
            if self.focused is old:  # not via the transcript: its keys would flash in the footer
                self.set_focus(None, scroll_visible=False)
            old.display = False  # a style set in place: no stylesheet matching, unlike a class
            self._input = None
        reuse = self._inputs.get(wanted) if wanted is not None else None
        if reuse is not None and not reuse.display:
            reuse.display = True
        if q is None:
            self._finished()
            return
        el = iv.element_of(q.id)
        turns = []
        if self._revising and el.id != self._shown_element:  # a look back, not a new visit
            turns.append(Turn("info", tr(lang, "turn.revising", title=text(el.title, lang))))
        elif el.id != self._shown_element:  # one introduction per visit of an element
            turns.append(Turn("element", self._element_heading(el) + self._baseline_level(el)))
            self._shown_element = el.id
        qs = iv.applicable_questions(el)
        n = next((i for i, x in enumerate(qs, 1) if x.id == q.id), 1)
        body = tr(lang, "turn.question", n=n, total=len(qs), text=text(q.text, lang))
        current = iv.answers.get(q.id)
        if current is not None and current.counts:
            body += "\n" + tr(lang, "turn.current", value=short(describe(q, current, lang, iv.scale_labels), 300))
        if q.evidence:
            body += "\n" + tr(lang, "turn.evidence", text=text(q.evidence, lang))
        body += self._baseline_answer(q)
        turns.append(Turn("assistant", body))
        self.transcript.add(*turns)
        fresh = reuse is None
        if reuse is not None:  # an input of this kind exists: refill it (no widget mounted, no footer rebuild;
            # mounting and styling a widget is most of a frame)
            widget = reuse
            widget.reload(q, iv.choices(q), lang, current)
        else:
            widget = make_input(q, iv.choices(q), lang, current)
            localise_bindings(widget, lang)
            keep_out_of_footer(widget, self)  # the hint line says its keys; the footer's set stays the same
            self.query_one("#answer-box").mount(widget, before="#error")
            self._inputs[wanted] = widget
        self._input = widget
        widget.qid = q.id
        set_text(self.query_one("#hint", Static), self._hint(q))
        self._stage(q, el, n, len(qs))
        self._progress()
        self.tree.refresh_element(el.id)
        self.tree.show_current(el.id)
        self.guard.shown(by_itself)
        if focus and self.focused is not widget:
            if fresh and isinstance(widget, TextBox):
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

    def hold_key(self, event: events.Key) -> bool:
        """Hold back a key typed before the current question could be read (see :mod:`.guard`).

        Characters still go into a text field (nothing is sent without Enter / Ctrl+S);
        Enter in a one-line field, and any key in a list or the level cards, are dropped,
        and the error line says so.
        """
        if not self.guard.early(event):
            return False
        widget = self._input
        if widget is None or (self.focused is not None and self.focused is not widget
                              and not isinstance(self.focused, AnswerWidget)):
            return False  # the user is in the transcript or the elements panel
        if isinstance(widget, TextBox) or (isinstance(widget, LineInput) and event.key != "enter"):
            return False
        self.guard.dropped += 1
        set_text(self.query_one("#error", Static), tr(self.lang, "error.typed_ahead"))
        return True

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
        if specials:  # only the keys of the special answers this question offers
            keyed = kind in ("yes_no", "single_choice", "multi_choice", "scale")
            keys = {"dont_know": "d" if keyed else "?", "not_applicable": "x" if keyed else "-"}
            one = "hint.special_key" if keyed else "hint.special_typed"
            base += "  · " + ", ".join(tr(self.lang, one, keys=keys[s], label=t(self.lang, s)) for s in specials)
        if kind == "number" and (q.min is not None or q.max is not None):
            lo = f"{q.min:g}" if q.min is not None else "…"
            hi = f"{q.max:g}" if q.max is not None else "…"
            base += "  " + tr(self.lang, "hint.range", min=lo, max=hi)
        return base

    def _stage(self, q: Any, el: Any, n: int, total: int) -> None:
        """The current question in large, uncluttered form (presentation mode)."""
        self._stage_head = (text(el.title, self.lang), f"{n}/{total}")
        self._tick()
        set_text(self.query_one("#stage", Static), text(q.text, self.lang))

    # ---- the agenda's clock (side panel, key bar row, presentation heading) -----------------
    def _now(self) -> datetime:
        return self.app.now()  # type: ignore[attr-defined]

    def agenda_clock(self) -> agenda.Clock:
        """The agenda now: this sitting began when the interview opened."""
        q = self.session.current
        current = self.iv.element_of(q.id).id if q is not None else None
        return agenda.clock(self.session, self._now(), opened=self._opened, current=current)

    def _tick(self) -> None:
        """Every second and after each answer: the element's time against its plan, the day, the end."""
        if self._opened is None:
            return
        c = self.agenda_clock()
        lang, slot = self.lang, c.current
        over = slot is not None and slot.over
        mine = element_clock(slot, lang) if slot is not None else ""
        day = day_line(c, lang)
        set_text(self.query_one("#clock-label", Static), mine)
        title = text(self.iv.element(slot.element).title, lang) if slot is not None else ""
        set_text(self.query_one("#agenda-clock", Static), "\n".join(x for x in (title, mine, day) if x))
        head = self.query_one(StageHead)
        head.show(*self._stage_head, mine, day.split(" · ")[-1] if day else "")
        for widget in (head, self.query_one("#clock-label"), self.query_one("#agenda-clock")):
            widget.set_class(over, "-over")
        if over and slot is not None and slot.element not in self._warned:
            self._warned.add(slot.element)
            self.notify(tr(lang, "agenda.overrun", title=title, planned=slot.planned), severity="warning",
                        markup=False)

    def _banner(self, message: str) -> None:
        """What was just recorded, for the room to see (presentation mode)."""
        banner = self.query_one("#banner", Static)
        set_text(banner, f"✔ {message}" if message else "")
        banner.set_class(not message, "-empty")

    def _progress(self) -> None:
        p = self.iv.progress()
        bar = self.query_one(ProgressBar)
        bar.update(total=max(p.applicable, 1), progress=p.answered)
        set_text(self.query_one("#progress-label", Static),
            tr(self.lang, "progress", n=p.answered, answered=p.answered, applicable=p.applicable))

    def _finished(self) -> None:
        p = self.iv.progress()
        msg = tr(self.lang, "turn.finished", answered=p.answered, applicable=p.applicable)
        open_ = self.iv.unanswered()
        if open_:
            msg += "\n" + tr(self.lang, "turn.open", n=len(open_))
        if isinstance(self.session.meta.get("package"), dict):  # an agency's package: how to send it back
            msg += "\n" + t(self.lang, "plain.package.next", id=self.session.assessment.id)
        self.transcript.add(Turn("info", msg))
        set_text(self.query_one("#hint", Static), tr(self.lang, "hint.finished"))
        set_text(self.query_one("#stage", Static), msg)
        self._progress()
        self.tree.refresh_all()
        self.guard.shown()

    # ---- answering ----------------------------------------------------------------------
    def on_answer_widget_answered(self, message: AnswerWidget.Answered) -> None:
        message.stop()
        q = self.session.current
        if q is None:
            return
        if message.qid != q.id:  # given to the question before, by keys typed ahead: never to this one
            set_text(self.query_one("#error", Static), tr(self.lang, "error.typed_ahead"))
            return
        if message.raw is not None and not message.raw.strip():
            set_text(self.query_one("#error", Static), tr(self.lang, "error.empty"))
            return
        if isinstance(message.value, list) and not message.value:  # Enter with nothing ticked
            set_text(self.query_one("#error", Static), tr(self.lang, "error.multi_empty"))
            return
        old = self.iv.answers.get(q.id)
        try:
            if message.raw is not None:
                answer = self.session.submit(message.raw)
            else:
                answer = self.session.submit_value(message.value)
        except BmmError as exc:  # a wrong answer, or a save that failed: said on the error line
            set_text(self.query_one("#error", Static), str(exc))
            return
        reply = self._speaking() + self._reply(q, answer, old)
        self.transcript.add(Turn("user", reply, q.id))
        self._banner(f"{short(text(q.text, self.lang), 90)} → {reply}")
        self._last_answered = q.id
        self._moved(self.iv.element_of(q.id).id, q.id)

    def on_answer_widget_say(self, message: AnswerWidget.Say) -> None:
        message.stop()
        set_text(self.query_one("#error", Static), message.text)

    def _moved(self, left: str, qid: str | None = None) -> None:
        """After an answer or a skip: next question, and the summary when an element is finished.

        After a revision, the questions it opened in its element are asked, then the interview
        goes back to the question that was current before (or the next one, if that no longer applies).
        After going back with Ctrl+B, the session asks each question in turn up to where the
        user was, so none is passed over with a wrong answer.
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
        self.show_question(by_itself=True)
        if leaving and summary:  # after the old input is gone and the new one laid out
            self.call_after_refresh(self.open_summary, left)

    def _answered(self, qid: str) -> bool:
        a = self.iv.answers.get(qid)
        return a is not None and a.counts

    def open_summary(self, element_id: str) -> None:
        self._summary_of = element_id
        self.guard.hold()  # keys typed on the summary never reach the question behind it
        summary = self._summary
        if summary is None:  # one summary screen per interview, kept (installed) and refilled
            summary = self._summary = SummaryScreen(self.session, element_id)
            self.app.install_screen(summary, f"summary-{id(self)}")
        else:
            summary.show(element_id)
        summary.set_class(self.has_class("-presentation"), "-presentation")  # the same style for the room
        self.app.push_screen(summary, self._after_summary)

    def _after_summary(self, qid: str | None) -> None:
        self._last_answered = None  # the summary came between: a note is for what is asked now
        if qid:
            self.revise(qid, from_summary=True)
        elif not self._offer_review(self._summary_of):
            self.guard.shown()  # the question behind the summary is seen only now
            self._focus_input()

    def revise(self, qid: str, from_summary: bool = False) -> None:
        """Ask an earlier question again to change its answer (then back to the summary, if from there)."""
        cur = self.session.current
        if not self._revising:  # a second revision in a row still returns to where the user was
            self._return_to = cur.id if cur is not None else None
            self._known = set(self.iv.applicable_ids())
        if not self._revising:
            self._left_open(cur)
        self.iv.ask(qid)
        self._last_answered = None
        self.session.end_review()
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
        self._last_answered = None
        self._revising, self._return_to = False, None

    def _focus_input(self) -> None:
        if self._input is not None:
            self._input.focus()

    # ---- messages from the transcript and the side panel ------------------------------------
    def on_transcript_revise(self, message: Transcript.Revise) -> None:
        message.stop()
        self._present_again()
        self.revise(message.qid)

    def on_transcript_leave(self, message: Transcript.Leave) -> None:
        message.stop()
        self._present_again()
        self._focus_input()

    def on_element_tree_jump(self, message: ElementTree.Jump) -> None:
        message.stop()
        self._end_revision()
        self._left_open(self.session.current)
        self.session.goto(message.element_id)
        self._shown_element = None  # a new visit: introduced again
        el = self.iv.element(message.element_id)
        self.transcript.add(Turn("info", tr(self.lang, "turn.jumped", title=text(el.title, self.lang))))
        self._present_again()
        self.show_question()

    def on_element_tree_leave(self, message: ElementTree.Leave) -> None:
        message.stop()
        self._present_again()
        self._focus_input()

    def _present_again(self) -> None:
        """Back from the elements panel or the transcript: presentation mode again if it was on."""
        if self._presenting_before and not self.has_class("-presentation"):
            self.action_presentation()
        self._presenting_before = False

    # ---- actions ---------------------------------------------------------------------------------
    def action_back(self) -> None:
        self._end_revision()
        cur = self.session.current
        if self.session.back() is None:
            self.notify(tr(self.lang, "notify.first_question"))
            return
        self._left_open(cur)
        self.show_question()

    def _left_open(self, q: Any | None) -> None:
        """A question left without a reply says so in the transcript (no question hangs unanswered)."""
        if q is not None and not self._answered(q.id):
            self.transcript.add(Turn("info", tr(self.lang, "turn.left_open")))

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
            self._banner(f"{short(text(q.text, self.lang), 90)} → {tr(self.lang, key)}")
        self._moved(left, q.id)

    def action_undo(self) -> None:
        """Take back the last answer: the question is asked again, its history kept."""
        self._end_revision()
        try:
            done = self.session.undo()
        except BmmError as exc:
            self._failed(exc)
            return
        if done is None:
            self.notify(tr(self.lang, "notify.nothing_to_undo"))
            return
        q, taken, _ = done
        was = describe(q, taken, self.lang, self.iv.scale_labels) if taken is not None else ""
        self.transcript.add(Turn("info", tr(self.lang, "turn.undone", was=short(was, 300))))
        self._banner(tr(self.lang, "turn.undone", was=short(was, 90)))
        self.tree.refresh_element(self.iv.element_of(q.id).id)
        self.show_question()

    def _failed(self, exc: BmmError) -> None:
        """A change that could not be saved: said on the error line; the session has rolled it back."""
        set_text(self.query_one("#error", Static), str(exc))
        self._focus_input()

    def action_note(self) -> None:
        """A note for the question now asked, or the one just answered (the dialog names it)."""
        q = self.session.current
        iv, lang = self.iv, self.lang
        ids = [x for x in (self._last_answered, q.id if q is not None else None) if x]
        ids = list(dict.fromkeys(ids))
        if not ids:
            self.notify(tr(lang, "notify.no_question"))
            return
        targets = [(x, text(iv.question(x).text, lang), text(iv.question(x).evidence, lang)) for x in ids]
        notes = {x: a.note for x in ids if (a := iv.answers.get(x)) is not None and a.note}

        def done(result: tuple[str, str] | None) -> None:
            if result is None:
                self._focus_input()
                return
            qid, note = result
            try:
                self.session.note(note, qid)
            except BmmError as exc:
                self._failed(exc)
                return
            self.transcript.add(Turn("note", tr(lang, "turn.note_for", question=short(text(iv.question(qid).text, lang), 80),
                                                note=note), qid))
            self.notify(tr(lang, "notify.noted"))
            self._focus_input()

        self.app.push_screen(NoteScreen(lang, targets, notes), done)

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
        if q.type == "scale":  # the whole descriptors (presentation mode shows their beginning)
            parts.append("\n".join(f"{c.number}  {c.label}: {c.detail}" for c in self.iv.choices(q) if c.detail))
        self.app.push_screen(WhyScreen(lang, text(q.text, lang), "\n\n".join(parts)),
                             lambda _: self._focus_input())

    def action_jump(self) -> None:
        if self.has_class("-presentation"):  # the room sees the panel, then the question again
            self._presenting_before = True
            self.action_presentation()
        if self.has_class("-narrow"):  # shown over the chat on narrow terminals (on wide ones it is
            self.add_class("-side")  # always there: no class, so no restyling of the whole screen)
        self.tree.focus()

    def action_transcript(self) -> None:
        if self.has_class("-presentation"):
            self._presenting_before = True
            self.action_presentation()
        self.transcript.focus()

    def action_summary(self) -> None:
        q = self.session.current
        eid = self.iv.element_of(q.id).id if q is not None else self.iv.cursor
        self.open_summary(eid)

    def action_roadmap(self) -> None:
        """The recommendations and road map, to edit, add or drop rows (saved at once)."""
        self.app.push_screen(RoadMapScreen(self.session), lambda _: self._focus_input())

    def action_conflicts(self) -> None:
        """Answers two sources gave differently, side by side, for the group to settle."""
        self.app.push_screen(ConflictsScreen(self.session), self._after_conflicts)

    def _after_conflicts(self, settled: bool | None) -> None:
        if settled:
            self._progress()
            self.tree.refresh_all()
        self._focus_input()

    def action_presentation(self) -> None:
        on = not self.has_class("-presentation")
        self.set_class(on, "-presentation")
        self._tick()
        self.app.presentation = on  # type: ignore[attr-defined]
        self._focus_input()

    def action_home(self) -> None:
        self.app.close_interview()  # type: ignore[attr-defined]

    # ---- workshop mode (issue 13): every rule is the session's; these only open dialogs -----------
    def _show_speaker(self) -> None:
        """The speaker next to the question (their answers carry their name and agency)."""
        p = self.session.speaker
        label = self.query_one("#speaker", Static)
        if p is not None:
            set_text(label, tr(self.lang, "speaker.now", who=who(p)))
        elif self.session.participants():  # a workshop, but nobody chosen: answers go under the login name
            set_text(label, tr(self.lang, "speaker.none"))
        label.display = p is not None or bool(self.session.participants())

    def _after_dialog(self) -> None:
        """Back from a dialog: the question on screen is seen again only now (no key typed in the dialog
        answers it), and the answer input has the focus."""
        self.guard.shown()
        self._focus_input()

    def action_speaker(self) -> None:
        """Pick who speaks (the roster editor opens from there, or at once when nobody is on it)."""
        def done(_: Any) -> None:
            self._roster_names = None
            self._show_speaker()
            self._after_dialog()

        self.app.push_screen(SpeakerScreen(self.session), done)

    def _answered_or_current(self) -> str | None:
        """The question a workshop dialog is about: the one now asked, else the one just answered."""
        q = self.session.current
        return q.id if q is not None else self._last_answered

    def action_positions(self) -> None:
        """Each agency's position on the question now asked, the tally, then the agreed answer."""
        qid = self._answered_or_current()
        if qid is None:
            self.notify(tr(self.lang, "notify.no_question"))
            return
        q, old = self.iv.question(qid), self.iv.answers.get(qid)
        was_current = self.session.current is not None and self.session.current.id == qid

        def done(answer: Answer | None) -> None:
            if answer is None:
                self._after_dialog()
                return
            how = t(self.lang, f"agreement.{answer.agreement}")
            reply = tr(self.lang, "turn.agreed", how=how, reply=self._reply(q, answer, old))
            self.transcript.add(Turn("user", reply, qid))
            self._banner(f"{short(text(q.text, self.lang), 90)} → {reply}")
            self._last_answered = qid
            if was_current:
                self._moved(self.iv.element_of(qid).id, qid)
            else:
                self.tree.refresh_element(self.iv.element_of(qid).id)
                self._after_dialog()

        self.app.push_screen(PositionsScreen(self.session, qid), done)

    def action_park(self) -> None:
        """Park the question now asked for an owner and a due date; the interview moves on."""
        q = self.session.current
        if q is None:
            return
        left = self.iv.element_of(q.id).id

        def done(result: str | None) -> None:
            if result is None:
                self._after_dialog()
                return
            if result == "unparked":
                self.transcript.add(Turn("info", tr(self.lang, "turn.unparked")))
                self._after_dialog()
                return
            rec = self.session.parked().get(q.id) or {}
            said = tr(self.lang, "turn.parked_for", owner=rec.get("owner") or "—", due=rec.get("due") or "—")
            self.transcript.add(Turn("user", said, q.id))
            self._banner(f"{short(text(q.text, self.lang), 90)} → {said}")
            if self.session.current is not None and self.session.current.id == q.id:
                self._after_dialog()  # already answered: parked, still asked
            else:
                self._moved(left, q.id)

        self.app.push_screen(ParkScreen(self.session, q.id), done)

    def action_confidence(self) -> None:
        """How the answer just given (or the one now asked, if answered) is known."""
        ids = [x for x in (self._last_answered, getattr(self.session.current, "id", None)) if x]
        qid = next((x for x in ids if (a := self.iv.answers.get(x)) is not None and a.status == "answered"), None)
        if qid is None:
            self.notify(t(self.lang, "workshop.err.confidence_unanswered"), markup=False)
            return

        def done(level: str | None) -> None:
            if level is not None:
                word = t(self.lang, f"confidence.{level}") if level else tr(self.lang, "confidence.cleared")
                self.transcript.add(Turn("note", tr(self.lang, "turn.confidence", level=word,
                                                    question=short(text(self.iv.question(qid).text, self.lang), 80)),
                                         qid))
            self._after_dialog()

        self.app.push_screen(ConfidenceScreen(self.session, qid), done)

    def action_followups(self) -> None:
        """Parked, "don't know" and open questions; Enter on one asks it (then back to where we were)."""
        def done(qid: str | None) -> None:
            if qid and self.iv.has(qid):
                self.revise(qid)
            else:
                self._after_dialog()

        self.app.push_screen(FollowUpsScreen(self.session, getattr(self, "_followup_owner", "")), done)

    def action_agenda(self) -> None:
        """Planned minutes per element (0 leaves one out), with the time each has taken."""
        def done(_: Any) -> None:
            self._tick()
            self._after_dialog()

        self.app.push_screen(AgendaScreen(self.session, self.agenda_clock), done)

    # ---- a follow-up: the baseline as reference, "unchanged", the review of its road map ---------------
    def _baseline_level(self, el: Any) -> str:
        """The element's level at the baseline, under its introduction ("" when not a follow-up)."""
        context = self.session.framework.context
        if self.baseline is None or (context is not None and el.id == context.id):
            return ""
        r = self.baseline.rating(el.id)
        level = (tr(self.lang, "baseline.level_value", level=r.level, score=decimal(r.score or 0, self.lang),
                    label=self.session.framework.scale_label(r.level, self.lang))
                 if r is not None and r.level is not None else t(self.lang, "followup.reference.unrated"))
        return "\n" + t(self.lang, "followup.reference.level", level=level)

    def _baseline_answer(self, q: Any) -> str:
        """The baseline's answer under the question, with Ctrl+Y when it may be given again."""
        if self.baseline is None:
            return ""
        ref, lang, labels = self.baseline.reference(q.id), self.lang, self.iv.scale_labels
        if ref.earlier is None:
            return "\n" + t(lang, "followup.reference.none")
        if ref.changed:
            return "\n" + t(lang, "followup.reference.changed", value=short(describe(q, ref.earlier, lang, labels), 300))
        line = t(lang, "followup.reference", value=short(describe(q, ref.answer, lang, labels), 300))
        return "\n" + line + ("  " + tr(lang, "baseline.same_hint") if ref.confirmable else "")

    def action_same(self) -> None:
        """Ctrl+Y: the baseline's answer, given again (never for a question whose meaning changed)."""
        from assistant.followup.baseline import confirm_unchanged

        q = self.session.current
        if q is None or self.baseline is None:
            return
        left = self.iv.element_of(q.id).id
        try:
            answer = confirm_unchanged(self.session, self.baseline)
        except BmmError as exc:
            self._failed(exc)
            return
        reply = tr(self.lang, "turn.unchanged", value=describe(q, answer, self.lang, self.iv.scale_labels))
        self.transcript.add(Turn("user", reply, q.id))
        self._banner(f"{short(text(q.text, self.lang), 90)} → {reply}")
        self._last_answered = q.id
        self._moved(left, q.id)

    def _offer_review(self, element_id: str | None) -> bool:
        """After a finished element's summary: its baseline actions not reviewed yet, once a visit."""
        from assistant.followup.review import pending, reviews

        if self.baseline is None or element_id is None or element_id in self._review_offered:
            return False
        el = self.iv.element(element_id)
        if el is None or self.iv.element_progress(el).state != "done":
            return False
        actions = self.baseline.actions_for(element_id)
        if not pending(self.session.assessment, actions):
            return False
        self._review_offered.add(element_id)
        screen = ReviewScreen(self.lang, text(el.title, self.lang), actions, reviews(self.session.assessment))
        self.app.push_screen(screen, lambda done: self._reviewed(element_id, done))
        return True

    def _reviewed(self, element_id: str, done: dict[str, tuple[str, str]] | None) -> None:
        from assistant.followup.review import save_review

        if done:
            actions = {a.key: a for a in self.baseline.actions_for(element_id)}  # type: ignore[union-attr]
            try:
                for key, (status, note) in done.items():
                    save_review(self.session.assessment, actions[key], status, note, self.iv.who, self.lang)
            except BmmError as exc:
                self._failed(exc)
                return
            self.transcript.add(Turn("info", tr(self.lang, "review.saved", n=len(done), total=len(actions))))
        self.guard.shown()
        self._focus_input()

    # ---- report ---------------------------------------------------------------------------------
    def action_report(self) -> None:
        if not bridge.report_available():
            self.notify(tr(self.lang, "report.unavailable"), severity="warning")
            return
        target = bridge.report_target(self.session)
        self.transcript.add(Turn("info", tr(self.lang, "report.where", path=str(target))))
        self.notify(tr(self.lang, "report.where", path=str(target)), markup=False)
        set_text(self.query_one("#progress-label", Static), tr(self.lang, "report.writing"))
        self.query_one(ProgressBar).update(total=1.0, progress=0.0)
        self.generate_report(bridge.report_job(self.session))  # data read here, on the store's thread

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def generate_report(self, job) -> Path:
        def progress(message: str, fraction: float) -> None:
            self.app.call_from_thread(self._report_progress, message, fraction)

        return job(progress)

    def _report_progress(self, message: str, fraction: float) -> None:
        set_text(self.query_one("#progress-label", Static), message)
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
            set_text(self.query_one("#error", Static), message)
            self.notify(message, severity="error", markup=False)
