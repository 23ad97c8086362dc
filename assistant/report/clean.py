"""User text made safe for a Word document without changing what it says."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, and code points XML 1.0 forbids
# (\a and \f would otherwise become paragraph and page breaks in docxtpl). A form feed or a
# vertical tab separates words, so it becomes a space rather than nothing.
_SEPARATOR = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(value: Any) -> str:
    """The text with line ends normalised to \\n and control characters removed."""
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    return _CONTROL.sub("", _SEPARATOR.sub(" ", s.replace("\r\n", "\n").replace("\r", "\n")))
