"""Load a framework from its YAML files and report every problem at once.

Layout of a framework folder::

    prompts/<id>/framework.yaml        id, version, languages, title, scale, components
    prompts/<id>/<component>/<el>.yaml one element: intro, questions, recommendations

``framework.yaml`` lists element files by path relative to itself.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError

from assistant import __version__, paths
from assistant.errors import FrameworkError, NotFound
from assistant.framework.changes import change_problems, fingerprint_problems
from assistant.framework.checks import cross_check
from assistant.framework.glossary import load_glossary, localise_references
from assistant.framework.models import (
    ID_PATTERN,
    QUESTION_TYPES,
    Component,
    Element,
    Framework,
    Strict,
)
from assistant.framework.yamlsource import (
    Source,
    YamlProblem,
    control_characters,
    display,
    plain,
    read,
    unreadable,
)

FRAMEWORK_FILE = "framework.yaml"
KEEP = 16  # validated frameworks kept in the cache folder; the oldest go when one is written


class _ComponentEntry(Component):
    """A component as ``framework.yaml`` writes it: element files instead of elements."""

    elements: list[str] = Field(min_length=1)  # type: ignore[assignment]


class _FrameworkFile(Framework):
    """``framework.yaml`` itself: the context and elements are file names, loaded separately."""

    context: str | None = None  # type: ignore[assignment]
    components: list[_ComponentEntry] = Field(min_length=1)  # type: ignore[assignment]


@dataclass
class Loaded:
    """A framework with the sources it came from (for located messages)."""

    framework: Framework | None
    sources: dict[str, Source] = field(default_factory=dict)  # element id → its file
    root: Source | None = None
    problems: list[str] = field(default_factory=list)


def framework_file(path: Path) -> Path:
    """Accept a framework folder or its ``framework.yaml``."""
    return path / FRAMEWORK_FILE if path.is_dir() else path


def load(path: Path) -> Loaded:
    """Load and validate one framework; problems are collected, never raised."""
    path = framework_file(Path(path))
    out = Loaded(None)
    try:
        root = read(path)
    except YamlProblem as exc:
        out.problems.append(str(exc))
        return out
    out.root = root
    out.problems.extend(control_characters(root))
    head = _validate(_FrameworkFile, root, out.problems)
    if head is None:
        return out
    titles = load_glossary(path.parent, out.problems).titles()
    folder = path.parent.resolve()
    listed: dict[Path, str] = {}

    def element(rel: str, loc: tuple) -> Element | None:
        target = path.parent / rel
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            out.problems.append(f"{root.where(loc)}: element file {rel!r} must be inside the framework "
                                "folder, named relative to framework.yaml (no '..', no absolute path)")
            return None
        problem = unreadable(target)
        if problem:
            why = problem.split(": ", 1)[1]
            why = "not found" if why == "file not found" else why
            out.problems.append(f"{root.where(loc)}: element file {rel!r} {why}")
            return None
        resolved = target.resolve()
        if resolved in listed:
            out.problems.append(f"{root.where(loc)}: element file {rel!r} is listed twice "
                                f"(also as {listed[resolved]!r}); keep one")
            return None
        listed[resolved] = rel
        try:
            if not resolved.is_relative_to(folder):
                out.problems.append(f"{root.where(loc)}: element file {rel!r} is a link to a file "
                                    "outside the framework folder; copy the file into the folder")
                return None
            src = read(target)
        except YamlProblem as exc:
            out.problems.append(str(exc))
            return None
        out.problems.extend(control_characters(src))
        el = _validate(Element, src, out.problems)
        if el is not None:
            el = localise_references(el, titles)
            if el.id in out.sources:
                first = display(out.sources[el.id].path)
                out.problems.append(
                    f"{src.where(('id',))}: duplicate element id {el.id!r} (also in {first})"
                )
            else:
                out.sources[el.id] = src
        return el

    context = element(head.context, ("context",)) if head.context else None
    components = []
    for ci, entry in enumerate(head.components):
        els = [element(rel, ("components", ci, "elements", ei)) for ei, rel in enumerate(entry.elements)]
        good = [e for e in els if e is not None]
        if good:
            components.append(Component(id=entry.id, title=entry.title, intro=entry.intro, elements=good))
    if not components:
        return out
    partial = bool(out.problems)  # some element files failed: check what did load
    fw = Framework(**{**dict(head), "context": context, "components": components})
    out.problems.extend(cross_check(fw, root, out.sources, partial=partial))
    out.problems.extend(change_problems(fw, root))
    if not out.problems:
        out.problems.extend(fingerprint_problems(fw, root))
    if not out.problems:
        out.framework = fw
    return out


def _validate(model: type[Strict], src: Source, problems: list[str]):
    try:
        return model.model_validate(plain(src.tree))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"]) + (("type",) if err["type"] == "union_tag_invalid" else ())
            problems.append(f"{src.where(loc)}: {_message(err)}")
        return None


_TYPED_KEYS = {"options", "levels", "scores", "min", "max", "unit", "integer", "multiline"}


def _message(err: dict) -> str:
    loc = err["loc"]
    last = loc[-1] if loc else ""
    kind = err["type"]
    if kind == "extra_forbidden" and len(loc) >= 2 and loc[-2] in QUESTION_TYPES and last in _TYPED_KEYS:
        return f"{loc[-2]} questions have no {last!r}; remove it, or change the question's type"
    if kind == "extra_forbidden":
        return f"unknown key {last!r} (check its spelling, or remove it)"
    if kind == "missing":
        return f"missing required key {last!r}"
    if kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        return f"unknown question type {tag!r}; use one of: " + err.get("ctx", {}).get(
            "expected_tags", ""
        ).replace("'", "")
    if kind == "union_tag_not_found":
        return "missing required key 'type'"
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
        return (f"{last}: {err.get('input')!r} is not a valid id; use lowercase letters, digits "
                "and _, starting with a letter")
    if kind == "string_pattern_mismatch" and "languages" in loc:
        return f"languages: {err.get('input')!r} is not a language code; use two lowercase letters (en, fr, es)"
    if kind == "string_type" and last == "version":
        return 'version: write it in quotes, e.g. version: "1.0"'
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return f"{field_name}: {msg}" if field_name else msg


def discover(root: Path) -> list[Path]:
    """Framework files under ``root`` (itself a framework, or a folder of frameworks)."""
    root = Path(root)
    if root.is_file() or os.path.lexists(root / FRAMEWORK_FILE):  # even a broken one: load() says why
        return [framework_file(root)]
    if not root.is_dir():
        return [root]  # reported as not found by load()
    return sorted(p / FRAMEWORK_FILE for p in root.iterdir() if (p / FRAMEWORK_FILE).is_file())


def load_many(roots: Iterable[Path]) -> tuple[list[Framework], list[str]]:
    """Load every framework under ``roots``; return the good ones and all problems."""
    frameworks: list[Framework] = []
    problems: list[str] = []
    for root in roots:
        for path in discover(root):
            loaded = load(path)
            problems.extend(loaded.problems)
            if loaded.framework is not None:
                frameworks.append(loaded.framework)
    return frameworks, problems


def available(roots: Iterable[Path] | None = None) -> dict[str, Path]:
    """Framework id → its folder, over the search path (first match wins)."""
    found: dict[str, Path] = {}
    for base in roots if roots is not None else paths.prompt_dirs():
        try:
            for path in discover(base):
                if path.is_file():
                    found.setdefault(path.parent.name, path.parent)
        except OSError:
            continue  # an unreadable search folder hides nothing else
    return found


def bundled_ids() -> list[str]:
    """Ids of every framework that can be used: added, on ``$BMM_PROMPTS``, or bundled."""
    return list(available())


def locate(framework_id: str, root: str | None = None) -> Path:
    """The folder of framework ``framework_id`` (only inside ``root`` when given)."""
    if not re.fullmatch(ID_PATTERN, framework_id or ""):
        raise NotFound(f"{framework_id!r} is not a framework id (lowercase letters, digits and _)")
    roots = [Path(root)] if root else paths.prompt_dirs()
    for base in roots:
        if (base / framework_id / FRAMEWORK_FILE).is_file():
            return base / framework_id
        if base.name == framework_id and (base / FRAMEWORK_FILE).is_file():
            return base  # the search folder is the framework itself
    known = ", ".join(available(roots)) or "none"
    where = ", ".join(display(r) for r in roots if r.is_dir())
    raise NotFound(f"no framework {framework_id!r} in {where or 'any framework folder'} (available: {known}); "
                   "add one with `bmm framework add FOLDER`")


def get(framework_id: str, root: str | None = None) -> Framework:
    """A framework by id from the search path (or from ``root``), validated; cached."""
    return _get(str(locate(framework_id, root).resolve()))


def _clear() -> None:
    _get.cache_clear()


get.cache_clear = _clear  # type: ignore[attr-defined]


@lru_cache(maxsize=8)
def _get(folder_name: str) -> Framework:
    """The framework in ``folder_name``, validated.

    Parsing and checking the YAML takes about a second, so the validated framework is
    also kept as JSON in the cache folder, keyed by a hash of every file's content: a
    changed file is always validated again, and an unchanged one loads in milliseconds.
    """
    folder = Path(folder_name)
    cached = _cache_file(folder)
    if cached is not None and cached.is_file():
        try:
            return Framework.model_validate_json(cached.read_bytes())
        except (OSError, ValidationError):
            pass  # stale or damaged cache: rebuild it
    loaded = load(folder)
    if loaded.framework is None:
        raise FrameworkError(loaded.problems)
    if cached is not None:
        _write_cache(cached, loaded.framework)
    return loaded.framework


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The framework code itself: a change to the models or checks invalidates every cache."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_file(folder: Path) -> Path | None:
    digest = hashlib.sha256(f"{_code_digest()}|{folder.resolve()}".encode())
    try:
        for path in sorted([*folder.rglob("*.yaml"), *folder.glob("fingerprint.json")]):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    except OSError:
        return None
    return paths.cache_dir() / "frameworks" / f"{folder.name}-{digest.hexdigest()[:24]}.json"


def _write_cache(target: Path, framework: Framework) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(framework.model_dump_json(by_alias=True), encoding="utf-8")
        os.replace(tmp, target)
        paths.keep_newest(target.parent, "*.json", KEEP)
    except OSError:
        pass  # a read-only cache only costs speed
