"""Checks across a whole framework that a single model cannot make on its own.

Duplicate ids, conditions naming unknown or later questions or unknown options,
partially scored questions, scale questions whose levels do not match the
framework's scale, and texts missing in a declared language; for ``bmm validate``,
finding sentences missing, misnamed or with unknown placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.framework.models import SPECIAL_VALUES, Framework

if TYPE_CHECKING:
    from assistant.framework.conditions import Condition
    from assistant.framework.yamlsource import Source

LOCALISED_KEYS = {
    "text", "title", "intro", "description", "why", "examples", "label",
    "summary", "unit", "objective", "lead", "evidence", "header", "alignment",
}  # fmt: skip
LOCALISED_LISTS = {"levels", "standards"}
NUMERIC_OPS = {"greater_than", "at_least", "less_than", "at_most"}


def cross_check(
    fw: Framework, root: Source, sources: dict[str, Source], partial: bool = False
) -> list[str]:
    """Every cross-file problem of ``fw`` as ``file:line:column: message``.

    ``partial`` means some element files failed to load: references to questions
    that may live in them are then not reported, to avoid false alarms.
    """
    problems: list[str] = []
    langs = list(fw.languages)
    for src in [root, *sources.values()]:
        for loc, msg in _language_problems(src.tree, langs):
            problems.append(f"{src.where(loc)}: {msg}")

    levels = [s.level for s in fw.scale]
    if levels != list(range(1, len(levels) + 1)):
        problems.append(f"{root.where(('scale',))}: scale levels must be numbered 1, 2, 3, … in order")
    problems.extend(_threshold_problems(fw, root))

    order: dict[str, int] = {}
    owner: dict[str, str] = {}
    rec_owner: dict[str, str] = {}
    questions = {}
    for index, (element, qi, q) in enumerate(_indexed(fw)):
        src = sources[element.id]
        if q.id in order:
            problems.append(
                f"{src.where(('questions', qi, 'id'))}: duplicate question id {q.id!r} "
                f"(also in element {owner[q.id]!r})"
            )
            continue
        order[q.id], owner[q.id], questions[q.id] = index, element.id, q

    for element, qi, q in _indexed(fw):
        src = sources[element.id]
        base = ("questions", qi)
        problems.extend(f"{src.where(base + loc)}: {m}" for loc, m in _question_problems(q, len(fw.scale)))
        problems.extend(f"{src.where(base + loc)}: {m}" for loc, m in _out_of_scale(q, len(fw.scale)))
        if q.when is not None:
            for loc, msg in _condition_problems(
                q.when, questions, order, before=order.get(q.id), partial=partial
            ):
                problems.append(f"{src.where(base + ('when',) + loc)}: {msg}")

    for element in fw.elements():
        src = sources[element.id]
        for ri, rule in enumerate(element.recommendations):
            base = ("recommendations", ri)
            if rule.id in rec_owner:
                problems.append(
                    f"{src.where(base + ('id',))}: duplicate recommendation id {rule.id!r} "
                    f"(also in element {rec_owner[rule.id]!r})"
                )
            rec_owner.setdefault(rule.id, element.id)
            for loc, msg in _condition_problems(rule.when, questions, order, None, partial):
                problems.append(f"{src.where(base + ('when',) + loc)}: {msg}")
            problems.extend(_unless_problems(rule, src, base, questions, order, partial))
            if rule.when.evaluate({}):
                named = sorted(rule.when.questions())
                problems.append(
                    f"{src.where(base + ('when',))}: recommendation {rule.id!r} fires even when nothing "
                    f"is answered (a `not` of an unanswered question holds); add "
                    f"{{question: {named[0] if named else '…'}, answered: true}} to its conditions"
                )

    seen_components: set[str] = set()
    for ci, comp in enumerate(fw.components):
        if comp.id in seen_components:
            problems.append(f"{root.where(('components', ci, 'id'))}: duplicate component id {comp.id!r}")
        seen_components.add(comp.id)
    return problems


def _threshold_problems(fw: Framework, root: Source) -> Iterator[str]:
    """Declared ``min_score`` thresholds: level 1 starts at 1, then rising, up to the top level."""
    top = len(fw.scale)
    previous = None
    for i, lvl in enumerate(fw.scale):
        if lvl.min_score is None:
            continue
        where = root.where(("scale", i, "min_score"))
        if i == 0 and lvl.min_score != 1:
            yield f"{where}: the lowest level starts at 1; remove its min_score"
        elif not 1 <= lvl.min_score <= top:
            yield f"{where}: min_score must lie between 1 and {top} (element scores run from 1 to {top})"
        elif previous is not None and lvl.min_score <= previous:
            yield f"{where}: min_score must be higher than the level below's ({previous:g})"
        previous = lvl.min_score


def _unless_problems(
    rule: Any, src: Source, base: tuple, questions: dict[str, Any], order: dict[str, int], partial: bool
) -> Iterator[str]:
    """The ``unless`` condition of a rule, checked like its ``when``."""
    if rule.unless is None:
        return
    for loc, msg in _condition_problems(rule.unless, questions, order, None, partial):
        yield f"{src.where(base + ('unless',) + loc)}: {msg}"


def rule_fit_problems(fw: Framework, root: Source, sources: dict[str, Source]) -> tuple[list[str], list[str]]:
    """Rules against the best and the worst answers: ``(errors, warnings)``, each located.

    Errors: a rule that fires when every answer is at its best (it contradicts the answers);
    an element firing more than 4 rules with the worst answers. Warning: more than a third
    of the rules fired by the worst answers are "high".
    """
    from assistant.analysis.extremes import HIGH_SHARE, MAX_AT_WORST, WORST, extremes
    from assistant.errors import BmmError

    try:
        ex = extremes(fw)
    except BmmError as exc:  # a declared best/worst answer the interview refuses
        return [f"{root.where(())}: the best and worst answers could not be run through the interview: {exc}"], []
    errors: list[str] = []
    for row in ex.elements:
        el = row.element
        src = sources.get(el.id, root)
        for rule in row.best.fired:
            ri = el.recommendations.index(rule)
            read = ", ".join(f"{q}={v}" for q, v in row.best.because.get(rule.id, ())) or "no answer"
            errors.append(
                f"{src.where(('recommendations', ri, 'when'))}: recommendation {rule.id!r} fires when "
                f"every answer is at its best ({read}); narrow its `when` or add an `unless` "
                f"(or declare best:/worst: on the unscored questions it reads)"
            )
        if len(row.worst.fired) > MAX_AT_WORST:
            names = ", ".join(r.id for r in row.worst.fired)
            errors.append(
                f"{src.where(('recommendations',))}: element {el.id!r} fires {len(row.worst.fired)} "
                f"recommendations with the worst answers (at most {MAX_AT_WORST}): {names}; "
                "merge or narrow them"
            )
    worst = ex.fired(WORST)
    high = sum(1 for r in worst if r.priority == "high")
    warnings = list(_undeclared_extremes(fw, sources))
    if worst and high / len(worst) > HIGH_SHARE:
        warnings.append(
            f"{root.where(('components',))}: warning: {high} of the {len(worst)} recommendations "
            f"the worst answers fire are \"high\" ({high / len(worst):.0%}; at most a third): keep "
            "\"high\" for gaps in legal basis, safety or rights"
        )
    return errors, warnings


def _undeclared_extremes(fw: Framework, sources: dict[str, Source]) -> Iterator[str]:
    """Unscored choice and number questions that rules or scored follow-ups read, without best/worst."""
    read: dict[str, str] = {}
    for element in fw.elements():
        for rule in element.recommendations:
            for qid in sorted(rule.reads()):
                read.setdefault(qid, f"rule {rule.id!r}")
        for q in element.questions:
            if q.when is not None and q.type != "scale" and q.is_scored():
                for qid in sorted(q.when.questions()):
                    read.setdefault(qid, f"scored follow-up {q.id!r}")
    for element, qi, q in _indexed(fw):
        if q.id not in read or q.is_scored() or q.type not in ("single_choice", "multi_choice", "number"):
            continue
        if q.best is None or q.worst is None:
            yield (f"{sources[element.id].where(('questions', qi, 'id'))}: warning: {read[q.id]} reads "
                   f"{q.id!r}; if its answer reflects maturity, declare its best: and worst: answers "
                   "(the rule checks now use its first option or the middle of its range)")


def _indexed(fw: Framework) -> Iterator[tuple[Any, int, Any]]:
    for element in fw.elements():
        for qi, q in enumerate(element.questions):
            yield element, qi, q


def _question_problems(q: Any, scale_size: int) -> Iterator[tuple[tuple, str]]:
    options = getattr(q, "options", None)
    if options is not None:
        values = [o.value for o in options]
        for i, v in enumerate(values):
            if v in values[:i]:
                yield ("options", i, "value"), f"duplicate option value {v!r}"
            if v in SPECIAL_VALUES:
                yield ("options", i, "value"), (
                    f"{v!r} is reserved; use dont_know / not_applicable: true|false instead"
                )
        scored = [o.score is not None for o in options]
        if any(scored) and not all(scored):
            for i, has in enumerate(scored):
                if not has:
                    yield ("options", i), (
                        f"option {values[i]!r} has no score, but other options of this question do"
                    )
    if q.prefill is not None and q.type != "text":
        yield ("prefill",), f"prefill only applies to text questions; {q.id!r} is {q.type}"
    if q.type == "yes_no" and q.scores is not None and set(q.scores) != {"yes", "no"}:
        yield ("scores",), "a scored yes/no question needs a score for both yes and no"
    if q.type == "scale" and len(q.levels) != scale_size:
        yield ("levels",), (
            f"has {len(q.levels)} levels but the framework's scale has {scale_size}; "
            "describe every level"
        )


def finding_check(fw: Framework, sources: dict[str, Source]) -> list[str]:
    """Every finding sentence a question lacks or gets wrong, as ``file:line:column: message``.

    Run by ``bmm validate`` only: a framework without its finding sentences still loads and
    the report writes a neutral sentence instead, so an older or foreign framework keeps working.
    """
    langs = list(fw.languages)
    return [f"{sources[element.id].where(('questions', qi) + loc)}: {msg}"
            for element, qi, q in _indexed(fw) for loc, msg in finding_problems(q, langs)]


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def finding_keys(q: Any) -> tuple[list[str], list[str]]:
    """``(required, allowed)`` keys of a question's ``finding:`` (see prompts/README.md)."""
    kind = q.type
    if kind == "yes_no":
        keys = ["yes", "no"]
    elif kind == "single_choice":
        keys = q.option_values()
    elif kind == "multi_choice":
        keys = ["some"] + [o.value for o in q.options if o.exclusive]
    elif kind == "scale":
        keys = [str(i) for i in range(1, len(q.levels) + 1)]
    elif kind in ("number", "date"):
        keys = ["any"]
    else:
        keys = []
    required = keys if (q.is_scored() or kind == "number") else []
    return required, keys


