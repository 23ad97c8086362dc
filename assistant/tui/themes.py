"""The built-in high-contrast theme, for projectors and low vision."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = "bmm-high-contrast"
DEFAULT = "textual-dark"

high_contrast = Theme(
    name=HIGH_CONTRAST,
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffaa00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#222222",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#ffff00",
        "footer-description-foreground": "#ffffff",
        "input-selection-background": "#ffff00 50%",
        "border": "#ffffff",
        "border-blurred": "#aaaaaa",
        "scrollbar": "#ffffff",
        "text-muted": "#ffffff",
    },
)
