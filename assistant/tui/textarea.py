"""A TextArea that cannot take the app down on its first frame (imported only where text is edited)."""

from __future__ import annotations

from rich.style import Style
from textual.widgets import TextArea

from assistant.tui.footer import ForgetOnUnmount


class SafeTextArea(ForgetOnUnmount, TextArea):
    """A TextArea that survives Textual 8.2's first-render race (textual#6528, #6208).

    A TextArea can be painted before its component styles exist, and then raises KeyError
    and takes the app down. Until the styles arrive it renders with a plain style instead.
    """

    def get_component_rich_style(self, *names: str, partial: bool = False, default: Style | None = None) -> Style:
        return super().get_component_rich_style(
            *names, partial=partial, default=default if default is not None else Style.null()
        )
