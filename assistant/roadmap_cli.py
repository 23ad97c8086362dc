"""``bmm roadmap ID …``: list and edit recommendations and road-map rows from the command line.

Edits go through :mod:`assistant.analysis.edits`, are stored with the assessment and are
applied every time the analysis (and so the report) is regenerated.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from assistant.errors import BmmError

if TYPE_CHECKING:  # the analysis is imported when the command runs, not for every `bmm`
    from assistant.analysis import Action
    from assistant.store.assessments import Store

FIELDS = ("text", "objective", "owner", "timeline", "status", "priority", "horizon", "lead")


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    """The ``roadmap`` command's arguments (called by the CLI's parser builder)."""
    parser.add_argument("id")
    parser.add_argument("--lang", metavar="LANG", help="language of the listed texts (any the framework declares)")
    parser.add_argument("--json", action="store_true", help="list as JSON")
    parser.add_argument("--dropped", action="store_true", help="also list dropped rows")
    sub = parser.add_subparsers(dest="action", metavar="edit|add|drop|restore|reset")

    def fields(p: argparse.ArgumentParser, text_required: bool = False) -> None:
        p.add_argument("--text", required=text_required, help="the recommended action")
        p.add_argument("--objective", help="the road-map objective it serves")
        p.add_argument("--owner")
        p.add_argument("--timeline", help='e.g. "Q3 2027" or "within 12 months"')
        p.add_argument("--status", help="proposed, agreed, in_progress or done")
        p.add_argument("--priority", help="high, medium or low")
        p.add_argument("--horizon", help="short (about 12 months) or long (2-5 years)")
        p.add_argument("--lead", help="suggested lead agency")

    edit = sub.add_parser("edit", parents=[common], help="change fields of a row")
    edit.add_argument("key", help="the row's key, as listed (e.g. rec:trn_r_needs)")
    fields(edit)
    add = sub.add_parser("add", parents=[common], help="add a row of your own")
    fields(add, text_required=True)
    add.add_argument("--element", help="element id it belongs to (optional)")
    for name, help_ in (("drop", "hide a triggered row, or delete an added one"),
                        ("restore", "bring back a dropped row"),
                        ("reset", "forget every edit of a row")):
        sub.add_parser(name, parents=[common], help=help_).add_argument("key")


def run(args: argparse.Namespace, store: Store) -> int:
    from assistant import framework as fw
    from assistant.analysis import analyse
    from assistant.analysis import edits as ed
    from assistant.engine.versions import reconcile

    if args.action is None:
        return _list(args, store)
    with store.open(args.id, write=True) as assessment:
        meta = assessment.meta
        lang = args.lang or meta.get("lang") or "en"
        framework = fw.get(meta.get("framework", "bmm"))
        answers = reconcile(framework, meta.get("framework_version"), assessment.answers(), lang).answers
        result = analyse(framework, answers, lang, assessment.edits())
        known = {a.key for a in result.actions + result.dropped} | set(assessment.edits())
        given = {f: getattr(args, f, None) for f in FIELDS if getattr(args, f, None) is not None}
        if args.action == "add":
            element = args.element
            if element is not None and all(e.id != element for e in framework.elements()):
                raise BmmError(f"no element {element!r} in framework {framework.id!r}")
            text = given.pop("text")
            extra = {"element": element} if element else {}
            key = ed.add(assessment, text, **given, **extra)
            print(f"Added {key}")
            return 0
        key = _key(args.key, known, args.id)
        if args.action == "edit":
            if not given:
                raise BmmError("nothing to change: give at least one of --" + ", --".join(FIELDS))
            ed.edit(assessment, key, **given)
        elif args.action == "drop":
            ed.drop(assessment, key)
        elif args.action == "restore":
            ed.restore(assessment, key)
        else:
            ed.reset(assessment, key)
    print(f"{args.action.capitalize()}: {key}")
    return 0


def _key(given: str, known: set[str], aid: str) -> str:
    for candidate in (given, f"rec:{given}"):
        if candidate in known:
            return candidate
    raise BmmError(f"no road-map row {given!r}; `bmm roadmap {aid}` lists the keys")


def _list(args: argparse.Namespace, store: Store) -> int:
    from assistant import framework as fw
    from assistant.analysis import analyse
    from assistant.engine.versions import reconcile
    from assistant.i18n import t

    with store.open(args.id, write=False) as assessment:
        meta = assessment.meta
        lang = args.lang or meta.get("lang") or "en"
        framework = fw.get(meta.get("framework", "bmm"))
        answers = reconcile(framework, meta.get("framework_version"), assessment.answers(), lang).answers
        result = analyse(framework, answers, lang, assessment.edits())
    rows = list(result.actions) + (list(result.dropped) if args.dropped else [])
    if args.json:
        print(json.dumps([_row(a, a in result.dropped) for a in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No recommendations yet: they appear as answers reveal gaps.")
        return 0
    for horizon in ("short", "long"):
        chosen = [a for a in rows if a.horizon == horizon]
        if not chosen:
            continue
        print(t(lang, f"report.horizon.{horizon}") + f" ({len(chosen)})")
        for a in chosen:
            flags = [w for w, on in (("dropped", a in result.dropped), ("added", a.added),
                                     ("edited", bool(a.edited))) if on]
            where = a.element_title or "-"
            print(f"  {a.key}  [{a.priority}] {where}: {a.text}")
            print(f"      owner: {a.owner or '-'} | timeline: {a.timeline or '-'} | status: {a.status}"
                  + (f" | {', '.join(flags)}" if flags else ""))
    return 0


def _row(a: Action, dropped: bool) -> dict[str, Any]:
    return {
        "key": a.key, "rule": a.rule, "element": a.element, "objective": a.objective, "text": a.text,
        "horizon": a.horizon, "priority": a.priority, "lead": a.lead, "owner": a.owner,
        "timeline": a.timeline, "status": a.status, "edited": list(a.edited), "added": a.added,
        "dropped": dropped,
    }  # fmt: skip
