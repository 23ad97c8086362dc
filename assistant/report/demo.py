"""The demo assessment: the fictitious Republic of Avalon, answered realistically.

Answers come from ``demo_data.json``: answers authored per question where a note or another
answer depends on them, notes written for a given question, and per element a target maturity
level and a narrative; the other questions get an answer from a random generator seeded by
their id, so they are the same on every run and a question added to the framework later gets
an answer without changing the others. Branching is respected: questions are answered in
interview order.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path
from typing import Any

from assistant.analysis import edits as edit_api
from assistant.engine.answers import Answer, special
from assistant.engine.interview import Interview
from assistant.errors import BmmError
from assistant.framework.models import Framework, text
from assistant.report.consistency import contradicts
from assistant.store.assessments import Assessment, Store

DATA = Path(__file__).with_name("demo_data.json")
SEED = "avalon"


@cache
def demo_data() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _loc(value: Any, lang: str) -> Any:
    return text(value, lang) if isinstance(value, dict) else value


class Generator:
    """Realistic answers for one framework, in one language."""

    def __init__(self, framework: Framework, lang: str) -> None:
        self.framework = framework
        self.lang = lang
        self.data = demo_data()
        self.top = max(lvl.level for lvl in framework.scale)
        self.element_of = {q.id: el for el, q in framework.questions()}

    def profile(self, element_id: str) -> dict[str, Any]:
        return self.data["elements"].get(element_id, {"level": 2})

    def answer(self, question: Any, interview: Interview) -> Answer:
        rng = random.Random(f"{SEED}:{question.id}")
        fixed = self.data["answers"].get(question.id)
        if fixed is not None:
            return interview.parse_value(_loc(fixed, self.lang), question)
        if question.dont_know and question.type != "scale" and rng.random() < self.data["dont_know_rate"]:
            return special(question.id, "dont_know")
        element = self.element_of[question.id]
        level = int(self.profile(element.id).get("level", 2))
        target = max(1, min(self.top, level + rng.choice((-1, 0, 0, 0, 1))))
        return interview.parse_value(self.value(question, element.id, level, target, rng), question)

    def value(self, q: Any, element_id: str, level: int, target: int, rng: random.Random) -> Any:
        kind, frac = q.type, (level - 1) / max(1, self.top - 1)
        if kind == "scale":
            return min(level, len(q.levels))
        if kind == "yes_no":
            if q.scores:
                return min(q.scores, key=lambda v: (abs(q.scores[v] - target), rng.random()))
            return "yes" if rng.random() < 0.25 + 0.6 * frac else "no"
        if kind == "single_choice":
            scored = [o for o in q.options if o.score is not None]
            if scored:
                return min(scored, key=lambda o: (abs(o.score - target), rng.random())).value
            idx = round(frac * (len(q.options) - 1)) + rng.choice((-1, 0, 0, 1))
            return q.options[max(0, min(len(q.options) - 1, idx))].value
        if kind == "multi_choice":
            opts = [o for o in q.options if not o.exclusive] or q.options  # "None of these" stands alone
            if all(o.score is not None for o in opts):
                chosen = [o.value for o in opts if o.score <= target]
            else:
                k = max(1, min(len(opts), round(len(opts) * (0.25 + 0.6 * frac)) + rng.choice((-1, 0, 1))))
                chosen = [o.value for o in sorted(rng.sample(opts, k), key=opts.index)]
            return chosen or [opts[0].value]
        if kind == "number":
            lo = q.min if q.min is not None else 0
            hi = q.max if q.max is not None else max(lo + 10, 50 * 4 ** (level - 1))
            value = lo + (hi - lo) * min(1.0, max(0.0, 0.15 + 0.6 * frac + rng.uniform(-0.1, 0.1)))
            return int(round(value))
        if kind == "date":
            return f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        narrative = self.profile(element_id).get("text")
        return _loc(narrative, self.lang) if narrative else "—"

    def fill(self, interview: Interview) -> list[Answer]:
        """Answer every open applicable question, in interview order; returns the new answers."""
        new = []
        while True:
            open_ = [q for q in interview.unanswered() if q.id not in interview.answers]
            if not open_:
                return new
            new.append(interview.record(self.answer(open_[0], interview), advance=False))

    def notes(self, interview: Interview) -> list[Answer]:
        """The element's notes, each beside the question it was written for.

        ``notes`` maps a question id to its note; a note whose question is missing or not
        answered here (another framework) goes beside the first free question it does not contradict.
        """
        out = []
        for element in self.framework.elements():
            notes = _loc(self.profile(element.id).get("notes", {}), self.lang) or {}
            qs = interview.applicable_questions(element)
            free = [q for q in qs if q.evidence] + [q for q in qs if not q.evidence]
            for qid, note in notes.items():
                own = [q for q in free if q.id == qid]
                for q in own + [q for q in free if q.id != qid]:
                    a = interview.answers.get(q.id)
                    if a is not None and a.status == "answered" and not a.note \
                            and contradicts(q, a, note, self.lang) is None:
                        out.append(interview.annotate(note, q.id))
                        free.remove(q)
                        break
        return out


def demo_id(lang: str) -> str:
    return _loc(demo_data()["id"], lang)


def ensure_demo(store: Store, framework: Framework, lang: str = "en") -> tuple[str, bool]:
    """Create the demo assessment, or complete the existing one; returns (id, created)."""
    data, aid = demo_data(), demo_id(lang)
    created = not store.exists(aid)
    if created:
        a = store.create(_loc(data["country"], lang), framework.id, framework.version,
                         title=_loc(data["title"], lang), lang=lang, team=list(data["team"]),
                         agencies=list(_loc(data["agencies"], lang)), aid=aid)
    else:
        a = store.open(aid, write=True)
    try:
        if a.meta.get("framework") != framework.id:
            raise BmmError(f"{aid} exists but uses the framework {a.meta.get('framework')!r}; "
                           f"delete it with `bmm delete {aid}` to rebuild the demo")
        fill(a, framework, lang, first=created)
    finally:
        a.close()
    return aid, created


def fill(assessment: Assessment, framework: Framework, lang: str, first: bool) -> None:
    data = demo_data()
    gen = Generator(framework, lang)
    interview = Interview(framework, assessment.answers().values(), lang, who="demo")
    new = gen.fill(interview)
    noted = gen.notes(interview) if first else []
    with assessment.batch():
        for answer in {a.question: a for a in [*new, *noted]}.values():
            assessment.save(interview.answers[answer.question])
        if first:
            assessment.update_meta(start_date=data["start_date"], end_date=data["end_date"])
            for row in _loc(data["edits"], lang):
                edit_api.add(assessment, **row)
