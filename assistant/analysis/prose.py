"""An element's finding in prose: what is in place, the gaps, what is unverified (pure).

Each answer becomes the sentence its question's ``finding:`` authors for it ({values},
{value} and {unit} filled, the evidence note cited in brackets); a question without an
authored sentence gets a neutral one. The report, the TUI element summary and the plain
interview all show this text; a facilitator may rewrite it (an edit with the key
``finding:<element id>``), and the rewrite is used instead, marked as edited.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.analysis.result import Analysis
from assistant.framework.models import text
from assistant.i18n import t

NOTE_CHARS = 110  # an evidence note cited in a sentence; the annex keeps it whole
_SPACES = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"\{(values|value|unit)\}")


def finding_key(element_id: str) -> str:
    """The edit key of an element's rewritten finding."""
    return f"finding:{element_id}"


@dataclass(frozen=True)
class Finding:
    """The paragraphs an element's findings section shows, and whether the team rewrote them."""

    paragraphs: tuple[str, ...]
    draft: tuple[str, ...]  # what the answers give, whatever was written instead
    edited: bool = False
    gaps: str = ""  # the draft's paragraph on the gaps ("" when there are none)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def paragraphs_of(text_: str) -> tuple[str, ...]:
    """A typed finding as paragraphs: split at blank lines, each on one line."""
    parts = re.split(r"\n\s*\n", text_.replace("\r\n", "\n"))
    return tuple(p for p in (" ".join(x.split()) for x in parts) if p)


def element_finding(analysis: Analysis, element_id: str,
                    edits: Mapping[str, Mapping[str, Any]] | None = None, lang: str | None = None) -> Finding:
    """The finding of one element: the team's rewrite when there is one, else the draft."""
    lang = lang or analysis.lang
    parts = draft_parts(analysis, element_id, lang)
    draft = tuple(p for p in parts if p)
    edit = (edits or {}).get(finding_key(element_id)) or {}
    written = paragraphs_of(str(edit.get("text") or ""))
    if written:
        return Finding(written, draft, True, parts[1])
    return Finding(draft, draft, False, parts[1])


def draft_paragraphs(analysis: Analysis, element_id: str, lang: str) -> list[str]:
    """One to three paragraphs built from the answers' finding sentences."""
    return [p for p in draft_parts(analysis, element_id, lang) if p]


def draft_parts(analysis: Analysis, element_id: str, lang: str) -> tuple[str, str, str]:
    """``(in place, gaps, unverified)``: each a paragraph, or "" when there is nothing to say."""
    r = analysis.element(element_id)
    if r is None:
        return "", "", ""
    f = analysis.framework
    bar = f.thresholds()[analysis.established]
    scores = {c.question: c.score for c in r.contributions if c.rule != "not_asked"}
    strong: list[str] = []
    weak: list[str] = []
    for q in r.questions:
        a = analysis.answers.get(q.id)
        if a is None or a.status != "answered" or q.type == "text":
            continue
        sentence = answer_sentence(q, a, lang, f.scale_label)
        if not sentence:
            continue
        note = _note(a.note)
        if note:
            sentence = sentence.rstrip(" .") + " " + t(lang, "report.prose.evidence", note=note) + "."
        (weak if _is_weak(q, a, scores, bar, analysis.established) else strong).append(sentence)
    return " ".join(strong), " ".join(weak), _unverified(r.coverage, lang)


def answer_sentence(q: Any, a: Any, lang: str, scale_label: Any = None) -> str:
    """The finding sentence of one answer: authored when the question has one, else neutral."""
    key = _key(q, a.value)
    authored = text((q.finding or {}).get(key), lang) if key is not None else ""
    if authored:
        return _fill(authored, q, a.value, lang)
    shown = _answer_words(q, a.value, lang, scale_label)
    if not shown:
        return ""
    question = " ".join(text(q.text, lang).split())
    return t(lang, "report.prose.neutral", question=question, answer=shown)


# ---- pieces --------------------------------------------------------------------------
def _key(q: Any, value: Any) -> str | None:
    if q.type in ("yes_no", "single_choice"):
        return str(value)
    if q.type == "multi_choice":
        values = value if isinstance(value, list) else [value]
        exclusive = [o.value for o in q.options if o.exclusive and o.value in values]
        return exclusive[0] if exclusive else ("some" if values else None)
    if q.type == "scale":
        return str(value)
    if q.type in ("number", "date"):
        return "any"
    return None


def _is_weak(q: Any, a: Any, scores: dict[str, float], bar: float, established: int) -> bool:
    """A gap: a scored answer below "Established", or an unscored one at its declared worst."""
    if q.id in scores:
        return scores[q.id] < bar - 1e-9
    if q.type == "scale":
        return isinstance(a.value, int) and a.value < established
    return q.worst is not None and a.value == q.worst and a.value != q.best


