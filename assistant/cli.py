"""The ``bmm`` command. Imports the TUI only when it is needed.

Every user-facing failure is one line on stderr and exit 1 (2 for usage
errors); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant import __version__, paths
from assistant.errors import BmmError, UsageError
from assistant.printable import CleanStream, printable


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help="data folder (default: $BMM_HOME, else the user data folder)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks of unexpected errors")
    p = _Parser(prog="bmm", parents=[common],
                description="Border and Migration Management Assessment assistant. "
                            "With no command, opens the interactive assistant.")
    p.add_argument("--version", action="version", version=f"bmm-assistant {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    def cmd(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help_, description=help_)

    n = cmd("new", "create an assessment and print its id (last line)")
    n.add_argument("--country", help="the country assessed (a follow-up takes its baseline's)")
    n.add_argument("--follow-up", dest="follow_up", metavar="BASELINE_ID",
                   help="a follow-up of this earlier assessment: same country, current framework version")
    n.add_argument("--title", default="")
    n.add_argument("--framework", default=None, metavar="ID", help="framework id (default bmm)")
    n.add_argument("--lang", default=None, metavar="LANG",
                   help="language of the interview: any language the framework declares "
                        "(default en; a follow-up's: its baseline's)")
    n.add_argument("--team", action="append", default=[], metavar="NAME", help="assessment team member (repeatable)")
    n.add_argument("--agency", action="append", default=[], dest="agencies", metavar="NAME",
                   help="agency taking part (repeatable)")

    from assistant.followup import compare_cli

    compare_cli.add_arguments(cmd("compare", "compare a follow-up with its baseline: levels then and now, "
                                              "the answers that changed and why"))

    ls = cmd("list", "list assessments")
    ls.add_argument("--json", action="store_true")

    iv = cmd("interview", "run or resume an interview")
    iv.add_argument("id")
    iv.add_argument("--plain", action="store_true", help="plain text: one question, one line (also for screen readers)")

    sv = cmd("serve", "the assistant in a web browser (one process per tab), on this computer by default")
    sv.add_argument("id", nargs="?", help="open this assessment in every new tab (default: the home screen)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    sv.add_argument("--allow-remote", action="store_true",
                    help="allow an address other than this computer's (the page has no login)")

    v = cmd("validate", "check question trees and report templates")
    v.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    v.add_argument("--against", action="append", default=[], metavar="ID",
                   help="also check that the answers of this stored assessment still fit (repeatable)")

    f = cmd("framework", "show frameworks")
    fsub = f.add_subparsers(dest="fcommand", parser_class=_Parser, metavar="show|list|add|record", required=True)
    fs = fsub.add_parser("show", parents=[common], help="print a resolved framework")
    fs.add_argument("id", nargs="?", default="bmm")
    fs.add_argument("--json", action="store_true")
    fsub.add_parser("list", parents=[common], help="list the frameworks that can be used, and where they are")
    fa = fsub.add_parser("add", parents=[common],
                         help="check a framework folder and copy it into the data folder's frameworks/")
    fa.add_argument("path", type=Path, metavar="FOLDER")
    fa.add_argument("--force", action="store_true", help="replace an added framework with the same id")
    fr = fsub.add_parser("record", parents=[common],
                         help="record the framework's fingerprint (after a release), so `validate` "
                              "catches undeclared changes")
    fr.add_argument("path", type=Path, metavar="PATH")

    e = cmd("export", "write an assessment as lossless JSON")
    e.add_argument("id")
    e.add_argument("-o", "--output", metavar="FILE",
                   help="file (or folder) to write, private to you (default: standard output)")
    e.add_argument("--force", action="store_true", help="replace the -o file if it exists")

    i = cmd("import", "create an assessment from an export file, or open an agency's package")
    i.add_argument("file", type=Path)
    i.add_argument("--id", dest="new_id", metavar="NEW-ID", help="import under another id")

    asg = cmd("assign", "write a package of elements for an agency to answer on its own machine")
    asg.add_argument("id")
    asg.add_argument("--agency", required=True, metavar="NAME", help="the agency that answers the package")
    asg.add_argument("--elements", required=True, metavar="E1,E2",
                     help="the element ids to answer, separated by commas (`bmm framework show` lists them)")
    asg.add_argument("--person", default="", metavar="NAME", help="the person who answers (recorded with each answer)")
    asg.add_argument("-o", "--output", metavar="FILE", help="file or folder to write (default: ID-AGENCY.bmmpkg.json)")
    asg.add_argument("--force", action="store_true", help="replace the -o file if it exists")

    mg = cmd("merge", "bring the answers of agencies' packages back into the assessment")
    mg.add_argument("id")
    mg.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the files the agencies sent back")

    cmd("locate", "print where data, question trees and templates are")

    r = cmd("restore", "rebuild a damaged assessment from its previous copy and its journal of changes")
    r.add_argument("id")
    r.add_argument("--force", action="store_true",
                   help="also for a readable assessment: go back to before its last change")

    rp = cmd("repair", "drop or fix the damaged entries of an assessment file (a copy is kept)")
    rp.add_argument("id")
    rp.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    d = cmd("delete", "delete an assessment")
    d.add_argument("id")
    d.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    rep = cmd("report", "write the assessment report (.docx)")
    rep.add_argument("id")
    rep.add_argument("-o", "--output", metavar="FILE", help="file or folder to write")
    rep.add_argument("--force", action="store_true", help="replace the output file if it exists")
    rep.add_argument("--lang", metavar="LANG", help="any language the framework declares")
    rep.add_argument("--template", type=Path, metavar="FILE")
    rep.add_argument("--pdf", action="store_true", help="also write a PDF through LibreOffice")

    plan = cmd("actionplan", "write the action plan as an Excel workbook (.xlsx)")
    plan.add_argument("id")
    plan.add_argument("-o", "--output", metavar="FILE.xlsx", help="file or folder to write")
    plan.add_argument("--force", action="store_true", help="replace the output file if it exists")
    plan.add_argument("--lang", choices=["en", "fr"])

    from assistant import analyse_cli, followups_cli, roadmap_cli

    analyse_cli.add_arguments(cmd("analyse", "levels, scores, coverage and triggered recommendations"))
    followups_cli.add_arguments(cmd("followups", "parked, don't-know and open questions, grouped by owner"))
    roadmap_cli.add_arguments(cmd("roadmap", "list or edit the recommendations and road map"), common)

    demo = cmd("demo", "create a demo assessment of a fictitious country and write its report")
    demo.add_argument("-o", "--output", metavar="FILE", help="file or folder to write")
    demo.add_argument("--force", action="store_true", help="replace the output file if it exists")
    demo.add_argument("--lang", choices=["en", "fr"], default="en")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(out), CleanStream(err)  # no terminal control codes from data
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        args = build_parser().parse_args(args_list)
        return run(args)
    except BmmError as exc:
        if debug:
            traceback.print_exc()
        print(f"bmm: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("bmm: interrupted; answers given so far are saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the file system said no: name the file and the reason
        if debug:
            traceback.print_exc()
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"bmm: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - last line of defence: one line, not a traceback
        if debug:
            traceback.print_exc()
        print(f"bmm: unexpected error: {type(exc).__name__}: {exc} (run again with --debug for details)",
              file=sys.stderr)
        return 1


def store_for(args: argparse.Namespace):
    from assistant.store import Store

    return Store(paths.data_dir(getattr(args, "data", None)))


def run(args: argparse.Namespace) -> int:
    paths.use_data_dir(getattr(args, "data", None))
    handler = _COMMANDS.get(args.command or "")
    if handler is None:
        return _tui(args)
    return handler(args)


def _tui(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the interactive assistant needs a terminal; use `bmm interview ID --plain` for piped input")
    from assistant.tui.app import run_app

    return run_app(store_for(args))


def _new(args: argparse.Namespace) -> int:
    from assistant import framework as fw

    if args.follow_up:
        return _new_follow_up(args)
    if not args.country:
        raise UsageError("the following arguments are required: --country (or --follow-up BASELINE_ID) "
                         "(see `bmm new --help`)")
    args.lang = args.lang or "en"
    framework = fw.get(args.framework or "bmm")
    if args.lang not in framework.languages:
        raise UsageError(f"framework {framework.id!r} is not available in {args.lang!r} "
                         f"(languages: {', '.join(framework.languages)})")
    _note_ui_language(args.lang)
    store = store_for(args)
    a = store.create(args.country, framework.id, framework.version, title=args.title, lang=args.lang,
                     team=args.team, agencies=args.agencies)
    a.close()
    print(f"Created {args.country} assessment in {store.where()}")
    print(a.id)
    return 0


def _new_follow_up(args: argparse.Namespace) -> int:
    """``bmm new --follow-up BASELINE_ID``: the baseline's country, the current framework version."""
    from assistant.followup.baseline import create_follow_up

    if args.country or args.framework:
        raise UsageError("a follow-up takes its baseline's country and framework: "
                         "leave out --country and --framework")
    store = store_for(args)
    if args.lang:
        _note_ui_language(args.lang)
    a = create_follow_up(store, args.follow_up, title=args.title, lang=args.lang,
                         team=args.team or None, agencies=args.agencies or None)
    meta = a.meta
    a.close()
    print(f"Created a follow-up of {args.follow_up} ({meta['country']}, framework {meta['framework']} "
          f"{meta['framework_version']}) in {store.where()}")
    print(a.id)
    return 0


