"""The package file an agency receives, and the checks on what comes back.

A package (``"format": "bmm-package"``) holds the source assessment's id, its framework
id and version, the agency (and person) it is for, the chosen elements, the assessment's
context (metadata and context answers) and the answers so far of those elements. The
agency opens it with ``bmm import``, answers, and sends back what ``bmm export`` writes:
an ordinary export whose ``meta.package`` names the package. Both files come from
another machine, so everything is checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.engine.answers import Answer
from assistant.engine.normalise import from_value
from assistant.errors import BmmError, InvalidAnswer
from assistant.framework.changes import newer
from assistant.framework.models import Framework
from assistant.store.assessments import EXPORT_FORMAT, export_problem, valid_id
from assistant.store.check import import_problem

FORMAT = "bmm-package"
SCHEMA = 1
META_KEPT = ("country", "title", "lang", "team", "agencies", "start_date", "end_date",
             "framework", "framework_version")  # the context an agency sees


class PackageError(BmmError):
    """A package or returned file that cannot be used: one line, nothing changed."""


@dataclass(frozen=True)
class Header:
    """What a package says about itself (``package`` in the file, ``meta.package`` once opened)."""

    id: str
    source: str
    agency: str
    person: str
    elements: tuple[str, ...]
    made: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "agency": self.agency, "person": self.person,
                "elements": list(self.elements), "made": self.made}


def header(doc: Any, where: str) -> Header:
    """The package header in ``doc``, checked; :class:`PackageError` naming ``where`` otherwise."""
    if not isinstance(doc, dict):
        raise PackageError(f"{where}: no package description; not a package or answers from one")
    for name in ("id", "source"):
        if not valid_id(doc.get(name)):
            raise PackageError(f"{where}: package field {name!r} is missing or not an id; the file is damaged, "
                               "ask for it to be sent again")
    for name in ("agency", "person", "made"):
        if not isinstance(doc.get(name, ""), str):
            raise PackageError(f"{where}: package field {name!r} is not text; the file is damaged")
    elements = doc.get("elements")
    if not (isinstance(elements, list) and elements and all(isinstance(e, str) for e in elements)):
        raise PackageError(f"{where}: package field 'elements' is not a list of element ids; the file is damaged")
    if not doc.get("agency", "").strip():
        raise PackageError(f"{where}: the package names no agency; the file is damaged")
    return Header(doc["id"], doc["source"], doc["agency"], doc.get("person", ""), tuple(elements),
                  doc.get("made", ""))


def check_framework(framework: Framework, fid: Any, version: Any, elements: tuple[str, ...], where: str) -> None:
    """The package's framework is this one, not a newer version, and has its elements."""
    if fid != framework.id:
        raise PackageError(f"{where}: made with framework {fid!r}, but this assessment uses {framework.id!r}")
    if not isinstance(version, str):
        raise PackageError(f"{where}: no framework version; the file is damaged")
    if newer(version, framework.version):
        raise PackageError(f"{where}: answered on version {version} of framework {fid!r}, newer than the "
                           f"{framework.version} installed here; upgrade bmm-assistant first, then merge again")
    known = {e.id for e in framework.elements()}
    unknown = [e for e in elements if e not in known]
    if unknown:
        raise PackageError(f"{where}: element(s) {', '.join(unknown)} are not in framework {fid!r}")


def accepted(question: Any, answer: Answer) -> bool:
    """Whether ``question`` accepts ``answer`` exactly as stored (an untrusted file's answer)."""
    if answer.status == "skipped":
        return True
    try:
        fitted = from_value(question, answer.value if answer.status == "answered" else answer.status)
    except (InvalidAnswer, TypeError, ValueError):
        return False
    return fitted.status == answer.status and (answer.status != "answered" or fitted.value == answer.value)


def as_export(data: dict[str, Any]) -> dict[str, Any]:
    """A package's content shaped as an export, for the store's checks and import."""
    return {"format": EXPORT_FORMAT, "schema": 1, "meta": data.get("meta"), "answers": data.get("answers", []),
            "history": [], "edits": [], "records": []}


def check_package(data: Any, where: str) -> Header:
    """A package file's structure (not yet its framework); its header."""
    if not isinstance(data, dict):
        raise PackageError(f"{where}: not a bmm package (no \"format\": \"{FORMAT}\")")
    if data.get("format") == EXPORT_FORMAT:
        raise PackageError(f"{where}: an assessment export, not a package; use `bmm import {where}` for an "
                           "export, or `bmm merge ID {where}` to bring an agency's answers back")
    if data.get("format") != FORMAT:
        raise PackageError(f"{where}: not a bmm package (no \"format\": \"{FORMAT}\")")
    schema = data.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise PackageError(f"{where}: written by a newer bmm-assistant (package schema {schema}); "
                           "upgrade bmm-assistant to open it")
    if schema != SCHEMA:
        raise PackageError(f"{where}: package schema {schema!r} is not supported (expected {SCHEMA}); "
                           "the file is damaged")
    head = header(data.get("package"), where)
    meta = data.get("meta")
    if isinstance(meta, dict):
        meta = {**meta, "schema": 1}
    shaped = {**as_export(data), "meta": meta}
    problem = export_problem(shaped) or import_problem(shaped)
    if problem:
        raise PackageError(f"{where}: damaged package: {problem}")
    return head


def check_returned(data: Any, aid: str, where: str) -> Header:
    """An agency's answers sent back (their export) for assessment ``aid``: structure and origin."""
    if isinstance(data, dict) and data.get("format") == FORMAT:
        agency = data.get("package", {}).get("agency") if isinstance(data.get("package"), dict) else None
        raise PackageError(f"{where}: this is the package sent to {agency or 'an agency'}, not its answers; "
                           f"they open it with `bmm import {where}`, answer, and send back the file "
                           "`bmm export` writes")
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise PackageError(f"{where}: not answers from a bmm package (no \"format\": \"{EXPORT_FORMAT}\")")
    problem = export_problem(data) or import_problem(data)
    if problem:
        raise PackageError(f"{where}: damaged file: {problem}; ask the agency to export it again")
    meta = data["meta"]
    if "package" not in meta:
        raise PackageError(f"{where}: an assessment export, not answers from a package sent with "
                           f"`bmm assign`; `bmm import {where}` opens it as an assessment of its own")
    head = header(meta["package"], where)
    if head.source != aid:
        raise PackageError(f"{where}: answers to a package of assessment {head.source!r}, not {aid!r}; "
                           f"merge it into {head.source}")
    return head
