"""Widgets that spare the screen a second layout after their size changes (and the presentation heading).

When a layout changes a widget's size, Textual 8.2.8 also sets the widget's virtual size
through a reactive that asks for *another* layout of the whole screen, whose result is the
same. For widgets that do not scroll (lines of text, the answer panel) the virtual size only
follows the size, so it is set without that request: one answer, one layout.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar
from textual.widgets import Static


class Steady:
    """Mixin: the virtual size is updated with the size, without asking for a new layout."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)  # type: ignore[misc]


class SteadyScrollBar(Steady, ScrollBar):
    """A scrollbar: its size follows its widget's; it asks for no layout of its own."""


class SteadyScrolling:
    """Mixin for widgets that scroll lines of their own (the conversation, the answer lists).

    Their height does not depend on how many lines they hold, so a new virtual size (a turn
    added, a list refilled) updates the scrollbars and repaints, without a whole-screen layout;
    the scrollbar's own size changes ask for none either. A scrollbar appearing or going still
    asks for one (``show_vertical_scrollbar`` does).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:  # as Textual's own property, with a steady scrollbar
            bar = SteadyScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar


class Line(Steady, Static):
    """A line (or a few) of text that never scrolls."""


class Panel(Steady, Vertical):
    """A column of widgets that never scrolls as a whole."""


class StageHead(Line):
    """Presentation mode's heading: title · n/total · clock · projected end, fitted to its own
    width each time it is drawn (so it is right whenever it appears, whatever its size was before)."""

    def __init__(self, **kw) -> None:
        super().__init__("", markup=False, **kw)
        self.parts = ("", "", "", "")

    def show(self, title: str, count: str, clock: str, ends: str) -> None:
        if (title, count, clock, ends) != self.parts:
            self.parts = (title, count, clock, ends)
            self.refresh()  # one line, whatever it says: no layout

    def render(self) -> str:
        return heading(*self.parts, room=self.content_size.width)


def heading(title: str, count: str, clock: str, ends: str, room: int) -> str:
    """The title is shortened first, then the projected end dropped, so the clock always shows."""
    sep = "   ·   " if room <= 0 or room >= 100 else "  ·  "  # closer together on a narrow screen
    rest = sep.join(x for x in (count, clock, ends) if x)
    if room > 0 and len(title) + len(sep) + len(rest) > room and ends:  # the projected end goes first
        rest = sep.join(x for x in (count, clock) if x)
    keep = room - len(sep) - len(rest)
    if room > 0 and len(title) > keep:
        title = title[:max(keep, 13) - 1].rstrip() + "…"
    return sep.join(x for x in (title, rest) if x)
