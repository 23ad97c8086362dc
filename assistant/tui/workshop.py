"""Workshop dialogs: the speaker and the roster, agencies' positions and the agreed answer,
parking a question, and the evidence behind an answer.

Every rule (matching names and agencies, tallies, what consensus means, dates) is the
session's (:mod:`assistant.workshop`); these screens collect what the facilitator picks and
show the one-line message the session gives when something cannot be done. No dialog records
anything from a single key: a choice is confirmed with Enter or Ctrl+S, and keys typed before
a dialog was on screen are dropped (see :mod:`.guard`).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, OptionList, RadioButton, RadioSet, Select, Static
from textual.widgets.option_list import Option

from assistant.engine.answers import AGREEMENT, CONFIDENCE
from assistant.errors import BmmError
from assistant.framework.models import text
from assistant.i18n import t
from assistant.session import Session
from assistant.tui.common import localise_bindings, short, tr
from assistant.tui.guard import KeyGuard
from assistant.tui.modals import ConfirmScreen
from assistant.workshop.roster import Participant


def who(p: Participant) -> str:
    """"Amina Diallo (Customs)"."""
    return f"{p.name} ({p.agency})" if p.agency else p.name


class WorkshopDialog(ModalScreen):
    """A dialog of the workshop: localised keys, Esc closes, keys typed before it opened are dropped."""

    BINDINGS = [Binding("escape", "cancel", "tui.key.cancel", id="workshop.cancel")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session, self.lang = session, session.lang
        self.guard = KeyGuard()
        localise_bindings(self, self.lang)

    def on_mount(self) -> None:
        self.guard.shown(by_itself=False)

    def hold_key(self, event: events.Key) -> bool:
        return self.guard.early(event)

    def say(self, message: str) -> None:
        self.query_one(".ws-error", Static).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---- the speaker and the roster ----------------------------------------------------------------
class SpeakerScreen(WorkshopDialog):
    """Who is speaking: returns the participant chosen (or None to leave it as it is).

    The last speaker is highlighted; ``r`` opens the roster to add or change people.
    """

    NOBODY = "--nobody--"
    BINDINGS = [Binding("r", "roster", "tui.key.roster", id="speaker.roster", tooltip="tui.tip.roster")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="speaker-dialog"):
            yield Static(Content(tr(self.lang, "speaker.title")), classes="dialog-title")
            yield OptionList(id="speaker-list")
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(self.lang, "speaker.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self._fill()
        if not self.session.participants():  # nobody yet: straight to the roster
            self.call_after_refresh(self.action_roster)

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        people = self.session.participants()
        current = self.session.speaker
        for p in people:
            role = f" · {p.role}" if p.role else ""
            options.add_option(Option(Content(who(p) + role), id=p.key))
        if people:
            options.add_option(Option(Content(tr(self.lang, "speaker.nobody")), id=self.NOBODY))
            index = next((i for i, p in enumerate(people) if current is not None and p.key == current.key), 0)
            options.highlighted = index
        else:
            self.say(tr(self.lang, "speaker.empty"))
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        try:
            if event.option.id == self.NOBODY:
                self.session.clear_speaker()
                self.dismiss(None)
                return
            self.dismiss(self.session.set_speaker(str(event.option.id)))
        except BmmError as exc:
            self.say(str(exc))

    def action_roster(self) -> None:
        def back(_: Any) -> None:
            self._fill()

        self.app.push_screen(RosterScreen(self.session), back)


class RosterScreen(WorkshopDialog):
    """The participants: add, change (Enter on a row, then Ctrl+S) or remove (Delete) them."""

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.key.save", id="roster.save"),
        Binding("delete", "remove", "tui.key.remove", id="roster.remove"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.editing: str | None = None  # the key of the participant in the form, None for a new one

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog", id="roster-dialog"):
            yield Static(Content(tr(lang, "roster.title")), classes="dialog-title")
            yield DataTable(id="roster-table", cursor_type="row", zebra_stripes=True)
            yield Static(Content(tr(lang, "roster.new")), id="roster-mode", classes="dim")
            with Horizontal(id="roster-form"):
                yield Input(id="roster-name", placeholder=tr(lang, "roster.name"))
                yield Input(id="roster-agency", placeholder=tr(lang, "roster.agency"),
                            suggester=SuggestFromList(self.session.agencies(), case_sensitive=False))
                yield Input(id="roster-role", placeholder=tr(lang, "roster.role"))
                yield Input(id="roster-contact", placeholder=tr(lang, "roster.contact"))
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(lang, "roster.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for key in ("name", "agency", "role", "contact"):
            table.add_column(tr(self.lang, f"roster.{key}"), key=key)
        self._fill()
        self.query_one("#roster-name", Input).focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for p in self.session.participants():
            table.add_row(Content(p.name), Content(p.agency), Content(p.role), Content(p.contact), key=p.key)
        self.query_one("#roster-agency", Input).suggester = SuggestFromList(self.session.agencies(),
                                                                           case_sensitive=False)

    def _form(self) -> dict[str, str]:
        return {f: self.query_one(f"#roster-{f}", Input).value for f in ("name", "agency", "role", "contact")}

    def _load(self, p: Participant | None) -> None:
        self.editing = p.key if p is not None else None
        for f in ("name", "agency", "role", "contact"):
            self.query_one(f"#roster-{f}", Input).value = getattr(p, f) if p is not None else ""
        mode = tr(self.lang, "roster.editing", name=p.name) if p is not None else tr(self.lang, "roster.new")
        self.query_one("#roster-mode", Static).update(Content(mode))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        self._load(next((p for p in self.session.participants() if p.key == key), None))
        self.query_one("#roster-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["roster-name", "roster-agency", "roster-role", "roster-contact"]
        i = order.index(event.input.id or "roster-name")
        if i < len(order) - 1 and not self._form()["agency"].strip():  # Enter moves on until the agency is given
            self.query_one(f"#{order[i + 1]}", Input).focus()
            return
        self.action_save()

    def action_save(self) -> None:
        fields = self._form()
        try:
            if self.editing is None:
                p = self.session.add_participant(**fields)
            else:
                p = self.session.update_participant(self.editing, **fields)
        except BmmError as exc:
            self.say(str(exc))
            return
        self.say("")
        self.notify(tr(self.lang, "roster.saved", who=who(p)), markup=False)
        self._fill()
        self._load(None)
        self.query_one("#roster-name", Input).focus()

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if self.focused is not table or not table.row_count:
            return
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        p = next((x for x in self.session.participants() if x.key == key), None)
        if p is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.session.remove_participant(key)
                if self.editing == key:
                    self._load(None)
                self._fill()

        self.app.push_screen(ConfirmScreen(self.lang, tr(self.lang, "roster.remove_confirm", who=who(p))), confirmed)


# ---- positions and the agreed answer ---------------------------------------------------------------
class PositionsScreen(WorkshopDialog):
    """Each agency's option and reason, the tally, then the agreed answer and how it was reached.

    Returns the agreed :class:`Answer` (saved), or None when closed without agreeing (the
    positions recorded meanwhile are kept).
    """

    BINDINGS = [Binding("ctrl+s", "agree", "tui.key.agree", id="positions.agree", tooltip="tui.tip.agree")]
    FROM_POSITIONS = "--from-positions--"

    def __init__(self, session: Session, qid: str) -> None:
        super().__init__(session)
        self.qid = qid
        iv = session.interview
        self.question = iv.question(qid)
        self.choices = [c for c in iv.choices(self.question)] if self.question.type != "multi_choice" else []

    def compose(self) -> ComposeResult:
        lang, q = self.lang, self.question
        with Vertical(classes="dialog", id="positions-dialog"):
            yield Static(Content(tr(lang, "positions.title", question=short(text(q.text, lang), 160))),
                         classes="dialog-title")
            with VerticalScroll(id="positions-body"):
                yield Static("", id="positions-tally", markup=False)
                yield Static("", id="positions-list", markup=False)
                if not self.choices:
                    yield Static(Content(tr(lang, "positions.typed")), classes="dim")
            with Horizontal(classes="ws-row"):
                agencies = self.session.agencies()
                if agencies:
                    yield Select([(a, a) for a in agencies], id="positions-agency", prompt=tr(lang, "positions.agency"))
                else:
                    yield Input(id="positions-agency", placeholder=tr(lang, "positions.agency"))
                yield self._value_widget("positions-value", tr(lang, "positions.value"))
                yield Input(id="positions-reason", placeholder=tr(lang, "positions.reason"))
            with Horizontal(classes="ws-row"):
                yield Label(tr(lang, "positions.agreed"), classes="ws-label")
                yield self._value_widget("positions-agreed", tr(lang, "positions.from_positions"), agreed=True)
                with RadioSet(id="positions-how"):
                    for how in AGREEMENT:
                        yield RadioButton(t(lang, f"agreement.{how}"), value=how == "consensus", id=f"how-{how}")
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(lang, "positions.hint")), classes="hint")

    def _value_widget(self, wid: str, prompt: str, agreed: bool = False) -> Select | Input:
        if self.choices:
            options = [(f"{c.number}  {c.label}", str(c.number)) for c in self.choices]
            return Select(options, id=wid, prompt=prompt)
        return Input(id=wid, placeholder=prompt)

    def on_mount(self) -> None:
        super().on_mount()
        self._show()
        self.query_one("#positions-agency").focus()

    def _show(self) -> None:
        s, lang = self.session, self.lang
        positions = s.positions(self.qid)
        self.query_one("#positions-tally", Static).update(
            tr(lang, "positions.tally", tally=s.tally_text(self.qid)) if positions else tr(lang, "positions.none"))
        dissent = {p.agency for p in s.dissent(self.qid)}
        lines = []
        for p in positions:
            line = f"• {p.agency}: {s.describe_value(self.qid, p.value)}"
            if p.reason:
                line += f" — {p.reason}"
            if p.agency in dissent:
                line += "  " + tr(lang, "positions.dissent")
            lines.append(line)
        self.query_one("#positions-list", Static).update("\n".join(lines))
        answer = s.interview.answers.get(self.qid)
        if answer is not None and answer.agreement:
            self.say(tr(lang, "positions.agreed_now", value=s.describe_value(self.qid, answer.condition_value),
                        how=t(lang, f"agreement.{answer.agreement}")))

    @staticmethod
    def _value(widget: Any) -> str:
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        return str(widget.value).strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "positions-agreed":
            self.action_agree()
        else:
            self.record()

    def record(self) -> None:
        """Record the agency's position from the first row."""
        agency = self._value(self.query_one("#positions-agency"))
        value = self._value(self.query_one("#positions-value"))
        reason = self.query_one("#positions-reason", Input).value
        if not agency or not value:
            self.say(tr(self.lang, "positions.need_both"))
            return
        try:
            self.session.record_positions(self.qid, [{"agency": agency, "value": value, "reason": reason}])
        except BmmError as exc:
            self.say(str(exc))
            return
        self.say("")
        self.query_one("#positions-reason", Input).value = ""
        self._show()
        self.query_one("#positions-agency").focus()

    def action_agree(self) -> None:
        """Save the agreed answer (chosen, or the positions' own) and how it was reached."""
        raw = self._value(self.query_one("#positions-agreed")) or None
        pressed = self.query_one(RadioSet).pressed_button
        how = (pressed.id or "how-consensus")[4:] if pressed is not None else "consensus"
        try:
            answer = self.session.agree(self.qid, raw, how)
        except BmmError as exc:
            self.say(str(exc))
            return
        self.dismiss(answer)


