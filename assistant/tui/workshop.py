"""Workshop dialogs: the speaker and the roster, agencies' positions and the agreed answer,
parking a question, and the evidence behind an answer.

Every rule (matching names and agencies, tallies, what consensus means, dates) is the
session's (:mod:`assistant.workshop`); these screens collect what the facilitator picks and
show the one-line message the session gives when something cannot be done. No dialog records
anything from a single key: a choice is confirmed with Enter or Ctrl+S, and keys typed before
a dialog was on screen are dropped (see :mod:`.guard`).
"""

from __future__ import annotations

import re
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, OptionList, RadioButton, RadioSet, Static
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

_DATE_LIKE = re.compile(r"\d[\d/.-]*")  # the last word of the park line, when it is a due date


def who(p: Participant) -> str:
    """"Amina Diallo (Customs)"."""
    return f"{p.name} ({p.agency})" if p.agency else p.name


class FieldInput(Input):
    """A text field whose Enter sends exactly what was typed before it.

    Input's own Enter binding runs only after the keys typed behind it (a burst from tmux, a paste
    or a browser's batch) and would send them too. With ``clear_on_enter`` the field empties at
    Enter, so what is typed next starts the next entry; :meth:`FieldDialog.refused` puts an entry
    back in front of it when it could not be saved.
    """

    def __init__(self, *args: Any, clear_on_enter: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.clear_on_enter = clear_on_enter

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            value = self.value
            if self.clear_on_enter:
                self.value = ""
            self.post_message(self.Submitted(self, value))


class FieldDialog(ModalScreen):
    """A dialog with text fields; keys typed before it opened are dropped.

    Enter in a field is handled once the field has taken every key typed before it (the field's
    own Submitted message), so nothing typed is cut off. Forms are one line where they can be
    (a participant: "Name, Agency, Role"): a focus change between fields would let keys typed
    quickly after Enter, or arriving together from a browser, land in the field just left.
    """

    def __init__(self) -> None:
        super().__init__()
        self.guard = KeyGuard()

    def on_mount(self) -> None:
        self.guard.shown(by_itself=False)

    def hold_key(self, event: events.Key) -> bool:
        return self.guard.early(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.field_entered(event.input, event.value)

    def field_entered(self, field: Input, value: str) -> None:
        """Enter in ``field`` with ``value`` (as it was at Enter): subclasses save or move on."""

    @staticmethod
    def refused(field: Input, value: str) -> None:
        """An entry that could not be saved goes back into its field, before anything typed since."""
        if isinstance(field, FieldInput) and field.clear_on_enter:
            field.value = value + field.value
            field.cursor_position = len(value)


class WorkshopDialog(FieldDialog):
    """A dialog of the workshop: localised keys, Esc closes, keys typed before it opened are dropped."""

    BINDINGS = [Binding("escape", "cancel", "tui.key.cancel", id="workshop.cancel")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session, self.lang = session, session.lang
        localise_bindings(self, self.lang)

    def say(self, message: str) -> None:
        self.query_one(".ws-error", Static).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuestionDialog(WorkshopDialog):
    """A workshop dialog about one question (positions, parking, confidence), titled with it."""

    def __init__(self, session: Session, qid: str) -> None:
        super().__init__(session)
        self.qid = qid
        self.question = session.interview.question(qid)

    def title_line(self, key: str) -> Static:
        """The dialog's title line: ``key``'s text naming the question."""
        text_ = short(text(self.question.text, self.lang), 160)
        return Static(Content(tr(self.lang, key, question=text_)), classes="dialog-title")


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
            self.say("")
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
            yield FieldInput(id="roster-line", placeholder=tr(lang, "roster.line"), clear_on_enter=True)
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(lang, "roster.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for key, width in (("name", 24), ("agency", 18), ("role", 22), ("contact", 22)):
            table.add_column(tr(self.lang, f"roster.{key}"), key=key, width=width)
        self._fill()
        self.set_focus(self.query_one("#roster-line", Input))

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for p in self.session.participants():
            table.add_row(Content(p.name), Content(p.agency), Content(p.role), Content(p.contact), key=p.key)

    @staticmethod
    def _form(line: str) -> dict[str, str]:
        """"Name, Agency, Role, Contact" (the last two optional); a contact may hold commas."""
        parts = [x.strip() for x in line.split(",", 3)]
        parts += [""] * (4 - len(parts))
        return dict(zip(("name", "agency", "role", "contact"), parts, strict=True))

    def _load(self, p: Participant | None) -> None:
        self.editing = p.key if p is not None else None
        fields = [p.name, p.agency, p.role, p.contact] if p is not None else []
        while fields and not fields[-1]:
            fields.pop()
        line = self.query_one("#roster-line", Input)
        line.value = ", ".join(fields)
        line.cursor_position = len(line.value)
        mode = tr(self.lang, "roster.editing", name=p.name) if p is not None else tr(self.lang, "roster.new")
        self.query_one("#roster-mode", Static).update(Content(mode))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        self._load(next((p for p in self.session.participants() if p.key == key), None))
        self.set_focus(self.query_one("#roster-line", Input))

    def field_entered(self, field: Input, value: str) -> None:
        self.save(value)

    def save(self, value: str) -> None:
        fields = self._form(value)
        try:
            if self.editing is None:
                p = self.session.add_participant(**fields)
            else:
                p = self.session.update_participant(self.editing, **fields)
        except BmmError as exc:
            self.say(str(exc))
            self.refused(self.query_one("#roster-line", Input), value)
            return
        self.say("")
        self.notify(tr(self.lang, "roster.saved", who=who(p)), markup=False)
        self._fill()
        line = self.query_one("#roster-line", Input)  # emptied at Enter: what was typed since is the next one
        self.editing = None
        self.query_one("#roster-mode", Static).update(Content(tr(self.lang, "roster.new")))
        self.set_focus(line)

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
class PositionsScreen(QuestionDialog):
    """Each agency's option and reason, the tally, then the agreed answer and how it was reached.

    A position is one line, as in plain mode: ``AGENCY OPTION [reason]`` (the agency as on the
    roster, or the start of its name; the option by number or name). Returns the agreed
    :class:`~assistant.engine.answers.Answer` (saved), or None when closed without agreeing (the
    positions recorded meanwhile are kept).
    """

    BINDINGS = [Binding("ctrl+s", "agree", "tui.key.agree", id="positions.agree", tooltip="tui.tip.agree")]

    def compose(self) -> ComposeResult:
        lang, q, s = self.lang, self.question, self.session
        choices = s.interview.choices(q)
        with Vertical(classes="dialog", id="positions-dialog"):
            yield self.title_line("positions.title")
            if choices:
                yield Static(Content("   ".join(f"{c.number} {c.label}" for c in choices)), classes="dim",
                             id="positions-options")
            with VerticalScroll(id="positions-body"):
                yield Static("", id="positions-tally", markup=False)
                yield Static("", id="positions-list", markup=False)
            agencies = t(lang, "list_sep").join(s.agencies())
            yield FieldInput(id="positions-line", clear_on_enter=True,
                             placeholder=tr(lang, "positions.line", agencies=agencies or "—"))
            with Horizontal(classes="ws-row"):
                yield Label(tr(lang, "positions.agreed"), classes="ws-label")
                yield FieldInput(id="positions-agreed", placeholder=tr(lang, "positions.from_positions"))
            with RadioSet(id="positions-how"):
                for how in AGREEMENT:
                    yield RadioButton(t(lang, f"agreement.{how}"), value=how == "consensus", id=f"how-{how}")
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(lang, "positions.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self._show()
        self.set_focus(self.query_one("#positions-line"))

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

    def field_entered(self, field: Input, value: str) -> None:
        if field.id == "positions-agreed":
            self.action_agree()
        else:
            self.record(field, value)

    def _split(self, line: str) -> tuple[str, str, str]:
        """``AGENCY OPTION [reason]``: the longest start of the line that names an agency, then the
        option (for a free-text question, the rest of the line), then the reason."""
        words = line.split()
        for i in range(len(words) - 1, 0, -1):
            try:
                agency = self.session.match_agency(" ".join(words[:i]))
            except BmmError:
                continue
            rest = words[i:]
            if self.question.type in ("text", "date", "number"):
                return agency, " ".join(rest), ""
            return agency, rest[0], " ".join(rest[1:])
        return "", "", ""

    def record(self, field: Input, line: str) -> None:
        """Record one agency's position from a typed line (kept in the field if it cannot be)."""
        agency, option, reason = self._split(line)
        try:
            if not agency or not option:
                self.session.match_agency(line.split()[0] if line.split() else "")  # says which agencies exist
                raise BmmError(tr(self.lang, "positions.need_both"))
            self.session.record_positions(self.qid, [{"agency": agency, "value": option, "reason": reason}])
        except BmmError as exc:
            self.say(str(exc))
            self.refused(field, line)
            return
        self.say("")
        self._show()

    def action_agree(self) -> None:
        """Save the agreed answer (typed, or the positions' own) and how it was reached."""
        raw = self.query_one("#positions-agreed", Input).value.strip() or None
        pressed = self.query_one(RadioSet).pressed_button
        how = (pressed.id or "how-consensus")[4:] if pressed is not None else "consensus"
        try:
            answer = self.session.agree(self.qid, raw, how)
        except BmmError as exc:
            self.say(str(exc))
            return
        self.dismiss(answer)


# ---- parking and confidence ---------------------------------------------------------------------

class ParkScreen(QuestionDialog):
    """Park a question for an owner (someone on the roster, an agency, or any name) by a due date.

    Returns ``"parked"`` or ``"unparked"``, or None when closed.
    """

    BINDINGS = [
        Binding("ctrl+d", "unpark", "tui.key.unpark", id="park.unpark"),
    ]

    def compose(self) -> ComposeResult:
        lang, s = self.lang, self.session
        parked = s.parked().get(self.qid) or {}
        owners = [p.name for p in s.participants()] + s.agencies()
        with Vertical(classes="dialog", id="park-dialog"):
            yield self.title_line("park.title")
            if parked:
                yield Static(Content(tr(lang, "park.already", owner=parked.get("owner") or "—",
                                        due=parked.get("due") or "—")), classes="dim")
            yield Static(Content(tr(lang, "park.line")))
            given = " ".join(str(parked.get(k) or "") for k in ("owner", "due")).strip()
            yield FieldInput(given, id="park-line", placeholder=tr(lang, "park.line_hint"), clear_on_enter=True,
                             suggester=SuggestFromList(owners, case_sensitive=False))
            if owners:
                yield Static(Content(tr(lang, "park.known", names=t(lang, "list_sep").join(owners))), classes="dim")
            yield Static("", classes="ws-error", markup=False)
            yield Static(Content(tr(lang, "park.hint_parked" if parked else "park.hint")), classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_focus(self.query_one("#park-line", Input))

    def field_entered(self, field: Input, value: str) -> None:
        self.park(value)

    def park(self, value: str) -> None:
        words = value.split()
        due = words.pop() if words and _DATE_LIKE.fullmatch(words[-1]) else ""
        owner = " ".join(words)
        try:
            self.session.park(self.qid, owner, due or None)
        except BmmError as exc:
            self.say(str(exc))
            self.refused(self.query_one("#park-line", Input), value)
            return
        self.dismiss("parked")

    def action_unpark(self) -> None:
        if self.session.unpark(self.qid):
            self.dismiss("unparked")


class ConfidenceScreen(QuestionDialog):
    """How the answer is known: documented, observed or stated (or no tag). Returns the level chosen."""

    CLEAR = "--clear--"

    def compose(self) -> ComposeResult:
        lang, s = self.lang, self.session
        answer = s.interview.answers.get(self.qid)
        with Vertical(classes="dialog", id="confidence-dialog"):
            yield self.title_line("confidence.title")
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


