"""A Jinja environment in which a report template can only render data.

A template is a file from anywhere (``--template``, ``bmm validate X.docx``), so it is
treated as hostile:

- Only data is reachable: dicts, lists, strings, numbers, booleans and ``None``, Jinja's
  loop helpers, and a few read-only methods of those types. Every other object (the chart
  image, anything of python-docx or docxtpl) has no visible attribute and cannot be called.
- ``{% include %}``, ``{% import %}`` and ``{% extends %}`` are refused when the template is
  read, with a message saying so.
- A budget bounds work and size: loop iterations, calls and operators count as steps, checked
  against a step limit and a time limit; ``*``, ``**``, ``+``, ``%``, ``~`` and filters are
  checked before (or right after) they build a large value; the output is counted as it is
  joined. Exceeding a limit stops the render with a :class:`TemplateBudgetError`.
"""

from __future__ import annotations

import re
import time
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, LoopContext, Macro, Undefined
from jinja2.sandbox import SandboxedEnvironment, safe_range
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

MAX_STEPS = 3_000_000
MAX_SECONDS = 5.0
MAX_VALUE = 2_000_000  # characters (or items) in one value built by the template
MAX_OUTPUT = 60_000_000  # characters of rendered XML, all parts together
MAX_BUILT = 20_000_000  # characters and items of all values built by filters, calls and operators
MAX_INT_ARG = 1_000_000  # widths, counts and repeats passed to filters and methods
MAX_INT_BITS = 4096

_METHODS: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (dict, frozenset({"items", "keys", "values", "get"})),
    ((list, tuple), frozenset({"index", "count"})),
    (str, frozenset({
        "upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith",
        "endswith", "split", "rsplit", "join", "splitlines", "count", "find", "rfind", "replace",
        "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "istitle",
    })),
)  # fmt: skip
_RUNTIME_METHODS = frozenset({"cycle", "changed", "next", "reset"})
_DATA = (dict, list, tuple, str, int, float, bool, type(None))
_INCLUDES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


class TemplateBudgetError(SecurityError):
    """The template did too much work or built too large a text."""


class SafeImage:
    """An image for a template: it renders as itself, and exposes nothing else.

    The wrapped object (a docxtpl ``InlineImage``, which holds the whole document) is kept
    in a closure, so no attribute of this object leads to it.
    """

    __slots__ = ("_render",)

    def __init__(self, image: Any) -> None:
        def render() -> str:
            return str(image)

        object.__setattr__(self, "_render", render)

    def __html__(self) -> str:
        return Markup(self._render())

    def __str__(self) -> str:
        return self._render()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(name)


class Budget:
    """Steps, seconds and characters one render may use."""

    def __init__(self, steps: int = MAX_STEPS, seconds: float = MAX_SECONDS,
                 output: int = MAX_OUTPUT) -> None:
        self.steps_left, self.seconds, self.output_left = steps, seconds, output
        self.built_left = MAX_BUILT
        self.started = time.monotonic()

    def tick(self, n: int = 1) -> None:
        self.steps_left -= n
        if self.steps_left < 0:
            raise TemplateBudgetError(
                "the template does too much work (more than "
                f"{MAX_STEPS:,} loop steps and calls); simplify its loops")
        if time.monotonic() - self.started > self.seconds:
            raise TemplateBudgetError(
                f"the template took longer than {self.seconds:g} s to render; simplify its loops")

    def built(self, value: Any, what: str = "a value") -> Any:
        """Check one value built by the template, and count it against the total."""
        if isinstance(value, str | list | tuple | dict):
            if len(value) > MAX_VALUE:
                raise _too_big(what, len(value))
            self.tick()
            self.built_left -= len(value)
            if self.built_left < 0:
                raise TemplateBudgetError(f"the template builds more than {MAX_BUILT:,} characters "
                                          "and items in all; simplify it")
        return value

    def emit(self, n: int) -> None:
        self.output_left -= n
        if self.output_left < 0:
            raise TemplateBudgetError(
                f"the template writes more than {MAX_OUTPUT:,} characters; it would not open in Word")


def _too_big(what: str, size: int) -> TemplateBudgetError:
    return TemplateBudgetError(f"the template builds {what} of {size:,} characters or items "
                               f"(at most {MAX_VALUE:,})")


