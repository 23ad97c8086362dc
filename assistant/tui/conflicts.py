"""Answers to settle: questions two sources answered differently, side by side; the group picks one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.engine.answers import Answer
from assistant.engine.describe import describe
from assistant.errors import BmmError, InvalidAnswer
from assistant.framework.models import text
from assistant.packages import conflicts
from assistant.session import Session
from assistant.tui.common import localise_bindings, short, tr

OTHER = "other"


class ConflictsScreen(ModalScreen[bool]):
    """Lists each conflict with its answers (answer, agency, person, time); Enter on one keeps it,
    "Another answer…" takes a typed one. Returns True when something was settled."""

    BINDINGS = [Binding("escape", "close", "tui.key.close", id="conflicts.close")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.lang = session.lang
        self.settled = False
        self._choices: dict[str, tuple[str, Answer | None]] = {}  # option id → (question, side or OTHER)
        self._other: str | None = None  # the question an answer is being typed for
        localise_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="conflicts"):
            yield Static("", classes="dialog-title", id="conflicts-title", markup=False)
            yield OptionList(id="conflicts-list")
            yield Static("", id="conflicts-other-label", markup=False)
            yield Input(id="conflicts-other")
            yield Static("", id="conflicts-error", markup=False)
            yield Static(Content(tr(self.lang, "conflicts.hint")), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#conflicts-other", Input).display = False
        self.rebuild()

    def rebuild(self) -> None:
        """The list as it is now in the store: every open conflict and its answers."""
        lang, fw_, iv = self.lang, self.session.framework, self.session.interview
        found = conflicts.unresolved(self.session.assessment)
        self.query_one("#conflicts-title", Static).update(
            tr(lang, "conflicts.title", n=len(found)) if found else tr(lang, "conflicts.none"))
        here = tr(lang, "conflicts.here")
        options: list[Option | None] = []
        self._choices = {}
        for n, doc in enumerate(found, 1):
            qid = doc["key"]
            question, element = conflicts.question_text(fw_, qid, lang)
            if options:
                options.append(None)  # a separator between questions
            options.append(Option(Content(f"{n}. {short(question, 300)} ({element})"), disabled=True))
            for k, answer in enumerate(conflicts.choices(doc, iv.answers.get(qid))):
                s = conflicts.shown(fw_, qid, answer, lang, here)
                oid = f"{qid}:{k}"
                self._choices[oid] = (qid, answer)
                options.append(Option(Content(f"   {short(s.answer, 200)}\n      {s.source} · {s.at}"), id=oid))
            self._choices[f"{qid}:{OTHER}"] = (qid, None)
            options.append(Option(Content("   " + tr(lang, "conflicts.other")), id=f"{qid}:{OTHER}"))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        listing.display = bool(options)
        if self._choices:
            listing.highlighted = next(i for i, o in enumerate(listing.options) if not o.disabled)
            listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        qid, answer = self._choices[str(event.option.id)]
        if answer is None:
            self._ask_other(qid)
        else:
            self._settle(qid, answer, chosen=True)

    def _ask_other(self, qid: str) -> None:
        q = self.session.interview.question(qid)
        self._other = qid
        self.query_one("#conflicts-other-label", Static).update(
            tr(self.lang, "conflicts.other_for", question=short(text(q.text, self.lang), 200)))
        box = self.query_one("#conflicts-other", Input)
        box.display = True
        box.value = ""
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._other is None:
            return
        qid = self._other
        try:
            answer = self.session.interview.parse(event.value, self.session.interview.question(qid))
        except InvalidAnswer as exc:
            self.query_one("#conflicts-error", Static).update(str(exc))
            return
        self._settle(qid, answer, chosen=False)

    def _settle(self, qid: str, answer: Answer, chosen: bool) -> None:
        try:
            kept = conflicts.settle(self.session, qid, answer, chosen)
        except BmmError as exc:
            self.query_one("#conflicts-error", Static).update(str(exc))
            return
        self.settled = True
        q = self.session.interview.question(qid)
        iv = self.session.interview
        self.query_one("#conflicts-error", Static).update(
            tr(self.lang, "conflicts.settled", question=short(text(q.text, self.lang), 200),
               answer=describe(q, kept, self.lang, iv.scale_labels)))
        self._other = None
        self.query_one("#conflicts-other-label", Static).update("")
        self.query_one("#conflicts-other", Input).display = False
        self.rebuild()

    def action_close(self) -> None:
        if self._other is not None:  # Escape leaves the typed answer first, then the screen
            self._other = None
            self.query_one("#conflicts-other", Input).display = False
            self.query_one("#conflicts-other-label", Static).update("")
            self.query_one(OptionList).focus()
            return
        self.dismiss(self.settled)
