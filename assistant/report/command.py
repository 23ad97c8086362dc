"""``bmm report`` and ``bmm demo``."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant import framework as fw
from assistant.errors import BmmError, FrameworkError, UsageError
from assistant.i18n import t
from assistant.report.build import write_report
from assistant.report.demo import demo_data, ensure_demo
from assistant.store.assessments import Store


def _framework(fid: str, lang: str) -> fw.Framework:
    try:
        return fw.get(fid)
    except FrameworkError as exc:
        raise BmmError(t(lang, "report.cli.framework_incomplete", framework=fid, problem=exc)) from None


def default_output(aid: str, lang: str, meta_lang: str) -> Path:
    suffix = "" if lang == meta_lang else f"-{lang}"
    return Path.cwd() / f"{aid}-report{suffix}.docx"


def run_report(args: argparse.Namespace, store: Store) -> int:
    """bmm report ID [-o FILE] [--lang en|fr] [--template FILE]"""
    with store.open(args.id, write=False) as assessment:
        meta = assessment.meta
        lang = args.lang or meta.get("lang") or "en"
        framework = _framework(meta.get("framework", "bmm"), lang)
        if lang not in framework.languages:
            raise UsageError(f"framework {framework.id!r} has no {lang!r} texts "
                             f"(languages: {', '.join(framework.languages)})")
        output = args.output or default_output(args.id, lang, meta.get("lang", "en"))
        path = write_report(assessment, framework, output, lang=lang, template=args.template)
    print(t(lang, "report.cli.written", path=path))
    return 0


def run_demo(args: argparse.Namespace, store: Store) -> int:
    """bmm demo [-o FILE] [--lang en|fr]: create or complete the demo assessment, write its report."""
    lang = args.lang or "en"
    framework = _framework("bmm", lang)
    aid, created = ensure_demo(store, framework, lang)
    country = fw.text(demo_data()["country"], lang)
    print(t(lang, "report.cli.demo_created" if created else "report.cli.demo_reused", id=aid, country=country))
    with store.open(aid, write=False) as assessment:
        output = args.output or Path.cwd() / f"{aid}-report.docx"
        path = write_report(assessment, framework, output, lang=lang)
    print(t(lang, "report.cli.written", path=path))
    return 0
