"""``bmm followups ID [--owner X] [--json]``: what is parked, unknown or still open, by owner.

The same lines are printed by ``:followups`` in the plain interview. The JSON is one
object: ``{"assessment", "owner", "followups": [{question, element, element_title, kind,
owner, due, text, note}]}`` in framework order (``kind``: parked, dont_know or unanswered).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.store.assessments import Store
    from assistant.workshop.parking import FollowUp


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("--owner", metavar="NAME", help="only this participant's or agency's follow-ups")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.add_argument("--lang", choices=["en", "fr"], help="language of the texts")


def run(args: argparse.Namespace, store: Store) -> int:
    from assistant import framework as fw
    from assistant.engine.interview import Interview
    from assistant.engine.versions import reconcile
    from assistant.workshop.parking import KIND, followups_of
    from assistant.workshop.roster import KIND as PEOPLE
    from assistant.workshop.roster import ordered

    with store.open(args.id, write=False) as assessment:  # read only: no lock, nothing changes
        meta, answers = assessment.meta, assessment.answers()
        parked, people = assessment.records(KIND), assessment.records(PEOPLE)
    lang = args.lang or meta.get("lang") or "en"
    framework = fw.get(meta.get("framework", "bmm"))
    answers = reconcile(framework, meta.get("framework_version"), answers, lang).answers
    roster = ordered(people)
    items = followups_of(Interview(framework, answers.values(), lang), parked, roster, lang, args.owner)
    if args.json:
        print(json.dumps({"assessment": args.id, "owner": args.owner or None,
                          "followups": [f.as_dict() for f in items]}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(as_lines(items, lang)))
    return 0


def by_owner(items: list[FollowUp]) -> list[tuple[str, list[FollowUp]]]:
    """Items grouped by owner, owners in alphabetical order and items without one last."""
    groups: dict[str, list[FollowUp]] = {}
    for f in items:
        groups.setdefault(f.owner, []).append(f)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))


def as_lines(items: list[FollowUp], lang: str) -> list[str]:
    """The follow-ups as text lines, grouped by owner."""
    from assistant.i18n import t

    if not items:
        return [t(lang, "followups.none")]
    lines = [t(lang, "followups.header", n=len(items))]
    for owner, group in by_owner(items):
        lines.append(t(lang, "followups.owner", owner=owner or t(lang, "followups.no_owner"), n=len(group)))
        for f in group:
            lines.append(t(lang, "followups.item", kind=t(lang, f"followups.kind.{f.kind}"), text=f.text,
                           element=f.element_title, question=f.question,
                           due=t(lang, "followups.due", due=f.due) if f.due else ""))
    return lines


def as_data(items: list[FollowUp]) -> list[dict[str, Any]]:
    return [f.as_dict() for f in items]
