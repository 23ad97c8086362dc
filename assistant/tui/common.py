"""Small helpers shared by the screens: translated strings, key bindings; a crash-safe TextArea on first use."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.cells import cell_len
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.widgets import Static

from assistant.i18n import t


def tr(lang: str, key: str, **params: Any) -> str:
    """An interface string of the TUI catalogue (keys start with ``tui.``)."""
    return t(lang, f"tui.{key}", **params)


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Translate the descriptions and tooltips of a node's bindings (catalogue keys in ``BINDINGS``).

    The untranslated bindings are kept on the node, so it can be translated again into
    another language (the app's keys follow the open assessment's language). Binding ids
    are kept, so a user keymap still applies.
    """
    source: list[Binding] | None = getattr(node, "_bmm_bindings", None)
    if source is None:
        source = [b for bindings in node._bindings.key_to_bindings.values() for b in bindings]
        node._bmm_bindings = source  # type: ignore[attr-defined]
    out: list[Binding] = []
    for b in source:
        desc = tr(lang, b.description[4:]) if b.description.startswith("tui.") else b.description
        tip = tr(lang, b.tooltip[4:]) if b.tooltip.startswith("tui.") else b.tooltip
        out.append(replace(b, description=desc, tooltip=tip))
    node._bindings = BindingsMap(out)
    node.refresh_bindings()


def set_text(widget: Static, value: str) -> None:
    """Change a line's text only when it changes, and without a new layout of the screen when
    its shape stays the same (Textual lays out the whole screen for every ``update``)."""
    old = widget.content
    if old == value:
        return
    room = widget.content_region.width
    same_shape = (isinstance(old, str) and old and value and old.count("\n") == value.count("\n")
                  and room > 0 and max(cell_len(line) for line in value.split("\n")) <= room
                  and max(cell_len(line) for line in old.split("\n")) <= room)
    widget.update(value, layout=widget.display and not same_shape)  # a hidden line is measured when shown


def short(text: str, limit: int = 4000) -> str:
    """Very long user text shortened for the transcript (the stored text is untouched)."""
    if len(text) <= limit:
        return text
    return text[:limit] + f" … (+{len(text) - limit})"


def __getattr__(name: str) -> Any:
    """``SafeTextArea`` is loaded when first asked for: the home screen starts without TextArea."""
    if name == "SafeTextArea":
        from assistant.tui.textarea import SafeTextArea

        return SafeTextArea
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
