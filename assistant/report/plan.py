"""The action plan: recommendations numbered once, grouped under objectives, phased and costed (pure).

Each recommendation becomes a numbered action with a phase (1: 0–6 months, 2: 6–18 months,
3: 18–60 months), an indicator of completion, an indicative cost band and its lead and
partner agencies. A rule may author ``phase``, ``after``, ``indicator`` and ``cost``; when
it does not, defaults are derived from its priority, horizon and wording: urgent short-term
actions first, long-term ones last, and an action that needs a new law after the law.
Actions are grouped under 10 to 20 objectives by element, neighbouring elements of one
component merged when there are too many. Numbers follow the plan's order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.analysis import Analysis
from assistant.analysis.result import Action
from assistant.framework.models import text
from assistant.i18n import t

MAX_OBJECTIVES = 20
PHASES = (1, 2, 3)
_LAW = re.compile(r"\b(law|laws|legislation|legislative|act|bill|décret|decree|loi|lois|législati\w*|"
                  r"legal basis|base légale|base juridique)\b", re.I)
_HIGH_COST = re.compile(r"\b(system|systems|database|equipment|infrastructure|network|IT|e-gate\w*|"
                        r"système\w*|base de données|équipement\w*|infrastructure\w*|réseau\w*|API)\b", re.I)
_MEDIUM_COST = re.compile(r"\b(train\w*|curricul\w*|course\w*|staff\w*|recruit\w*|centre\w*|"
                          r"formation\w*|former|programme\w*|personnel\w*|recrut\w*)\b", re.I)
_LEAD_MARK = re.compile(r"\s*\((?:lead|chef de file|written answers|réponses écrites)\)", re.I)
_ARTICLE = re.compile(r"^(?:the|le|la|les|l')\s*", re.I)
_STOP = {"and", "of", "the", "for", "de", "des", "du", "la", "le", "les", "et", "service", "ministry",
         "ministère", "national", "nationale", "office", "direction", "agency", "authority", "/", "-"}


@dataclass
class PlanAction:
    number: int
    action: Action
    objective: int  # index of its objective in the plan
    phase: int
    law: bool
    indicator: str
    cost: str  # low | medium | high
    lead: str
    partners: list[str] = field(default_factory=list)


@dataclass
class PlanObjective:
    title: str
    component: str
    actions: list[PlanAction]
    elements: str = ""

    @property
    def phases(self) -> list[int]:
        return sorted({a.phase for a in self.actions})

    @property
    def priority(self) -> str:
        return min((a.action.priority for a in self.actions), key=lambda p: ("high", "medium", "low").index(p))


def agencies(analysis: Analysis, meta: dict[str, Any]) -> list[str]:
    """The agencies recorded for the assessment: the answer to ctx_agencies, else the metadata."""
    a = analysis.answers.get("ctx_agencies")
    if a is not None and a.status == "answered" and isinstance(a.value, str) and a.value.strip():
        parts = re.split(r"[;\n]|,(?![^()]*\))|\s(?:and|et)\s(?![^()]*\))", a.value)
        found = [_LEAD_MARK.sub("", " ".join(x.split())).strip(" .") for x in parts]
        return [x[:1].upper() + x[1:] for x in (_ARTICLE.sub("", y) for y in found) if x]
    return [" ".join(str(x).split()) for x in meta.get("agencies") or [] if str(x).strip()]


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"\w+", name.casefold()) if len(w) > 2 and w not in _STOP}


def match_agency(lead: str, recorded: Sequence[str]) -> str | None:
    """The recorded agency that best matches a rule's lead, if any shares a significant word."""
    want = _words(lead)
    best = max(recorded, key=lambda x: len(want & _words(x)), default=None)
    return best if best is not None and want & _words(best) else None


def _phase(x: Action, rule: Any) -> int:
    if rule is not None and getattr(rule, "phase", None):
        return int(rule.phase)
    if x.horizon == "long":
        return 3
    return 1 if x.priority == "high" else 2


def _cost(x: Action, rule: Any) -> str:
    if rule is not None and getattr(rule, "cost", None):
        return str(rule.cost)
    if _HIGH_COST.search(x.text):
        return "high"
    if _MEDIUM_COST.search(x.text) or x.horizon == "long":
        return "medium"
    return "low"


