"""Text that is safe to print on a terminal.

Imported metadata, road-map edits or a damaged file can carry ESC, BEL, carriage returns
and other control characters that a terminal would obey (change colours, rewrite the
line, set the window title). Everything ``bmm`` prints goes through :class:`CleanStream`,
which shows each such character as its ``\\uXXXX`` escape instead: harmless on a terminal,
and inside printed JSON the same character once decoded (so ``export`` stays lossless).
Newlines and tabs are kept.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 except \t and \n, DEL, C1, and the bidirectional overrides that reorder what is shown.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every terminal control character shown as its ``\\uXXXX`` escape."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class CleanStream:
    """A text stream that writes :func:`printable` text to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