def _check_int_args(name: str, args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_INT_ARG:
            raise TemplateBudgetError(f"{name}: the number {arg:,} is too large here (at most "
                                      f"{MAX_INT_ARG:,})")


def _check_format(fmt: Any, args: Any) -> None:
    """``%`` formatting: no huge widths or precisions, written or passed with ``*``."""
    if not isinstance(fmt, str):
        return
    if re.search(r"%[-#0 +]*\d{7,}|\.\d{7,}", fmt):
        raise TemplateBudgetError("a % format asks for a width or precision over a million")
    values = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    if "*" in fmt:
        _check_int_args("a % format", values)


def _replace_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


class RenderOnlyEnvironment(SandboxedEnvironment):
    """The sandbox for report templates (one instance per render: it carries the budget)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, budget: Budget | None = None) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.budget = budget or Budget()
        self.globals = {"range": safe_range, "dict": dict, "cycler": Cycler, "joiner": Joiner,
                        "namespace": Namespace}
        self._safe_globals = tuple(self.globals.values())
        self.filters = {name: self._guard(name, f) for name, f in self.filters.items()}
        self.filters["join"] = self._guard("join", _join)
        self.filters["_bmm_steps"] = self._steps
        self.filters["_bmm_size"] = self._size

    # ---- what a template may reach ---------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, LoopContext | Namespace | Cycler):
            return not callable(value) or attr in _RUNTIME_METHODS
        for kinds, names in _METHODS:
            if isinstance(obj, kinds):
                return attr in names
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, Macro | LoopContext | Joiner):
            return True
        if any(obj is g for g in self._safe_globals):
            return True
        if isinstance(obj, types.BuiltinMethodType | types.MethodType):
            owner = getattr(obj, "__self__", None)
            name = getattr(obj, "__name__", "")
            if isinstance(owner, LoopContext | Cycler):
                return name in _RUNTIME_METHODS
            return isinstance(owner, _DATA) and self.is_safe_attribute(owner, name, obj)
        return False

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is not on the allowed list: refused like any other method

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.budget.tick()
        if isinstance(__obj, Undefined):
            return __obj()  # raises its own error: "access to attribute ... is unsafe", "... is undefined"
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{getattr(__obj, '__name__', type(__obj).__name__)!r} cannot be "
                                "called from a report template")
        name = getattr(__obj, "__name__", "call")
        _check_int_args(name, (*args, *kwargs.values()))
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and name in ("replace", "join") and args:
            if name == "replace":
                size = _replace_size(owner, *args[:3])
            else:
                items = list(args[0]) if isinstance(args[0], Iterable) else []
                size = sum(len(i) + len(owner) for i in items if isinstance(i, str))
                args = (items, *args[1:])
            if size > MAX_VALUE:
                raise _too_big("a text", size)
        return __self.budget.built(__context.call(__obj, *args, **kwargs))

    # ---- work and size ------------------------------------------------------------------
    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_VALUE:
                    raise _too_big("a repeated value", len(seq) * n)
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateBudgetError("the template multiplies numbers that are too large")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and \
                    left.bit_length() * abs(right) > MAX_INT_BITS:
                raise TemplateBudgetError(f"the template computes {left} ** {right}, a number too large")
        elif operator == "%":
            _check_format(left, right)
        return self.budget.built(self.binop_table[operator](left, right))

    def _steps(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            self.budget.tick()
            yield item

    def _size(self, value: Any) -> Any:
        self.budget.tick()
        return self.budget.built(value, "a joined text")

    def _guard(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        budget = self.budget

        def guarded(*args: Any, **kwargs: Any) -> Any:
            budget.tick()
            values = [a for a in args if not isinstance(a, Context | EvalContext | SandboxedEnvironment)]
            _check_int_args(f"filter {name!r}", (*values[1:], *kwargs.values()))
            if name == "format" and values:
                _check_format(values[0], tuple(values[1:]) or kwargs)
            if name == "replace" and len(values) >= 3 and isinstance(values[0], str):
                size = _replace_size(values[0], *values[1:4])
                if size > MAX_VALUE:
                    raise _too_big("a text", size)
            return budget.built(func(*args, **kwargs), f"a value (filter {name!r})")

        for attr in ("jinja_pass_arg",):  # keep @pass_context / @pass_environment working
            if hasattr(func, attr):
                setattr(guarded, attr, getattr(func, attr))
        return guarded

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        out = []
        for part in parts:
            self.budget.emit(len(part))
            out.append(part)
        return "".join(out)

    # ---- reading a template -----------------------------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(_INCLUDES):
            kind = type(node).__name__.lower().replace("fromimport", "import")
            raise TemplateSyntaxError(
                f"{{% {kind} %}} is not allowed in a report template: a template must be one "
                "self-contained .docx", node.lineno, name, filename)
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, "_bmm_steps", [], [], None, None, lineno=loop.lineno)
        for parent in [tree, *tree.find_all(nodes.Node)]:
            for field in parent.fields:
                child = getattr(parent, field, None)
                if isinstance(child, nodes.Concat):
                    setattr(parent, field, _sized(child))
                elif isinstance(child, list):
                    setattr(parent, field, [_sized(c) if isinstance(c, nodes.Concat) else c for c in child])
        return tree


def _sized(node: nodes.Concat) -> nodes.Filter:
    return nodes.Filter(node, "_bmm_size", [], [], None, None, lineno=node.lineno)


def _join(value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    """Jinja's ``join`` for plain data, stopping as soon as the text grows too large."""
    from markupsafe import escape, soft_str

    if attribute is not None:
        raise SecurityError("join(attribute=...) is not available in report templates")
    items, size = [], 0
    markup = isinstance(d, Markup)
    for item in value:
        text = item if isinstance(item, str) else soft_str(item)
        markup = markup or hasattr(item, "__html__")
        size += len(text) + len(d)
        if size > MAX_VALUE:
            raise _too_big("a joined text", size)
        items.append(item)
    if markup:
        return Markup(escape(d)).join(escape(i) if not hasattr(i, "__html__") else Markup(i.__html__())
                                      for i in items)
    return soft_str(d).join(soft_str(i) for i in items)
