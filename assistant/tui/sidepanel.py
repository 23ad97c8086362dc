"""The side panel: components and elements with their progress; Enter jumps to an element."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree

from assistant.engine.interview import Interview, Progress
from assistant.framework.models import text

MARKS = {"done": "●", "partly": "◐", "not_started": "○"}


class ElementTree(Tree[str]):
    """Elements grouped by component; the label shows done / partly / not started."""

    BINDINGS = [Binding("escape", "leave", "tui.key.back_to_answer", id="elements.leave")]

    class Leave(Message):
        """Focus should go back to the answer input."""

    class Jump(Message):
        """Go to ``element_id``."""

        def __init__(self, element_id: str) -> None:
            super().__init__()
            self.element_id = element_id

    def __init__(self, interview: Interview, lang: str, state_labels: dict[str, str], **kw) -> None:
        super().__init__(text(interview.framework.title, lang), **kw)
        self.interview = interview
        self.lang = lang
        self.state_labels = state_labels
        self.show_root = False
        self.guide_depth = 2
        self._element_nodes: dict[str, object] = {}

    def on_mount(self) -> None:
        fw = self.interview.framework
        asked = {e.id for e in self.interview.elements}  # an agency's package: only its elements
        if fw.context is not None and fw.context.id in asked:
            self._element_nodes[fw.context.id] = self.root.add_leaf(self._label(fw.context), data=fw.context.id)
        for comp in fw.components:
            if not any(el.id in asked for el in comp.elements):
                continue
            branch = self.root.add(Text(text(comp.title, self.lang), style="bold"), expand=True)
            for el in (el for el in comp.elements if el.id in asked):
                self._element_nodes[el.id] = branch.add_leaf(self._label(el), data=el.id)
        self.root.expand()

    def _label(self, element) -> Text:
        p: Progress = self.interview.element_progress(element)
        mark = MARKS[p.state]
        label = Text(f"{mark} ", no_wrap=True)
        label.append(f"{p.answered:>2}/{p.applicable:<2} ", style="dim")  # before the title: never cut off
        label.append(text(element.title, self.lang))
        return label

    def refresh_element(self, element_id: str) -> None:
        """Update one element's label (cheap: called after every answer)."""
        node = self._element_nodes.get(element_id)
        el = self.interview.element(element_id)
        if node is not None and el is not None:
            label = self._label(el)
            if label != node.label:  # type: ignore[attr-defined]  # unchanged: nothing redrawn
                node.set_label(label)  # type: ignore[attr-defined]

    def refresh_all(self) -> None:
        for eid in self._element_nodes:
            self.refresh_element(eid)

    def show_current(self, element_id: str) -> None:
        node = self._element_nodes.get(element_id)
        if node is not None:
            self.move_cursor(node)  # type: ignore[arg-type]

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Jump(event.node.data))

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def on_blur(self) -> None:
        self.screen.remove_class("-side")
