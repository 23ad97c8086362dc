"""The best and the worst answers to a framework, and what they make the analysis say.

A run walks the interview as a person would: each question that applies gets the chosen
answer, and any follow-up that answer opens is answered in turn. The answers are fixed:

- ``scale``: the top level (best) or level 1 (worst);
- scored ``yes_no`` and ``single_choice``: the highest- or lowest-scored answer;
- scored ``multi_choice``: best ticks every non-exclusive scored option (all measures in
  place); worst ticks the exclusive option ("none of these") if there is one, else the
  single lowest-scored option;
- unscored questions: their declared ``best`` / ``worst`` answer, else ``yes`` / ``no``
  for yes/no, the first option for choices, and a neutral valid value for text, number
  (the middle of its range) and date. Never "don't know" or "not applicable".

``python -m assistant.analysis.extremes [ELEMENT …]`` prints, per element, the level at
best and at worst and the recommendations each run fires (the content authors' check).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.analysis.analyse import analyse
from assistant.analysis.best_worst import BEST, WORST, extreme
from assistant.analysis.result import Analysis
from assistant.analysis.rules import because_ids
from assistant.engine.answers import Answer
from assistant.engine.interview import Interview
from assistant.engine.normalise import from_value
from assistant.framework.models import Element, Framework, Recommendation

MAX_AT_WORST = 4  # recommendations one element may fire with the worst answers
HIGH_SHARE = 1 / 3  # at most this share of the worst case is "high"

Chooser = Callable[[Any], Any]


def walk(framework: Framework, choose: Chooser, lang: str = "en") -> list[Answer]:
    """Answer the interview from start to end with ``choose(question)``; follow-ups included."""
    interview = Interview(framework, [], lang)
    while (q := interview.current) is not None:
        interview.record(from_value(q, choose(q), lang))
    return list(interview.answers.values())


def answers(framework: Framework, side: str, lang: str = "en") -> list[Answer]:
    """The best (``side="best"``) or worst answers to every question that applies."""
    return walk(framework, lambda q: extreme(q, side), lang)


@dataclass(frozen=True)
class Outcome:
    """What one element shows under one answer set."""

    level: int | None
    score: float | None
    fired: tuple[Recommendation, ...]
    because: dict[str, tuple[tuple[str, Any], ...]] = field(default_factory=dict)  # rule → (qid, value)

    @property
    def high(self) -> int:
        return sum(1 for r in self.fired if r.priority == "high")


@dataclass(frozen=True)
class ElementExtremes:
    element: Element
    component: str | None
    best: Outcome
    worst: Outcome


@dataclass(frozen=True)
class Extremes:
    """Per element, the outcome of the best and of the worst answers."""

    framework: Framework
    elements: tuple[ElementExtremes, ...]
    best_answers: tuple[Answer, ...]
    worst_answers: tuple[Answer, ...]

    def fired(self, side: str) -> list[Recommendation]:
        return [r for e in self.elements for r in getattr(e, side).fired]

    def high_share(self) -> float:
        worst = self.fired(WORST)
        return sum(1 for r in worst if r.priority == "high") / len(worst) if worst else 0.0

    def element(self, element_id: str) -> ElementExtremes | None:
        return next((e for e in self.elements if e.element.id == element_id), None)


def outcomes(framework: Framework, given: Iterable[Answer], lang: str = "en") -> dict[str, Outcome]:
    """Element id → its level, score and the rules the answers fire."""
    analysis: Analysis = analyse(framework, list(given), lang)
    rules = {r.id: r for el in framework.elements() for r in el.recommendations}
    out = {}
    for el in framework.elements():
        result = analysis.element(el.id)
        fired = tuple(rules[a.rule] for a in analysis.actions_for(el.id) if a.rule in rules)
        fired = tuple(sorted(fired, key=el.recommendations.index))
        rating = result.rating if result else None
        values = {q: a.condition_value for q, a in analysis.answers.items()}
        because = {
            r.id: tuple((q, values[q]) for q in sorted(because_ids(r, values)))
            for r in fired
        }
        out[el.id] = Outcome(rating.level if rating else None, rating.score if rating else None,
                             fired, because)
    return out


def extremes(framework: Framework, lang: str = "en") -> Extremes:
    """Run the best and the worst answers through the analysis."""
    best, worst = answers(framework, BEST, lang), answers(framework, WORST, lang)
    at_best, at_worst = outcomes(framework, best, lang), outcomes(framework, worst, lang)
    component = {el.id: c.id for c in framework.components for el in c.elements}
    rows = tuple(
        ElementExtremes(el, component.get(el.id), at_best[el.id], at_worst[el.id])
        for el in framework.elements()
    )
    return Extremes(framework, rows, tuple(best), tuple(worst))


def _rules(fired: tuple[Recommendation, ...], priority: bool) -> str:
    if not fired:
        return "none"
    return ", ".join(f"{r.id} ({r.priority})" if priority else r.id for r in fired)


def report(ex: Extremes, only: list[str] | None = None) -> str:
    """The plain-text table the CLI prints."""
    lines = []
    for row in ex.elements:
        el = row.element
        if only and el.id not in only:
            continue
        b, w = row.best, row.worst
        flag = []
        if b.fired:
            flag.append("FIRES AT BEST")
        if len(w.fired) > MAX_AT_WORST:
            flag.append(f"MORE THAN {MAX_AT_WORST} AT WORST")
        lines.append(f"{el.id} ({row.component or 'context'}){'  <- ' + '; '.join(flag) if flag else ''}")
        lines.append(f"  level   best {_lvl(b.level)} ({_num(b.score)})   worst {_lvl(w.level)} ({_num(w.score)})")
        lines.append(f"  best    {len(b.fired)} fired: {_rules(b.fired, False)}")
        for r in b.fired:
            lines.append(f"          {r.id} because {_because(b.because.get(r.id, ()))}")
        lines.append(f"  worst   {len(w.fired)} fired, {w.high} high: {_rules(w.fired, True)}")
    worst = ex.fired(WORST)
    high = sum(1 for r in worst if r.priority == "high")
    lines.append("")
    lines.append(
        f"total: best fires {len(ex.fired(BEST))}; worst fires {len(worst)}, {high} high "
        f"({ex.high_share():.0%}; at most {HIGH_SHARE:.0%}); elements over {MAX_AT_WORST} at worst: "
        f"{sum(1 for e in ex.elements if len(e.worst.fired) > MAX_AT_WORST)}"
    )
    return "\n".join(lines)


def _because(pairs: tuple[tuple[str, Any], ...]) -> str:
    return ", ".join(f"{q}={v}" for q, v in pairs) or "(nothing answered)"


def _lvl(level: int | None) -> str:
    return "-" if level is None else str(level)


def _num(score: float | None) -> str:
    return "-" if score is None else f"{score:.2f}"


def main(argv: list[str] | None = None) -> int:
    from assistant import framework as fw
    from assistant.errors import BmmError

    parser = argparse.ArgumentParser(
        prog="python -m assistant.analysis.extremes",
        description="Levels and recommendations under the best and the worst answers.",
    )
    parser.add_argument("elements", nargs="*", metavar="ELEMENT", help="element ids (default: all)")
    parser.add_argument("--framework", default="bmm", help="framework id (default: bmm)")
    parser.add_argument("--prompts", default=None, help="folder of frameworks (default: the bundled one)")
    args = parser.parse_args(argv)
    try:
        framework = fw.get(args.framework, args.prompts)
    except BmmError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    ex = extremes(framework)
    unknown = [e for e in args.elements if ex.element(e) is None]
    if unknown:
        print(f"error: no element {', '.join(unknown)} in {framework.id}", file=sys.stderr)
        return 2
    print(report(ex, args.elements or None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
