"""Widgets that spare the screen a second layout after their size changes.

When a layout changes a widget's size, Textual 8.2.8 also sets the widget's virtual size
through a reactive that asks for *another* layout of the whole screen, whose result is the
same. For widgets that do not scroll (lines of text, the answer panel) the virtual size only
follows the size, so it is set without that request: one answer, one layout.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.geometry import Size
from textual.widgets import Static


class Steady:
    """Mixin: the virtual size is updated with the size, without asking for a new layout."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)  # type: ignore[misc]


class Line(Steady, Static):
    """A line (or a few) of text that never scrolls."""


class Panel(Steady, Vertical):
    """A column of widgets that never scrolls as a whole."""