def _placeholders(q: Any, key: str) -> set[str]:
    if q.type == "multi_choice":
        return {"values"} if key == "some" else set()
    if q.type == "number":
        return {"value", "unit"}
    if q.type == "date":
        return {"value"}
    return set()


def finding_problems(q: Any, langs: list[str]) -> Iterator[tuple[tuple, str]]:
    """A question's finding sentences: every required key, in every language, known placeholders only."""
    required, allowed = finding_keys(q)
    given = q.finding or {}
    if not allowed and given:
        yield ("finding",), f"{q.type} questions take no finding: (the report quotes their answers); remove it"
        return
    missing = [k for k in required if k not in given]
    if missing:
        where = ("finding",) if q.finding is not None else ("id",)
        names = ", ".join(repr(k) for k in missing)
        langs_hint = ", ".join(f"{lang}: …" for lang in langs)
        yield where, (f"question {q.id!r} has no finding sentence for {names}; add "
                      f"finding: {{\"{missing[0]}\": {{{langs_hint}}}}} "
                      "(one sentence per answer, in every language; see prompts/README.md)")
    for key, texts in given.items():
        if key not in allowed:
            yield ("finding", key), (f"finding key {key!r} is not an answer of {q.id!r} "
                                     f"(keys: {', '.join(allowed)})")
            continue
        ok = _placeholders(q, key)
        for lang in langs:
            sentence = texts.get(lang)
            if not isinstance(sentence, str) or not sentence.strip():
                yield ("finding", key), (f"question {q.id!r}: finding {key!r} has no {lang!r} sentence "
                                         f"(the framework declares {', '.join(langs)})")
                continue
            names = PLACEHOLDER.findall(sentence)
            bad = [n for n in names if n not in ok]
            if bad:
                allowed_names = ", ".join("{" + n + "}" for n in sorted(ok)) or "none"
                yield ("finding", key, lang), (f"question {q.id!r}: finding {key!r} ({lang}) uses the unknown "
                                               f"placeholder {{{bad[0]}}} (allowed here: {allowed_names})")
            elif PLACEHOLDER.sub("", sentence).count("{") or PLACEHOLDER.sub("", sentence).count("}"):
                yield ("finding", key, lang), (f"question {q.id!r}: finding {key!r} ({lang}) has a stray "
                                               "brace; braces only mark {value}, {values} or {unit}")
            elif q.type == "number" and "value" not in names:
                yield ("finding", key, lang), (f"question {q.id!r}: finding {key!r} ({lang}) must state the "
                                               "number: put {value} where it goes")
        for lang in texts:
            if lang not in langs:
                yield ("finding", key, lang), (f"question {q.id!r}: finding {key!r} in undeclared language "
                                               f"{lang!r} (declared: {', '.join(langs)})")


