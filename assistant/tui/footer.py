"""A key footer whose cost does not grow with the number of answers.

Textual 8.2.8's :class:`~textual.widgets.Footer` rebuilds all its keys whenever any
binding may have changed (every focus change, every ``refresh_bindings``), and each
rebuilt ``FooterKey`` data-binds ``Footer.compact``. The watchers of removed keys are
never dropped: the Footer's watcher list, scanned each time a key is added, grew by about
35 entries per answer and kept every removed key alive (see ``bench/footer_leak.py``).

:class:`KeyFooter` rebuilds only when the keys it shows change, and forgets the watchers
of the keys it removed.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from typing import Any

from rich.cells import cell_len
from textual._styles_cache import StylesCache
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Textual keeps a node's reactive watchers in this attribute (``textual.reactive._watch``).
_WATCHERS = "__watchers"


def watcher_count(node: Any) -> int:
    """The number of reactive watchers registered on ``node`` (all its attributes)."""
    return sum(len(v) for v in getattr(node, _WATCHERS, {}).values())


def forget_closed_watchers(node: Any) -> None:
    """Drop the watchers on ``node`` whose watching widget has been removed."""
    for watchers in getattr(node, _WATCHERS, {}).values():
        watchers[:] = [(w, cb) for w, cb in watchers if not (w._closing or w._closed)]


class ForgetOnUnmount:
    """Mixin for Input and TextArea widgets that are removed while their screen lives on.

    Textual 8.2.8's Input and TextArea subscribe to their screen's text-selection signal, and
    TextArea watches the app's theme; both are dropped only when the signal fires or the theme
    changes. Every answer input or note editor removed during a session stayed in memory with
    its render caches (about 100 KB an answer). They are dropped here, on unmount.
    """

    def on_mount(self) -> None:
        self._signal_screen = self.screen  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        screen = getattr(self, "_signal_screen", None)
        if screen is not None:
            screen.text_selection_started_signal.unsubscribe(self)
        for watchers in getattr(self.app, _WATCHERS, {}).values():  # type: ignore[attr-defined]
            watchers[:] = [(w, cb) for w, cb in watchers if w is not self]


def release_closed_styles() -> None:
    """Let go of the render caches of widgets that are gone.

    Textual 8.2.8 memoises ``StylesCache.get_inner_outer`` with ``lru_cache(1024)`` keyed by
    the StylesCache itself, so the last 1,024 widgets' caches (every line each one drew) stay
    in memory after the widgets are removed: about 0.4 MB per element summary opened and
    closed, over 30 MB in a workshop. The memo only saves recomputing two styles; it is
    emptied when a dialog closes (bench/styles_cache_leak.py reproduces it).
    """
    memo = getattr(StylesCache, "get_inner_outer", None)
    if memo is not None and hasattr(memo, "cache_clear"):
        memo.cache_clear()


def keep_out_of_footer(node: DOMNode, owner: DOMNode | None = None) -> None:
    """Keep a node's own keys working but out of the footer.

    The interview's answer inputs change with the question type; their keys (Space ticks,
    Ctrl+S sends, Enter chooses) are said on the hint line under the question, so the
    footer keeps one stable set of keys for the whole screen. Keys that ``owner`` binds
    with priority are dropped from the node (they never reach it, and would reorder the footer).
    """
    taken = {key for key, bs in owner._bindings.key_to_bindings.items() if any(b.priority for b in bs)} \
        if owner is not None else set()
    node._bindings = BindingsMap(
        [replace(b, show=False) for key, bindings in node._bindings.key_to_bindings.items()
         if key not in taken for b in bindings]
    )


class KeyFooter(Footer):
    """The Footer, rebuilt only when the shown keys change, without keeping removed keys."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._shown: Hashable = None
        self.rebuilds = 0  # how many times the keys were rebuilt (for tests and benchmarks)

    def _keys(self) -> Hashable:
        """What the footer would show: each shown binding, whether it is enabled, its tooltip."""
        return self.compact, self.size.width, tuple(
            (key, b.action, b.description, b.key_display, b.group, enabled, tooltip)
            for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items()
            if b.show or key == self.app.COMMAND_PALETTE_BINDING
        )

    NARROW = 140  # columns under which keys are packed closer, so all of them fit at 80

    def on_resize(self, event: Any) -> None:
        """Keys packed closer under :attr:`NARROW` columns, and only those that fit whole."""
        self.compact = event.size.width < self.NARROW
        self._shown = None  # the keys that fit depend on the width
        self.call_after_refresh(self._rebuild_if_changed)

    def _width(self, key: FooterKey) -> int:
        """Columns a key takes (Textual's Footer CSS: paddings, the compact margin, the palette's border)."""
        text = cell_len(key.key_display) + cell_len(key.description)
        if key.has_class("-command-palette"):
            return text + 3
        return text + (2 if self.compact else 3)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()

    def compose(self) -> ComposeResult:
        """Textual's keys, in order, as many as fit whole; the palette key ("All keys") always."""
        forget_closed_watchers(self)  # the old keys are gone by now (recompose removed them)
        self.rebuilds += 1
        keys = list(super().compose())
        room = self.size.width or self.app.size.width
        room -= sum(self._width(k) for k in keys if k.has_class("-command-palette"))
        for key in keys:
            if not key.has_class("-command-palette"):
                room -= self._width(key)
                if room < 0:  # this one and the ones after it are in the palette
                    room = -1_000_000
                    continue
            yield key
