"""How sure an element's answers are: contested answers and evidence confidence (pure).

Per element, from the answers the analysis counted:

- ``contested``: questions whose answer was recorded as contested (they still count in the
  score; the element's result says it rests on contested answers);
- ``confidence``: how many of its scored answers are documented, observed, stated or untagged,
  and one word for the element: ``documented`` when at least half of its tagged scored answers
  are documented, else ``observed`` when at least half are observed or better, else ``stated``;
  ``None`` when none is tagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.analysis.levels import ElementResult
from assistant.analysis.result import Analysis
from assistant.engine.answers import CONFIDENCE, Answer


@dataclass(frozen=True)
class Sources:
    """Contested answers and evidence confidence of one element."""

    contested: tuple[str, ...]  # question ids, in framework order
    confidence: dict[str, int]  # documented / observed / stated / untagged → scored answers
    level: str | None  # the element's confidence word, None when no answer is tagged

    @property
    def stated(self) -> int:
        return self.confidence.get("stated", 0)


def element_sources(result: ElementResult, answers: dict[str, Answer]) -> Sources:
    """The sources of one element's result, from the effective answers."""
    contested = tuple(q.id for q in result.questions
                      if (a := answers.get(q.id)) is not None and a.counts and a.agreement == "contested")
    counts = dict.fromkeys((*CONFIDENCE, "untagged"), 0)
    for c in result.contributions:
        a = answers.get(c.question)
        if c.rule == "not_asked" or a is None:
            continue
        counts[a.confidence if a.confidence in CONFIDENCE else "untagged"] += 1
    return Sources(contested, counts, confidence_word(counts))


def confidence_word(counts: dict[str, int]) -> str | None:
    """The strongest level that at least half of the tagged answers reach (see the module docstring)."""
    tagged = sum(counts.get(k, 0) for k in CONFIDENCE)
    if not tagged:
        return None
    reached = 0
    for level in CONFIDENCE:  # strongest first
        reached += counts.get(level, 0)
        if reached * 2 >= tagged:
            return level
    return CONFIDENCE[-1]


def needs_evidence(answers: dict[str, Answer]) -> list[str]:
    """Question ids of answers tagged only "stated" (what still needs evidence)."""
    return [q for q, a in answers.items() if a.status == "answered" and a.confidence == "stated"]


def all_sources(analysis: Analysis) -> dict[str, Sources]:
    """The sources of every element of an analysis (the context part included), by element id."""
    every = ([analysis.context] if analysis.context else []) + analysis.elements
    return {r.id: element_sources(r, analysis.answers) for r in every}
