"""The form that creates an assessment."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from assistant import framework as fw
from assistant.errors import BmmError
from assistant.framework.loader import bundled_ids
from assistant.tui.common import localise_bindings, tr


def split_names(raw: str) -> list[str]:
    """"Ana, Ben; Chloé" → ["Ana", "Ben", "Chloé"]."""
    return [x.strip() for x in raw.replace(";", ",").split(",") if x.strip()]


class _Form(ModalScreen[dict[str, Any] | None]):
    """A form dialog: Create (or Ctrl+S) returns its values, Cancel (or Esc) None; Enter moves on."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        raise NotImplementedError


class NewAssessmentScreen(_Form):
    """Country, title, framework, interview language, team and agencies; returns Store.create kwargs."""

    BINDINGS = [
        Binding("escape", "cancel", "tui.key.cancel", id="new.cancel"),
        Binding("ctrl+s", "create", "tui.key.create", id="new.create"),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        ids = bundled_ids()
        default = "bmm" if "bmm" in ids else (ids[0] if ids else Select.NULL)
        with VerticalScroll(classes="dialog", id="new-form"):
            yield Label(tr(lang, "new.title"), classes="dialog-title")
            with Grid(id="new-grid"):
                yield Label(tr(lang, "new.country"))
                yield Input(id="country", placeholder=tr(lang, "new.country_hint"), compact=True)
                yield Label(tr(lang, "new.name"))
                yield Input(id="title", placeholder=tr(lang, "new.name_hint"), compact=True)
                yield Label(tr(lang, "new.framework"))
                yield Select([(i, i) for i in ids], id="framework", value=default, allow_blank=False, compact=True)
                yield Label(tr(lang, "new.lang"))
                yield Select([(tr(lang, "lang.en"), "en"), (tr(lang, "lang.fr"), "fr")], id="lang", value=lang,
                             allow_blank=False, compact=True)
                yield Label(tr(lang, "new.team"))
                yield Input(id="team", placeholder=tr(lang, "new.names_hint"), compact=True)
                yield Label(tr(lang, "new.agencies"))
                yield Input(id="agencies", placeholder=tr(lang, "new.names_hint"), compact=True)
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(tr(lang, "new.create"), variant="primary", id="create", compact=True)
                yield Button(tr(lang, "new.cancel"), id="cancel", compact=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        """A message about the country goes as soon as one is typed."""
        if event.input.id == "country" and event.value.strip():
            self.query_one("#form-error", Static).update("")

    def on_mount(self) -> None:
        self.query_one("#country").focus()

    def action_create(self) -> None:
        error = self.query_one("#form-error", Static)
        country = self.query_one("#country", Input).value.strip()
        if not country:
            error.update(tr(self.lang, "new.need_country"))
            self.query_one("#country").focus()
            return
        fid = self.query_one("#framework", Select).value
        lang = self.query_one("#lang", Select).value
        try:
            framework = fw.get(str(fid))
        except BmmError as exc:
            error.update(str(exc))
            return
        if lang not in framework.languages:
            error.update(tr(self.lang, "new.lang_missing", langs=", ".join(framework.languages)))
            return
        self.dismiss({
            "country": country,
            "title": self.query_one("#title", Input).value,
            "framework": framework.id,
            "framework_version": framework.version,
            "lang": lang,
            "team": split_names(self.query_one("#team", Input).value),
            "agencies": split_names(self.query_one("#agencies", Input).value),
        })




class FollowUpScreen(_Form):
    """A follow-up of the selected assessment: its title and language; returns create_follow_up kwargs."""

    BINDINGS = [
        Binding("escape", "cancel", "tui.key.cancel", id="followup.cancel"),
        Binding("ctrl+s", "create", "tui.key.create", id="followup.create"),
    ]

    def __init__(self, lang: str, baseline: str, baseline_lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.baseline = baseline  # how the baseline is named: country, title and id
        self.baseline_lang = baseline_lang if baseline_lang in ("en", "fr") else "en"
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(classes="dialog", id="followup-form"):
            yield Label(tr(lang, "followup.title"), classes="dialog-title")
            yield Static(tr(lang, "followup.of", baseline=self.baseline), id="followup-of", markup=False)
            yield Static(tr(lang, "followup.explain"), classes="dim", markup=False)
            with Grid(id="new-grid"):
                yield Label(tr(lang, "new.name"))
                yield Input(id="title", placeholder=tr(lang, "followup.name_hint"), compact=True)
                yield Label(tr(lang, "new.lang"))
                yield Select([(tr(lang, "lang.en"), "en"), (tr(lang, "lang.fr"), "fr")], id="lang",
                             value=self.baseline_lang, allow_blank=False, compact=True)
            with Horizontal(classes="buttons"):
                yield Button(tr(lang, "new.create"), variant="primary", id="create", compact=True)
                yield Button(tr(lang, "new.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title").focus()

    def action_create(self) -> None:
        self.dismiss({"title": self.query_one("#title", Input).value.strip(),
                      "lang": str(self.query_one("#lang", Select).value)})
