"""Answer inputs, one per question type; each posts :class:`AnswerWidget.Answered`.

Validation stays in the engine: these widgets only collect a structured value
(option value, level, list) or the raw typed text and hand it to the screen,
which passes it to the session.
"""

from __future__ import annotations

import inspect
from typing import Any

from textual import events
from textual.actions import ActionError
from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.engine.answers import Answer
from assistant.engine.normalise import Choice
from assistant.tui.common import SafeTextArea, tr
from assistant.tui.footer import ForgetOnUnmount
from assistant.tui.steady import SteadyScrolling

SPECIAL_KEYS = {"dont_know": ("d", "?"), "not_applicable": ("x", "-")}


def letter_keys(choices: list[Choice], lang: str) -> dict[str, Any]:
    """Single-letter shortcuts: yes / no (in the interview language), don't know, not applicable."""
    keys: dict[str, Any] = {}
    for c in choices:
        if c.special:
            for k in SPECIAL_KEYS.get(c.value, ()):
                keys[k] = c.value
        elif c.value in ("yes", "no"):
            keys[tr(lang, f"letter.{c.value}")] = c.value
    return keys


class AnswerWidget:
    """Mixin of every answer input; ``qid`` is the question it is showing."""

    qid: str | None = None

    class Answered(Message):
        """An answer was given to question ``qid``: a structured ``value`` or the ``raw`` typed text."""

        def __init__(self, value: Any = None, raw: str | None = None, qid: str | None = None) -> None:
            super().__init__()
            self.value = value
            self.raw = raw
            self.qid = qid

    def answered(self, value: Any = None, raw: str | None = None) -> None:
        """Post an answer to the question this input shows (a stale one is refused by the screen)."""
        self.post_message(self.Answered(value, raw, self.qid))  # type: ignore[attr-defined]

    class Say(Message):
        """Something the user should know about a key just pressed (shown on the error line)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text


class _NumberKeys:
    """Number keys pick an option; letter keys pick the special answers.

    With ten options or more, a digit that could start a longer number (``1`` of ``11``)
    waits for a second digit, Enter, or a pause of :attr:`PAUSE` seconds; it never becomes
    another option: ``1`` then ``5`` with eleven options is 1 and then 5, not 15 dropped to 5.
    """

    PAUSE = 0.8
    pending = ""
    _timer: Any = None

    def on_key(self, event: events.Key) -> None:
        ch = event.character or ""
        if ch.isdecimal():
            event.stop()
            event.prevent_default()
            self._digit(ch)
        elif event.key == "enter":  # here, not by a binding: a key typed after it must not come first
            event.stop()
            event.prevent_default()
            if self.pending:
                self._commit_pending()
            elif self.highlighted is not None:
                self.send(self.highlighted)
        elif ch.lower() in self.keys:
            event.stop()
            self._drop_pending()
            self.answered(self.keys[ch.lower()])

    def _digit(self, ch: str) -> None:
        count = len(self.choices)
        if self.pending:
            first = int(self.pending)
            self._drop_pending()
            n = first * 10 + int(ch)
            if 1 <= n <= count:
                self._choose(n)
                return
            self._choose(first)  # the first digit was an option on its own
        n = int(ch)
        if not 1 <= n <= count:
            return
        if n * 10 <= count:  # the start of a longer number, perhaps: wait
            self.pending = ch
            self.highlighted = n - 1
            self._timer = self.set_timer(self.PAUSE, self._commit_pending)
        else:
            self._choose(n)

    def _choose(self, n: int) -> None:
        self.highlighted = n - 1
        self.picked(n - 1)

    def _commit_pending(self) -> None:
        if self.pending:
            n = int(self.pending)
            self._drop_pending()
            self._choose(n)

    def _drop_pending(self) -> None:
        self.pending = ""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def on_blur(self) -> None:
        self._drop_pending()


class _KeptLines:
    """Option lists keep their measured lines while their width stays the same: Textual's
    OptionList clears them, and repaints, on every resize (a list made taller draws the same lines)."""

    _measured_width: int | None = None

    def _on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width  # type: ignore[attr-defined]
        if width == self._measured_width:
            event.prevent_default()  # OptionList's own handler would measure and draw it all again
        self._measured_width = width


class ChoiceList(_KeptLines, SteadyScrolling, _NumberKeys, AnswerWidget, OptionList):
    """Yes / no and single choice: arrows and Enter, a number key, or y / n / d / x."""

    def __init__(self, choices: list[Choice], lang: str, current: Answer | None = None, **kw) -> None:
        super().__init__(*[Option(Content(f"{c.number}  {c.label}")) for c in choices], **kw)
        self.choices = choices
        self.keys = letter_keys(choices, lang)
        self._initial = _index_of(choices, current)

    def on_mount(self) -> None:
        self.highlighted = self._initial

    def reload(self, question: Any, choices: list[Choice], lang: str, current: Answer | None) -> None:
        """Show another question's choices in the same widget (cheaper than a new one)."""
        self._drop_pending()
        self.choices = choices
        self.keys = letter_keys(choices, lang)
        self.set_options([Option(Content(f"{c.number}  {c.label}")) for c in choices])
        self.highlighted = _index_of(choices, current)

    def picked(self, index: int) -> None:
        self.answered(self.choices[index].value)

    def send(self, index: int) -> None:
        """Enter on an option."""
        self.answered(self.choices[index].value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.send(event.option_index)


class MultiList(_KeptLines, SteadyScrolling, _NumberKeys, AnswerWidget, OptionList):
    """Multiple choice: number keys or Space tick options, Enter sends the ticked ones."""

    BINDINGS = [Binding("space", "toggle", "tui.key.tick", id="multi.tick")]

    def __init__(self, choices: list[Choice], lang: str, current: Answer | None = None, **kw) -> None:
        self.choices = choices
        self.ticked: set[Any] = set()
        if current is not None and current.status == "answered" and isinstance(current.value, list):
            self.ticked = set(current.value)
        super().__init__(*[Option(self._prompt(c)) for c in choices], **kw)
        self.keys = letter_keys(choices, lang)
        self.lang = lang

    def _prompt(self, c: Choice) -> Content:
        box = "   " if c.special else ("[x]" if c.value in self.ticked else "[ ]")
        return Content(f"{box} {c.number}  {c.label}")

    def on_mount(self) -> None:
        self.highlighted = 0

    def reload(self, question: Any, choices: list[Choice], lang: str, current: Answer | None) -> None:
        self._drop_pending()
        self.choices = choices
        self.ticked = set(current.value) if current is not None and current.status == "answered" \
            and isinstance(current.value, list) else set()
        self.keys = letter_keys(choices, lang)
        self.set_options([Option(self._prompt(c)) for c in choices])
        self.highlighted = 0

    def toggle(self, index: int) -> None:
        c = self.choices[index]
        if c.special:
            self.answered(c.value)
            return
        self.ticked ^= {c.value}
        self.replace_option_prompt_at_index(index, self._prompt(c))

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def picked(self, index: int) -> None:
        """A number key: ticks an option; a special answer is only highlighted (Enter gives it),
        so a mistyped number never replaces the ticks made so far."""
        c = self.choices[index]
        if c.special:
            self.post_message(self.Say(tr(self.lang, "error.special_enter", label=c.label)))
            return
        self.toggle(index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.send(event.option_index)

    def send(self, index: int) -> None:
        """Enter: the ticked options, or the special answer Enter is on."""
        c = self.choices[index]
        if c.special:
            self.answered(c.value)
        else:
            self.answered([x.value for x in self.choices if x.value in self.ticked])


class LevelCard(Vertical):
    """One maturity level with its whole descriptor (wrapped, never cut), so people choose by description.

    A brief descriptor is there too, shown instead in presentation mode (CSS), where all the
    levels must fit a projected screen; F1 then gives the whole text.
    """

    def __init__(self, choice: Choice) -> None:
        super().__init__(classes="level")
        self.choice = choice

    def compose(self):
        yield Static(self._full(), classes="full")
        yield Static(self._brief(), classes="brief")

    def _full(self) -> Content:
        c = self.choice
        return Content.assemble((f"{c.number}  {c.label}", "bold"), "\n", c.detail or "")

    def _brief(self) -> Content:
        c = self.choice
        return Content.assemble((f"{c.number}  {c.label}", "bold"), "  ", brief(c.detail or ""))

    def show(self, choice: Choice) -> None:
        """Another question's level, in the same card (nothing mounted)."""
        if choice != self.choice:
            self.choice = choice
            self.query_one(".full", Static).update(self._full())
            self.query_one(".brief", Static).update(self._brief())

    def on_click(self) -> None:
        self.query_ancestor(ScaleCards).answered(self.choice.value)


class ScaleCards(AnswerWidget, Vertical, can_focus=True):
    """The levels side by side, or one above the other when each would be narrower than
    :attr:`MIN_CARD` cells; it scrolls to keep the chosen card in view.
    ←/→ (↑/↓) and Enter, a number key, d / x for the special answers."""

    MIN_CARD = 26  # cells per card below which cards are stacked (descriptors run to ~200 characters)

    BINDINGS = [
        Binding("left", "move(-1)", "tui.key.left", show=False, id="scale.left"),
        Binding("right", "move(1)", "tui.key.right", show=False, id="scale.right"),
        Binding("up", "move(-1)", "tui.key.left", show=False, id="scale.up"),
        Binding("down", "move(1)", "tui.key.right", show=False, id="scale.down"),
        Binding("enter", "choose", "tui.key.choose", id="scale.choose"),
    ]

    def __init__(self, choices: list[Choice], lang: str, current: Answer | None = None, **kw) -> None:
        super().__init__(**kw)
        self.levels = [c for c in choices if not c.special]
        self.specials = [c for c in choices if c.special]
        self.choices = choices
        self.lang = lang
        self.keys = letter_keys(choices, lang)
        self.index = max(0, min(_index_of(choices, current), len(self.levels) - 1))

    def compose(self):
        with Horizontal(id="levels"):
            for c in self.levels:
                yield LevelCard(c)
        if self.specials:
            yield Static(Content(self._hints()), classes="specials")

    def _hints(self) -> str:
        return "   ".join(f"{c.number}  {c.label} ({SPECIAL_KEYS[c.value][0]})" for c in self.specials)

    def on_mount(self) -> None:
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.MIN_CARD * max(len(self.levels), 1), "-stacked")
        self.call_after_refresh(self._show)

    def reload(self, question: Any, choices: list[Choice], lang: str, current: Answer | None) -> None:
        self.levels = [c for c in choices if not c.special]
        self.specials = [c for c in choices if c.special]
        self.choices = choices
        self.keys = letter_keys(choices, lang)
        self.index = max(0, min(_index_of(choices, current), len(self.levels) - 1))
        cards = list(self.query(LevelCard))
        hints = self.query(".specials")
        if len(cards) == len(self.levels) and bool(hints) == bool(self.specials):  # same shape: refilled
            for card, c in zip(cards, self.levels, strict=True):
                card.show(c)
            if hints and str(hints.first(Static).content) != self._hints():
                hints.first(Static).update(Content(self._hints()))
        else:
            self.refresh(recompose=True)
        self.call_after_refresh(self._show)

    def _show(self) -> None:
        for i, card in enumerate(self.query(LevelCard)):
            card.set_class(i == self.index, "-highlight")
            if i == self.index:
                card.scroll_visible(animate=False, top=True, immediate=True)

    def action_move(self, step: int) -> None:
        self.index = max(0, min(self.index + step, len(self.levels) - 1))
        self._show()

    def action_choose(self) -> None:
        self.answered(self.levels[self.index].value)

    def on_key(self, event: events.Key) -> None:
        ch = event.character or ""
        if event.key == "enter":  # at once, before any key typed after it (bindings come later)
            event.stop()
            event.prevent_default()
            self.action_choose()
        elif ch.isdigit() and 1 <= int(ch) <= len(self.choices):
            event.stop()
            self.answered(self.choices[int(ch) - 1].value)
        elif ch.lower() in self.keys:
            event.stop()
            self.answered(self.keys[ch.lower()])


class EditsInOrder:
    """Editing keys (Backspace, Ctrl+U, arrows...) take effect in the order they are typed.

    Textual runs a widget's key bindings as actions queued behind the keys already waiting,
    so in a fast burst "Ctrl+U 4 5 Enter" the field was cleared *after* 45 was typed and an
    empty answer was sent. Here the widget's own binding runs at once, where the key falls.
    """

    def edit_now(self, event: events.Key) -> bool:
        for binding in self._bindings.key_to_bindings.get(event.key, []):  # type: ignore[attr-defined]
            try:
                namespace, name, params = parse_action(binding.action)
            except ActionError:
                return False
            method = getattr(self, f"action_{name}", None)
            if namespace or method is None or inspect.iscoroutinefunction(method):
                return False  # not a plain edit: Textual runs it as usual
            event.stop()
            event.prevent_default()
            method(*params)
            return True
        return False


class LineInput(ForgetOnUnmount, EditsInOrder, AnswerWidget, Input):
    """A number, a date or a short text: typed, checked by the engine on Enter."""

    def reload(self, question: Any, choices: list[Choice], lang: str, current: Answer | None) -> None:
        self.value = _typed(current)
        self.placeholder = _placeholder(question, lang)

    def on_key(self, event: events.Key) -> None:
        """Enter sends what is in the field now: Input's own Enter binding would run only after
        the keys typed behind it, and send them too."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.answered(raw=self.value)
        else:
            self.edit_now(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.answered(raw=event.value)


class TextBox(EditsInOrder, AnswerWidget, SafeTextArea):
    """A multi-line answer; Ctrl+S sends it."""

    BINDINGS = [Binding("ctrl+s", "send", "tui.key.send", id="text.send")]

    def on_key(self, event: events.Key) -> None:
        self.edit_now(event)

    def action_send(self) -> None:
        self.answered(raw=self.text)

    def reload(self, question: Any, choices: list[Choice], lang: str, current: Answer | None) -> None:
        self.load_text(_typed(current))

    def type_ahead(self, typed: str) -> None:
        """Text typed before this box was on screen."""
        self.insert(typed)


def brief(descriptor: str, limit: int = 60) -> str:
    """The start of a level descriptor, cut at a word, for a projected screen."""
    first = descriptor.split(". ")[0].split("; ")[0].strip().rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def make_input(question: Any, choices: list[Choice], lang: str, current: Answer | None) -> Widget:
    """The input widget for a question, showing the current answer when there is one."""
    kind = question.type
    if kind in ("yes_no", "single_choice"):
        return ChoiceList(choices, lang, current, classes="answer-input")
    if kind == "multi_choice":
        return MultiList(choices, lang, current, classes="answer-input")
    if kind == "scale":
        return ScaleCards(choices, lang, current, classes="answer-input")
    if kind == "text" and getattr(question, "multiline", True):
        return TextBox(_typed(current), classes="answer-input", soft_wrap=True, show_line_numbers=False)
    return LineInput(_typed(current), placeholder=_placeholder(question, lang), classes="answer-input")


def input_class(question: Any) -> type:
    """The widget class that answers a question (to reuse the widget already on screen)."""
    kind = question.type
    if kind in ("yes_no", "single_choice"):
        return ChoiceList
    return {"multi_choice": MultiList, "scale": ScaleCards}.get(kind) or (
        TextBox if kind == "text" and getattr(question, "multiline", True) else LineInput)


def _typed(current: Answer | None) -> str:
    return "" if current is None or current.status != "answered" else str(current.value)


def _placeholder(question: Any, lang: str) -> str:
    kind = question.type
    return tr(lang, f"placeholder.{kind}") if kind in ("number", "date") else tr(lang, "placeholder.text")


def _index_of(choices: list[Choice], current: Answer | None) -> int:
    if current is None or not current.counts:
        return 0
    target = current.value if current.status == "answered" else current.status
    return next((i for i, c in enumerate(choices) if c.value == target), 0)
