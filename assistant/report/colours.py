"""Level colours shared by the maturity table and the chart (hex RGB, no #)."""

from __future__ import annotations

RAMP = ("E6A19A", "F5C98E", "EFE3A0", "B9D99F", "86BCDD")  # lowest to highest level
UNRATED = "D9D9D9"


def colour(level: int | None, top: int = 4) -> str:
    """The colour of ``level`` on a scale of ``top`` levels: spread over the ramp, ends fixed.

    A four-level scale takes red, amber, green and blue; three levels red, yellow and blue;
    five levels the whole ramp.
    """
    if not level or top < 2 or not 1 <= level <= top:
        return UNRATED
    return RAMP[round((level - 1) * (len(RAMP) - 1) / (top - 1))]


def rgb(hex_: str) -> tuple[int, int, int]:
    return int(hex_[0:2], 16), int(hex_[2:4], 16), int(hex_[4:6], 16)


LEVEL_COLOURS = {level: colour(level) for level in range(1, 5)}  # the four-level scale of the BMM
