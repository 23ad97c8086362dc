"""ruamel.yaml's scanner and composer with the limits of question trees.

Kept apart from :mod:`assistant.framework.yamlsource` so that ruamel.yaml is imported only
when a YAML file is actually read (a framework loaded from its validated cache never is).
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scanner import RoundTripScanner

from assistant.framework.yamlsource import MAX_DEPTH, MAX_NODES, MAX_NUMBER_CHARS, NUMBER_TAGS


class Refused(MarkedYAMLError):
    """Valid YAML that question trees do not allow (aliases, tags, excessive size)."""


class GuardedScanner(RoundTripScanner):
    """Stops at the first bracket nested too deep (a scanner would otherwise look far ahead)."""

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:
        if len(self.flow_context) >= MAX_DEPTH:
            raise Refused(None, None, f"brackets nested more than {MAX_DEPTH} levels deep; "
                           "question trees never need that many", self.reader.get_mark())
        super().fetch_flow_collection_start(TokenClass, to_push)


def _tag_name(tag: Any) -> str:
    name = str(tag)
    return "!!" + name[len("tag:yaml.org,2002:"):] if name.startswith("tag:yaml.org,2002:") else name


class GuardedComposer(Composer):
    """ruamel's composer with the limits of question trees (see the module docstring)."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or event.anchor is not None:
            name = event.anchor
            raise Refused(None, None, f"YAML anchors and aliases (&{name} / *{name}) are not allowed "
                           "in question trees; write the value out in full", event.start_mark)
        tag = getattr(event, "ctag", None)
        if tag is not None:
            raise Refused(None, None, f"YAML tag {_tag_name(tag)!r} is not allowed in question trees; "
                           "remove it (quote the value if it must stay text)", event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise Refused(None, None, f"nested more than {MAX_DEPTH} levels deep; "
                           "question trees never need that many", event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise Refused(None, None, f"more than {MAX_NODES:,} values in one file; "
                           "split it into several element files", event.start_mark)
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor: Any) -> Any:
        node = super().compose_scalar_node(anchor)
        if str(node.tag) in NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            raise Refused(None, None, f"number of {len(node.value):,} characters is too long "
                           f"(at most {MAX_NUMBER_CHARS}); quote it if it is meant as text",
                           node.start_mark)
        return node
