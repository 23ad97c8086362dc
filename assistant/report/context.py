"""The report context: every text the template shows, as plain strings and lists (pure).

``build_context(analysis, meta, lang)`` reads only the analysis and the assessment's
metadata; the renderer adds the chart image. User text is cleaned of control
characters here; escaping for XML is the template environment's job.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from assistant import paths
from assistant.analysis import Analysis, ElementResult
from assistant.analysis.levels import Rating, group_note
from assistant.engine.describe import decimal as number
from assistant.engine.describe import describe
from assistant.engine.versions import needs_review
from assistant.framework.glossary import load_glossary
from assistant.framework.models import text
from assistant.i18n import catalogue, t
from assistant.report.clean import clean
from assistant.report.colours import colour
from assistant.report.plan import build_plan, phase_label
from assistant.report.plan import numbers as plan_numbers
from assistant.report.themes import themes as cross_cutting
from assistant.report.workshop import Records, workshop_context

TOP_AREAS = 3
COSTS = ("low", "medium", "high")
STATUSES = ("proposed", "agreed", "in_progress", "done")
PHASE_COLOURS = ("C55A11", "F4B183", "FBE5D6")
TOP_PRIORITIES = 8
ASK_NUMBERS = 8  # beyond this, the ask points to the action plan
NOTE_CHARS = 240  # evidence quoted in a finding; the annex has it in full


def percent(ratio: float, lang: str) -> str:
    return f"{round(ratio * 100)}\u00a0%" if lang == "fr" else f"{round(ratio * 100)}%"


@cache
def _acronyms(framework_id: str, lang: str) -> tuple[tuple[str, str], ...]:
    """The glossary's acronyms of a bundled framework (none when it has no glossary)."""
    problems: list[str] = []
    return tuple(load_glossary(paths.prompts_dir() / framework_id, problems).acronyms(lang))


def _shorten(s: str, limit: int) -> str:
    if len(s) <= limit:
        return s
    cut = s[:limit].rsplit(" ", 1)[0]
    return (cut or s[:limit]).rstrip(" ,;:.") + "…"


def _join_numbers(nums: list[int], lang: str) -> str:
    if len(nums) <= 1:
        return "".join(map(str, nums))
    word = " and " if lang == "en" else " et "
    return ", ".join(map(str, nums[:-1])) + word + str(nums[-1])


def one_line(value: Any) -> str:
    """User text on one line: line breaks and runs of spaces become single spaces."""
    return " ".join(clean(value).split())


def long_date(iso: str, lang: str) -> str:
    """2026-03-14 → "14 March 2026" / "14 mars 2026"; anything else is returned as is."""
    try:
        d = date.fromisoformat(iso[:10])
    except (TypeError, ValueError):
        return clean(iso)
    month = t(lang, "report.months").split(",")[d.month - 1]
    return f"{d.day} {month} {d.year}"