def _indicator(x: Action, rule: Any, law: bool, cost: str, lang: str) -> str:
    if rule is not None and getattr(rule, "indicator", None):
        return text(rule.indicator, lang)
    kind = "law" if law else ("system" if cost == "high" else ("training" if _MEDIUM_COST.search(x.text)
                                                                else "procedure"))
    return t(lang, f"report.plan.indicator.{kind}")


def build_plan(analysis: Analysis, meta: dict[str, Any], lang: str) -> list[PlanObjective]:
    """The action plan of an analysis: objectives in phase order, actions numbered in that order."""
    rules = {r.id: r for el in analysis.framework.elements() for r in el.recommendations}
    component_of = {e.id: c.component.id for c in analysis.components for e in c.elements}
    order = {e.id: i for i, e in enumerate(analysis.elements)}
    recorded = agencies(analysis, meta)
    items: list[PlanAction] = []
    for x in analysis.actions:
        rule = rules.get(x.rule or "")
        law = bool(_LAW.search(x.text)) and rule is not None and not getattr(rule, "after", None)
        cost = _cost(x, rule)
        lead_text = x.owner if "owner" in x.edited or x.added else x.lead
        lead = match_agency(lead_text, recorded) or lead_text
        items.append(PlanAction(0, x, 0, _phase(x, rule), law, _indicator(x, rule, law, cost, lang), cost, lead))
    # An action comes after what it needs: authored ``after`` rules, else a law of the same element.
    by_rule = {p.action.rule: p for p in items if p.action.rule}
    for p in items:
        rule = rules.get(p.action.rule or "")
        needs = [by_rule[r] for r in (getattr(rule, "after", None) or []) if r in by_rule]
        if not needs and not p.law:
            needs = [q for q in items if q.law and q.action.element == p.action.element and q is not p]
        if needs:
            p.phase = max(p.phase, min(3, max(q.phase for q in needs) + 1))
    # Objectives: one per element with actions, merged within a component while there are too many.
    groups: list[tuple[str, list[str], list[PlanAction]]] = []
    for p in sorted(items, key=lambda p: order.get(p.action.element or "", 999)):
        key = p.action.element or f"added:{p.action.objective}"
        if groups and groups[-1][1][-1] == key:
            groups[-1][2].append(p)
        else:
            groups.append((component_of.get(p.action.element or "", ""), [key], [p]))
    while len(groups) > MAX_OBJECTIVES:
        pairs = [(len(groups[i][2]) + len(groups[i + 1][2]), i) for i in range(len(groups) - 1)
                 if groups[i][0] == groups[i + 1][0]]
        if not pairs:
            break
        _, i = min(pairs)
        comp, keys, acts = groups[i]
        groups[i:i + 2] = [(comp, keys + groups[i + 1][1], acts + groups[i + 1][2])]
    titles = {e.id: text(e.element.title, lang) for e in analysis.elements}
    objectives = []
    for comp, keys, acts in groups:
        acts.sort(key=lambda p: (p.phase, p.action.rank))
        aims = []
        for k in keys:  # the stated objective of each element's most pressing action
            first = next(a for a in acts if (a.action.element or f"added:{a.action.objective}") == k)
            aims.append(first.action.objective)
        names = [titles.get(k) or "" for k in keys]
        objectives.append(PlanObjective(t(lang, "list_sep").join(dict.fromkeys(aims)), comp, acts,
                                        t(lang, "list_sep").join(x for x in names if x)))
    objectives.sort(key=lambda o: (min(o.phases), ("high", "medium", "low").index(o.priority)))
    n = 0
    for i, o in enumerate(objectives):
        leads = [a.lead for a in o.actions]
        for a in o.actions:
            n += 1
            a.number, a.objective = n, i
            a.partners = [x for x in dict.fromkeys(leads) if x != a.lead]
    return objectives


def phase_label(phase: int, lang: str) -> str:
    return t(lang, f"report.plan.phase.{phase}")


SPANS = {1: (0, 6), 2: (6, 18), 3: (18, 60)}


def phase_span(phases: Sequence[int], lang: str) -> str:
    """Phases 1 and 3 → "0–60 months": from the start of the first to the end of the last."""
    if not phases:
        return ""
    if len(phases) == 1:
        return phase_label(phases[0], lang)
    return t(lang, "report.plan.span", start=SPANS[min(phases)][0], end=SPANS[max(phases)][1])


def numbers(actions: Sequence[PlanAction], lang: str) -> str:
    """"3, 4, 5, 9" → "3–5, 9"."""
    nums = sorted(a.number for a in actions)
    runs: list[list[int]] = []
    for k in nums:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
