"""Read YAML 1.2 with positions, so every problem can be reported as ``file:line:column``.

Question trees come from authors, and sometimes from elsewhere, so reading is bounded:
files of at most :data:`MAX_BYTES`, nesting of at most :data:`MAX_DEPTH`, at most
:data:`MAX_NODES` values, numbers of at most :data:`MAX_NUMBER_CHARS` characters; anchors,
aliases and explicit tags (``!!int``, ``!foo``) are refused with their position, so a small
file can never expand into gigabytes or build an object nobody asked for.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_NUMBER_CHARS = 30
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


@dataclass
class Source:
    """One YAML file: its path, the tree with positions, and a plain copy for validation."""

    path: Path
    tree: Any

    def where(self, loc: tuple = ()) -> str:
        """``file:line:column`` of the node reached by following ``loc`` (keys and indexes)."""
        line, col = position(self.tree, loc)
        return f"{display(self.path)}:{line}:{col}"


class YamlProblem(Exception):
    """A file that is not valid YAML; the message is already ``file:line:column: …``."""


def display(path: Path) -> str:
    """A path as users should read it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working folder, or a looping link
        return str(path)


def unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be read as a question-tree file, with what to do; None if it can."""
    name = display(path)
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{name}: is a symbolic link that loops back on itself; point it at a real file"
        if path.is_symlink():
            return f"{name}: is a symbolic link to {os.readlink(path)!r}, which does not exist; " \
                   "fix or remove the link"
        if exc.errno == errno.ENOENT:
            return f"{name}: file not found"
        return f"{name}: cannot be read ({exc.strerror}); check the file's permissions"
    if path.is_dir():
        return f"{name}: is a folder, not a YAML file"
    if not path.is_file():
        return f"{name}: is not a regular file (a device or pipe?); give a YAML file"
    if info.st_size > MAX_BYTES:
        return (f"{name}: is too large ({info.st_size:,} bytes; question-tree files are at most "
                f"{MAX_BYTES:,}); split it into several element files")
    return None


def read(path: Path) -> Source:
    """Parse one YAML file; raise :class:`YamlProblem` with a located message."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    from assistant.framework.yamlguard import GuardedComposer, GuardedScanner, Refused

    problem = unreadable(path)
    if problem:
        raise YamlProblem(problem)
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.Composer = GuardedComposer
    yaml.Scanner = GuardedScanner
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise YamlProblem(f"{display(path)}: is too large (question-tree files are at most "
                              f"{MAX_BYTES:,} bytes); split it into several element files")
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(f"{display(path)}:{line}: not UTF-8 text ({exc.reason}); "
                          "save the file as UTF-8") from None
    except OSError as exc:
        raise YamlProblem(f"{display(path)}: cannot be read ({exc.strerror}); "
                          "check the file's permissions") from None
    bad = _CONTROL.search(raw)
    if bad:
        line, col = _line_col(raw, bad.start())
        raise YamlProblem(f"{display(path)}:{line}:{col}: control character "
                          f"U+{ord(bad.group()):04X} is not allowed; remove it")
    try:
        tree = yaml.load(raw)
    except Refused as exc:
        mark = exc.problem_mark
        raise YamlProblem(f"{display(path)}:{mark.line + 1}:{mark.column + 1}: {exc.problem}") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in str(exc.problem):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        where = f"{display(path)}:{mark.line + 1}:{mark.column + 1}" if mark else f"{display(path)}:1"
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        if "'\\t'" in what:
            what += " (indent with spaces, never tabs)"
        raise YamlProblem(f"{where}: invalid YAML: {what}") from None
    except ReaderError as exc:
        line, col = _line_col(raw, exc.position or 0)
        raise YamlProblem(f"{display(path)}:{line}:{col}: character U+{exc.character:04X} "
                          "is not allowed in YAML; remove it") from None
    except YAMLError as exc:
        raise YamlProblem(f"{display(path)}:1: invalid YAML: {exc}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # the constructor on a value it cannot build (e.g. an unhashable key): still located
        raise YamlProblem(f"{display(path)}:1: invalid YAML: {exc}") from None
    if not isinstance(tree, CommentedMap):
        raise YamlProblem(f"{display(path)}:1:1: expected a mapping of keys at the top of the file")
    return Source(path, tree)


def _line_col(raw: str, index: int) -> tuple[int, int]:
    line = raw.count("\n", 0, index) + 1
    return line, index - (raw.rfind("\n", 0, index) + 1) + 1


def control_characters(src: Source) -> list[str]:
    """Texts of ``src`` that contain control characters (written as escapes such as ``"\\a"``)."""
    found: list[str] = []

    def walk(node: Any, loc: tuple) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _CONTROL_IN_TEXT.search(key):
                    found.append(f"{src.where(loc + (key,))}: key {key!r} contains a control character")
                walk(value, loc + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, loc + (i,))
        elif isinstance(node, str):
            bad = _CONTROL_IN_TEXT.search(node)
            if bad:
                found.append(f"{src.where(loc)}: text contains the control character "
                             f"U+{ord(bad.group()):04X}; remove it (line breaks and tabs are fine)")

    walk(src.tree, ())
    return found


def plain(node: Any) -> Any:
    """The same data as built-in dicts, lists, str, int, float and bool."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def position(tree: Any, loc: tuple) -> tuple[int, int]:
    """1-based (line, column) of the deepest node of ``loc`` that exists in ``tree``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = tree
    line, col = _own(tree)
    for part in loc:
        if isinstance(node, CommentedMap):
            if part in node:
                line, col = node.lc.key(part)
                node = node[part]
            # else: a union tag (e.g. "yes_no") or a missing key: stay on the parent
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            break
    return line + 1, col + 1


def _own(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return 0, 0
    return lc.line, lc.col
