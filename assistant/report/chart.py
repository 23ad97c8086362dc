"""The maturity-profile chart as a PNG, drawn in pure Python (zlib + struct, no matplotlib).

One horizontal bar per element on a 0–top axis, numbered as the rows of the profile
table, coloured like the table's level cells, with the score at the end of each bar
and a dark line at "Established". Text lives in the table and the caption; the chart
carries only digits, from a tiny built-in bitmap font.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.report.colours import colour, rgb

_FONT = {  # 3×5 glyphs, rows top to bottom
    "0": ("111", "101", "101", "101", "111"), "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"), "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"), "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"), "7": ("111", "001", "010", "010", "010"),
    "8": ("111", "101", "111", "101", "111"), "9": ("111", "101", "111", "001", "111"),
    ".": ("000", "000", "000", "000", "010"), ",": ("000", "000", "000", "010", "100"),
    "-": ("000", "000", "111", "000", "000"), "–": ("000", "000", "111", "000", "000"),
}  # fmt: skip
WHITE, GRID, INK, MUTED = (255, 255, 255), (222, 222, 222), (40, 40, 40), (110, 110, 110)


@dataclass(frozen=True)
class Bar:
    label: str  # digits shown left of the bar (the row number)
    score: float | None
    level: int | None
    value: str = ""  # digits shown at the end of the bar


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.w, self.h = width, height
        self.rows = [bytearray(bytes(WHITE) * width) for _ in range(height)]

    def rect(self, x0: int, y0: int, x1: int, y1: int, c: tuple[int, int, int]) -> None:
        x0, x1 = max(0, x0), min(self.w, x1)
        if x1 <= x0:
            return
        run = bytes(c) * (x1 - x0)
        for y in range(max(0, y0), min(self.h, y1)):
            self.rows[y][x0 * 3 : x1 * 3] = run

    def text(self, x: int, y: int, s: str, c: tuple[int, int, int], px: int = 3) -> None:
        for ch in s:
            for r, line in enumerate(_FONT.get(ch, _FONT["-"])):
                for k, bit in enumerate(line):
                    if bit == "1":
                        self.rect(x + k * px, y + r * px, x + (k + 1) * px, y + (r + 1) * px, c)
            x += 4 * px

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(r) for r in self.rows)

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        head = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw, 6))
                + chunk(b"IEND", b""))


def text_width(s: str, px: int = 3) -> int:
    return len(s) * 4 * px - px


def profile_png(bars: Sequence[Bar], top: int = 4, established: float | None = 3, width: int = 1100) -> bytes:
    """The chart as PNG bytes."""
    row, bar_h, left, right, top_pad, bottom = 30, 20, 64, 70, 12, 40
    height = top_pad + max(1, len(bars)) * row + bottom
    c = Canvas(width, height)
    plot_w = width - left - right

    def x(v: float) -> int:
        return left + round(v / top * plot_w)

    axis_y = top_pad + len(bars) * row
    for v in range(top + 1):
        c.rect(x(v), top_pad - 4, x(v) + 1, axis_y, GRID)
        c.text(x(v) - 4, axis_y + 10, str(v), MUTED)
    for i, b in enumerate(bars):
        y = top_pad + i * row + (row - bar_h) // 2
        c.text(left - 12 - text_width(b.label), y + 3, b.label, INK)
        if b.score is None:
            c.text(x(0) + 8, y + 3, "–", MUTED)
            continue
        fill = rgb(colour(b.level, top))
        edge = tuple(max(0, v - 70) for v in fill)
        c.rect(x(0), y, x(b.score), y + bar_h, edge)  # type: ignore[arg-type]
        c.rect(x(0), y + 1, x(b.score) - 1, y + bar_h - 1, fill)
        if b.value:
            c.text(x(b.score) + 8, y + 3, b.value, INK)
    c.rect(left, axis_y, x(top) + 1, axis_y + 2, INK)
    if established is not None:
        ex = x(established)
        for y in range(top_pad - 4, axis_y, 10):
            c.rect(ex - 1, y, ex + 1, y + 6, INK)
    return c.png()
