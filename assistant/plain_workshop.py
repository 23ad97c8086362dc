"""Workshop commands of the plain interview: speaker, roster, positions, agreement, parking,
confidence and follow-ups, with French names. Every rule is in the session
(:mod:`assistant.workshop`); this module only reads the command line and prints the outcome.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.engine.answers import Answer
from assistant.engine.describe import describe
from assistant.followups_cli import as_lines
from assistant.framework.models import text
from assistant.workshop.roster import fold

if TYPE_CHECKING:
    from assistant.plain import PlainInterview

ALIASES = {  # French names of the workshop commands
    ":intervenant": ":speaker", ":participants": ":roster", ":ajouter": ":add", ":accord": ":agree",
    ":reporter": ":park", ":confiance": ":confidence", ":suivi": ":followups",
}
COMMANDS = (":speaker", ":roster", ":add", ":position", ":agree", ":park", ":confidence", ":followups")
HOW = {"consensus": "consensus", "majority": "majority", "majorite": "majority", "majoritaire": "majority",
       "contested": "contested", "contestee": "contested", "conteste": "contested"}
LEVELS = {"documented": "documented", "documente": "documented", "documentee": "documented",
          "observed": "observed", "observe": "observed", "observee": "observed",
          "stated": "stated", "declare": "stated", "declaree": "stated"}
_DATE_LIKE = re.compile(r"\d[\d/.-]*")


class WorkshopCommands:
    """The workshop part of a :class:`PlainInterview` (its session, input and output)."""

    def __init__(self, plain: PlainInterview) -> None:
        self.p = plain
        self.s = plain.s
        self.agree_next: tuple[str, str] | None = None  # (question, how): the next answer is the agreed one

    def tr(self, key: str, **kw: Any) -> str:
        return self.p.tr(key, **kw)

    # ---- answers --------------------------------------------------------------------------
    def submit(self, line: str) -> Answer | None:
        """Save a typed answer: the agreed one when :agree is waiting for it (then None: already said)."""
        q = self.s.current
        pending, self.agree_next = self.agree_next, None
        if pending is not None and q is not None and pending[0] == q.id:
            try:
                answer = self.s.agree(q.id, line, pending[1])
            except Exception:
                self.agree_next = pending  # still waiting for an answer that fits
                raise
            self._agreed(q, answer)
            return None
        return self.s.submit(line)

    def show(self, q: Any) -> None:
        """Under a question: the agencies' positions so far, and whether it is parked."""
        if self.agree_next is not None and self.agree_next[0] != q.id:
            self.agree_next = None  # :agree waits for an answer to its own question only
        if self.s.positions(q.id):
            self.p.say(self.tr("plain.ws.positions_line", tally=self.s.tally_text(q.id)))
        rec = self.s.parked().get(q.id)
        if rec is not None:
            self.p.say(self.tr("plain.ws.parked_line", owner=rec.get("owner") or "–", due=rec.get("due") or "–"))

    # ---- commands ---------------------------------------------------------------------------
    def handle(self, cmd: str, arg: str) -> bool:
        """Run a workshop command; False when ``cmd`` is not one."""
        if cmd not in COMMANDS:
            return False
        getattr(self, "_" + cmd[1:])(arg)
        return True

    def _speaker(self, arg: str) -> None:
        if arg:
            name, _, agency = arg.partition(",")
            if agency.strip() and not any(fold(p.name) == fold(name) for p in self.s.participants()):
                self.s.add_participant(name, agency)
            self.s.set_speaker(name)
        sp = self.s.speaker
        if sp is None:
            self.p.say(self.tr("plain.ws.no_speaker", who=self.s.interview.who))
        else:
            self.p.say(self.tr("plain.ws.speaker", name=sp.name, agency=sp.agency))

    def _roster(self, arg: str) -> None:
        people = self.s.participants()
        if not people:
            self.p.say(self.tr("plain.ws.roster_empty"))
            return
        self.p.say(self.tr("plain.ws.roster_header", n=len(people)))
        speaking = self.s.speaker.key if self.s.speaker else None
        for n, person in enumerate(people, 1):
            role = f" ({person.role})" if person.role else ""
            self.p.say(self.tr("plain.ws.roster_line", n=n, name=person.name, agency=person.agency, role=role,
                               speaking=self.tr("plain.ws.speaking") if person.key == speaking else ""))

    def _add(self, arg: str) -> None:
        if arg:
            parts = [x.strip() for x in arg.split(",")]
            if len(parts) < 2:
                self.p.say(self.tr("plain.ws.add_usage"))
                return
            name, agency, role = parts[0], parts[1], ", ".join(parts[2:])
        else:  # a small prompt: name, then agency
            name, agency, role = self._ask("plain.ws.ask_name"), self._ask("plain.ws.ask_agency"), ""
            if not name or not agency:
                self.p.say(self.tr("plain.ws.add_usage"))
                return
        person = self.s.add_participant(name, agency, role=role)
        self.p.say(self.tr("plain.ws.added", name=person.name, agency=person.agency))

    def _position(self, arg: str) -> None:
        q = self._here()
        if q is None:
            return
        agency, rest = self._split_agency(arg)
        option, _, reason = rest.partition(" ")
        if q.type == "text":  # a free-text position is the whole rest of the line
            option, reason = rest.strip(), ""
        if not agency or not option:
            self.p.say(self.tr("plain.ws.position_usage"))
            return
        self.s.record_positions(q.id, [{"agency": agency, "value": option, "reason": reason}])
        mine = next(p for p in self.s.positions(q.id) if p.agency == self.s.match_agency(agency))
        self.p.say(self.tr("plain.ws.position", agency=mine.agency, value=self.s.describe_value(q.id, mine.value),
                           tally=self.s.tally_text(q.id)))

    def _agree(self, arg: str) -> None:
        q = self._here()
        if q is None:
            return
        word, _, raw = arg.partition(" ")
        how = HOW.get(fold(word))
        if how is None:
            self.p.say(self.tr("plain.ws.agree_usage"))
            return
        if not raw.strip() and not self.s.positions(q.id):
            self.agree_next = (q.id, how)
            self.p.say(self.tr("plain.ws.agree_next", how=self.tr(f"agreement.{how}")))
            return
        self._agreed(q, self.s.agree(q.id, raw or None, how))

    def _park(self, arg: str) -> None:
        q = self._here()
        if q is None:
            return
        words = arg.split()
        due = words.pop() if words and _DATE_LIKE.fullmatch(words[-1]) else None
        doc = self.s.park(q.id, " ".join(words), due)
        self.p.say(self.tr("plain.ws.parked",
                           owner=self.tr("plain.ws.park_owner", owner=doc["owner"]) if doc["owner"] else "",
                           due=self.tr("plain.ws.park_due", due=doc["due"]) if doc["due"] else ""))

    def _confidence(self, arg: str) -> None:
        level = LEVELS.get(fold(arg))
        if level is None:
            self.p.say(self.tr("plain.ws.confidence_usage"))
            return
        qid = self._last_answered()
        if qid is None:
            self.p.say(self.tr("workshop.err.confidence_unanswered"))
            return
        self.s.set_confidence(qid, level)
        q = self.s.interview.question(qid)
        self.p.say(self.tr("plain.ws.confidence", question=text(q.text, self.s.lang),
                           level=self.tr(f"confidence.{level}")))

    def _followups(self, arg: str) -> None:
        for line in as_lines(self.s.followups(arg or None), self.s.lang):
            self.p.say(line)

    # ---- helpers ---------------------------------------------------------------------------------
    def _agreed(self, q: Any, answer: Answer) -> None:
        iv = self.s.interview
        self.p.say(self.tr("plain.ws.agreed", how=self.tr(f"agreement.{answer.agreement}"),
                           value=describe(q, answer, self.s.lang, iv.scale_labels)))
        if self.s.dissent(q.id):
            self.p.say(self.tr("plain.ws.dissent", dissent=self.s.dissent_text(q.id)))

    def _here(self) -> Any | None:
        q = self.s.current
        if q is None:
            self.p.say(self.tr("plain.ws.nothing"))
        return q

    def _split_agency(self, arg: str) -> tuple[str, str]:
        """``AGENCY OPTION reason``: the longest run of words naming a known agency, then the rest."""
        words = arg.split()
        known = {fold(a) for a in self.s.agencies()}
        for n in range(len(words) - 1, 0, -1):
            if fold(" ".join(words[:n])) in known:
                return " ".join(words[:n]), " ".join(words[n:])
        return (words[0], " ".join(words[1:])) if words else ("", "")

    def _last_answered(self) -> str | None:
        """The question being asked if it has an answer (reviewing), else the last one answered."""
        answers = self.s.interview.answers
        q = self.s.current
        if q is not None and (a := answers.get(q.id)) is not None and a.status == "answered":
            return q.id
        for entry in reversed(self.s.assessment.history()):  # the last answer given: if "don't know", none
            qid = entry.get("question")
            if entry.get("action") in ("answer", "change") and qid in answers:
                return qid if answers[qid].status == "answered" else None
        return None

    def _ask(self, key: str) -> str:
        self.p.out.write(self.tr(key))
        self.p.out.flush()
        line = self.p.inp.readline().rstrip("\n")
        if self.p._echo:
            self.p.say(line)
        return line.strip()
