"""Turn what a person typed into a normalised answer, per question type.

Accepted forms: an option's number, its value, or its label in the interview
language; for yes/no also y/n (o/n in French); numbers with spaces or
thousands separators; dates as YYYY-MM-DD or DD/MM/YYYY. "Don't know" and "not
applicable" are accepted as keywords (``dk``, ``na``, ``?``, ``-`` …) or as the
numbers after the options, when the question offers them. Anything else raises
:class:`InvalidAnswer` with a message in the interview language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from assistant.engine.answers import Answer
from assistant.errors import InvalidAnswer
from assistant.framework.models import DONT_KNOW, NOT_APPLICABLE, text
from assistant.i18n import t

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Choice:
    """One numbered choice as shown to the person answering."""

    number: int
    label: str
    value: Any  # option value, level, "yes"/"no", or a special status
    special: bool = False
    detail: str = ""  # a scale level's descriptor
    exclusive: bool = False  # "None of these": not combined with other options


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(raw: str, strip: bool = True) -> str:
    """User text without control characters (newlines and tabs kept), trimmed unless ``strip=False``.

    Bytes that were not valid UTF-8 (read as lone surrogates) become U+FFFD, so the
    rest of the answer is kept and can be saved.
    """
    text = _CONTROL.sub("", _SURROGATE.sub("\ufffd", raw.replace("\r\n", "\n").replace("\r", "\n")))
    return text.strip() if strip else text


def choices(question: Any, lang: str, scale_labels: list[str] | None = None) -> list[Choice]:
    """The numbered choices of a question, specials last; empty for free-entry types."""
    out: list[Choice] = []
    kind = question.type
    if kind == "yes_no":
        out = [Choice(1, t(lang, "yes"), "yes"), Choice(2, t(lang, "no"), "no")]
    elif kind in ("single_choice", "multi_choice"):
        out = [Choice(i, text(o.label, lang), o.value, exclusive=o.exclusive)
               for i, o in enumerate(question.options, 1)]
    elif kind == "scale":
        labels = scale_labels or [str(i) for i in range(1, len(question.levels) + 1)]
        out = [
            Choice(i, labels[i - 1] if i <= len(labels) else str(i), i, detail=text(d, lang))
            for i, d in enumerate(question.levels, 1)
        ]
    else:
        return []
    for status in question.specials():
        out.append(Choice(len(out) + 1, t(lang, status), status, special=True))
    return out


def normalise(question: Any, raw: str, lang: str, scale_labels: list[str] | None = None) -> Answer:
    """The answer ``raw`` gives to ``question``, or :class:`InvalidAnswer`."""
    given = clean_text(raw)
    if not given:
        raise InvalidAnswer(t(lang, "err.empty"))
    status = _special_keyword(given, lang)
    if status is not None:
        return _special(question, status, lang)
    kind = question.type
    if kind in ("yes_no", "single_choice", "scale"):
        picked = _pick(question, given, lang, scale_labels)
        if picked.special:
            return _special(question, picked.value, lang)
        return Answer(question.id, value=picked.value)
    if kind == "multi_choice":
        return _multi(question, given, lang)
    if kind == "number":
        return Answer(question.id, value=_number(question, given, lang))
    if kind == "date":
        return Answer(question.id, value=_date(given, lang))
    return Answer(question.id, value=given)


def from_value(question: Any, value: Any, lang: str = "en") -> Answer:
    """Validate an already structured value (as the TUI and imports provide it)."""
    if value in (DONT_KNOW, NOT_APPLICABLE):
        return _special(question, value, lang)
    kind = question.type
    if kind == "multi_choice":
        if not isinstance(value, (list, tuple)):
            raise InvalidAnswer(t(lang, "err.multi_empty"))
        return _multi(question, ",".join(str(v) for v in value), lang)
    return normalise(question, str(value), lang)


def _special(question: Any, status: str, lang: str) -> Answer:
    if status not in question.specials():
        raise InvalidAnswer(t(lang, "err.not_offered", label=t(lang, status)))
    return Answer(question.id, status=status)  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _fold(s: str) -> str:
    """Case- and accent-insensitive form for matching labels (the same labels are folded again and
    again: every answer checked against a framework folds its question's keywords and options)."""
    nfkd = unicodedata.normalize("NFKD", s.casefold().strip())
    return "".join(c for c in nfkd if not unicodedata.combining(c)).replace("’", "'")


def _special_keyword(given: str, lang: str) -> str | None:
    folded = _fold(given)
    for status in (DONT_KNOW, NOT_APPLICABLE):
        words = {_fold(w) for w in t(lang, f"keywords.{status}").split("|")}
        words |= {_fold(t(lang, status))}
        if folded in words:
            return status
    return None


def _pick(question: Any, given: str, lang: str, scale_labels: list[str] | None) -> Choice:
    options = choices(question, lang, scale_labels)
    n = len(options)
    folded = _fold(given)
    if folded.isdecimal():
        number = int(folded)
        if 1 <= number <= n:
            return options[number - 1]
    if question.type == "yes_no":
        for value in ("yes", "no"):
            if folded in {_fold(w) for w in t(lang, f"keywords.{value}").split("|")}:
                return options[0] if value == "yes" else options[1]
    for c in options:
        if folded in (_fold(c.label), _fold(str(c.value))):
            return c
    specials = [c for c in options if c.special]
    extra = t(lang, "or_special", specials=" / ".join(c.label for c in specials)) if specials else ""
    if question.type == "yes_no":
        raise InvalidAnswer(t(lang, "err.yes_no", extra=extra))
    if question.type == "scale":
        raise InvalidAnswer(t(lang, "err.scale", n=len(question.levels), extra=extra))
    raise InvalidAnswer(t(lang, "err.choice_unknown", given=given, n=n))


def _multi(question: Any, given: str, lang: str) -> Answer:
    options = choices(question, lang)
    whole = _fold(given)
    if any(whole in (_fold(c.label), _fold(str(c.value))) for c in options):
        parts = [given]  # one option whose label contains a comma
    else:
        parts = [p for p in re.split(r"[,;]+|\s+(?=\d)", given) if p.strip()]
    if not parts:
        raise InvalidAnswer(t(lang, "err.multi_empty"))
    picked: list[Choice] = []
    for part in parts:
        folded = _fold(part)
        status = _special_keyword(part, lang)
        match = None
        if status is not None:
            match = next((c for c in options if c.value == status), None)
            if match is None:
                raise InvalidAnswer(t(lang, "err.not_offered", label=t(lang, status)))
        elif folded.isdecimal() and 1 <= int(folded) <= len(options):
            match = options[int(folded) - 1]
        else:
            match = next(
                (c for c in options if folded in (_fold(c.label), _fold(str(c.value)))), None
            )
        if match is None:
            raise InvalidAnswer(t(lang, "err.choice_unknown", given=part.strip(), n=len(options)))
        if match not in picked:
            picked.append(match)
    alone = [c for c in picked if c.special or c.exclusive]
    if alone and len(picked) > 1:
        raise InvalidAnswer(t(lang, "err.special_alone", label=alone[0].label))
    if alone and alone[0].special:
        return _special(question, alone[0].value, lang)
    order = [c.value for c in options]
    values = sorted((c.value for c in picked), key=order.index)
    return Answer(question.id, value=values)


_DIGITS = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def is_percent(question: Any) -> bool:
    """Whether a number question asks for a percentage (its unit says per cent, or %)."""
    units = question.unit.values() if question.unit is not None else ()
    return any("%" in u or re.search(r"\b(per ?cent|pour ?cent|percent)", u.casefold()) for u in units)


def _number(question: Any, given: str, lang: str) -> int | float:
    """A number written in digits; a unit may follow, ``%`` only where a percentage is asked.

    ``1e3``, ``about 40`` or ``40-50`` are refused rather than guessed at.
    """
    s = given.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("_", "")
    if lang == "fr":
        s = s.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    percent = is_percent(question)
    lowered = s.lower()
    for unit in _units(question):
        if lowered.endswith(unit):
            s = s[: -len(unit)]
            break
    rng = _range_text(question, lang)
    key = "err.integer" if question.integer else "err.number"
    if not _DIGITS.fullmatch(s):
        if "%" in s and not percent:
            raise InvalidAnswer(t(lang, "err.not_percent", unit=text(question.unit, lang) if question.unit else "",
                                  extra=rng))
        raise InvalidAnswer(t(lang, "err.percent" if percent else "err.digits", error=t(lang, key, extra=rng)))
    number = float(s)
    if question.integer and number != int(number):
        raise InvalidAnswer(t(lang, "err.integer", extra=rng))
    if (question.min is not None and number < question.min) or (
        question.max is not None and number > question.max
    ):
        raise InvalidAnswer(t(lang, key, extra=rng))
    return int(number) if question.integer or number == int(number) else number


def _units(question: Any) -> list[str]:
    """Suffixes a number may carry: the question's unit words, and ``%`` where a percentage is asked."""
    units = {u.strip().lower().replace(" ", "") for u in question.unit.values() if u.strip()} \
        if question.unit is not None else set()
    if is_percent(question):
        units.add("%")
    return sorted(units, key=len, reverse=True)


def _range_text(question: Any, lang: str) -> str:
    lo, hi = question.min, question.max
    fmt = lambda v: f"{v:g}"  # noqa: E731
    if lo is not None and hi is not None:
        return t(lang, "err.range_between", min=fmt(lo), max=fmt(hi))
    if lo is not None:
        return t(lang, "err.range_min", min=fmt(lo))
    if hi is not None:
        return t(lang, "err.range_max", max=fmt(hi))
    return ""


def _date(given: str, lang: str) -> str:
    s = given.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", s)
        if not m:
            raise InvalidAnswer(t(lang, "err.date"))
        d, mo, y = (int(x) for x in m.groups())
    try:
        day = date(y, mo, d)
    except ValueError:
        raise InvalidAnswer(t(lang, "err.date_invalid", given=s)) from None
    if not 1900 <= y <= date.today().year + FUTURE_YEARS:  # 2099 or 1066: a slip of the keyboard
        raise InvalidAnswer(t(lang, "err.date_year", given=s, latest=date.today().year + FUTURE_YEARS))
    return day.isoformat()


FUTURE_YEARS = 30  # dates later than this many years from now are refused as typing slips