def _compare(args: argparse.Namespace) -> int:
    from assistant.followup import compare_cli

    return compare_cli.run(args, store_for(args))


def _note_ui_language(lang: str) -> None:
    """Questions come in any language the framework has; the assistant's own texts in en and fr."""
    from assistant.i18n import LANGUAGES

    if lang not in LANGUAGES:
        print(f"note: questions will be in {lang!r}; the assistant's own messages and the report's "
              f"headings are not translated into it and are shown in English", file=sys.stderr)


def _list(args: argparse.Namespace) -> int:
    store = store_for(args)
    rows = store.summaries()
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"No assessments yet in {store.where()}. Create one with: bmm new --country NAME")
        return 0
    for r in rows:
        if r.problem:
            print(f"{r.id:24}  DAMAGED: {r.problem}")
        else:
            print(f"{r.id:24}  {r.country:18}  {r.title[:30]:30}  {r.framework:6} {r.lang}  "
                  f"{f'{r.answered}/{r.total}' if r.total else r.answered:>7} answered  "
                  f"{r.updated[:16].replace('T', ' ')}")
    return 0


def _interview(args: argparse.Namespace) -> int:
    from assistant.session import Session

    store = store_for(args)
    plain = args.plain or not (sys.stdin.isatty() and sys.stdout.isatty())
    if not plain:
        from assistant.tui.app import run_app

        return run_app(store, open_id=args.id)
    from assistant.plain import PlainInterview

    with Session.open(store, args.id) as session:
        return PlainInterview(session, baseline=_baseline_for(store, session)).run()


