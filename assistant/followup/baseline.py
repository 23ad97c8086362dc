"""A follow-up's baseline: the earlier assessment, read (never changed) on the current framework.

The baseline may have been answered on an older version of the framework. Its answers are
brought up to the current version in memory, as :mod:`assistant.engine.versions` does on
opening: renamed options are mapped, so they compare with today's answers; an answer to a
question that was re-worded (or no longer fits) is still shown as a reference, flagged, and
never offered as "unchanged"; answers to removed questions are listed by the comparison.
Its levels are computed on the current framework too, so "then" and "now" are measured alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assistant import framework as fw
from assistant.analysis import Analysis, analyse
from assistant.analysis.levels import Rating
from assistant.analysis.result import Action
from assistant.engine.answers import Answer, special
from assistant.engine.versions import reconcile
from assistant.errors import BmmError, NotFound, StoreError
from assistant.framework.changes import newer
from assistant.framework.models import Framework
from assistant.i18n import t
from assistant.store.assessments import Assessment, Store

ORIGIN = "baseline:"  # Answer.origin of an answer confirmed unchanged: "baseline:<baseline id>"
START_QUESTION = "ctx_date"  # the assessment's own start date (as the report reads it): never "unchanged"


@dataclass(frozen=True)
class Reference:
    """The baseline's answer to one question, as the interview shows it."""

    question: str
    answer: Answer | None  # on the current version (renamed options mapped); None: not answered then
    earlier: Answer | None  # as the baseline stored it
    changed: str = ""  # why it cannot be confirmed unchanged: the question changed meaning since
    own: bool = False  # a fact about the assessment itself (its start date): answered afresh each time

    @property
    def confirmable(self) -> bool:
        """True when "unchanged" may record the same answer again."""
        return not self.changed and not self.own and self.answer is not None and self.answer.counts


@dataclass
class Baseline:
    """The baseline assessment as a follow-up sees it."""

    id: str
    meta: dict[str, Any]
    version: str  # framework version the baseline was answered on
    framework: Framework
    given: dict[str, Answer]  # as stored
    answers: dict[str, Answer]  # on the current version
    changed: dict[str, str]  # question id → why its baseline answer cannot be compared as is
    removed: dict[str, Answer]  # answers to questions no longer in the framework
    analysis: Analysis
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)

    def reference(self, qid: str) -> Reference:
        earlier = self.given.get(qid)
        if earlier is not None and earlier.status == "skipped" and qid not in self.changed:
            earlier = None  # skipped then: nothing to refer to
        return Reference(qid, self.answers.get(qid) if earlier is not None else None, earlier,
                         self.changed.get(qid, ""), qid == START_QUESTION)

    def rating(self, element_id: str) -> Rating | None:
        r = self.analysis.element(element_id)
        return r.rating if r is not None else None

    def actions_for(self, element_id: str) -> list[Action]:
        """The baseline road map's actions of one element (its facilitator's edits applied)."""
        return self.analysis.actions_for(element_id)

    @property
    def actions(self) -> list[Action]:
        return list(self.analysis.actions)

    @property
    def date(self) -> str:
        """When the baseline was held: its answer to the context's start date, else its creation."""
        return started(self.meta, self.given)

    @property
    def label(self) -> str:
        """How to name the baseline to a user: its title (or country) and id."""
        name = self.meta.get("title") or self.meta.get("country") or self.id
        return f"{name} ({self.id})"


def started(meta: dict[str, Any], answers: dict[str, Answer]) -> str:
    """An assessment's date (YYYY-MM-DD): the answer to ``ctx_date`` when given, else its start date."""
    given = answers.get(START_QUESTION)
    if given is not None and given.status == "answered" and isinstance(given.value, str) and given.value:
        return given.value[:10]
    return str(meta.get("start_date") or meta.get("created") or "")[:10]