class _Builder:
    def __init__(self, analysis: Analysis, meta: dict[str, Any], lang: str, today: str,
                 records: Records | None = None) -> None:
        self.records = records or {}  # workshop records: participants, sessions, parked questions
        self.a = analysis
        self.f = analysis.framework
        self.meta = meta
        self.lang = lang
        self.today = today
        self.top = max(lvl.level for lvl in self.f.scale)
        self.labels = [text(s.label, lang) for s in self.f.scale]

    def tr(self, key: str, **params: Any) -> str:
        return t(self.lang, f"report.{key}", **params)

    def count(self, key: str, n: int, **params: Any) -> str:
        """A counted sentence: ``key.none`` for zero when it exists, else singular/plural by ``n``."""
        if n == 0 and (f"report.{key}.none" in catalogue(self.lang) or f"report.{key}.none" in catalogue("en")):
            return self.tr(f"{key}.none", n=n, **params)
        return self.tr(key, n=n, **params)

    def answered(self, qid: str) -> Any:
        """The value of an answered question (``None`` when absent, skipped or "don't know")."""
        a = self.a.answers.get(qid)
        return a.value if a is not None and a.status == "answered" and a.value not in ("", None, []) else None

    # ---- small pieces -----------------------------------------------------------
    def level(self, rating: Rating) -> dict[str, str]:
        if rating.level is None:
            return {"level": "", "level_label": self.tr("not_rated"), "score": "–", "color": colour(None)}
        return {
            "level": str(rating.level),
            "level_label": self.f.scale_label(rating.level, self.lang),
            "score": number(rating.score or 0, self.lang),
            "color": colour(rating.level, self.top),
        }

    def explanation(self, r: ElementResult) -> str:
        if not r.rating.rated:
            return self.tr("explain.none")
        parts = "; ".join(
            self.tr("explain.part", question=clean(c.question_text), answer=clean(c.answer_text),
                    score=number(c.score, self.lang))
            for c in r.contributions
        )
        return self.tr("explain.element", n=r.rating.parts, score=number(r.rating.score or 0, self.lang),
                       level=r.rating.level, label=self.f.scale_label(r.rating.level or 1, self.lang),
                       parts=parts)

    # ---- sections ------------------------------------------------------------------
    def element(self, r: ElementResult, number_: str) -> dict[str, Any]:
        lang, answers = self.lang, self.a.answers
        est = self.f.thresholds()[self.a.established]
        evidence = [c for c in r.contributions if c.rule not in ("not_asked", "scale")]  # scored answers given
        statements, notes, overall = [], [], []
        for q in r.questions:
            noted = self.a.given.get(q.id)  # a note counts even on a skipped question
            if noted is not None and noted.note.strip():
                notes.append(_shorten(one_line(noted.note), NOTE_CHARS))
            a = answers.get(q.id)
            if a is None or a.status != "answered":
                continue
            if q.type == "scale" and isinstance(a.value, int) and 0 < a.value <= len(q.levels):
                descriptor = clean(text(q.levels[a.value - 1], lang)).strip()
                if descriptor and descriptor[-1] not in ".!?…":
                    descriptor += "."
                overall.append(self.tr("findings.scale", label=self.f.scale_label(a.value, lang),
                                       descriptor=descriptor))
            elif q.type == "text":
                statements.append({"question": clean(text(q.text, lang)), "text": clean(a.value)})
        cov = r.coverage
        lead = (self.tr("findings.rated", label=self.f.scale_label(r.rating.level or 1, lang),
                        score=number(r.rating.score or 0, lang), top=self.top, n=r.rating.parts)
                if r.rating.rated else self.tr("findings.unrated"))
        if group_note(r, self.f, lang):
            lead += " " + group_note(r, self.f, lang)
        if cov.applicable == 1 and cov.answered == 1:
            coverage = self.tr("findings.coverage.single")
        else:
            coverage = self.count("findings.coverage", cov.answered, total=cov.applicable)
        for key, n in (("not_applicable", cov.not_applicable), ("dont_know", cov.dont_know), ("open", cov.open)):
            if n and cov.applicable > 1:
                coverage += " " + self.tr(f"findings.{key}", n=n)
        works = ""
        if evidence:
            works = self.count("findings.works", sum(1 for c in evidence if c.score >= est), total=len(evidence),
                               label=self.f.scale_label(self.a.established, lang))
        nums = sorted(self.numbers[x.key] for x in self.a.actions_for(r.id) if x.key in self.numbers)
        recs = self.tr("findings.recs", n=len(nums), numbers=_join_numbers(nums, lang)) if nums else ""
        return {
            "id": r.id, "number": number_, "title": clean(text(r.element.title, lang)),
            "intro": clean(text(r.element.intro, lang)), **self.level(r.rating),
            "lead": " ".join(x for x in (lead, coverage) if x), "overall": overall,
            "works": " ".join(x for x in (works, recs) if x), "statements": statements, "notes": notes,
            "standards": [clean(text(s, lang)) for s in r.element.standards],
        }

    def pair(self, question: str, answer: str) -> str:
        return self.tr("pair", question=clean(question), answer=clean(answer))

    def components(self) -> list[dict[str, Any]]:
        out = []
        for i, c in enumerate(self.a.components, 1):
            rated = [e for e in c.elements if e.rating.rated]
            summary = (self.count("component.summary", len(rated), total=len(c.elements),
                               label=self.f.scale_label(c.rating.level or 1, self.lang),
                               score=number(c.rating.score or 0, self.lang), top=self.top)
                       if c.rating.rated else self.tr("component.unrated"))
            out.append({
                "number": str(i), "title": clean(text(c.component.title, self.lang)),
                "intro": clean(text(c.component.intro, self.lang)), **self.level(c.rating),
                "summary": summary,
                "elements": [self.element(e, f"{i}.{j}") for j, e in enumerate(c.elements, 1)],
            })
        return out

    def summary(self, components: list[dict[str, Any]]) -> dict[str, Any]:
        a, lang = self.a, self.lang
        rated = sorted((e for e in a.elements if e.rating.rated), key=lambda e: -(e.rating.score or 0))
        country = clean(self.meta.get("country", ""))
        if a.overall.rated:
            counts = {lvl.level: 0 for lvl in self.f.scale}
            for e in rated:
                counts[e.rating.level] += 1
            spread = ", ".join(self.tr("summary.count", n=n, label=self.f.scale_label(lvl, lang))
                               for lvl, n in sorted(counts.items(), reverse=True) if n)
            key = "summary.profile.all" if len(rated) == len(a.elements) and len(rated) > 1 else "summary.profile"
            profile = self.tr(key, country=country, n=len(rated),
                              label=self.f.scale_label(a.overall.level or 1, lang), spread=spread)
        else:
            profile = self.tr("summary.no_profile", country=country)
        comps = t(lang, "list_sep").join(self.tr("summary.component", title=c["title"], label=c["level_label"],
                                  score=c["score"]) for c in components)

        def area(e: ElementResult) -> str:
            return self.tr("summary.area", title=clean(text(e.element.title, lang)),
                           label=self.f.scale_label(e.rating.level or 1, lang),
                           score=number(e.rating.score or 0, lang))

        strongest = [area(e) for e in rated[:TOP_AREAS]]
        weakest = [area(e) for e in reversed(rated[-TOP_AREAS:])] if len(rated) > TOP_AREAS else []
        priorities = [self.tr("summary.objective", title=clean(o.title), numbers=plan_numbers(o.actions, lang),
                              phase=phase_label(o.phases[0], lang))
                      for o in self.plan[:TOP_PRIORITIES]]
        acts = [x for o in self.plan for x in o.actions]
        costly = [x for x in acts if x.cost == "high"]
        listed = plan_numbers(costly, lang) if len(costly) <= ASK_NUMBERS else self.tr("summary.see_plan")
        ask = (self.count("summary.ask", len(costly), first=sum(1 for x in acts if x.phase == 1),
                          numbers=listed) if acts else "")
        counts_line = self.count("summary.recommendations", len(a.actions),
                                 **{p: sum(1 for x in a.actions if x.priority == p) for p in ("high", "medium", "low")})
        gaps = (self.count("summary.gaps", len(a.gaps), label=self.f.scale_label(a.established, lang))
                if rated else "")
        themes = []
        for th in cross_cutting(a, lang):
            line = self.count("summary.theme", th.reached, total=th.total, theme=self.tr(f"theme.{th.key}"),
                              label=self.f.scale_label(a.established, lang))
            if th.weakest:
                line += " " + self.tr("summary.theme_weakest", element=clean(th.weakest))
            themes.append(line)
        return {"profile": profile, "components": comps, "themes": themes, "strongest": strongest, "weakest": weakest,
                "priorities": priorities, "recommendations": counts_line, "gaps": gaps, "ask": ask}

    def method(self) -> dict[str, Any]:
        a, lang, meta = self.a, self.lang, self.meta
        cov = a.coverage
        team = ", ".join(clean(x) for x in meta.get("team") or []) or self.tr("none_given")
        answered_agencies = self.answered("ctx_agencies")
        agencies = (one_line(answered_agencies).rstrip(" .") if isinstance(answered_agencies, str)
                    else ", ".join(clean(x) for x in meta.get("agencies") or [])) or self.tr("none_given")
        begun = self.answered("ctx_date") or meta.get("start_date") or meta.get("created") or ""
        ended = meta.get("end_date") or meta.get("updated") or ""
        start, end = long_date(str(begun), lang), long_date(str(ended), lang)
        period = (self.tr("method.period", start=start, end=end) if str(ended)[:10] > str(begun)[:10]
                  else self.tr("method.began", start=start))
        notes = sum(1 for x in a.given.values() if (x.note or "").strip())
        coverage = [self.count("method.coverage", cov.answered, total=cov.applicable, pct=percent(cov.answered / cov.applicable if cov.applicable else 0, lang))]
        coverage += [self.tr(f"method.{k}", n=n) for k, n in (("na", cov.not_applicable), ("dk", cov.dont_know),
                                                              ("open", cov.open)) if n]
        coverage.append(self.count("method.notes", notes))
        context_rows = []
        if a.context is not None:
            for q in a.context.questions:
                ans = a.answers.get(q.id)
                context_rows.append({"question": clean(text(q.text, lang)),
                                     "answer": clean(describe(q, ans, lang, self.labels))})
        return {
            "framework": clean(text(self.f.title, lang)), "version": clean(self.f.version),
            "description": clean(text(self.f.description, lang)),
            "team": team, "agencies": agencies, "period": period,
            "coverage": " ".join(coverage),
            "scale": [{"level": str(s.level), "label": clean(text(s.label, lang)),
                       "summary": clean(text(s.summary, lang)), "color": colour(s.level, self.top)}
                      for s in self.f.scale],
            "context": context_rows,
            **self.framework_texts(),
        }

    def framework_texts(self) -> dict[str, str]:
        """Method, alignment and caption wording that follows the framework's own scale and texts."""
        f, lang = self.f, self.lang
        est = self.a.established
        report = f.report
        return {
            "text": self.tr("p.method", top=self.top, thresholds=t(lang, "list_sep").join(
                self.tr("method.threshold", label=f.scale_label(level, lang),
                        score=f"{round(low, 2):g}".replace(".", "," if lang == "fr" else "."))
                for level, low in sorted(f.thresholds().items()) if level > 1)),
            "alignment": clean(text(report.alignment, lang)) if report and report.alignment else "",
            "caption": self.tr("p.chart", top=self.top, established=f.scale_label(est, lang)),
        }

    def framework_title(self, key: str, country: str) -> str:
        """The cover title or running header: the framework's own wording, else a generic one."""
        own = getattr(self.f.report, key, None) if self.f.report else None
        if own:
            return clean(text(own, self.lang)).replace("{country}", country)
        return self.tr("default_title" if key == "title" else "header", country=country,
                       framework=clean(text(self.f.title, self.lang)))

    def profile(self, components: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows, n = [], 0
        for c in components:
            for e in c["elements"]:
                n += 1
                rows.append({"n": e["number"], "component": c["title"], "title": e["title"],
                             "level_label": e["level_label"], "score": e["score"], "color": e["color"]})
        return rows

    def recommendations(self) -> list[dict[str, Any]]:
        """The one numbered list, in the plan's order."""
        rows = []
        for o in self.plan:
            for p in o.actions:
                x = p.action
                refs = []
                if x.sdg:
                    refs.append(self.tr("refs.sdg", targets=", ".join(x.sdg)))
                if x.gcm:
                    refs.append(self.tr("refs.gcm", objectives=", ".join(str(g) for g in x.gcm)))
                rows.append({"n": str(p.number), "element": clean(x.element_title) or "–", "text": clean(x.text),
                             "priority": self.tr(f"priority.{x.priority}"),
                             "phase": clean(x.timeline) if "timeline" in x.edited else phase_label(p.phase, self.lang),
                             "lead": clean(p.lead) or "–",
                             "status": self.tr(f"status.{x.status}") if x.status in STATUSES else clean(x.status),
                             "refs": "; ".join(refs) or "–", "added": x.added})
        return rows

    def action_plan(self) -> list[dict[str, Any]]:
        rows = []
        sep = t(self.lang, "list_sep")
        for o in self.plan:
            seen: dict[str, str] = {}  # one entry per agency, however its name was spaced or cased
            for p in o.actions:
                seen.setdefault(" ".join(clean(p.lead).split()).casefold(), " ".join(clean(p.lead).split()))
            leads = list(seen.values())
            partners = leads[1:]
            rows.append({"objective": clean(o.title), "elements": clean(o.elements),
                         "actions": plan_numbers(o.actions, self.lang), "lead": leads[0] if leads else "–",
                         "partners": sep.join(partners) or "–",
                         "phase": sep.join(f"{phase_label(ph, self.lang)}{self.tr('colon')}"
                                           f"{plan_numbers([p for p in o.actions if p.phase == ph], self.lang)}"
                                           for ph in o.phases),
                         "indicator": clean(o.actions[-1].indicator),
                         "cost": self.tr(f"plan.cost.{max((p.cost for p in o.actions), key=COSTS.index)}")})
        return rows

    def phases(self) -> list[dict[str, Any]]:
        rows = []
        for i, o in enumerate(self.plan, 1):
            cells = {}
            for ph in (1, 2, 3):
                acts = [p for p in o.actions if p.phase == ph]
                cells[f"p{ph}"] = plan_numbers(acts, self.lang) if acts else ""
                cells[f"c{ph}"] = PHASE_COLOURS[ph - 1] if acts else "FFFFFF"
            rows.append({"n": str(i), "objective": clean(o.title), **cells})
        return rows

    def acronyms(self) -> list[dict[str, str]]:
        return [{"acronym": clean(a), "term": clean(term)} for a, term in _acronyms(self.f.id, self.lang)]

    def annex(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        lang, answers = self.lang, self.a.answers
        every = ([self.a.context] if self.a.context else []) + self.a.elements
        blocks, verify = [], []
        for r in every:
            title = clean(text(r.element.title, lang))
            rows = []
            for q in r.questions:
                ans = answers.get(q.id) or self.a.given.get(q.id)  # skipped: shown as such, with its note
                review = needs_review(ans)  # from an earlier framework version: not counted
                shown = t(lang, "review.status") if review else describe(q, ans, lang, self.labels)
                rows.append({"question": clean(text(q.text, lang)), "answer": clean(shown),
                             "note": clean(ans.note) if ans else ""})
                if ans is None or ans.status in ("dont_know", "skipped"):
                    status = "unanswered" if ans is None else "review.status" if review else ans.status
                    verify.append({"element": title, "question": clean(text(q.text, lang)),
                                   "status": t(lang, status)})
            blocks.append({"title": title, "rows": rows})
        return blocks, verify

    # ---- workshop parts (see assistant/report/workshop.py) ------------------------------------------
    def workshop(self, components: list[dict[str, Any]], toc: list[dict[str, Any]]) -> dict[str, Any]:
        """The workshop context; also each element's evidence line, the roster's agencies in the
        method and the follow-ups annex in the contents."""
        ws = workshop_context(self.a, self.records, self.lang)
        lines = ws.pop("element_lines")
        for c in components:
            for e in c["elements"]:
                e["workshop"] = lines.get(e["id"], "")
        if ws["annex"]:
            toc.append({"level": 1, "title": self.tr("h.annex_followups"), "page": ""})
        return ws

    def roster_agencies(self, method: dict[str, Any], roster: str) -> None:
        """The method's agencies: those stated, then the roster's agencies not among them."""
        if not roster:
            return
        stated = "" if method["agencies"] == self.tr("none_given") else method["agencies"]
        sep = t(self.lang, "list_sep")
        more = [x for x in roster.split(sep) if x.casefold() not in stated.casefold()]
        method["agencies"] = sep.join(([stated] if stated else []) + more) if more else stated

    def build(self) -> dict[str, Any]:
        self.plan = build_plan(self.a, self.meta, self.lang)
        self.numbers = {p.action.key: p.number for o in self.plan for p in o.actions}
        components = self.components()
        annex, verify = self.annex()
        meta = self.meta
        country = clean(meta.get("country", ""))
        title = clean(meta.get("title", "")) or self.framework_title("title", country)
        toc = [{"level": 1, "title": self.tr(k), "page": ""} for k in ("h.summary", "h.method")]
        for c in components:
            toc.append({"level": 1, "title": f"{c['number']}. {c['title']}", "page": ""})
            toc += [{"level": 2, "title": f"{e['number']} {e['title']}", "page": ""} for e in c["elements"]]
        toc += [{"level": 1, "title": self.tr(k), "page": ""}
                for k in ("h.profile", "h.recommendations", "h.action_plan", "h.annex_answers", "h.annex_verify")]
        workshop = self.workshop(components, toc)
        context = {
            "workshop": workshop,
            "lang": self.lang,
            "doc": {"country": country, "title": title, "framework": clean(text(self.f.title, self.lang)),
                    "date": long_date(self.today, self.lang), "status": self.tr("draft"),
                    "status_block": self.tr("status.block", version=clean(meta.get("report_version") or "0.1"),
                                            date=long_date(self.today, self.lang), country=country),
                    "header": self.framework_title("header", country)},
            "toc": toc,
            "summary": self.summary(components),
            "method": self.method(),
            "components": components,
            "profile": self.profile(components),
            "recommendations": self.recommendations(),
            "plan": self.action_plan(),
            "phases": self.phases(),
            "acronyms": self.acronyms(),
            "annex": annex,
            "verify": verify,
        }
        self.roster_agencies(context["method"], workshop["agencies"])
        return context


def build_context(analysis: Analysis, meta: dict[str, Any], lang: str | None = None,
                  today: str | None = None, records: Records | None = None) -> dict[str, Any]:
    """Everything the report template shows, in ``lang`` (default: the analysis language).

    ``records``: the assessment's workshop records by kind (participants, sessions, parked).
    """
    lang = lang or analysis.lang
    return _Builder(analysis, meta, lang, today or date.today().isoformat(), records).build()
