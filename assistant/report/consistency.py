"""Does an evidence note contradict its answer? Checks used on the demo (pure).

Contradictions a reader spots at once:
- a "No" (or the lowest option, or "none of these") beside a note that cites an instrument in force
  or says the thing was set up ("Decree 2019/114 creates the IBM Council"), with no negation or
  reservation in the note ("draft", "not adopted", "without budget lines" agree with a "No");
- a "No" to a question about a law, beside a note citing a law, whatever else the note says;
- a number answer beside a note whose figures are all far from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from assistant.framework.models import Framework, text

_INSTRUMENT = re.compile(r"\b(Act|Law|Decree|Code|Regulation|Loi|Décret|Règlement|Arrêté)\b.*?\d{4}|\bart\.\s*\d",
                         re.I)
_ABOUT_LAW = re.compile(r"\b(law|laws|legislation|legal|act|decree|statute|loi|lois|législation|juridique|"
                        r"décret|légal\w*)\b", re.I)
_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?![\w])")
_IN_PLACE = re.compile(
    r"\b(adopted|established|creates?|created|signed|in force|exists?|installed|member since|issued since|"
    r"adopté\w*|établi\w*|créé\w*|crée|signé\w*|en vigueur|existe|installé\w*|membre depuis|délivré\w* depuis)\b"
    r"|\b(Act|Law|Decree|Code|Order|Regulation|Strategy|Plan|Policy|Agreement|Protocol|Loi|Décret|Arrêté|"
    r"Stratégie|Plan|Politique|Accord|Protocole)\b[^.;]*?\b(19|20)\d{2}\b", re.I)
_RESERVED = re.compile(r"\b(no|not|none|never|without|draft|expired|only|lacks?|missing|neither|nor|"
                       r"aucun\w*|pas|sans|jamais|projet|expiré\w*|seulement|uniquement|ni)\b|n'", re.I)


def _figures(note: str) -> list[float]:
    out = []
    for m in _FIGURE.finditer(note):
        value = float(re.sub(r"[ ,\u00a0\u202f]", "", m.group(1)))
        if not 1900 <= value <= 2100:  # years are dates, not quantities
            out.append(value)
    return out


def contradicts(question: Any, answer: Any, note: str, lang: str = "en") -> str | None:
    """Why ``note`` contradicts ``answer`` to ``question``, or None."""
    if not note.strip() or answer is None or answer.status != "answered":
        return None
    value = answer.value
    if question.type in ("yes_no", "single_choice", "multi_choice"):
        lowest = value == "no" or value == [] or _is_lowest(question, value)
        if lowest and _INSTRUMENT.search(note) and _ABOUT_LAW.search(text(question.text, lang)):
            return "a negative answer about a law beside a note citing one"
        if lowest and _IN_PLACE.search(note) and not _RESERVED.search(note):
            return "a negative answer beside a note saying the thing is in place"
    if question.type == "number" and isinstance(value, int | float):
        figures = _figures(note)
        if figures and not any(_near(f, float(value)) for f in figures):
            return f"the answer {value:g} beside figures {', '.join(f'{f:g}' for f in figures)}"
    return None


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= max(2.0, 0.5 * max(abs(a), abs(b)))


def _is_lowest(question: Any, value: Any) -> bool:
    options = [o for o in getattr(question, "options", []) if o.score is not None]
    if not options or isinstance(value, list):
        return isinstance(value, list) and any(
            o.exclusive and o.value in value for o in getattr(question, "options", []))
    return value == min(options, key=lambda o: o.score).value


def contradictions(framework: Framework, answers: Iterable[Any], lang: str = "en") -> list[str]:
    """Every note that contradicts its answer, as "question id: reason"."""
    questions = {q.id: q for _, q in framework.questions()}
    out = []
    for a in answers:
        q = questions.get(a.question)
        why = contradicts(q, a, a.note or "", lang) if q is not None else None
        if why:
            out.append(f"{a.question}: {why}")
    return out
