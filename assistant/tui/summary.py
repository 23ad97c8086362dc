"""The element summary: a recap of the answers, the level and recommendations; pick one to revise."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assistant.engine.describe import describe
from assistant.framework.models import text
from assistant.i18n import t
from assistant.session import Session
from assistant.tui.bridge import element_findings
from assistant.tui.common import localise_bindings, short, tr
from assistant.tui.guard import KeyGuard


def _workshop_tags(a, lang: str) -> str:
    """"  [contested · stated]" after an answer that has them."""
    if a is None or not a.counts:
        return ""
    tags = [t(lang, f"agreement.{a.agreement}")] if a.agreement == "contested" else []
    if a.confidence:
        tags.append(t(lang, f"confidence.{a.confidence}"))
    return f"  [{' · '.join(tags)}]" if tags else ""


class SummaryScreen(ModalScreen[str | None]):
    """Returns the id of a question to revise, or None to continue.

    Enter continues: an answer is reopened only after moving into the recap with ↓ (or a
    click), so a stray Enter never reopens a question; keys typed before the summary
    appeared are dropped.
    """

    AUTO_FOCUS = ""  # nothing focused: Enter continues
    BINDINGS = [
        Binding("escape", "continue", "tui.key.continue", id="summary.continue"),
        Binding("enter", "continue", "tui.key.continue", show=False, id="summary.continue_enter"),
        Binding("c", "continue", "tui.key.continue", show=False, id="summary.continue_c"),
        Binding("down", "pick", "tui.key.pick_answer", id="summary.pick"),
        Binding("up", "pick", "tui.key.pick_answer", show=False, id="summary.pick_up"),
    ]

    def __init__(self, session: Session, element_id: str) -> None:
        super().__init__()
        self.session = session
        self.lang = session.lang
        self.element = session.interview.element(element_id)
        localise_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        iv, lang, el = self.session.interview, self.lang, self.element
        p = iv.element_progress(el)
        with Vertical(classes="dialog", id="summary"):
            yield Static(Content(tr(lang, "summary.title", title=text(el.title, lang))), classes="dialog-title")
            yield Static(Content(tr(lang, "summary.progress", n=p.answered, answered=p.answered,
                                    applicable=p.applicable)),
                         classes="dim")
            findings = element_findings(self.session, el.id)
            if findings.available:
                level = tr(lang, "summary.level", level=findings.level or tr(lang, "summary.unrated"))
                if findings.level and p.answered * 2 < p.applicable:  # a level on little evidence says so
                    level += "\n" + tr(lang, "summary.provisional", answered=p.answered, applicable=p.applicable)
                yield Static(Content(level), id="summary-level")
                if findings.sources:  # workshop: contested answers, how the evidence is known
                    yield Static(Content(findings.sources), id="summary-sources")
                recs = findings.recommendations
                body = "\n".join(f"• {r}" for r in recs) if recs else tr(lang, "summary.no_recs")
                yield Static(Content(tr(lang, "summary.recs") + "\n" + body), id="summary-recs")
            options = []
            for q in iv.applicable_questions(el):
                a = iv.answers.get(q.id)
                line = f"{text(q.text, lang)}\n   → {short(describe(q, a, lang, iv.scale_labels), 300)}"
                line += _workshop_tags(a, lang)
                if a is not None and a.note:
                    line += "\n   " + tr(lang, "summary.note", note=short(a.note, 200))
                options.append(Option(Content(line), id=q.id))
            yield OptionList(*options, id="summary-answers")
            yield Static(Content(tr(lang, "summary.hint")), classes="hint")

    def on_mount(self) -> None:
        self.guard = KeyGuard()

    def hold_key(self, event: events.Key) -> bool:
        """Keys typed before the summary could be read (an Enter too many) are dropped."""
        return self.guard.early(event)

    def action_pick(self) -> None:
        """Into the recap, to choose an answer to change."""
        answers = self.query_one(OptionList)
        answers.focus()
        if answers.highlighted is None and answers.option_count:
            answers.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_continue(self) -> None:
        self.dismiss(None)
