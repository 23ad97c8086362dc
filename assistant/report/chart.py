"""The maturity-profile chart as a PNG, drawn with Pillow.

One horizontal bar per element on a 0–top axis, labelled with the element's number and
name, coloured like the profile table's level cells, with the score at the end of each
bar and a dashed line at "Established". A system sans-serif font is used when one is
installed (DejaVu, Liberation, Arial, Segoe UI…); otherwise Pillow's bundled font, with
accents folded.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from assistant.report.colours import colour, rgb

WHITE, GRID, INK, MUTED = (255, 255, 255), (222, 222, 222), (40, 40, 40), (110, 110, 110)
FONT_PX = 17


@dataclass(frozen=True)
class Bar:
    label: str  # the element's number and name, left of the bar
    score: float | None
    level: int | None
    value: str = ""  # the score as shown at the end of the bar


SYSTEM_FONTS = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "arial.ttf", "Arial.ttf", "segoeui.ttf",
                "Helvetica.ttc", "NotoSans-Regular.ttf")


@cache
def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A system sans-serif font with accented letters, else Pillow's bundled one (ASCII only)."""
    for name in SYSTEM_FONTS:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _label(text: str) -> str:
    """The text as the font can show it: accents folded (é → e) when only the bundled font is there."""
    if _font(FONT_PX)[1]:
        return text
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "replace").decode()


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int) -> str:
    """``text`` cut with an ellipsis so that it fits in ``width`` pixels."""
    font = _font(FONT_PX)[0]
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def profile_png(bars: Sequence[Bar], top: int = 4, established: float | None = 3, width: int = 1200) -> bytes:
    """The chart as PNG bytes."""
    row, bar_h, top_pad, bottom, right = 28, 18, 10, 34, 56
    left = int(width * 0.42)
    height = top_pad + max(1, len(bars)) * row + bottom
    img = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(img)
    font = _font(FONT_PX)[0]
    plot_w = width - left - right

    def x(v: float) -> int:
        return left + round(v / top * plot_w)

    axis_y = top_pad + len(bars) * row
    for v in range(top + 1):
        draw.line([(x(v), top_pad - 4), (x(v), axis_y)], fill=GRID, width=1)
        draw.text((x(v), axis_y + 8), str(v), fill=MUTED, font=font, anchor="mt")
    for i, b in enumerate(bars):
        y = top_pad + i * row + (row - bar_h) // 2
        mid = y + bar_h // 2
        draw.text((left - 10, mid), _fit(draw, _label(b.label), left - 18), fill=INK, font=font, anchor="rm")
        if b.score is None:
            draw.text((x(0) + 8, mid), "–", fill=MUTED, font=font, anchor="lm")
            continue
        fill = rgb(colour(b.level, top))
        edge = tuple(max(0, v - 70) for v in fill)
        draw.rectangle([x(0), y, max(x(0), x(b.score) - 1), y + bar_h - 1], fill=fill, outline=edge)
        if b.value:
            draw.text((x(b.score) + 8, mid), b.value, fill=INK, font=font, anchor="lm")
    draw.line([(left, axis_y), (x(top), axis_y)], fill=INK, width=2)
    if established is not None:
        ex = x(established)
        for y in range(top_pad - 4, axis_y, 12):
            draw.line([(ex, y), (ex, min(axis_y, y + 7))], fill=INK, width=3)
    out = io.BytesIO()
    out.name = "chart.png"  # Pillow then loads its PNG writer only, not five image formats
    img.save(out, compress_level=1)  # fast: the .docx is zipped anyway
    return out.getvalue()
