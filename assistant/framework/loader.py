"""Load a framework from its YAML files and report every problem at once.

Layout of a framework folder::

    prompts/<id>/framework.yaml        id, version, languages, title, scale, components
    prompts/<id>/<component>/<el>.yaml one element: intro, questions, recommendations

``framework.yaml`` lists element files by path relative to itself.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError

from assistant import __version__, paths
from assistant.errors import FrameworkError, NotFound
from assistant.framework.checks import cross_check
from assistant.framework.glossary import load_glossary, localise_references
from assistant.framework.models import (
    Component,
    Element,
    Framework,
    Strict,
)
from assistant.framework.yamlsource import Source, YamlProblem, display, plain, read

FRAMEWORK_FILE = "framework.yaml"


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
    head = _validate(_FrameworkFile, root, out.problems)
    if head is None:
        return out
    titles = load_glossary(path.parent, out.problems).titles()

    def element(rel: str, loc: tuple) -> Element | None:
        target = (path.parent / rel).resolve()
        if not target.is_file():
            out.problems.append(f"{root.where(loc)}: element file {rel!r} not found")
            return None
        try:
            src = read(target)
        except YamlProblem as exc:
            out.problems.append(str(exc))
            return None
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
    if not out.problems:
        out.framework = fw
    return out


def _validate(model: type[Strict], src: Source, problems: list[str]):
    try:
        return model.model_validate(plain(src.tree))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(f"{src.where(tuple(err['loc']))}: {_message(err)}")
        return None


def _message(err: dict) -> str:
    loc = err["loc"]
    last = loc[-1] if loc else ""
    kind = err["type"]
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
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return f"{field_name}: {msg}" if field_name else msg


def discover(root: Path) -> list[Path]:
    """Framework files under ``root`` (itself a framework, or a folder of frameworks)."""
    root = Path(root)
    if root.is_file() or (root / FRAMEWORK_FILE).is_file():
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


def bundled_ids() -> list[str]:
    """Ids (folder names) of the frameworks shipped with the assistant."""
    return [p.parent.name for p in discover(paths.prompts_dir())]


@lru_cache(maxsize=8)
def get(framework_id: str, root: str | None = None) -> Framework:
    """A bundled (or ``root``-relative) framework by id, validated; cached.

    Parsing and checking the YAML takes about a second, so the validated framework is
    also kept as JSON in the cache folder, keyed by a hash of every file's content: a
    changed file is always validated again, and an unchanged one loads in milliseconds.
    """
    base = Path(root) if root else paths.prompts_dir()
    folder = base / framework_id
    if not (folder / FRAMEWORK_FILE).is_file():
        known = ", ".join(bundled_ids()) or "none"
        raise NotFound(f"no framework {framework_id!r} in {display(base)} (available: {known})")
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
        for path in sorted(folder.rglob("*.yaml")):
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
    except OSError:
        pass  # a read-only cache only costs speed
