"""The review of the baseline's road map in a follow-up: what became of each action.

Each action of the baseline's road map gets one record of kind ``"review"`` in the
follow-up, keyed by the action's key in the baseline (``rec:<rule>`` or ``add:<token>``):
``status`` (done, in_progress, not_started, dropped), ``note``, and, so the report reads
the same whatever happens to the baseline later, the action's element, text and objective.
"""

from __future__ import annotations

from typing import Any

from assistant.analysis.result import Action
from assistant.engine.normalise import clean_text
from assistant.errors import BmmError
from assistant.i18n import t
from assistant.store.assessments import Assessment

KIND = "review"
STATUSES = ("done", "in_progress", "not_started", "dropped")
_WORDS = {  # what people type in plain mode, in both languages, for each status
    "done": ("done", "d", "fait", "réalisé", "realise", "réalisée"),
    "in_progress": ("in progress", "in_progress", "progress", "p", "en cours", "encours", "c"),
    "not_started": ("not started", "not_started", "n", "pas commencé", "pas commence", "non commencé"),
    "dropped": ("dropped", "x", "abandoned", "abandonné", "abandonne", "abandonnée"),
}


def reviews(assessment: Assessment) -> dict[str, dict[str, Any]]:
    """The follow-up's reviews, by the baseline action's key."""
    return assessment.records(KIND)


def pending(assessment: Assessment, actions: list[Action]) -> list[Action]:
    """The actions among ``actions`` not reviewed yet."""
    done = reviews(assessment)
    return [a for a in actions if a.key not in done]


def save_review(assessment: Assessment, action: Action, status: str, note: str = "", who: str = "",
                lang: str = "en") -> dict[str, Any]:
    """Record what became of one baseline action (replacing an earlier review of it)."""
    if status not in STATUSES:
        raise BmmError(t(lang, "followup.review.bad_status", statuses=", ".join(STATUSES)))
    return assessment.save_record(KIND, action.key, status=status, note=clean_text(note or "").strip(),
                                  element=action.element or "", text=action.text, objective=action.objective,
                                  who=who)


def parse_status(raw: str, lang: str = "en") -> str:
    """A status from a number (1–4), its name or a short word, in English or French."""
    word = " ".join(raw.strip().casefold().split())
    if word.isdigit() and 1 <= int(word) <= len(STATUSES):
        return STATUSES[int(word) - 1]
    for status, words in _WORDS.items():
        if word in words or word == t(lang, f"followup.review.{status}").casefold():
            return status
    raise BmmError(t(lang, "followup.review.bad_status", statuses=", ".join(
        f"{n} {t(lang, f'followup.review.{s}')}" for n, s in enumerate(STATUSES, 1))))
