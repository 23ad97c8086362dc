"""Render a report context into a .docx with docxtpl, safely.

- A render-only sandbox (:mod:`assistant.report.sandbox`) with autoescape and strict
  undefined variables: user text is data, never template code; the template reaches
  nothing but data (the chart is wrapped so nothing of docxtpl is reachable); work and
  size are bounded; a variable that does not exist fails loudly instead of printing nothing.
- A new DocxTemplate for every render (docxtpl keeps state between renders).
- Text that would meet docxtpl's own post-render substitutions (``{_{`` and
  friends become ``{{``) has its braces written as XML character references, so
  it comes out unchanged.
- The file is written next to its destination and moved into place
  (:mod:`assistant.outpath`), so a failed render never leaves half a document.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError
from markupsafe import Markup, escape

from assistant import outpath, paths
from assistant.errors import BmmError, NotFound
from assistant.report.docxzip import docx_bytes
from assistant.report.sandbox import RenderOnlyEnvironment, SafeImage
from assistant.report.xmlcache import cleaned

Progress = Callable[[str, float], None]


def jinja_env() -> RenderOnlyEnvironment:
    """A new render-only environment (each carries the work budget of one render)."""
    return RenderOnlyEnvironment()


def bundled_template(lang: str) -> Path:
    path = paths.templates_dir() / f"report_{lang}.docx"
    return path if path.is_file() else paths.templates_dir() / "report_en.docx"


def _protect(value: Any) -> Any:
    """Strings escaped for XML now when docxtpl would otherwise rewrite them after rendering."""
    if isinstance(value, str) and not isinstance(value, Markup):
        if "{_" in value or "_}" in value or "%_" in value or "_%" in value:
            return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;")
                          .replace("%", "&#37;"))
        return value
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_protect(v) for v in value]
    return value


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", flags=re.DOTALL)  # as docxtpl finds them
_LISTING = re.compile("[\t\a\n\f]")


class _Template(DocxTemplate):
    """docxtpl's template, with its XML clean-up kept by content (:mod:`assistant.report.xmlcache`)
    and its text post-processing done only where there is any to do."""

    def patch_xml(self, src_xml: str) -> str:
        return cleaned(src_xml, super().patch_xml)

    def resolve_listing(self, xml: str) -> str:
        """docxtpl turns ``\t``, ``\a``, ``\n`` and ``\f`` in rendered text into tabs, paragraphs,
        line and page breaks, rewriting every paragraph of the document with Python callbacks;
        a paragraph without any of them comes out unchanged, so only the others go through it."""
        if not _LISTING.search(xml):
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0), xml)


def load_template(template: Path) -> DocxTemplate:
    if not template.is_file():
        raise NotFound(f"{template}: template not found")
    try:
        return _Template(str(template))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same user problem
        raise BmmError(f"{template}: not a Word .docx template ({type(exc).__name__}: {exc})") from None


def render_document(context: dict[str, Any], template: Path, chart_png: bytes | None = None,
                    properties: dict[str, str] | None = None) -> DocxTemplate:
    """Render ``context`` into a new DocxTemplate (not yet saved)."""
    tpl = load_template(template)
    ctx = _protect(context)
    if chart_png is not None:
        ctx["chart"] = SafeImage(InlineImage(tpl, io.BytesIO(chart_png), width=Mm(160)))
    else:
        ctx.setdefault("chart", "")
    try:
        tpl.render(ctx, jinja_env=jinja_env(), autoescape=True)
    except TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise BmmError(f"{template}: template error{where}: {exc.message or exc}") from None
    except RecursionError:
        raise BmmError(f"{template}: template error: macros or loops call themselves too deeply") from None
    except MemoryError:
        raise BmmError(f"{template}: template error: the template builds more text than memory holds") from None
    except Exception as exc:  # noqa: BLE001 - whatever a template does wrong is the template's problem
        raise BmmError(f"{template}: template error: {type(exc).__name__}: {exc}") from None
    for name, value in (properties or {}).items():
        setattr(tpl.docx.core_properties, name, value)
    return tpl


def save(tpl: DocxTemplate, output: Path, force: bool = True, data_root: Path | None = None) -> Path:
    """Write the document through :mod:`assistant.outpath` (temp file in the target folder, then
    moved into place; never through a link, never into the data folder)."""
    payload = docx_bytes(tpl)
    if data_root is None:  # a caller inside the app (not a user's -o) may name a new folder
        Path(output).parent.mkdir(parents=True, exist_ok=True)
    return outpath.write(Path(output), payload, force=force, data_root=data_root, mode=outpath.REPORT_MODE)
