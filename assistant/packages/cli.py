"""``bmm assign``, ``bmm import`` of a package and ``bmm merge``: each says what it did and the next step."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant import framework as fw
from assistant import outpath
from assistant.framework.models import text
from assistant.packages import assign as assigning
from assistant.packages import conflicts
from assistant.packages.format import PackageError, check_returned
from assistant.packages.merge import merge as merge_file
from assistant.store.assessments import Store, _slug


def _titles(framework: fw.Framework, ids: Any) -> str:
    wanted = set(ids)
    return ", ".join(text(e.title, "en") for e in framework.elements() if e.id in wanted)


def assign(args: argparse.Namespace, store: Store) -> int:
    wanted = [e.strip() for e in args.elements.split(",") if e.strip()]
    with store.open(args.id, write=True) as a:
        framework = fw.get(a.meta.get("framework", "bmm"))
        package = assigning.make_package(a, framework, args.agency, wanted, args.person)
        head = package["package"]
        default = f"{args.id}-{_slug(head['agency'])[:20] or 'agency'}-package.json"
        payload = json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        path = outpath.write(outpath.target(args.output, default), payload.encode(), force=args.force,
                             data_root=store.root, mode=outpath.PRIVATE_MODE)
        assigning.record_sent(a, package, str(path))
    n = len(package["answers"])
    print(f"Wrote the package for {head['agency']} to {path}: {len(head['elements'])} element(s) "
          f"({_titles(framework, head['elements'])}), {n} answer{'s' if n != 1 else ''} so far, "
          f"package {head['id']}.")
    print(f"Next: send this file to {head['agency']}. They open it with `bmm import {path.name}`, answer, "
          f"and send back the file `bmm export` writes; then bring it in here with `bmm merge {args.id} FILE`.")
    return 0


def open_package(args: argparse.Namespace, data: Any, store: Store) -> int:
    if args.new_id:
        raise PackageError("--id is not used with a package: its assessment is named after the agency")
    opened = assigning.open_package(store, data, fw.get, str(args.file))
    head = opened.header
    with store.open(opened.id, write=False) as a:
        framework = fw.get(a.meta.get("framework", "bmm"))
        country = a.meta.get("country", "")
    what = "was already opened here as" if opened.already else "is now the assessment"
    print(f"The package for {head.agency} ({country}, from assessment {head.source}) {what} {opened.id}: "
          f"{len(head.elements)} element(s) to answer: {_titles(framework, head.elements)}.")
    print(f"Next: answer with `bmm interview {opened.id}` (add --plain for plain text). When you are done, "
          f"write the file to send back with `bmm export {opened.id} -o {opened.id}-answers.json`.")
    print(opened.id)
    return 0


def merge(args: argparse.Namespace, store: Store) -> int:
    from assistant.session import Session
    from assistant.store import check

    files = []
    for path in args.files:  # every file checked before anything is changed
        data = check.read_export(path)
        files.append((path, data, check_returned(data, args.id, str(path))))
    with Session.open(store, args.id) as session:
        for path, data, head in files:
            done = merge_file(session.assessment, session.framework, data, head, str(path))
            _say(path, done)
        left = conflicts.unresolved(session.assessment)
    if left:
        n = len(left)
        print(f"{n} question{'s' if n != 1 else ''} answered differently, kept side by side for the group to "
              f"settle: in `bmm interview {args.id}` press F11, or in plain mode type :conflicts.")
    return 0


def _say(path: Any, done: Any) -> None:
    head = done.header
    source = ", ".join(x for x in (head.agency, head.person) if x)
    counts = (f"{len(done.taken)} taken, {len(done.updated)} updated, {len(done.same)} same, "
              f"{len(done.conflicts)} conflict{'s' if len(done.conflicts) != 1 else ''}, "
              f"{len(done.skipped)} skipped")
    if not done.changed:
        why = "already merged" if done.already else "nothing new"
        print(f"{path} ({source}): {why}, nothing changed ({counts}).")
    else:
        print(f"{path} ({source}): {counts}.")
    for qid, why in sorted(done.skipped.items()):
        print(f"  skipped {qid}: {why}", file=sys.stderr)