def _baseline_for(store, session):
    """A follow-up's baseline for the interview; when it cannot be read, one line and no references."""
    from assistant.followup.baseline import for_session

    baseline, problem = for_session(store, session)
    if problem:
        print(problem, file=sys.stderr)
    return baseline


def _serve(args: argparse.Namespace) -> int:
    from assistant import serve

    serve.check_host(args.host, args.allow_remote)  # refused before anything is opened
    store = store_for(args)
    if args.id and not store.exists(args.id):
        raise BmmError(f"no assessment {args.id!r}; `bmm list` shows the ones in {store.where()}")
    return serve.serve(store.root.resolve(), args.id, args.host, args.port, args.allow_remote, _interface_lang(store))


def _interface_lang(store) -> str:
    """The interface language chosen in the app (F2 on the home screen), else $BMM_LANG, else English."""
    import os

    from assistant.i18n import LANGUAGES
    from assistant.tui.settings import read_settings

    lang = os.environ.get("BMM_LANG", "")[:2] or str(read_settings(store.root).values.get("lang") or "en")
    return lang if lang in LANGUAGES else "en"


def _validate(args: argparse.Namespace) -> int:
    templates = [p for p in args.paths if p.suffix.lower() == ".docx"]
    roots = [p for p in args.paths if p.suffix.lower() != ".docx"]
    if not args.paths:
        roots = [d for d in paths.prompt_dirs() if d.is_dir()]
    frameworks, problems, warnings = _load_checked(roots)
    problems += _template_problems(templates if args.paths else None)
    if args.against:
        problems += _answer_problems(args, roots)
    for line in warnings:
        print(line, file=sys.stderr)
    if problems:
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 2
    if not roots:
        print(f"OK: {len(templates)} template(s)")
        return 0
    if not frameworks:
        raise BmmError(f"no framework found in {', '.join(str(r) for r in roots)} (expected a framework.yaml)")
    elements = sum(len(c.elements) for f in frameworks for c in f.components)
    questions = sum(1 for f in frameworks for _ in f.questions())
    print(f"OK: {len(frameworks)} framework(s), {elements} elements, {questions} questions")
    return 0


