"""Build the :class:`Analysis` of an assessment's answers (pure; no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assistant.analysis.best_worst import BEST, WORST, reached
from assistant.analysis.levels import Coverage, established_level, mean_rating, rate_element, settled_hidden
from assistant.analysis.result import Action, Analysis, ComponentResult, Gap
from assistant.analysis.rules import triggered
from assistant.engine.answers import Answer
from assistant.engine.interview import Interview
from assistant.framework.models import Framework, text
from assistant.i18n import t


def analyse(
    framework: Framework,
    answers: Iterable[Answer] | Mapping[str, Answer],
    lang: str = "en",
    edits: Mapping[str, Mapping[str, Any]] | None = None,
) -> Analysis:
    """Levels, coverage, gaps, triggered recommendations and the road map, edits applied."""
    given = list(answers.values()) if isinstance(answers, Mapping) else list(answers)
    interview = Interview(framework, given, lang)
    effective = interview.effective_answers()
    thresholds = framework.thresholds()
    labels = interview.scale_labels
    live = interview.applicable_ids()
    settled = settled_hidden([q for _, q in framework.questions()], live, effective)
    best_path, worst_path = reached(framework, BEST), reached(framework, WORST)

    def rate(element, component):
        return rate_element(element, component, interview.applicable_questions(element),
                            effective, lang, labels, thresholds, best_path, settled, worst_path)

    context = rate(framework.context, None) if framework.context else None
    components = []
    for comp in framework.components:
        results = tuple(rate(el, comp.id) for el in comp.elements)
        scores = [r.rating.score for r in results if r.rating.score is not None]
        coverage = sum((r.coverage for r in results), Coverage())
        components.append(ComponentResult(comp, mean_rating(scores, thresholds), coverage, results))
    every = [r for c in components for r in c.elements]
    overall = mean_rating([r.rating.score for r in every if r.rating.score is not None], thresholds)
    coverage = sum((c.coverage for c in components), context.coverage if context else Coverage())

    established = established_level(framework)
    bar = thresholds[established]
    gaps = [Gap(r, bar - r.rating.score) for r in every
            if r.rating.score is not None and r.rating.score < bar]
    gaps.sort(key=lambda g: -g.distance)

    questions = {q.id: q for _, q in framework.questions()}
    fired = triggered(list(framework.elements()), interview.values(), effective, questions, lang, labels)
    shown, dropped = _actions(fired, dict(edits or {}), framework, lang)
    return Analysis(framework, lang, established, context, components, overall, coverage, gaps,
                    shown, dropped, effective, {a.question: a for a in given})


def _actions(fired, edits, framework: Framework, lang: str) -> tuple[list[Action], list[Action]]:
    titles = {el.id: text(el.title, lang) for el in framework.elements()}
    shown: list[Action] = []
    dropped: list[Action] = []
    for n, f in enumerate(fired):
        r = f.rule
        key = f"rec:{r.id}"
        base = dict(
            element=f.element.id,
            objective=text(r.objective, lang) or titles[f.element.id],
            text=text(r.text, lang), horizon=r.horizon, priority=r.priority,
            lead=text(r.lead, lang), owner=text(r.lead, lang),
            timeline=t(lang, f"report.timeline.{r.horizon}"), status="proposed",
        )
        edit = {k: v for k, v in edits.get(key, {}).items() if k in base}
        if "horizon" in edit and "timeline" not in edit:
            edit_timeline = t(lang, f"report.timeline.{edit['horizon']}")
        else:
            edit_timeline = None
        fields = {**base, **edit}
        if edit_timeline:
            fields["timeline"] = edit_timeline
        element = fields.pop("element")
        action = Action(key, r.id, element, titles.get(element, ""), sdg=tuple(r.sdg), gcm=tuple(r.gcm),
                        because=f.because, edited=tuple(sorted(k for k in edit if edit[k] != base[k])),
                        **fields)
        (dropped if edits.get(key, {}).get("dropped") else shown).append((n, action))
    order = len(fired)
    for key, e in edits.items():
        if not (key.startswith("add:") and e.get("added")):
            continue
        horizon = e.get("horizon", "short") if e.get("horizon") in ("short", "long") else "short"
        element = e.get("element") if e.get("element") in titles else None
        action = Action(
            key, None, element, titles.get(element, "") if element else "",
            objective=e.get("objective") or (titles[element] if element else t(lang, "report.added_objective")),
            text=e.get("text", ""), horizon=horizon,
            priority=e.get("priority", "medium") if e.get("priority") in ("high", "medium", "low") else "medium",
            lead=e.get("lead", ""), owner=e.get("owner", e.get("lead", "")),
            timeline=e.get("timeline") or t(lang, f"report.timeline.{horizon}"),
            status=e.get("status", "proposed"), added=True,
        )
        shown.append((order, action))
        order += 1
    shown.sort(key=lambda p: (p[1].rank, p[0]))
    return [a for _, a in shown], [a for _, a in dropped]
