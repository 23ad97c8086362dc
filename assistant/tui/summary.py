"""The element summary: the level, the finding the report will write (accept or rewrite it), the
recommendations and a recap of the answers to pick one to revise."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from assistant.engine.describe import describe
from assistant.framework.models import text
from assistant.i18n import t
from assistant.session import Session
from assistant.tui.bridge import element_findings
from assistant.tui.common import SafeTextArea, localise_bindings, short, tr
from assistant.tui.guard import KeyGuard
from assistant.tui.modals import _Dialog
from assistant.tui.steady import Line, Panel


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
        Binding("e", "rewrite", "tui.key.rewrite_finding", id="summary.finding_edit"),
        Binding("r", "reset", "tui.key.reset_finding", id="summary.finding_reset"),
    ]

    def __init__(self, session: Session, element_id: str) -> None:
        super().__init__()
        self.session = session
        self.lang = session.lang
        self.element = session.interview.element(element_id)
        self.findings: object | None = None
        self.guard = KeyGuard()
        localise_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        """Every part a summary can have; :meth:`_fill` writes them and hides those it has not."""
        with Panel(classes="dialog", id="summary"):  # Panel, Line: one layout, not two (see .steady)
            yield Line(classes="dialog-title", id="summary-title")
            yield Line(classes="dim", id="summary-progress")
            yield Line(id="summary-level")
            yield Line(id="summary-sources")
            yield Static(id="summary-recs")
            yield Static(id="summary-finding")
            yield OptionList(id="summary-answers")
            yield Line(classes="hint", id="summary-hint")

    def on_mount(self) -> None:
        self._fill()

    def show(self, element_id: str) -> None:
        """The same screen, for another element (or the same one, changed): kept between summaries,
        so opening one refills its parts instead of building and styling them again."""
        self.element = self.session.interview.element(element_id)
        self.guard = KeyGuard()
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        iv, lang, el = self.session.interview, self.lang, self.element
        p = iv.element_progress(el)
        part = self.query_one
        part("#summary-title", Line).update(Content(tr(lang, "summary.title", title=text(el.title, lang))))
        part("#summary-progress", Line).update(Content(tr(lang, "summary.progress", n=p.answered,
                                                           answered=p.answered, applicable=p.applicable)))
        findings = self.findings = element_findings(self.session, el.id)
        scored = self._has_finding(findings)  # the context part has no level, no finding, no action
        if scored:
            level = tr(lang, "summary.level", level=findings.level or tr(lang, "summary.unrated"))
            if findings.level and p.answered * 2 < p.applicable:  # a level on little evidence says so
                level += "\n" + tr(lang, "summary.provisional", answered=p.answered, applicable=p.applicable)
            part("#summary-level", Line).update(Content(level))
            part("#summary-sources", Line).update(Content(findings.sources))
            recs = findings.recommendations
            body = "\n".join(f"• {r}" for r in recs) if recs else tr(lang, "summary.no_recs")
            part("#summary-recs", Static).update(Content(tr(lang, "summary.recs") + "\n" + body))
            part("#summary-finding", Static).update(self._finding_text(findings))
        for name in ("level", "recs", "finding"):
            part(f"#summary-{name}").display = scored
        part("#summary-sources").display = scored and bool(findings.sources)  # workshop: contested, evidence
        options = []
        for q in iv.applicable_questions(el):
            a = iv.answers.get(q.id)
            line = f"{text(q.text, lang)}\n   → {short(describe(q, a, lang, iv.scale_labels), 300)}"
            line += _workshop_tags(a, lang)
            if a is not None and a.note:
                line += "\n   " + tr(lang, "summary.note", note=short(a.note, 200))
            options.append(Option(Content(line), id=q.id))
        answers = part(OptionList)
        answers.clear_options()
        answers.add_options(options)
        answers.highlighted = None
        part("#summary-hint", Line).update(Content(tr(lang, "summary.hint" if scored else "summary.hint_context")))
        self.set_focus(None)  # nothing focused: Enter continues (↓ goes into the recap)
        self.refresh_bindings()

    def _has_finding(self, findings: object) -> bool:
        """The report has a findings section for the element (not for the context part)."""
        context = self.session.framework.context
        return bool(getattr(findings, "available", False)) and not (context and context.id == self.element.id)

    def _finding_text(self, findings: object) -> Content:
        lang = self.lang
        paragraphs = getattr(findings, "finding", [])
        head = tr(lang, "summary.finding_edited" if getattr(findings, "edited", False) else "summary.finding")
        body = "\n\n".join(paragraphs) if paragraphs else tr(lang, "summary.finding_none")
        return Content(head + "\n" + body)

    def _refresh_finding(self) -> None:
        findings = element_findings(self.session, self.element.id)
        self.findings = findings
        for box in self.query("#summary-finding").results(Static):
            box.update(self._finding_text(findings))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rewrite", "reset"):
            found = self.findings
            if found is None or not self._has_finding(found):
                return False
            if action == "reset" and not getattr(found, "edited", False):
                return None  # shown dimmed: nothing to reset
        return True

    def action_rewrite(self) -> None:
        """The finding in an editor; saved as the team's own (an empty text goes back to the draft)."""
        found = element_findings(self.session, self.element.id)

        def done(written: str | None) -> None:
            if written is None:
                return
            from assistant.analysis.prose import save_finding

            save_finding(self.session.assessment, self.element.id, written)
            self._refresh_finding()
            self.refresh_bindings()

        title = text(self.element.title, self.lang)
        self.app.push_screen(FindingScreen(self.lang, title, "\n\n".join(found.finding)), done)

    def action_reset(self) -> None:
        from assistant.analysis.prose import reset_finding

        reset_finding(self.session.assessment, self.element.id)
        self._refresh_finding()
        self.refresh_bindings()

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
        self._leave(event.option.id)

    def action_continue(self) -> None:
        self._leave(None)

    def _leave(self, qid: str | None) -> None:
        """Hand back once; keys already on their way (a second Enter) are held, not passed on."""
        if self.guard.shown_at == float("inf"):
            return
        self.guard.hold()
        self.dismiss(qid)


class FindingScreen(_Dialog):
    """The element's finding in an editor; returns the text written, or None if cancelled."""

    BINDINGS = [Binding("ctrl+s", "save", "tui.key.save_finding", id="finding.save")]

    def __init__(self, lang: str, title: str, current: str) -> None:
        super().__init__(lang)
        self.title_text, self.current = title, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="finding"):
            yield Static(Content(tr(self.lang, "finding.title", title=self.title_text)), classes="dialog-title")
            yield SafeTextArea(self.current, id="finding-text", soft_wrap=True)
            yield Static(Content(tr(self.lang, "finding.hint")), classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)
