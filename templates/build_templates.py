"""Build the bundled report templates, templates/report_<lang>.docx, from python-docx's default.

Run after changing the report's structure or its static wording (assistant/i18n/*/report.json):

    .venv/bin/python templates/build_templates.py

The templates are source: commit them with this script. Starting from python-docx's default
document keeps Word's built-in Heading, Title, List and table styles, so the navigation pane,
the table of contents and restyling in Word all work. Every ``{%p %}`` / ``{%tr %}`` tag is the
whole text of its own paragraph or table row, as docxtpl requires.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assistant.i18n import t  # noqa: E402

TABLE_STYLE = "Light Grid Accent 1"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)


class Builder:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc = Document()
        self._setup()

    def s(self, key: str, **params: str) -> str:
        return t(self.lang, f"report.{key}", **params)

    # ---- document set-up ------------------------------------------------------------
    def _setup(self) -> None:
        doc = self.doc
        styles = doc.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.05
        for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
            st = styles[name]
            st.font.size = Pt(size)
            st.font.color.rgb = ACCENT
            st.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
            st.paragraph_format.keep_with_next = True
        styles["Heading 1"].paragraph_format.page_break_before = True
        for level in (1, 2):
            st = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = normal
            st.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            st.paragraph_format.space_after = Pt(2)
            st.paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            if level == 1:
                st.font.bold = True
        small = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = normal
        small.font.size = Pt(8.5)
        small.paragraph_format.space_after = Pt(0)
        small.paragraph_format.line_spacing = 1.0
        label = styles.add_style("Label", WD_STYLE_TYPE.PARAGRAPH)
        label.base_style = normal
        label.font.bold = True
        label.font.color.rgb = ACCENT
        label.paragraph_format.space_before = Pt(8)
        label.paragraph_format.space_after = Pt(2)
        label.paragraph_format.keep_with_next = True
        note = styles.add_style("Explanation", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = normal
        note.font.size = Pt(9)
        note.font.italic = True
        note.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

        sec = doc.sections[0]
        sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(2.2)
        sec.top_margin = sec.bottom_margin = Cm(2.2)
        sec.different_first_page_header_footer = True
        head = sec.header.paragraphs[0]
        head.text = "{{ doc.header }}"
        head.style = styles["Header"]
        head.runs[0].font.size = Pt(8.5)
        head.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        foot = sec.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(foot, f"{self.s('page')} ", size=8.5)
        self._field(foot, "PAGE", "1")
        self._run(foot, f" {self.s('of')} ", size=8.5)
        self._field(foot, "NUMPAGES", "1")
        settings = doc.settings.element
        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        settings.append(upd)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), {"en": "en-GB", "fr": "fr-FR"}[self.lang])
        rpr = styles["Normal"].element.get_or_add_rPr()
        rpr.append(lang)
        doc.core_properties.author = "bmm-assistant"
        doc.core_properties.title = ""
        doc.core_properties.comments = ""

    # ---- small helpers -------------------------------------------------------------------
    def _run(self, paragraph, text: str, bold: bool = False, italic: bool = False, size: float | None = None):
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        return run

    def _field(self, paragraph, instr: str, shown: str) -> None:
        for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", shown), ("end", None)):
            run = paragraph.add_run()
            run.font.size = Pt(8.5)
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {text} "
                run._r.append(el)
            elif kind == "text":
                run.text = text
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
                run._r.append(el)

    def p(self, text: str = "", style: str | None = None):
        return self.doc.add_paragraph(text, style=style)

    def tag(self, text: str) -> None:
        """A paragraph holding only a {%p %} tag."""
        self.doc.add_paragraph(text)

    def h(self, text: str, level: int, first: bool = False):
        """A heading; ``first`` when a section break already starts its page (no second break)."""
        head = self.doc.add_heading(text, level=level)
        if first:
            head.paragraph_format.page_break_before = False
        return head

    def label(self, text: str) -> None:
        self.p(text, "Label")

    def bullets(self, seq: str, var: str = "x", style: str = "List Bullet") -> None:
        self.tag(f"{{%p for {var} in {seq} %}}")
        self.p(f"{{{{ {var} }}}}", style)
        self.tag("{%p endfor %}")

    def table(self, headers: list[str], cells: list[str], widths: list[float], loop: str | None,
              style: str = TABLE_STYLE, header: bool = True) -> None:
        """A table: a header row, then (inside ``{%tr for loop %}``) one row of ``cells``."""
        rows = (1 if header else 0) + (3 if loop else 1)
        tbl = self.doc.add_table(rows=rows, cols=len(cells))
        tbl.style = self.doc.styles[style]
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER if header else WD_TABLE_ALIGNMENT.LEFT
        tbl.autofit = False
        look = tbl._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:  # header row emphasis only: no bold first column
            look.set(qn("w:firstColumn"), "0")
            look.set(qn("w:val"), "0420")
        for i, w in enumerate(widths):
            tbl.columns[i].width = Cm(w)
            for row in tbl.rows:
                row.cells[i].width = Cm(w)
        r = 0
        if header:
            for i, text in enumerate(headers):
                self._cell(tbl.cell(0, i), text, bold=True)
            _repeat_header(tbl.rows[0])
            r = 1
        if loop:
            self._cell(tbl.cell(r, 0), f"{{%tr for {loop} %}}")
            for i, text in enumerate(cells):
                self._cell(tbl.cell(r + 1, i), text)
            self._cell(tbl.cell(r + 2, 0), "{%tr endfor %}")
        else:
            for i, text in enumerate(cells):
                self._cell(tbl.cell(r, i), text)

    def _cell(self, cell, text: str, bold: bool = False) -> None:
        par = cell.paragraphs[0]
        par.style = self.doc.styles["Table Text"]
        if text:
            self._run(par, text, bold=bold)

    # ---- the report ------------------------------------------------------------------------
    def build(self) -> Document:
        self.cover()
        self.toc()
        self.summary()
        self.method()
        self.workshop()
        self.components()
        self.profile()
        self.landscape(True)
        self.recommendations()
        self.action_plan()
        self.landscape(False)
        self.annexes()
        self.followups_annex()
        return self.doc

    def cover(self) -> None:
        title = self.p("{{ doc.title }}", "Title")
        title.paragraph_format.space_before = Pt(120)
        title.paragraph_format.space_after = Pt(18)
        self.p("{{ doc.framework }}", "Subtitle")
        country = self.p("")
        self._run(country, "{{ doc.country }}", bold=True, size=20)
        country.paragraph_format.space_before = Pt(24)
        self.p("{{ doc.date }}")
        status = self.p("")
        status.paragraph_format.space_before = Pt(36)
        self._run(status, "{{ doc.status }}", bold=True, size=14).font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        self.p("{{ doc.status_block }}")
        prepared = self.p(self.s("p.prepared"), "Explanation")
        prepared.paragraph_format.space_before = Pt(160)

    def toc(self) -> None:
        head = self.p(self.s("h.toc"), "TOC Heading")
        head.paragraph_format.page_break_before = True
        begin = self.p("")
        for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
            run = begin.add_run()
            if kind == "instr":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {text} "
            else:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        # Cached entries (shown until Word updates the field on opening; LibreOffice shows them as is).
        self.tag("{%p for x in toc %}")
        self.tag("{%p if x.level == 1 %}")
        self.p("{{ x.title }}\t{{ x.page }}", "TOC 1")
        self.tag("{%p else %}")
        self.p("{{ x.title }}\t{{ x.page }}", "TOC 2")
        self.tag("{%p endif %}")
        self.tag("{%p endfor %}")
        end = self.p("")
        run = end.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), "end")
        run._r.append(el)

    def summary(self) -> None:
        self.h(self.s("h.summary"), 1)
        self.h(self.s("s.profile"), 2)
        self.p("{{ summary.profile }}")
        self.p("{{ summary.components }}")
        self.tag("{%p if summary.gaps %}")
        self.p("{{ summary.gaps }}")
        self.tag("{%p endif %}")
        self.tag("{%p if summary.strongest %}")
        self.h(self.s("s.strongest"), 2)
        self.bullets("summary.strongest")
        self.tag("{%p endif %}")
        self.tag("{%p if summary.weakest %}")
        self.h(self.s("s.weakest"), 2)
        self.bullets("summary.weakest")
        self.tag("{%p endif %}")
        self.tag("{%p if summary.themes %}")
        self.h(self.s("s.themes"), 2)
        self.bullets("summary.themes")
        self.tag("{%p endif %}")
        self.h(self.s("s.priorities"), 2)
        self.p("{{ summary.recommendations }}")
        self.bullets("summary.priorities", style="List Number")
        self.tag("{%p if summary.ask %}")
        self.p("{{ summary.ask }}")
        self.tag("{%p endif %}")

    def method(self) -> None:
        self.h(self.s("h.method"), 1)
        self.h(self.s("s.framework"), 2)
        self.p("{{ method.framework }} ({{ method.version }}). {{ method.description }}")
        self.p("{{ method.text }}")
        self.h(self.s("s.scale"), 2)
        self.table([self.s("c.level"), "", self.s("c.summary")],
                   ["{% cellbg x.color %}{{ x.level }}", "{{ x.label }}", "{{ x.summary }}"],
                   [1.4, 3.2, 12.0], "x in method.scale")
        self.h(self.s("s.team"), 2)
        self.p(self.s("p.team", team="{{ method.team }}", agencies="{{ method.agencies }}"))
        self.h(self.s("s.dates"), 2)
        self.p(self.s("p.period", period="{{ method.period }}") + " {{ method.coverage }}")
        self.tag("{%p if method.context %}")
        self.h(self.s("s.context"), 2)
        self.table([self.s("c.question"), self.s("c.answer")], ["{{ x.question }}", "{{ x.answer }}"],
                   [7.6, 9.0], "x in method.context")
        self.tag("{%p endif %}")
        self.tag("{%p if method.alignment %}")
        self.h(self.s("s.alignment"), 2)
        self.p("{{ method.alignment }}")
        self.tag("{%p endif %}")
        self.tag("{%p if acronyms %}")
        self.h(self.s("h.acronyms"), 2)
        self.table([self.s("c.acronym"), self.s("c.term")], ["{{ x.acronym }}", "{{ x.term }}"],
                   [3.0, 13.6], "x in acronyms")
        self.tag("{%p endif %}")

    def components(self) -> None:
        self.tag("{%p for c in components %}")
        self.h("{{ c.number }}. {{ c.title }}", 1)
        self.tag("{%p if c.intro %}")
        self.p("{{ c.intro }}")
        self.tag("{%p endif %}")
        self.p("{{ c.summary }}")
        self.tag("{%p for e in c.elements %}")
        self.h("{{ e.number }} {{ e.title }}", 2)
        self.tag("{%p if e.intro %}")
        self.p("{{ e.intro }}", "Explanation")
        self.tag("{%p endif %}")
        level = self.p("")
        self._run(level, self.s("s.level") + self.s("colon"), bold=True)
        self._run(level, "{{ e.level_label }}", bold=True).font.color.rgb = ACCENT
        self.label(self.s("s.findings"))
        self.p("{{ e.lead }}")
        self.tag("{%p for x in e.overall %}")
        self.p("{{ x }}")
        self.tag("{%p endfor %}")
        self.tag("{%p if e.works %}")
        self.p("{{ e.works }}")
        self.tag("{%p endif %}")
        self.tag("{%p if e.workshop %}")
        self.p("{{ e.workshop }}")
        self.tag("{%p endif %}")
        self.tag("{%p if e.statements %}")
        self.label(self.s("s.words"))
        self.tag("{%p for x in e.statements %}")
        q = self.p("", "Explanation")
        self._run(q, "{{ x.question }}")
        self.p("{{ x.text }}", "Quote")
        self.tag("{%p endfor %}")
        self.tag("{%p endif %}")
        self.tag("{%p if e.notes %}")
        self.label(self.s("s.evidence"))
        self.bullets("e.notes")
        self.tag("{%p endif %}")
        self.tag("{%p if e.standards %}")
        std = self.p("", "Explanation")
        self._run(std, self.s("s.standards") + self.s("colon"), bold=True)
        self._run(std, '{{ e.standards|join("; ") }}')
        self.tag("{%p endif %}")
        self.tag("{%p endfor %}")
        self.tag("{%p endfor %}")

    def profile(self) -> None:
        self.h(self.s("h.profile"), 1)
        self.p(self.s("p.profile"))
        self.table([self.s("c.n"), self.s("c.component"), self.s("c.element"), self.s("c.level"), self.s("c.score")],
                   ["{{ x.n }}", "{{ x.component }}", "{{ x.title }}", "{% cellbg x.color %}{{ x.level_label }}",
                    "{{ x.score }}"], [0.9, 3.6, 7.3, 3.0, 1.8], "x in profile")
        chart = self.p("{{ chart }}")
        chart.alignment = WD_ALIGN_PARAGRAPH.CENTER
        chart.paragraph_format.keep_with_next = True  # with its caption; after the table when it fits
        self.p("{{ method.caption }}", "Caption")

    def landscape(self, on: bool) -> None:
        """Start a new section, landscape for the wide tables or back to portrait."""
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        sec.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
        long_, short = Cm(29.7), Cm(21.0)
        sec.page_width, sec.page_height = (long_, short) if on else (short, long_)
        sec.different_first_page_header_footer = False

    def recommendations(self) -> None:
        self.h(self.s("h.recommendations"), 1, first=True)
        self.p(self.s("p.recommendations"))
        self.tag("{%p if recommendations %}")
        self.table([self.s(k) for k in ("c.no", "c.recommendation", "c.element", "c.priority", "c.phase",
                                        "c.lead", "c.status", "c.refs")],
                   ["{{ x.n }}", "{{ x.text }}", "{{ x.element }}", "{{ x.priority }}", "{{ x.phase }}",
                    "{{ x.lead }}", "{{ x.status }}", "{{ x.refs }}"], [1.0, 8.8, 3.6, 1.8, 2.3, 3.2, 1.8, 2.7],
                   "x in recommendations")
        self.tag("{%p else %}")
        self.p(self.s("p.no_recommendations"))
        self.tag("{%p endif %}")

    def action_plan(self) -> None:
        self.h(self.s("h.action_plan"), 1)
        self.p(self.s("p.action_plan"))
        self.tag("{%p if plan %}")
        self.table([self.s(k) for k in ("c.objective", "c.actions", "c.lead", "c.partners", "c.phase",
                                        "c.indicator", "c.cost")],
                   ["{{ x.objective }}", "{{ x.actions }}", "{{ x.lead }}", "{{ x.partners }}", "{{ x.phase }}",
                    "{{ x.indicator }}", "{{ x.cost }}"], [5.6, 1.9, 3.4, 4.1, 3.8, 4.6, 1.8], "x in plan")
        self.h(self.s("h.phases"), 2).paragraph_format.page_break_before = True
        self.p(self.s("p.phases"))
        self.table([self.s("c.no"), self.s("c.objective"), self.s("plan.phase.1"), self.s("plan.phase.2"),
                    self.s("plan.phase.3")],
                   ["{{ x.n }}", "{{ x.objective }}", "{% cellbg x.c1 %}{{ x.p1 }}", "{% cellbg x.c2 %}{{ x.p2 }}",
                    "{% cellbg x.c3 %}{{ x.p3 }}"], [1.1, 12.0, 4.0, 4.0, 4.0], "x in phases")
        self.tag("{%p else %}")
        self.p(self.s("p.no_recommendations"))
        self.tag("{%p endif %}")

    def annexes(self) -> None:
        self.h(self.s("h.annex_answers"), 1, first=True)
        self.tag("{%p for b in annex %}")
        self.h("{{ b.title }}", 2)
        self.table([self.s("c.question"), self.s("c.answer"), self.s("c.note")],
                   ["{{ x.question }}", "{{ x.answer }}", "{{ x.note }}"], [6.6, 5.0, 5.0], "x in b.rows")
        self.tag("{%p endfor %}")
        self.h(self.s("h.annex_verify"), 1)
        self.tag("{%p if verify %}")
        self.p(self.s("p.annex_verify"))
        self.table([self.s("c.element"), self.s("c.question"), self.s("c.status")],
                   ["{{ x.element }}", "{{ x.question }}", "{{ x.status }}"], [4.0, 9.6, 3.0], "x in verify")
        self.tag("{%p else %}")
        self.p(self.s("p.nothing_to_verify"))
        self.tag("{%p endif %}")


    # ---- workshop parts: participants, agreement, evidence (method chapter), follow-ups annex ------
    def workshop(self) -> None:
        self.tag("{%p if workshop.participants %}")
        self.h(self.s("s.participants"), 2)
        self.p("{{ workshop.attendance }}")
        self.table([self.s(k) for k in ("c.name", "c.agency", "c.role", "c.sessions")],
                   ["{{ x.name }}", "{{ x.agency }}", "{{ x.role }}", "{{ x.sessions }}"],
                   [4.6, 4.2, 4.2, 3.6], "x in workshop.participants")
        self.tag("{%p endif %}")
        self.tag("{%p if workshop.elements or workshop.agreement %}")
        self.h(self.s("s.agreement"), 2)
        self.tag("{%p if workshop.agreement %}")
        self.p("{{ workshop.agreement }}")
        self.tag("{%p endif %}")
        self.tag("{%p if workshop.elements %}")
        self.p(self.s("p.agreement"))
        self.table([self.s(k) for k in ("c.n", "c.element", "c.level", "c.confidence", "c.contested")],
                   ["{{ x.number }}", "{{ x.title }}", "{{ x.level }}", "{{ x.confidence }}", "{{ x.contested }}"],
                   [1.0, 6.2, 2.8, 4.6, 2.0], "x in workshop.elements")
        self.tag("{%p endif %}")
        self.tag("{%p endif %}")
        self.tag("{%p if workshop.contested %}")
        self.h(self.s("s.contested"), 2)
        self.p(self.s("p.contested"))
        self.table([self.s(k) for k in ("c.element", "c.question", "c.answer", "c.positions")],
                   ["{{ x.element }}", "{{ x.question }}", "{{ x.answer }}", "{{ x.positions }}"],
                   [3.2, 5.6, 2.8, 5.0], "x in workshop.contested")
        self.tag("{%p endif %}")
        self.tag("{%p if workshop.evidence %}")
        self.h(self.s("s.needs_evidence"), 2)
        self.p(self.s("p.needs_evidence"))
        self.table([self.s(k) for k in ("c.element", "c.question", "c.answer", "c.source")],
                   ["{{ x.element }}", "{{ x.question }}", "{{ x.answer }}", "{{ x.source }}"],
                   [3.4, 6.6, 3.2, 3.4], "x in workshop.evidence")
        self.tag("{%p endif %}")

    def followups_annex(self) -> None:
        self.tag("{%p if workshop.annex %}")
        self.h(self.s("h.annex_followups"), 1)
        self.tag("{%p if workshop.followups %}")
        self.p(self.s("p.annex_followups"))
        self.tag("{%p for g in workshop.followups %}")
        self.label("{{ g.owner }}")
        self.table([self.s(k) for k in ("c.question", "c.element", "c.kind", "c.due")],
                   ["{{ x.question }}", "{{ x.element }}", "{{ x.kind }}", "{{ x.due }}"],
                   [8.2, 3.8, 2.2, 2.4], "x in g.rows")
        self.tag("{%p endfor %}")
        self.tag("{%p else %}")
        self.p(self.s("p.no_followups"))
        self.tag("{%p endif %}")
        self.tag("{%p endif %}")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def build(lang: str, out: Path) -> Path:
    doc = Builder(lang).build()
    _current_word(doc)
    doc.save(out)
    _rewrite_app_properties(out)
    return out


def _current_word(doc) -> None:
    """Compatibility mode of current Word (15): no "[Compatibility Mode]" in the title bar."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    for old in compat.findall(qn("w:compatSetting")):
        if old.get(qn("w:name")) == "compatibilityMode":
            compat.remove(old)
    mode = OxmlElement("w:compatSetting")
    for k, v in (("name", "compatibilityMode"), ("uri", "http://schemas.microsoft.com/office/word"), ("val", "15")):
        mode.set(qn(f"w:{k}"), v)
    compat.append(mode)


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><Application>bmm-assistant</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company>International Organization for Migration</Company>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "<AppVersion>16.0000</AppVersion></Properties>"
)


def _rewrite_app_properties(path: Path) -> None:
    """docProps/app.xml of python-docx's default says "Microsoft Macintosh Word" 2010: say what made it."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = APP_XML.encode() if item.filename == "docProps/app.xml" else src.read(item.filename)
            dst.writestr(item, data)
    tmp.replace(path)


if __name__ == "__main__":
    for code in ("en", "fr"):
        print(build(code, HERE / f"report_{code}.docx"))