def _out_of_scale(q: Any, scale_size: int) -> Iterator[tuple[tuple, str]]:
    """Scores the framework's scale cannot hold, and ``exclusive`` where it means nothing."""
    scores: list[tuple[tuple, float]] = []
    if q.type == "yes_no" and q.scores:
        scores = [(("scores", k), v) for k, v in q.scores.items()]
    for i, option in enumerate(getattr(q, "options", None) or []):
        if option.score is not None:
            scores.append((("options", i, "score"), option.score))
        if option.exclusive and q.type != "multi_choice":
            yield ("options", i, "exclusive"), (
                "exclusive only applies to multi_choice options (a single choice is always alone); "
                "remove it"
            )
    for loc, value in scores:
        if not 1 <= value <= scale_size:
            yield loc, (
                f"score {value:g} is outside the framework's scale (1 to {scale_size}); "
                "use a level of the scale"
            )


def _condition_problems(
    cond: Condition,
    questions: dict[str, Any],
    order: dict[str, int],
    before: int | None,
    partial: bool = False,
) -> Iterator[tuple[tuple, str]]:
    for node, loc in cond.walk():
        if node.question is None:
            continue
        target = questions.get(node.question)
        if target is None:
            if partial:
                continue
            yield loc + ("question",), f"condition names unknown question {node.question!r}"
            continue
        if before is not None and order[node.question] >= before and not partial:
            what = "itself" if order[node.question] == before else "a later question"
            yield loc + ("question",), (
                f"condition depends on {what} ({node.question!r}); "
                "a question can only depend on questions asked before it"
            )
        msg = _operand_problem(target, node.operator, node.operand)
        if msg:
            yield loc + (node.operator,), msg


