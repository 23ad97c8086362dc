"""The best and the worst answer of each question (see :mod:`assistant.analysis.extremes`)."""

from __future__ import annotations

from typing import Any

from assistant.framework.models import Framework

BEST, WORST = "best", "worst"
NEUTRAL_TEXT = "Example answer"
NEUTRAL_DATE = "2025-01-01"


def extreme(question: Any, side: str) -> Any:
    """The best or worst answer value of one question (see the module docstring)."""
    best = side == BEST
    declared = getattr(question, side, None)
    if declared is not None:
        return declared
    kind = question.type
    if kind == "scale":
        return len(question.levels) if best else 1
    if kind == "yes_no":
        if question.scores:
            if best:  # ties go to "yes" at best and "no" at worst
                return max(["yes", "no"], key=lambda v: question.scores[v])
            return min(["no", "yes"], key=lambda v: question.scores[v])
        return "yes" if best else "no"
    if kind in ("single_choice", "multi_choice"):
        scored = [o for o in question.options if o.score is not None]
        if not scored:
            first = question.options[0].value
            return [first] if kind == "multi_choice" else first
        if kind == "multi_choice":
            if best:
                return [o.value for o in scored if not o.exclusive]
            exclusive = [o for o in question.options if o.exclusive]
            return [(exclusive or [min(scored, key=lambda o: o.score)])[0].value]
        pick = max(scored, key=lambda o: o.score) if best else min(scored, key=lambda o: o.score)
        ties = [o for o in scored if o.score == pick.score]
        return ties[0].value
    if kind == "number":
        lo, hi = question.min, question.max
        if lo is not None and hi is not None:
            value = (lo + hi) / 2  # the middle of the range: neither end
        else:
            value = lo if lo is not None else (min(0, hi) if hi is not None else 0)
        if question.integer:
            value = int(value)
        return int(value) if float(value).is_integer() else value
    if kind == "date":
        return NEUTRAL_DATE
    return NEUTRAL_TEXT


_REACHED: dict[tuple[int, str], tuple[Framework, frozenset[str]]] = {}


def reached(framework: Framework, side: str) -> frozenset[str]:
    """Ids of the questions that apply when every answer is the ``side`` one (cached)."""
    key = (id(framework), side)
    hit = _REACHED.get(key)
    if hit is not None and hit[0] is framework:
        return hit[1]
    values: dict[str, Any] = {}
    out = set()
    for _, q in framework.questions():
        if q.when is None or q.when.evaluate(values):
            out.add(q.id)
            values[q.id] = extreme(q, side)
    if len(_REACHED) > 32:
        _REACHED.clear()
    _REACHED[key] = (framework, frozenset(out))
    return frozenset(out)