def _fill(sentence: str, q: Any, value: Any, lang: str) -> str:
    unit = text(q.unit, lang) if getattr(q, "unit", None) else ""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "values":
            return labels_list(q, value, lang)
        if name == "unit":
            return unit
        return long_date(str(value), lang) if q.type == "date" else number_words(value, lang)

    out = _SPACES.sub(" ", _PLACEHOLDER.sub(one, sentence)).strip()
    out = re.sub(r"(\d)\s*%", "\\1\u00a0%" if lang == "fr" else "\\1%", out)
    out = out.replace(" .", ".").replace(" ,", ",")
    return out[:1].upper() + out[1:]


def labels_list(q: Any, value: Any, lang: str) -> str:
    """The ticked ordinary options' labels as a list: "airports, land crossings and seaports"."""
    values = value if isinstance(value, list) else [value]
    labels = [_lower(text(o.label, lang)) for o in q.options if o.value in values and not o.exclusive]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + t(lang, "report.prose.and") + labels[-1]


def _lower(label: str) -> str:
    """Lower-case a label's first letter unless it names something (another capitalised word)."""
    words = label.split()
    if not words or not words[0][:1].isupper() or (words[0].isupper() and len(words[0]) > 1):
        return label
    named = any(w[:1].isupper() and not w.isupper() for w in words[1:])
    return label if named else label[:1].lower() + label[1:]


def number_words(value: Any, lang: str) -> str:
    """A number as the user gave it, grouped in thousands the language's way."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    grouped = f"{value:,}" if abs(value) >= 10_000 else str(value)
    if lang == "fr":
        grouped = grouped.replace(",", "\u202f").replace(".", ",")
    return grouped


def long_date(iso: str, lang: str) -> str:
    """2026-03-14 → "14 March 2026" / "14 mars 2026"; anything else is returned as is."""
    try:
        d = date.fromisoformat(iso[:10])
    except (TypeError, ValueError):
        return iso
    month = t(lang, "report.months").split(",")[d.month - 1]
    return f"{d.day} {month} {d.year}"


def _answer_words(q: Any, value: Any, lang: str, scale_label: Any) -> str:
    if q.type == "yes_no":
        return t(lang, str(value)).lower()
    if q.type in ("single_choice", "multi_choice"):
        values = value if isinstance(value, list) else [value]
        return t(lang, "list_sep").join(_lower(text(o.label, lang)) for o in q.options if o.value in values)
    if q.type == "scale":
        return f"{value} ({scale_label(value, lang)})" if scale_label else str(value)
    if q.type == "number":
        unit = text(q.unit, lang) if q.unit else ""
        return _fill(f"{{value}} {unit}".strip(), q, value, lang)
    if q.type == "date":
        return long_date(str(value), lang)
    return ""


def _note(note: str | None) -> str:
    """An evidence note for a sentence: one line, without its final full stop, shortened."""
    s = " ".join((note or "").split()).rstrip(" .;")
    s = re.sub(r"\s+\(([^()]*)\)", r", \1", s)  # brackets inside the brackets it goes in: commas instead
    if len(s) > NOTE_CHARS:
        head = s[:NOTE_CHARS]
        clause = head.rsplit("; ", 1)[0] if "; " in head else ""
        if len(clause) >= NOTE_CHARS // 3:  # a whole first clause reads better than a cut one
            return clause.rstrip(" ,;:.")
        cut = head.rsplit(" ", 1)[0] or head
        s = cut.rstrip(" ,;:.") + "…"
    return s


def _unverified(cov: Any, lang: str) -> str:
    """What could not be verified, briefly: "don't know" answers, open and inapplicable questions."""
    if cov.applicable and not cov.responded:
        return t(lang, "report.findings.coverage.none", total=cov.applicable)
    parts = [t(lang, f"report.prose.{key}", n=n) for key, n in (("dont_know", cov.dont_know), ("open", cov.open)) if n]
    out = t(lang, "report.prose.unverified", parts=t(lang, "report.prose.and").join(parts)) if parts else ""
    if cov.not_applicable:
        out = (out + " " + t(lang, "report.prose.not_applicable", n=cov.not_applicable)).strip()
    return out


# ---- the team's rewrite, stored with the assessment ------------------------------------------
def session_finding(framework: Any, answers: Mapping[str, Any], lang: str,
                    edits: Mapping[str, Mapping[str, Any]], element_id: str) -> Finding:
    """The finding of one element from an interview's answers (what the report will write)."""
    from assistant.analysis.analyse import analyse

    return element_finding(analyse(framework, answers, lang, edits), element_id, edits, lang)


def save_finding(assessment: Any, element_id: str, text_: str) -> bool:
    """Store the team's own finding for an element; an empty text goes back to the draft.

    Returns True when a rewrite is now stored.
    """
    paragraphs = paragraphs_of(text_)
    if not paragraphs:
        reset_finding(assessment, element_id)
        return False
    assessment.save_edit(finding_key(element_id), text="\n\n".join(paragraphs))
    return True


def reset_finding(assessment: Any, element_id: str) -> None:
    """Drop the team's rewrite: the report writes the draft again."""
    if finding_key(element_id) in assessment.edits():
        assessment.drop_edit(finding_key(element_id))