def _load_checked(roots: list[Path]) -> tuple[list, list[str], list[str]]:
    """Frameworks under ``roots``, their problems, then their rules against the extreme answers."""
    from assistant.framework.checks import finding_check, rule_fit_problems
    from assistant.framework.loader import discover, load

    frameworks, problems, warnings = [], [], []
    for root in roots:
        for path in discover(root):
            loaded = load(path)
            problems.extend(loaded.problems)
            if loaded.framework is not None and loaded.root is not None:
                frameworks.append(loaded.framework)
                errors, warned = rule_fit_problems(loaded.framework, loaded.root, loaded.sources)
                problems.extend(errors)
                problems.extend(finding_check(loaded.framework, loaded.sources))
                warnings.extend(warned)
    return frameworks, problems, warnings


def _answer_problems(args: argparse.Namespace, roots: list[Path]) -> list[str]:
    """Stored answers the validated frameworks no longer accept, with no declared change."""
    from assistant.engine.versions import reconcile
    from assistant.framework.loader import discover, load

    loaded = {}
    for root in roots:
        for path in discover(root):
            one = load(path)
            if one.framework is not None:
                loaded[one.framework.id] = one
    store = store_for(args)
    problems = []
    for aid in args.against:
        with store.open(aid, write=False) as assessment:
            meta, answers = assessment.meta, assessment.answers()
        one = loaded.get(meta.get("framework", ""))
        if one is None:
            raise UsageError(f"assessment {aid} uses framework {meta.get('framework')!r}, "
                             "which is not among the frameworks being validated")
        rec = reconcile(one.framework, meta.get("framework_version"), answers)
        at = one.root.where(("version",))
        for qid, why in rec.undeclared.items():
            problems.append(f"{at}: assessment {aid} (version {meta.get('framework_version')}): {qid!r}: "
                            f"{why.split(': ', 1)[-1]}; raise the version and declare the change "
                            "under `changes:` (renamed, removed or reworded)")
    return problems


def _template_problems(templates: list[Path] | None) -> list[str]:
    """Report templates (``None``: the bundled ones) checked against a sample assessment."""
    if templates is not None and not templates:
        return []  # nothing to check: do not load the report machinery
    from assistant.report.check import template_problems

    return template_problems(templates)


