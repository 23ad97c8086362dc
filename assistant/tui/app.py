"""The Textual application: home screen, then one interview at a time.

``create_app`` builds it for the CLI and the tests; ``run_app`` runs it.
A ``keymap.json`` in the data folder ({"binding-id": "key", ...}) remaps keys;
``settings.json`` remembers the theme. The keys and screens of an open assessment
speak its language; the home screen speaks the interface language.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer

from assistant.errors import BmmError
from assistant.i18n import LANGUAGES
from assistant.store import Store
from assistant.tui.common import localise_bindings, tr
from assistant.tui.home import HomeScreen
from assistant.tui.idlegc import IDLE, IdleCollector
from assistant.tui.keymap import check_keymap
from assistant.tui.palette import Palette
from assistant.tui.settings import Settings, read_settings
from assistant.tui.themes import DEFAULT, HIGH_CONTRAST, high_contrast

if TYPE_CHECKING:
    from assistant.session import Session


class BmmApp(App[int]):
    """The assistant: officials at a terminal, facilitators at a projector."""

    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # a projected screen has room to centre the question
    TITLE = "bmm-assistant"
    NOTIFICATION_TIMEOUT = 3.5  # short: a toast must not hide the answer or a dialog for long
    ERROR_TIMEOUT = 6.0
    BINDINGS = [
        Binding("f9", "contrast", "tui.key.contrast", id="app.contrast", tooltip="tui.tip.contrast"),
        Binding("f2", "language", "tui.key.language", id="app.language", tooltip="tui.tip.language"),
        Binding("ctrl+q", "quit", "tui.key.quit", id="app.quit", tooltip="tui.tip.quit", priority=True),
    ]

    def __init__(self, store: Store, open_id: str | None = None, lang: str | None = None,
                 keymap: dict[str, str] | None = None, high_contrast: bool = False,
                 presentation: bool = False, settings: Settings | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.now = now or (lambda: datetime.now(UTC))  # the agenda's clock (tests set their own)
        self.store = store
        self.open_id = open_id
        self.lang = lang if lang in LANGUAGES else "en"
        self.session: Session | None = None
        self.presentation = presentation
        self._keymap, self._keymap_problems = check_keymap(dict(keymap or {}))
        self._start_contrast = high_contrast
        self.settings = settings or Settings(None)
        self.collector = IdleCollector()
        self._collect_timer: Timer | None = None
        self._bindings = BindingsMap([  # Textual's own palette key, described in our catalogue
            replace(b, description="tui.key.palette", tooltip="tui.tip.palette") if b.action == "command_palette" else b
            for bindings in self._bindings.key_to_bindings.values() for b in bindings])
        localise_bindings(self, self.lang)

    @property
    def ui_lang(self) -> str:
        """The language on screen: the open assessment's, else the interface's."""
        return self.session.lang if self.session is not None else self.lang

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "language":  # the interface language is chosen on the home screen
            return isinstance(self.screen, HomeScreen)
        return True

    def action_language(self) -> None:
        """The next interface language for the home screen and the form; remembered in settings.json."""
        self.lang = LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)]
        localise_bindings(self, self.lang)
        try:
            self.settings.set(lang=self.lang)
        except OSError as exc:
            self.notify(tr(self.lang, "settings.not_saved", error=str(exc)), severity="warning", markup=False,
                        timeout=self.ERROR_TIMEOUT)
        if isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen(self.store, self.lang))

    def action_command_palette(self) -> None:
        """Textual's command palette, its search line in the language on screen."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(tr(self.ui_lang, "palette.placeholder"), tr(self.ui_lang, "palette.no_matches")))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit: say which key does, in the language on screen."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                lang = self.ui_lang
                self.notify(tr(lang, "quit.how", keys=self.get_key_display(replace(active.binding, key=key))),
                            title=tr(lang, "quit.title"), markup=False)
                return

    def on_mount(self) -> None:
        self.register_theme(high_contrast)
        self.theme = HIGH_CONTRAST if self._start_contrast else DEFAULT
        if self._keymap:
            self.set_keymap(self._keymap)
        self.push_screen(HomeScreen(self.store, self.lang))
        for problem in self._keymap_problems:  # one line each; the rest of the key map applies
            self.notify(problem, severity="warning", markup=False, timeout=self.ERROR_TIMEOUT)
        if self.settings.problem:
            self.notify(tr(self.lang, "settings.damaged", problem=self.settings.problem), severity="warning",
                        markup=False, timeout=self.ERROR_TIMEOUT)
        if self.open_id:
            self.open_assessment(self.open_id)
        self._end_on_hangup()
        self.collector.start()  # full garbage collections between keys (see .idlegc)
        self.set_interval(1.0, self.collector.tick)

    def _collect_after_key(self) -> None:
        """A key came: a due full collection waits until none has come for a moment."""
        self.collector.key()
        if self._collect_timer is not None:
            self._collect_timer.stop()
        self._collect_timer = self.set_timer(IDLE, self.collector.tick)

    def _end_on_hangup(self) -> None:
        """The terminal went away (a closed window, a dropped SSH link): end, as terminal programs do,
        even where hangups are ignored (``nohup``). Every answer is already saved, and the assessment
        is left free for the next session instead of held by a process reading a terminal that is gone."""
        if self.is_headless or not hasattr(signal, "SIGHUP"):
            return
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal
            pass

    async def on_event(self, event: events.Event) -> None:
        """A key typed before the question on screen could be read is the screen's to hold back.

        Checked again when a key comes back up unused (``is_forwarded``): Textual then tries the
        bindings of whatever screen is current *now*, which may be the question behind a summary
        the same key's predecessor just closed."""
        if isinstance(event, events.Key):
            self._collect_after_key()
            hold = getattr(self.screen, "hold_key", None)
            if hold is not None and hold(event):
                return
        await super().on_event(event)

    # ---- assessments -------------------------------------------------------------
    def open_assessment(self, aid: str) -> None:
        """Open (and lock) an assessment and show its interview; errors are notified."""
        from assistant.session import Session  # not before: the home screen starts without them
        from assistant.tui.interview import InterviewScreen

        self.close_interview(show_home=False)
        try:
            self.session = Session.open(self.store, aid)
        except BmmError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        localise_bindings(self, self.session.lang)  # the app's keys too speak the assessment's language
        self._read_baseline(self.session)
        self.push_screen(InterviewScreen(self.session))

    def _read_baseline(self, session: Session) -> None:
        """A follow-up's baseline, shown as references; one warning when it cannot be read."""
        if not session.meta.get("baseline"):
            return
        from assistant.followup.baseline import for_session

        session.baseline, problem = for_session(self.store, session)
        if problem:
            self.notify(problem, severity="warning", markup=False, timeout=self.ERROR_TIMEOUT)

    def close_interview(self, show_home: bool = True) -> None:
        """Close the open assessment (answers are already saved) and go back home."""
        if self.session is not None:
            self.session.close()
            self.session = None
            localise_bindings(self, self.lang)
        if show_home:
            from assistant.tui.interview import InterviewScreen

            while isinstance(self.screen, InterviewScreen) or len(self.screen_stack) > 2:
                self.pop_screen()

    def on_unmount(self) -> None:
        self.collector.stop()
        if self.session is not None:
            self.session.close()
            self.session = None

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A short toast (top right, clear of the answer line); errors stay up a little longer."""
        if timeout is None and severity == "error":
            timeout = self.ERROR_TIMEOUT
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # ---- appearance ------------------------------------------------------------------
    def action_contrast(self) -> None:
        """Switch theme, and remember the choice for the next session."""
        self.theme = DEFAULT if self.theme == HIGH_CONTRAST else HIGH_CONTRAST
        try:
            self.settings.set(theme="high-contrast" if self.theme == HIGH_CONTRAST else "default")
        except OSError as exc:
            self.notify(tr(self.lang, "settings.not_saved", error=str(exc)), severity="warning", markup=False,
                        timeout=self.ERROR_TIMEOUT)

    # ---- command palette: every key of the current screen, by name ------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every key available now (user remapping included), then Textual's own."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            b = active.binding
            if not b.id or not b.description or b.id in seen:
                continue
            seen.add(b.id)
            yield SystemCommand(f"{b.description} ({self.get_key_display(replace(b, key=key))})",
                                b.tooltip or b.description, _runner(active.node, b.action))
        yield from self._textual_commands(screen)

    def _textual_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette entries (App.get_system_commands), in the language on screen."""
        lang = self.ui_lang
        yield SystemCommand(tr(lang, "sys.theme"), tr(lang, "sys.theme_help"), self.action_change_theme)
        yield SystemCommand(tr(lang, "sys.quit"), tr(lang, "sys.quit_help"), self.action_quit)
        if screen.query("HelpPanel"):
            yield SystemCommand(tr(lang, "sys.keys"), tr(lang, "sys.keys_hide"), self.action_hide_help_panel)
        else:
            yield SystemCommand(tr(lang, "sys.keys"), tr(lang, "sys.keys_show"), self.action_show_help_panel)
        if screen.maximized is not None:
            yield SystemCommand(tr(lang, "sys.minimize"), tr(lang, "sys.minimize_help"), screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(tr(lang, "sys.maximize"), tr(lang, "sys.maximize_help"), screen.action_maximize)


def _runner(node, action: str):
    async def run() -> None:
        await node.run_action(action)
    return run


def read_keymap(root: Path | None) -> dict[str, str]:
    """The user's key remapping, if any: ``<data>/keymap.json``."""
    if root is None:
        return {}
    path = root / "keymap.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise BmmError(f"{path}: cannot read the key map ({exc}); fix the file or delete it") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise BmmError(f'{path}: the key map must be {{"binding-id": "key", …}}, e.g. {{"interview.why": "f2"}}')
    return {str(k): v for k, v in data.items()}


def create_app(store: Store, open_id: str | None = None, lang: str | None = None, **kw) -> BmmApp:
    """The app for the CLI and the tests (interface language: ``lang``, else $BMM_LANG, else the one
    chosen with F2 on the home screen and kept in settings.json, else English)."""
    kw.setdefault("keymap", read_keymap(store.root))
    settings = kw.setdefault("settings", read_settings(None if store.memory else store.root))
    lang = lang or os.environ.get("BMM_LANG", "")[:2] or str(settings.values.get("lang") or "en")
    kw.setdefault("high_contrast", settings.high_contrast)
    return BmmApp(store, open_id=open_id, lang=lang, **kw)


def run_app(store: Store, open_id: str | None = None) -> int:
    """Run the interface; returns the exit status."""
    app = create_app(store, open_id)
    result = app.run()
    return result if isinstance(result, int) else 0


__all__ = ["BmmApp", "create_app", "run_app"]
