"""Message catalogues: every interface string, per language, kept out of the code.

Catalogues are JSON files in ``i18n/<lang>/*.json`` (one per layer: ``core``,
``tui``, ``report``), merged per language. ``t(lang, key, **params)`` looks a key
up in ``lang``, then English, then returns the key itself so a missing string is
visible rather than fatal.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fr")
_HERE = Path(__file__).resolve().parent


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of ``lang``, merged from its JSON files."""
    merged: dict[str, str] = {}
    folder = _HERE / lang
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def t(lang: str, key: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``{params}`` filled in.

    With a count ``n`` of one (zero or one in French), ``key.one`` is used when it exists,
    so messages say "1 answer" / "3 answers" rather than "answer(s)".
    """
    n = params.get("n")
    if isinstance(n, int) and (n == 1 or (lang == "fr" and n == 0)):
        key = f"{key}.one" if (f"{key}.one" in catalogue(lang) or f"{key}.one" in catalogue("en")) else key
    template = catalogue(lang).get(key) or catalogue("en").get(key) or key
    if params:
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template
    return template