def _framework(args: argparse.Namespace) -> int:
    from assistant import framework as fw
    from assistant.framework.loader import available

    if args.fcommand == "record":
        return _record(args)
    if args.fcommand == "add":
        return _add_framework(args)
    if args.fcommand == "list":
        for fid, folder in available().items():
            try:
                f = fw.get(fid)
            except BmmError as exc:
                print(f"{fid:10} INVALID: {exc}  ({folder})")
                continue
            print(f"{f.id:10} {f.version:8} {', '.join(f.languages):8} {fw.text(f.title, 'en')}  ({folder})")
        return 0
    framework = fw.get(args.id)
    if args.json:
        print(json.dumps(framework.model_dump(mode="json", by_alias=True, exclude_none=True),
                         ensure_ascii=False, indent=2))
        return 0
    print(f"{fw.text(framework.title, 'en')} ({framework.id} {framework.version}; {', '.join(framework.languages)})")
    for element in framework.elements():
        print(f"  {element.id:28} {len(element.questions):3} questions  "
              f"{len(element.recommendations):2} recommendations  {fw.text(element.title, 'en')}")
    return 0


def _add_framework(args: argparse.Namespace) -> int:
    from assistant.framework.install import add

    target, replaced = add(args.path, paths.frameworks_dir(), force=args.force)
    what = "Replaced" if replaced else "Added"
    print(f"{what} framework {target.name!r} in {target}; use it with "
          f"`bmm new --country NAME --framework {target.name}`")
    return 0