def read_baseline(store: Store, baseline_id: str, framework: Framework | None = None,
                  lang: str = "en") -> Baseline:
    """Read a baseline for reading only; one clear :class:`BmmError` if it is missing or damaged."""
    try:
        with store.open(baseline_id, write=False) as a:
            meta, given, edits = a.meta, a.answers(), a.edits()
    except NotFound:
        raise BmmError(t(lang, "followup.no_baseline", id=baseline_id, where=store.where())) from None
    except StoreError as exc:
        raise BmmError(t(lang, "followup.damaged_baseline", id=baseline_id, problem=str(exc))) from None
    fid = meta.get("framework", "")
    if framework is None:
        framework = fw.get(fid)
    elif fid != framework.id:
        raise BmmError(t(lang, "followup.other_framework", id=baseline_id, framework=fid, own=framework.id))
    version = str(meta.get("framework_version") or framework.version)
    if newer(version, framework.version):
        raise BmmError(t(lang, "followup.newer_baseline", id=baseline_id, version=version, own=framework.version))
    rec = reconcile(framework, version, given, lang)
    analysis = analyse(framework, rec.answers, lang, edits)
    return Baseline(baseline_id, meta, version, framework, given, rec.answers, dict(rec.review),
                    dict(rec.removed), analysis, edits)


def baseline_of(store: Store, meta: dict[str, Any], framework: Framework, lang: str) -> Baseline | None:
    """The baseline of an assessment, or None when it is not a follow-up."""
    bid = meta.get("baseline")
    return read_baseline(store, bid, framework, lang) if bid else None


def for_session(store: Store, session: Any) -> tuple[Baseline | None, str]:
    """An open session's baseline for the interview, and why it cannot be shown ("" when it can).

    A baseline that is gone or damaged never stops the follow-up's own interview.
    """
    try:
        return baseline_of(store, session.meta, session.framework, session.lang), ""
    except BmmError as exc:
        return None, t(session.lang, "followup.unavailable", problem=str(exc))


def create_follow_up(store: Store, baseline_id: str, title: str = "", lang: str | None = None,
                     team: list[str] | None = None, agencies: list[str] | None = None) -> Assessment:
    """A new assessment of the baseline's country on the current framework version, linked to it.

    Team and agencies default to the baseline's. Returns it open for writing.
    """
    base = read_baseline(store, baseline_id, lang=lang or "en")
    meta, framework = base.meta, base.framework
    lang = lang or meta.get("lang") or "en"
    if lang not in framework.languages:
        raise BmmError(f"framework {framework.id!r} is not available in {lang!r} "
                       f"(languages: {', '.join(framework.languages)})")
    title = title or t(lang, "followup.default_title", baseline=meta.get("title") or meta.get("country", ""),
                       date=base.date)
    return store.create(meta.get("country", ""), framework.id, framework.version, title=title, lang=lang,
                        team=meta.get("team", []) if team is None else team,
                        agencies=meta.get("agencies", []) if agencies is None else agencies,
                        baseline=baseline_id)


def unchanged_answer(reference: Reference, question: Any, baseline_id: str, lang: str = "en") -> Answer:
    """The baseline's answer given again, flagged as confirmed unchanged (``origin``).

    Raises :class:`BmmError` for a question whose meaning changed or that had no answer then.
    """
    ans = reference.answer
    if reference.changed:
        raise BmmError(t(lang, "followup.not_confirmable_changed"))
    if ans is None or not ans.counts:
        raise BmmError(t(lang, "followup.not_confirmable_none"))
    if reference.own:
        raise BmmError(t(lang, "followup.not_confirmable_own"))
    if ans.status == "answered":
        from assistant.engine.normalise import from_value

        fresh = from_value(question, ans.value, lang)
    else:
        fresh = special(question.id, ans.status)
    return replace(fresh, question=question.id, origin=ORIGIN + baseline_id)


def confirmed_unchanged(answer: Answer | None) -> bool:
    """True for an answer recorded with "unchanged" (the baseline's, given again)."""
    return answer is not None and answer.origin.startswith(ORIGIN)


def confirm_unchanged(session: Any, baseline: Baseline) -> Answer:
    """Record the baseline's answer to the current question again ("unchanged"); saved at once."""
    q = session.current
    if q is None:
        raise BmmError(t(session.lang, "followup.no_question"))
    answer = unchanged_answer(baseline.reference(q.id), q, baseline.id, session.lang)
    return session.record(answer)
