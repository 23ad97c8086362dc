"""Cross-cutting themes: which scored answers touch coordination, protection, gender and data (pure).

Questions are matched by keywords in their English text, so the mapping survives questions
being added, renamed or removed in the trees. A theme is reported from the scored answers it
touches: how many reach the "Established" level, and the element where it is weakest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.analysis import Analysis
from assistant.framework.models import text

THEMES: dict[str, tuple[str, ...]] = {
    "coordination": (r"coordinat\w*", r"cooperat\w*", r"inter-?agency", r"joint\w*", r"shar(?:e|ed|ing)\b",
                     r"neighbouring", r"liaison"),
    "protection": (r"human rights?", r"protection", r"vulnerab\w*", r"refugee\w*", r"asylum", r"refoulement",
                   r"victims?", r"child\w*", r"detention"),
    "gender": (r"gender\w*", r"\bwomen\b", r"\bfemale\b", r"sex-disaggregated"),
    "data": (r"\bdata\b", r"personal information", r"privacy", r"database\w*", r"information system\w*",
             r"\bAPI\b", r"\bPNR\b"),
}
_PATTERNS = {k: re.compile("|".join(v), re.I) for k, v in THEMES.items()}


@dataclass(frozen=True)
class Theme:
    key: str
    total: int  # scored answers touching the theme
    reached: int  # of which at or above "Established"
    weakest: str  # title of the element where the theme scores lowest ("" when none)


def themes(analysis: Analysis, lang: str) -> list[Theme]:
    est = analysis.established
    scored = []  # (element, score, question text in English), scale answers left out
    for e in analysis.elements:
        asked = {q.id: text(q.text, "en") for q in e.questions}
        scored += [(e, c.score, asked[c.question]) for c in e.contributions
                   if c.rule != "scale" and c.question in asked]
    out = []
    for key, pattern in _PATTERNS.items():
        scores: dict[str, list[float]] = {}
        titles: dict[str, str] = {}
        for e, score, asked_text in scored:
            if pattern.search(asked_text):
                scores.setdefault(e.id, []).append(score)
                titles[e.id] = text(e.element.title, lang)
        every = [s for v in scores.values() for s in v]
        if not every:
            continue
        low = min(scores, key=lambda k: sum(scores[k]) / len(scores[k]))
        weakest = titles[low] if min(scores[low]) < est else ""
        out.append(Theme(key, len(every), sum(1 for s in every if s >= est), weakest))
    return out