def _record(args: argparse.Namespace) -> int:
    from assistant.framework.changes import record
    from assistant.framework.loader import framework_file, load

    loaded = load(args.path)
    if loaded.framework is None:
        for line in loaded.problems:
            print(line)
        print(f"{len(loaded.problems)} problem(s) found; nothing recorded", file=sys.stderr)
        return 2
    path = record(loaded.framework, framework_file(args.path).parent)
    print(f"Recorded {loaded.framework.id} {loaded.framework.version} in {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    store = store_for(args)
    with store.open(args.id, write=False) as a:
        data = a.export()
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if args.output:
        from assistant import outpath

        path = outpath.write(outpath.target(args.output, f"{args.id}.json"), payload.encode(),
                             force=args.force, data_root=store.root, mode=outpath.PRIVATE_MODE)
        print(f"Exported {args.id} to {path}", file=sys.stderr)
        package = data["meta"].get("package")
        if isinstance(package, dict):  # an agency's answers: say where they go next
            print(f"Next: send {path.name} back to the assessment team; they bring it in with "
                  f"`bmm merge {package.get('source', 'ID')} {path.name}`", file=sys.stderr)
    else:
        sys.stdout.write(payload)
    return 0


def _import(args: argparse.Namespace) -> int:
    from assistant.store import check

    data: Any = check.read_export(args.file)
    if isinstance(data, dict) and data.get("format") == "bmm-package":
        from assistant.packages.cli import open_package

        return open_package(args, data, store_for(args))
    _check_import_answers(data, str(args.file))
    aid = store_for(args).import_data(data, args.new_id, source=str(args.file))
    print(aid)
    return 0


def _check_import_answers(data: Any, source: str) -> None:
    """Answers of a known framework must be values its questions accept, exactly as stored."""
    from assistant import framework as fw
    from assistant.engine.normalise import from_value
    from assistant.errors import InvalidAnswer
    from assistant.store.assessments import export_problem

    if export_problem(data):
        return  # the store names the structural problem
    from assistant.store.check import import_problem

    problem = import_problem(data)
    if problem:
        raise BmmError(f"{source}: {problem}")
    try:
        framework = fw.get(data["meta"]["framework"])
    except BmmError:
        return  # a framework this installation does not have: import as is, losslessly
    if data["meta"].get("framework_version") != framework.version:
        return  # answered on another version: mapped or flagged for review when opened
    questions = {q.id: q for _, q in framework.questions()}
    for d in data.get("answers", []):
        q = questions.get(d["question"])
        if q is None or d.get("status", "answered") != "answered":
            continue
        try:
            ok = from_value(q, d.get("value")).value == d.get("value")
        except InvalidAnswer:
            ok = False
        if not ok:
            raise BmmError(f"{source}: answer to {q.id!r} has a value its {q.type} question "
                           f"does not accept: {d.get('value')!r}")


def _assign(args: argparse.Namespace) -> int:
    from assistant.packages.cli import assign

    return assign(args, store_for(args))


def _merge(args: argparse.Namespace) -> int:
    from assistant.packages.cli import merge

    return merge(args, store_for(args))


def _locate(args: argparse.Namespace) -> int:
    store = store_for(args)
    print(f"data:      {store.folder}")
    for folder in paths.prompt_dirs():  # searched in this order
        print(f"prompts:   {folder}")
    print(f"templates: {paths.templates_dir()}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    kept, answered = store_for(args).restore(args.id, force=args.force)
    what = "went back to before its last change" if args.force else "rebuilt it from its last good copies"
    print(f"Restored {args.id}: {what} ({answered} answers); the replaced file was kept as {kept}")
    return 0


def _repair(args: argparse.Namespace) -> int:
    from assistant.store import repair

    store = store_for(args)
    if not store.exists(args.id):
        raise BmmError(f"no assessment {args.id!r}; `bmm list` shows the ones in {store.where()}")
    found = repair.plan(store, args.id)
    if not found:
        print(f"{args.id} has no damaged entries; nothing to repair")
        return 0
    for problem in found:
        print(printable(problem.plan()))
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("refusing to repair without confirmation; add --yes")
        if input(f"Repair {args.id} as above? [y/N] ").strip().lower() not in ("y", "yes", "o", "oui"):
            print("Not repaired.")
            return 1
    kept, changed = repair.repair(store, args.id)
    print(f"Repaired {args.id}: {changed} entr{'y' if changed == 1 else 'ies'} dropped or fixed; "
          f"the file as it was is kept as {kept}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    store = store_for(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("refusing to delete without confirmation; add --yes")
        reply = input(f"Delete assessment {args.id} and all its answers? Type its id to confirm: ")
        if reply.strip() != args.id:
            print("Not deleted.")
            return 1
    store.delete(args.id)
    print(f"Deleted {args.id}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from assistant.report.oneshot import one_shot

    with one_shot():  # a one-off command: no cyclic collections while it imports and renders
        from assistant.report.command import run_report

        return run_report(args, store_for(args))


def _actionplan(args: argparse.Namespace) -> int:
    from assistant.report.command import run_actionplan

    return run_actionplan(args, store_for(args))


def _demo(args: argparse.Namespace) -> int:
    from assistant.report.oneshot import one_shot

    with one_shot():
        from assistant.report.command import run_demo

        return run_demo(args, store_for(args))


def _analyse(args: argparse.Namespace) -> int:
    from assistant import analyse_cli

    return analyse_cli.run(args, store_for(args))


def _followups(args: argparse.Namespace) -> int:
    from assistant import followups_cli

    return followups_cli.run(args, store_for(args))


def _roadmap(args: argparse.Namespace) -> int:
    from assistant import roadmap_cli

    return roadmap_cli.run(args, store_for(args))


_COMMANDS = {
    "new": _new, "list": _list, "interview": _interview, "serve": _serve, "validate": _validate,
    "framework": _framework, "export": _export, "import": _import, "locate": _locate,
    "restore": _restore, "repair": _repair, "delete": _delete, "report": _report, "demo": _demo,
    "roadmap": _roadmap, "actionplan": _actionplan, "analyse": _analyse, "compare": _compare,
    "assign": _assign, "merge": _merge,
    "followups": _followups,
}  # fmt: skip
