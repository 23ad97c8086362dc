"""The report context: every text the template shows, as plain strings and lists (pure).

``build_context(analysis, meta, lang)`` reads only the analysis and the assessment's
metadata; the renderer adds the chart image. User text is cleaned of control
characters here; escaping for XML is the template environment's job.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.analysis import Analysis, ElementResult
from assistant.analysis.levels import Rating, group_note
from assistant.engine.describe import decimal as number
from assistant.engine.describe import describe
from assistant.engine.versions import needs_review
from assistant.framework.models import text
from assistant.i18n import t
from assistant.report.clean import clean
from assistant.report.colours import colour

TOP_AREAS = 3
TOP_PRIORITIES = 5


def percent(ratio: float, lang: str) -> str:
    return f"{round(ratio * 100)}\u00a0%" if lang == "fr" else f"{round(ratio * 100)}%"


def long_date(iso: str, lang: str) -> str:
    """2026-03-14 → "14 March 2026" / "14 mars 2026"; anything else is returned as is."""
    try:
        d = date.fromisoformat(iso[:10])
    except (TypeError, ValueError):
        return clean(iso)
    month = t(lang, "report.months").split(",")[d.month - 1]
    return f"{d.day} {month} {d.year}"


class _Builder:
    def __init__(self, analysis: Analysis, meta: dict[str, Any], lang: str, today: str) -> None:
        self.a = analysis
        self.f = analysis.framework
        self.meta = meta
        self.lang = lang
        self.today = today
        self.top = max(lvl.level for lvl in self.f.scale)
        self.labels = [text(s.label, lang) for s in self.f.scale]

    def tr(self, key: str, **params: Any) -> str:
        return t(self.lang, f"report.{key}", **params)

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
        evidence = [c for c in r.contributions if c.rule != "not_asked"]  # answers given, in words
        strengths = [self.pair(c.question_text, c.answer_text) for c in evidence if c.score >= est]
        attention = [self.pair(c.question_text, c.answer_text) for c in evidence if c.score < est]
        scored = {c.question for c in r.contributions}
        facts, statements, notes, overall = [], [], [], []
        for q in r.questions:
            noted = self.a.given.get(q.id)  # a note counts even on a skipped question
            if noted is not None and noted.note.strip():
                notes.append({"question": clean(text(q.text, lang)), "text": clean(noted.note)})
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
            elif q.id not in scored:
                facts.append(self.pair(text(q.text, lang), describe(q, a, lang, self.labels)))
        cov = r.coverage
        lead = (self.tr("findings.rated", label=self.f.scale_label(r.rating.level or 1, lang),
                        score=number(r.rating.score or 0, lang), top=self.top, n=r.rating.parts)
                if r.rating.rated else self.tr("findings.unrated"))
        if group_note(r, self.f, lang):
            lead += " " + group_note(r, self.f, lang)
        coverage = self.tr("findings.coverage", responded=cov.responded, applicable=cov.applicable)
        if cov.dont_know:
            coverage += " " + self.tr("findings.dont_know", n=cov.dont_know)
        if cov.open:
            coverage += " " + self.tr("findings.open", n=cov.open)
        recs = [clean(x.text) for x in self.a.actions_for(r.id)]
        return {
            "id": r.id, "number": number_, "title": clean(text(r.element.title, lang)),
            "intro": clean(text(r.element.intro, lang)), **self.level(r.rating),
            "lead": lead, "overall": overall, "coverage": coverage,
            "explanation": self.explanation(r), "strengths": strengths, "attention": attention,
            "facts": facts, "statements": statements, "notes": notes, "recommendations": recs,
            "standards": [clean(text(s, lang)) for s in r.element.standards],
        }

    def pair(self, question: str, answer: str) -> str:
        return self.tr("pair", question=clean(question), answer=clean(answer))

    def components(self) -> list[dict[str, Any]]:
        out = []
        for i, c in enumerate(self.a.components, 1):
            rated = [e for e in c.elements if e.rating.rated]
            summary = (self.tr("component.summary", n=len(rated), total=len(c.elements),
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
            profile = self.tr("summary.profile", country=country, n=len(rated),
                              label=self.f.scale_label(a.overall.level or 1, lang),
                              score=number(a.overall.score or 0, lang), top=self.top, spread=spread)
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
        priorities = [self.tr("summary.priority", text=clean(x.text), element=clean(x.element_title) or "–",
                              horizon=self.tr(f"horizon.{x.horizon}").lower())
                      for x in self.top_priorities()]
        counts_line = self.tr("summary.recommendations", n=len(a.actions),
                              high=sum(1 for x in a.actions if x.priority == "high"),
                              short=sum(1 for x in a.actions if x.horizon == "short"),
                              long=sum(1 for x in a.actions if x.horizon == "long"))
        gaps = self.tr("summary.gaps", n=len(a.gaps), label=self.f.scale_label(a.established, lang))
        return {"profile": profile, "components": comps, "strongest": strongest, "weakest": weakest,
                "priorities": priorities, "recommendations": counts_line, "gaps": gaps}

    def top_priorities(self) -> list[Any]:
        """High-priority actions, short-term first, for the weakest elements first."""
        score = {e.id: e.rating.score if e.rating.score is not None else 9.0 for e in self.a.elements}
        high = [x for x in self.a.actions if x.priority == "high"]
        high.sort(key=lambda x: (x.horizon != "short", score.get(x.element or "", 9.0)))
        return high[:TOP_PRIORITIES]

    def method(self) -> dict[str, Any]:
        a, lang, meta = self.a, self.lang, self.meta
        cov = a.coverage
        team = ", ".join(clean(x) for x in meta.get("team") or []) or self.tr("none_given")
        agencies = ", ".join(clean(x) for x in meta.get("agencies") or []) or self.tr("none_given")
        start = long_date(meta.get("start_date", ""), lang) if meta.get("start_date") else "–"
        end = long_date(meta.get("end_date") or meta.get("updated", ""), lang)
        context_rows = []
        if a.context is not None:
            for q in a.context.questions:
                ans = a.answers.get(q.id)
                context_rows.append({"question": clean(text(q.text, lang)),
                                     "answer": clean(describe(q, ans, lang, self.labels))})
        return {
            "framework": clean(text(self.f.title, lang)), "version": clean(self.f.version),
            "description": clean(text(self.f.description, lang)),
            "team": team, "agencies": agencies, "period": self.tr("method.period", start=start, end=end),
            "coverage": self.tr("method.coverage", responded=cov.responded, applicable=cov.applicable,
                                pct=percent(cov.ratio, lang), dk=cov.dont_know,
                                dk_pct=percent(cov.dont_know_share, lang)),
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
                rows.append({"n": str(n), "component": c["title"], "title": e["title"],
                             "level_label": e["level_label"], "score": e["score"], "color": e["color"]})
        return rows

    def recommendations(self) -> list[dict[str, Any]]:
        rows = []
        for i, x in enumerate(self.a.actions, 1):
            refs = []
            if x.sdg:
                refs.append(self.tr("refs.sdg", targets=", ".join(x.sdg)))
            if x.gcm:
                refs.append(self.tr("refs.gcm", objectives=", ".join(str(g) for g in x.gcm)))
            because = "; ".join(self.pair(e.question_text, e.answer_text) for e in x.because)
            rows.append({"n": str(i), "element": clean(x.element_title) or "–", "text": clean(x.text),
                         "horizon": self.tr(f"horizon.{x.horizon}"), "priority": self.tr(f"priority.{x.priority}"),
                         "lead": clean(x.lead) or "–", "refs": "; ".join(refs) or "–",
                         "because": because, "added": x.added})
        return rows

    def road_map(self, horizon: str) -> list[dict[str, Any]]:
        rows = []
        for obj in self.a.road_map(horizon):
            for j, x in enumerate(obj.actions):
                rows.append({"objective": clean(obj.title) if j == 0 else "", "action": clean(x.text),
                             "priority": self.tr(f"priority.{x.priority}"), "owner": clean(x.owner) or "–",
                             "timeline": clean(x.timeline) or "–", "status": self.tr(f"status.{x.status}")
                             if x.status in ("proposed", "agreed", "in_progress", "done") else clean(x.status)})
        return rows

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

    def build(self) -> dict[str, Any]:
        components = self.components()
        annex, verify = self.annex()
        meta = self.meta
        country = clean(meta.get("country", ""))
        title = clean(meta.get("title", "")) or self.framework_title("title", country)
        toc = [{"level": 1, "title": self.tr(k)} for k in ("h.summary", "h.method")]
        for c in components:
            toc.append({"level": 1, "title": f"{c['number']}. {c['title']}"})
            toc += [{"level": 2, "title": f"{e['number']} {e['title']}"} for e in c["elements"]]
        toc += [{"level": 1, "title": self.tr(k)} for k in ("h.profile", "h.recommendations", "h.road_map",
                                                            "h.annex_answers", "h.annex_verify")]
        return {
            "lang": self.lang,
            "doc": {"country": country, "title": title, "framework": clean(text(self.f.title, self.lang)),
                    "date": long_date(self.today, self.lang), "status": self.tr("draft"),
                    "header": self.framework_title("header", country)},
            "toc": toc,
            "summary": self.summary(components),
            "method": self.method(),
            "components": components,
            "profile": self.profile(components),
            "recommendations": self.recommendations(),
            "road_short": self.road_map("short"),
            "road_long": self.road_map("long"),
            "annex": annex,
            "verify": verify,
        }


def build_context(analysis: Analysis, meta: dict[str, Any], lang: str | None = None,
                  today: str | None = None) -> dict[str, Any]:
    """Everything the report template shows, in ``lang`` (default: the analysis language)."""
    lang = lang or analysis.lang
    return _Builder(analysis, meta, lang, today or date.today().isoformat()).build()