# ---- parking and confidence ---------------------------------------------------------------------
class ParkScreen(WorkshopDialog):
    """Park a question for an owner (someone on the roster, an agency, or any name) by a due date.

    Returns ``"parked"`` or ``"unparked"``, or None when closed.
    """

    BINDINGS = [
        Binding("ctrl+s", "park", "tui.key.park_save", id="park.save"),
        Binding("ctrl+d", "unpark", "tui.key.unpark", id="park.unpark"),
    ]

    def __init__(self, session: Session, qid: str) -> None:
        super().__init__(session)
        self.qid = qid

    def compose(self) -> ComposeResult:
        lang, s = self.lang, self.session
        q = s.interview.question(self.qid)
        parked = s.parked().get(self.qid) or {}
        owners = [p.name for p in s.participants()] + s.agencies()
        with Vertical(classes="dialog", id="park-dialog"):
            yield Static(Content(tr(lang, "park.title", question=short(text(q.text, lang), 160))),
                         classes="dialog-title")
            if parked:
                yield Static(Content(tr(lang, "park.already", owner=parked.get("owner") or "—",
                                        due=parked.get("due") or "—")), classes="dim")
            yield Label(tr(lang, "park.owner"))
            yield Input(str(parked.get("owner") or ""), id="park-owner", placeholder=tr(lang, "park.owner_hint"),
                        suggester=SuggestFromList(owners, case_sensitive=False))
            if owners:
                yield Static(Content(tr(lang, "park.known", names=t(lang, "list_sep").join(owners))), classes="dim")
            yield Label(tr(lang, "park.due"))
            yield Input(str(parked.get("due") or ""), id="park-due", placeholder="YYYY-MM-DD")
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(lang, "park.hint_parked" if parked else "park.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#park-owner", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "park-owner":
            self.query_one("#park-due", Input).focus()
        else:
            self.action_park()

    def action_park(self) -> None:
        owner = self.query_one("#park-owner", Input).value
        due = self.query_one("#park-due", Input).value.strip()
        try:
            self.session.park(self.qid, owner, due or None)
        except BmmError as exc:
            self.say(str(exc))
            return
        self.dismiss("parked")

    def action_unpark(self) -> None:
        if self.session.unpark(self.qid):
            self.dismiss("unparked")


class ConfidenceScreen(WorkshopDialog):
    """How the answer is known: documented, observed or stated (or no tag). Returns the level chosen."""

    CLEAR = "--clear--"

    def __init__(self, session: Session, qid: str) -> None:
        super().__init__(session)
        self.qid = qid

    def compose(self) -> ComposeResult:
        lang, s = self.lang, self.session
        q = s.interview.question(self.qid)
        answer = s.interview.answers.get(self.qid)
        with Vertical(classes="dialog", id="confidence-dialog"):
            yield Static(Content(tr(lang, "confidence.title", question=short(text(q.text, lang), 160))),
                         classes="dialog-title")
            if answer is not None:
                yield Static(Content(tr(lang, "confidence.answer", value=s.describe_value(
                    self.qid, answer.condition_value))), classes="dim")
            options = [Option(Content(tr(lang, f"confidence.{c}")), id=c) for c in CONFIDENCE]
            options.append(Option(Content(tr(lang, "confidence.none")), id=self.CLEAR))
            yield OptionList(*options, id="confidence-list")
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(lang, "confidence.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        answer = self.session.interview.answers.get(self.qid)
        current = answer.confidence if answer is not None else ""
        options.highlighted = CONFIDENCE.index(current) if current in CONFIDENCE else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        level = "" if event.option.id == self.CLEAR else str(event.option.id)
        try:
            self.session.set_confidence(self.qid, level)
        except BmmError as exc:
            self.say(str(exc))
            return
        self.dismiss(level)


