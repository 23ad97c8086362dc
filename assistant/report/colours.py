"""Level colours shared by the maturity table and the chart (hex RGB, no #)."""

from __future__ import annotations

LEVEL_COLOURS = {1: "E6A19A", 2: "F5C98E", 3: "B9D99F", 4: "86BCDD"}
UNRATED = "D9D9D9"


def colour(level: int | None) -> str:
    return LEVEL_COLOURS.get(level or 0, UNRATED)


def rgb(hex_: str) -> tuple[int, int, int]:
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)