def _operand_problem(q: Any, op: str | None, operand: Any) -> str | None:
    kind = q.type
    if op == "answered":
        return None
    if op in NUMERIC_OPS:
        if kind not in ("number", "scale"):
            return f"{op} only applies to number and scale questions; {q.id!r} is {kind}"
        return _out_of_range(q, operand)
    if op == "contains":
        if kind != "multi_choice":
            return f"contains only applies to multi_choice questions; use equals or in for {q.id!r}"
        if operand not in q.option_values():
            return _unknown_option(q, operand)
        return None
    wanted = operand if op == "in" else [operand]
    if kind == "multi_choice":
        if all(w in SPECIAL_VALUES for w in wanted):
            return None  # "don't know" / "not applicable" given instead of options
        return f"{q.id!r} is multi_choice: compare options with contains, not {op}"
    allowed: list[Any] = list(SPECIAL_VALUES)
    if kind in ("yes_no", "single_choice"):
        allowed += q.option_values()
    elif kind == "scale":
        allowed += list(range(1, len(q.levels) + 1))
    elif kind == "number":
        for w in wanted:
            if w in SPECIAL_VALUES:
                continue
            if isinstance(w, bool) or not isinstance(w, (int, float)):
                return f"{w!r} is not a number; {q.id!r} is a number question"
            problem = _out_of_range(q, w)
            if problem:
                return problem
        return None
    else:
        return None
    for w in wanted:
        if isinstance(w, bool) or w not in allowed:
            return _unknown_option(q, w)
    return None


def _out_of_range(q: Any, value: Any) -> str | None:
    """A threshold no answer can reach makes the condition always or never hold."""
    lo, hi = (1, len(q.levels)) if q.type == "scale" else (q.min, q.max)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        span = f"{'…' if lo is None else f'{lo:g}'}–{'…' if hi is None else f'{hi:g}'}"
        return f"{value:g} is outside the answers {q.id!r} accepts ({span})"
    return None


def _unknown_option(q: Any, value: Any) -> str:
    if q.type == "scale":
        choices = ", ".join(str(i) for i in range(1, len(q.levels) + 1))
    else:
        choices = ", ".join(q.option_values())
    return f"{value!r} is not an option of {q.id!r} (options: {choices})"


def _language_problems(node: Any, langs: list[str], loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            here = (*loc, key)
            if key in LOCALISED_KEYS and isinstance(value, dict):
                yield from _one_text(value, langs, here)
            elif key in LOCALISED_LISTS and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        yield from _one_text(item, langs, (*here, i))
            elif key != "when":
                yield from _language_problems(value, langs, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _language_problems(item, langs, (*loc, i))


def _one_text(value: dict, langs: list[str], loc: tuple) -> Iterator[tuple[tuple, str]]:
    for lang in langs:
        if lang not in value:
            yield loc, f"missing {lang!r} text (the framework declares {', '.join(langs)})"
        elif not isinstance(value[lang], str) or not str(value[lang]).strip():
            yield (*loc, lang), f"empty {lang!r} text"
    for lang in value:
        if lang not in langs:
            yield (*loc, lang), f"text in undeclared language {lang!r} (declared: {', '.join(langs)})"
