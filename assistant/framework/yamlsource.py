"""Read YAML 1.2 with positions, so every problem can be reported as ``file:line:column``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError


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
    except ValueError:
        return str(path)


def read(path: Path) -> Source:
    """Parse one YAML file; raise :class:`YamlProblem` with a located message."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlProblem(f"{display(path)}: file not found") from None
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"{display(path)}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise YamlProblem(f"{display(path)}: cannot read ({exc.strerror})") from None
    try:
        tree = yaml.load(raw)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{display(path)}:{mark.line + 1}:{mark.column + 1}" if mark else display(path)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise YamlProblem(f"{where}: invalid YAML: {what}") from None
    except YAMLError as exc:
        raise YamlProblem(f"{display(path)}: invalid YAML: {exc}") from None
    if not isinstance(tree, CommentedMap):
        raise YamlProblem(f"{display(path)}:1:1: expected a mapping of keys at the top of the file")
    return Source(path, tree)


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
