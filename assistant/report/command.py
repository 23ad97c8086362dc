"""``bmm report`` and ``bmm demo``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant import framework as fw
from assistant import outpath
from assistant.errors import BmmError, FrameworkError, UsageError
from assistant.i18n import t
from assistant.report.build import write_report
from assistant.store.assessments import Store


def _framework(fid: str, lang: str) -> fw.Framework:
    try:
        return fw.get(fid)
    except FrameworkError as exc:
        raise BmmError(t(lang, "report.cli.framework_incomplete", framework=fid, problem=exc)) from None


def default_output(aid: str, lang: str, meta_lang: str) -> Path:
    return Path.cwd() / default_name(aid, lang, meta_lang)


def default_name(aid: str, lang: str, meta_lang: str) -> str:
    suffix = "" if lang == meta_lang else f"-{lang}"
    return f"{aid}-report{suffix}.docx"


def run_report(args: argparse.Namespace, store: Store) -> int:
    """bmm report ID [-o FILE|DIR] [--force] [--lang en|fr] [--template FILE]"""
    with store.open(args.id, write=False) as assessment:
        meta = assessment.meta
        lang = args.lang or meta.get("lang") or "en"
        framework = _framework(meta.get("framework", "bmm"), lang)
        if lang not in framework.languages:
            raise UsageError(f"framework {framework.id!r} has no {lang!r} texts "
                             f"(languages: {', '.join(framework.languages)})")
        output = outpath.target(args.output, default_name(args.id, lang, meta.get("lang", "en")))
        outpath.check(output, args.force, store.root)  # before the work, not only after it
        pdf = Path(output).with_suffix(".pdf") if getattr(args, "pdf", False) else None
        if pdf is not None:
            from assistant.report.pdf import soffice

            if soffice() is None:
                raise BmmError(t(lang, "report.cli.no_soffice"))
        path = write_report(assessment, framework, output, lang=lang, template=args.template,
                            force=args.force, data_root=store.root, pdf=pdf,
                            baseline=baseline_for_report(store, meta, framework, lang))
    print(t(lang, "report.cli.written", path=path))
    if pdf is not None:
        print(t(lang, "report.cli.written", path=pdf))
    return 0


def baseline_for_report(store: Store, meta: dict, framework: fw.Framework, lang: str):
    """A follow-up's baseline; when it cannot be read, one line, and the report has no changes section."""
    if not meta.get("baseline"):
        return None  # not a follow-up (the follow-up modules are not even loaded)
    from assistant.followup.baseline import baseline_of

    try:
        return baseline_of(store, meta, framework, lang)
    except BmmError as exc:
        print(t(lang, "report.cli.no_baseline", problem=exc), file=sys.stderr)
        return None


def run_actionplan(args: argparse.Namespace, store: Store) -> int:
    """bmm actionplan ID [-o FILE.xlsx] [--lang en|fr]: the action plan as an Excel workbook."""
    from assistant.analysis import analyse
    from assistant.report.workbook import write_workbook

    with store.open(args.id, write=False) as assessment:
        meta, answers, edits = assessment.meta, assessment.answers(), assessment.edits()
    lang = args.lang or meta.get("lang") or "en"
    framework = _framework(meta.get("framework", "bmm"), lang)
    output = outpath.target(args.output, f"{args.id}-action-plan.xlsx")
    if output.suffix.lower() != ".xlsx":
        raise BmmError(t(lang, "report.cli.not_xlsx", path=output))
    outpath.check(output, args.force, store.root)
    path = write_workbook(analyse(framework, answers, lang, edits), meta, output, lang, force=args.force,
                          data_root=store.root)
    print(t(lang, "report.cli.plan_written", path=path))
    return 0


def run_demo(args: argparse.Namespace, store: Store) -> int:
    """bmm demo [-o FILE|DIR] [--force] [--lang en|fr]: create or complete the demo assessment, write its report."""
    from assistant.report.demo import demo_data, ensure_demo

    lang = args.lang or "en"
    framework = _framework("bmm", lang)
    aid, created = ensure_demo(store, framework, lang)
    country = fw.text(demo_data()["country"], lang)
    print(t(lang, "report.cli.demo_created" if created else "report.cli.demo_reused", id=aid, country=country))
    with store.open(aid, write=False) as assessment:
        output = outpath.target(args.output, f"{aid}-report.docx")
        outpath.check(output, args.force, store.root)
        path = write_report(assessment, framework, output, lang=lang, force=args.force, data_root=store.root)
    print(t(lang, "report.cli.written", path=path))
    return 0
