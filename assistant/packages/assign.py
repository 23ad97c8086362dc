"""Packages out: ``bmm assign`` writes one for an agency; ``bmm import`` opens it on their machine."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from assistant.engine.answers import Answer
from assistant.errors import UsageError
from assistant.framework.models import Framework
from assistant.packages.format import (
    FORMAT,
    META_KEPT,
    SCHEMA,
    Header,
    PackageError,
    accepted,
    as_export,
    check_framework,
    check_package,
)
from assistant.store.assessments import SCHEMA as STORE_SCHEMA
from assistant.store.assessments import Assessment, Store, _slug, default_who, now, one_line

RECORD = "package"  # the assessment's record of each package sent: agency, person, elements, time


def choose_elements(framework: Framework, wanted: list[str]) -> tuple[str, ...]:
    """The element ids asked for, checked against the framework (in framework order)."""
    ids = [e.id for e in framework.elements() if e is not framework.context]
    unknown = [w for w in wanted if w not in ids]
    if unknown or not wanted:
        what = f"unknown element(s) {', '.join(unknown)}" if unknown else "no elements given"
        raise UsageError(f"{what}; the elements of {framework.id!r} are: {', '.join(ids)}")
    return tuple(e for e in ids if e in wanted)


def make_package(assessment: Assessment, framework: Framework, agency: str, elements: list[str],
                 person: str = "") -> dict[str, Any]:
    """The package for ``agency``, as a dict to write (then :func:`record_sent`)."""
    agency, person = one_line(agency), one_line(person)
    if not agency:
        raise UsageError("--agency needs the agency's name")
    chosen = choose_elements(framework, elements)
    meta = assessment.meta
    head = Header(f"{_slug(agency)[:20].strip('-') or 'agency'}-{secrets.token_hex(3)}", assessment.id,
                  agency, person, chosen, now())
    wanted = {q.id for el, q in framework.questions() if el.id in chosen or el is framework.context}
    answers = [a.to_dict() for q, a in sorted(assessment.answers().items()) if q in wanted]
    return {
        "format": FORMAT, "schema": SCHEMA, "package": head.to_dict(),
        "meta": {k: meta[k] for k in META_KEPT if k in meta}, "answers": answers,
    }


def record_sent(assessment: Assessment, package: dict[str, Any], path: str) -> None:
    """Keep in the assessment (and its history) that this package went out, and where it was written."""
    assessment.save_record(RECORD, package["package"]["id"], **package["package"], file=path,
                           answers=len(package["answers"]))


@dataclass(frozen=True)
class Opened:
    """A package opened on the agency's machine: its local assessment, and whether it was there already."""

    id: str
    header: Header
    already: bool = False


def open_package(store: Store, data: Any, framework_for: Any, where: str) -> Opened:
    """Create the agency's local assessment from a package (``meta.package`` set; the answers it
    carries marked ``origin="import"`` so only the agency's own go back). Checked before writing."""
    head = check_package(data, where)
    meta = dict(data["meta"])
    framework = framework_for(meta.get("framework"))
    check_framework(framework, meta.get("framework"), meta.get("framework_version"), head.elements, where)
    aid = _local_id(store, head)
    if store.exists(aid):
        with store.open(aid, write=False) as there:
            if (there.meta.get("package") or {}).get("id") == head.id:
                return Opened(aid, head, already=True)
        aid = next(f"{aid[:58]}-{n}" for n in range(2, 1000) if not store.exists(f"{aid[:58]}-{n}"))
    stamp = now()
    meta.update(schema=STORE_SCHEMA, id=aid, package=head.to_dict(), created=stamp, updated=stamp)
    answers = []
    questions = {q.id: q for _, q in framework.questions()}
    same_version = meta.get("framework_version") == framework.version
    for d in data.get("answers", []):
        a = Answer.from_dict(d)
        q = questions.get(a.question)
        if same_version and q is not None and not accepted(q, a):
            raise PackageError(f"{where}: the answer to {a.question!r} is not one its question accepts "
                               f"({a.value!r}); the file is damaged, ask for it to be sent again")
        answers.append({**a.to_dict(), "origin": "import"})
    export = {**as_export(data), "meta": meta, "answers": answers,
              "history": [{"seq": 1, "action": "create", "at": stamp, "who": default_who(),
                           "fields": {"package": head.id, "agency": head.agency, "source": head.source}}]}
    store.import_data(export, aid, source=where)
    return Opened(aid, head)


def _local_id(store: Store, head: Header) -> str:
    return f"{head.source[:40]}-{_slug(head.agency)[:20]}".strip("-")[:63]
