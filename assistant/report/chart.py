"""The maturity-profile chart as a PNG, drawn with Pillow and its bundled font.

One horizontal bar per element on a 0–top axis, labelled with the element's number and
name, coloured like the profile table's level cells, with the score at the end of each
bar and a dashed line at "Established". Pillow's bundled FreeType font covers the Latin
letters of English and French, so the chart needs no system font.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from assistant.report.colours import colour, rgb

WHITE, GRID, INK, MUTED = (255, 255, 255), (222, 222, 222), (40, 40, 40), (110, 110, 110)
FONT_PX = 24


@dataclass(frozen=True)
class Bar:
    label: str  # the element's number and name, left of the bar
    score: float | None
    level: int | None
    value: str = ""  # the score as shown at the end of the bar


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int) -> str:
    """``text`` cut with an ellipsis so that it fits in ``width`` pixels."""
    font = _font(FONT_PX)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def profile_png(bars: Sequence[Bar], top: int = 4, established: int | None = 3, width: int = 1600) -> bytes:
    """The chart as PNG bytes."""
    row, bar_h, top_pad, bottom, right = 40, 26, 14, 48, 80
    left = int(width * 0.42)
    height = top_pad + max(1, len(bars)) * row + bottom
    img = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(img)
    font = _font(FONT_PX)
    plot_w = width - left - right

    def x(v: float) -> int:
        return left + round(v / top * plot_w)

    axis_y = top_pad + len(bars) * row
    for v in range(top + 1):
        draw.line([(x(v), top_pad - 4), (x(v), axis_y)], fill=GRID, width=1)
        draw.text((x(v), axis_y + 10), str(v), fill=MUTED, font=font, anchor="mt")
    for i, b in enumerate(bars):
        y = top_pad + i * row + (row - bar_h) // 2
        mid = y + bar_h // 2
        draw.text((left - 14, mid), _fit(draw, b.label, left - 24), fill=INK, font=font, anchor="rm")
        if b.score is None:
            draw.text((x(0) + 10, mid), "–", fill=MUTED, font=font, anchor="lm")
            continue
        fill = rgb(colour(b.level))
        edge = tuple(max(0, v - 70) for v in fill)
        draw.rectangle([x(0), y, max(x(0), x(b.score) - 1), y + bar_h - 1], fill=fill, outline=edge)
        if b.value:
            draw.text((x(b.score) + 10, mid), b.value, fill=INK, font=font, anchor="lm")
    draw.line([(left, axis_y), (x(top), axis_y)], fill=INK, width=2)
    if established is not None:
        ex = x(established)
        for y in range(top_pad - 4, axis_y, 12):
            draw.line([(ex, y), (ex, min(axis_y, y + 7))], fill=INK, width=3)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()
