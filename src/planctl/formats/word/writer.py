"""The council document as .docx, from a `Layout`.

Styles are looked up by their built-in names (or style IDs), so a municipality's own template, also a
localized one, restyles everything; a style the template lacks is added. The output is deterministic:
the same layout and template give the same bytes (fixed zip timestamps, dates from the plan).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl.document.inline import Inline
from planctl.document.layout import (
    CoverEl,
    DecisionEl,
    Element,
    HeadingEl,
    Layout,
    ListEl,
    ListEntry,
    PageBreakEl,
    ParaEl,
    PathwayEl,
    PyramidEl,
    QuoteEl,
    TableEl,
    TocEl,
)
from planctl.errors import PlanctlError
from planctl.messages import t

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.shared import Length
    from docx.table import Table as DocxTable
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as DocxParagraph

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "default.docx"
_DOTX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
HEADER_FILL = "D9E2F3"
PYRAMID_FILLS = {"indicated": "C0504D", "selective": "F2A541", "universal": "6AA84F"}
PATHWAY_FILL = "DCE6F2"

# Paragraph styles the renderer uses: our role -> (built-in name, fallback base, size pt, italic)
_ROLE_STYLES: dict[str, tuple[str, str, float | None, bool]] = {
    "body": ("Normal", "Normal", None, False),
    "caption": ("Caption", "Normal", 10, False),
    "source": ("Source", "Normal", 9, True),
    "note": ("Source", "Normal", 9, True),
    "reference": ("Bibliography", "Normal", 10, False),
    "footnote": ("Footnote Text", "Normal", 9, False),
    "lead": ("Normal", "Normal", None, False),
    "table": ("Table Text", "Normal", 9.5, False),
}


def render_docx(layout: Layout, template: Path | None = None) -> bytes:
    """The document as .docx bytes."""
    doc, _ = render_document(layout, template)
    return save_docx(doc)


def render_document(layout: Layout, template: Path | None = None) -> tuple[DocxDocument, list[list[Any]]]:
    """The python-docx document and, for each layout element in order, the body XML elements it produced
    (what the tracked-change document of `planctl diff` compares)."""
    doc = _open_template(template or DEFAULT_TEMPLATE)
    writer = _Writer(doc, layout)
    writer.write()
    return doc, writer.spans


def save_docx(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue())


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and attributes, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _open_template(path: Path) -> DocxDocument:
    import docx

    if path.suffix.lower() not in (".docx", ".dotx"):
        raise PlanctlError(t("en", "build.template.kind", path=path), file=str(path))
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".dotx":
            data = _dotx_as_docx(data)
        document: DocxDocument = docx.Document(io.BytesIO(data))
    except PlanctlError:
        raise
    except Exception as exc:  # not a zip, not a Word file, unreadable
        raise PlanctlError(t("en", "build.template.missing", path=path) + f" ({type(exc).__name__})",
                           file=str(path)) from exc
    body = document.element.body
    from docx.oxml.ns import qn

    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _dotx_as_docx(data: bytes) -> bytes:
    """python-docx opens only documents: switch a template's main part content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_DOTX_TYPE.encode(), _DOCX_TYPE.encode())
            dst.writestr(info, blob)
    return out.getvalue()


class _Writer:
    def __init__(self, doc: DocxDocument, layout: Layout) -> None:
        self.doc = doc
        self.layout = layout
        self.meta = layout.meta
        self._styles: dict[str, Any] = {}
        self._figure = 0
        self._table_no = 0
        self._pending_break = False
        self.spans: list[list[Any]] = []
        section = doc.sections[0]
        self.text_width = int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))

    def m(self, key: str, **params: object) -> str:
        return t(self.meta.lang, key, **params)

    # -- styles
    def style(self, name: str, base: str = "Normal", size: float | None = None, italic: bool = False,
              kind: str = "paragraph") -> Any:
        cached = self._styles.get(name)
        if cached is not None:
            return cached
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt

        wanted = WD_STYLE_TYPE.PARAGRAPH if kind == "paragraph" else (
            WD_STYLE_TYPE.CHARACTER if kind == "character" else WD_STYLE_TYPE.TABLE)
        found = None
        key = name.lower()
        style_id = name.replace(" ", "")
        for style in self.doc.styles:
            if style.type != wanted:
                continue
            if (style.name or "").lower() == key or style.style_id == style_id:
                found = style
                break
        if found is None:
            found = self.doc.styles.add_style(name, wanted)
            if kind == "paragraph":
                found.base_style = self.style(base) if base != name else None
                if size is not None:
                    found.font.size = Pt(size)
                found.font.italic = italic or None
            elif kind == "character" and name == "Hyperlink":
                from docx.shared import RGBColor

                found.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
                found.font.underline = True
        self._styles[name] = found
        return found

    def role(self, role: str) -> Any:
        name, base, size, italic = _ROLE_STYLES.get(role, _ROLE_STYLES["body"])
        return self.style(name, base, size, italic)

    # -- document
    def write(self) -> None:
        self._properties()
        self._language()
        self._settings()
        self._header_footer()
        body = self.doc.element.body
        start = len(body) - 1  # new content goes before the closing w:sectPr
        for element in self.layout.elements:
            self._element(element)
            end = len(body) - 1
            self.spans.append(list(body[start:end]))
            start = end

    def _properties(self) -> None:
        cp = self.doc.core_properties
        cp.title = self.meta.title
        cp.subject = self.meta.subject
        cp.author = self.meta.author
        cp.last_modified_by = self.meta.author
        cp.language = self.meta.language
        cp.created = self.meta.created.replace(tzinfo=None)
        cp.modified = self.meta.created.replace(tzinfo=None)
        cp.last_printed = self.meta.created.replace(tzinfo=None)
        cp.revision = 1
        cp.keywords = "barnevernsloven § 15-1"
        cp.category = ""
        cp.comments = ""
        cp.content_status = "Utkast" if self.meta.draft else ""
        cp.identifier = self.meta.file_stem
        cp.version = ""

    def _language(self) -> None:
        """w:lang in the document defaults (and the Normal style), so spelling and screen readers know it."""
        from docx.oxml.ns import qn

        defaults = _child(self.doc.styles.element, "w:docDefaults", first=True)
        rpr = _child(_child(defaults, "w:rPrDefault", first=True), "w:rPr")
        for target in (rpr, self.style("Normal").element.get_or_add_rPr()):
            lang = _child(target, "w:lang")
            lang.set(qn("w:val"), self.meta.language)
            lang.set(qn("w:eastAsia"), self.meta.language)
            lang.set(qn("w:bidi"), "ar-SA")

    def _settings(self) -> None:
        """Ask Word and LibreOffice to update fields (the table of contents) when the file is opened."""
        from docx.oxml.ns import qn

        update = _child(self.doc.settings.element, "w:updateFields", first=True)
        update.set(qn("w:val"), "true")

    def _header_footer(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        hp = self._empty_paragraph(section.header, "Header", WD_ALIGN_PARAGRAPH.RIGHT)
        if self.meta.draft:
            draft = hp.add_run(self.m("build.draft") + "  ")
            draft.bold = True
            from docx.shared import RGBColor

            draft.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        hp.add_run(self.meta.header.split(" – ", 1)[1] if self.meta.draft else self.meta.header)
        fp = self._empty_paragraph(section.footer, "Footer", WD_ALIGN_PARAGRAPH.CENTER)
        fp.add_run(self.m("build.page.word") + " ")
        _field(fp, "PAGE", "1")
        fp.add_run(" " + self.m("build.page.of") + " ")
        _field(fp, "NUMPAGES", "1")
        for part in (section.first_page_header, section.first_page_footer):
            part.is_linked_to_previous = False

    def _empty_paragraph(self, part: Any, style: str, alignment: Any) -> DocxParagraph:
        """The first paragraph of a header or footer (the template's, emptied, or a new one), styled."""
        part.is_linked_to_previous = False
        p: DocxParagraph = part.paragraphs[0] if part.paragraphs else part.add_paragraph()
        for run in list(p.runs):
            p._p.remove(run._r)
        p.style = self.style(style)
        p.alignment = alignment
        return p

    # -- elements
    def _element(self, e: Element) -> None:
        if isinstance(e, PageBreakEl):
            self._pending_break = True
            return
        if isinstance(e, HeadingEl):
            p = self._para(self.style(f"Heading {min(e.level, 9)}"))
            p.add_run(e.full)
        elif isinstance(e, ParaEl):
            p = self._para(self.role(e.style))
            self._runs(p, e.runs)
        elif isinstance(e, ListEl):
            self._list(e.items, e.style, 1)
        elif isinstance(e, QuoteEl):
            p = self._para(self.style("Quote"))
            self._runs(p, e.runs)
            if e.source:
                from docx.enum.text import WD_ALIGN_PARAGRAPH

                sp = self._para(self.style("Quote"))
                sp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                sp.add_run("– " + e.source)
        elif isinstance(e, TableEl):
            self._table(e)
        elif isinstance(e, PyramidEl):
            self._pyramid(e)
        elif isinstance(e, PathwayEl):
            self._pathway(e)
        elif isinstance(e, TocEl):
            self._toc(e)
        elif isinstance(e, CoverEl):
            self._cover(e)
        elif isinstance(e, DecisionEl):
            self._decision(e)

    def _para(self, style: Any) -> DocxParagraph:
        p = self.doc.add_paragraph()
        _set_style(p, style)
        if self._pending_break:
            p.paragraph_format.page_break_before = True
            self._pending_break = False
        return p

    def _runs(self, p: DocxParagraph, runs: Inline, *, bold: bool = False) -> None:
        for r in runs:
            if r.brk:
                p.add_run().add_break()
                continue
            if r.url:
                _hyperlink(p, r.url, r.text, r.bold or bold, r.italic, self.style("Hyperlink", kind="character"))
                continue
            run = p.add_run(r.text)
            if r.bold or bold:
                run.bold = True
            if r.italic:
                run.italic = True
            if r.footnote is not None:
                run.font.superscript = True

    def _list(self, items: tuple[ListEntry, ...], style: str, depth: int) -> None:
        base = "List Number" if style == "numbered" else "List Bullet"
        name = base if depth == 1 else f"{base} {min(depth, 3)}"
        for item in items:
            p = self._para(self.style(name, "Normal"))
            self._runs(p, item.runs)
            if item.children:
                self._list(item.children, style, depth + 1)

    # -- tables
    def _new_table(self, rows: int, widths: list[Length], *, grid: bool = True) -> DocxTable:
        table: DocxTable = self.doc.add_table(rows=rows, cols=len(widths))
        if grid:
            table.style = self.style("Table Grid", kind="table")
        table.autofit = False
        for col, width in zip(table.columns, widths, strict=True):
            col.width = width
        if self._pending_break:
            # A table cannot carry a page break itself: put an empty paragraph with one before it.
            body = self.doc.element.body
            p = self.doc.add_paragraph()
            p.paragraph_format.page_break_before = True
            self._pending_break = False
            body.remove(p._p)
            table._tbl.addprevious(p._p)
        return table

    def _widths(self, weights: tuple[float, ...]) -> list[Length]:
        from docx.shared import Emu

        total = sum(weights) or 1.0
        return [Emu(int(self.text_width * w / total)) for w in weights]

    def _caption(self, text: str) -> None:
        p = self._para(self.role("caption"))
        p.add_run(text)

    def _table(self, e: TableEl) -> None:
        if e.caption:
            self._caption(e.caption)
        widths = self._widths(e.widths)
        table = self._new_table(1 + len(e.rows), widths)
        _table_alt(table, e.caption or e.alt, e.alt)
        rows = table.rows
        header = rows[0]
        _repeat_header(header)
        table_text = self.role("table")
        for cell, text, width in zip(header.cells, e.header, widths, strict=True):
            cell.width = width
            _shade(cell, HEADER_FILL)
            p = cell.paragraphs[0]
            _set_style(p, table_text)
            run = p.add_run(text)
            run.bold = True
        for row, values in zip(rows[1:], e.rows, strict=True):
            for cell, value, width in zip(row.cells, values, widths, strict=True):
                cell.width = width
                p = cell.paragraphs[0]
                _set_style(p, table_text)
                self._runs(p, value)
        self._spacer()

    def _spacer(self) -> None:
        self._para(self.role("body"))

    def _pyramid(self, e: PyramidEl) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        self._figure += 1
        self._figure_caption(e.caption)
        n = len(e.levels)
        cols = 2 * n - 1
        widths = self._widths((1.0,) * cols)
        table = self._new_table(n, widths, grid=False)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_alt(table, e.caption, e.alt)
        for i, level in enumerate(e.levels):
            row = table.rows[i]
            _cant_split(row)
            start, end = n - 1 - i, n - 1 + i
            cell = row.cells[start].merge(row.cells[end]) if end > start else row.cells[start]
            _shade(cell, PYRAMID_FILLS.get(level.level, "999999"))
            p = cell.paragraphs[0]
            _set_style(p, self.role("table"))
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            lines = level.label.split("\n")
            for j, line in enumerate(lines):
                if j:
                    p.add_run().add_break()
                run = p.add_run(line)
                run.bold = True
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            p.add_run().add_break()
            count = p.add_run(self.m("build.pyramid.count", n=level.count))
            count.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(4)
        _keep_together(table)
        self._spacer()

    def _figure_caption(self, text: str) -> None:
        p = self._para(self.role("caption"))
        p.add_run(text)

    def _pathway(self, e: PathwayEl) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self._figure += 1
        widths = self._widths((0.7, 5.0, 3.0))
        rows = 2 * len(e.steps) - 1 if e.steps else 0
        if not rows:
            return
        self._figure_caption(e.caption)
        table = self._new_table(rows, widths, grid=False)
        _table_alt(table, e.caption, e.alt)
        table_text = self.role("table")
        for i, step in enumerate(e.steps):
            row = table.rows[2 * i]
            _cant_split(row)
            num, box, note = row.cells
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
            _shade(num, "1F3A5F")
            np_ = num.paragraphs[0]
            _set_style(np_, table_text)
            np_.alignment = WD_ALIGN_PARAGRAPH.CENTER
            from docx.shared import Pt, RGBColor

            nr = np_.add_run(str(step.number))
            nr.bold = True
            nr.font.size = Pt(16)
            nr.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _shade(box, PATHWAY_FILL)
            bp = box.paragraphs[0]
            _set_style(bp, table_text)
            bp.add_run(step.title).bold = True
            if step.action:
                ap = box.add_paragraph()
                _set_style(ap, table_text)
                self._runs(ap, step.action)
            details = [(self.m("build.pathway.actors"), step.actors), (self.m("build.pathway.arena"), step.arena)]
            for label, value in details:
                if value:
                    dp = box.add_paragraph()
                    _set_style(dp, table_text)
                    dp.add_run(f"{label}: ").bold = True
                    dp.add_run(value)
            notep = note.paragraphs[0]
            _set_style(notep, table_text)
            self._runs(notep, step.note)
            for r in notep.runs:
                r.italic = True
            if i + 1 < len(e.steps):
                arrow_row = table.rows[2 * i + 1]
                ap = arrow_row.cells[0].paragraphs[0]
                _set_style(ap, table_text)
                ap.alignment = WD_ALIGN_PARAGRAPH.CENTER
                arrow = ap.add_run("▼")
                arrow.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        _keep_together(table)
        self._spacer()

    # -- frame pages
    def _cover(self, e: CoverEl) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        muni = self._para(self.style("Subtitle"))
        muni.add_run(e.municipality.upper()).bold = True
        muni.paragraph_format.space_after = Pt(120)
        if e.draft:
            d = self._para(self.style("Normal"))
            d.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = d.add_run(e.draft)
            run.bold = True
            run.font.size = Pt(48)
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            note = self._para(self.style("Normal"))
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            note.add_run(self.m("build.draft.note")).italic = True
        title = self._para(self.style("Title"))
        title.add_run(e.title)
        if e.subtitle:
            self._para(self.style("Subtitle")).add_run(e.subtitle)
        for text, bold in ((e.status, True), (e.date_label, False), (e.version, False), (e.period, False)):
            if text:
                p = self._para(self.style("Subtitle"))
                p.add_run(text).bold = bold
                p.paragraph_format.space_after = Pt(4)
        if e.lines:
            spacer = self._para(self.style("Normal"))
            spacer.paragraph_format.space_before = Pt(36)
            for line in e.lines:
                p = self._para(self.style("Normal"))
                p.paragraph_format.space_after = Pt(0)
                run = p.add_run(line)
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    def _toc(self, e: TocEl) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = self._para(self.style("TOC Heading", "Normal", 18))
        p.add_run(e.title)
        # A TOC field whose cached result lists the headings, so that even a reader that does not update
        # fields shows the contents; Word and LibreOffice recompute it with page numbers (updateFields).
        first = self._para(self.style("TOC 1", "Normal"))
        _fld_char(first, "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = ' TOC \\o "1-3" \\h \\z \\u '
        r = OxmlElement("w:r")
        r.append(instr)
        first._p.append(r)
        _fld_char(first, "separate")
        entries = list(e.entries) or []
        last = first
        if not entries:
            first.add_run(e.placeholder)
        for i, entry in enumerate(entries):
            target = first if i == 0 else self._para(self.style(f"TOC {entry.level}", "Normal"))
            target.add_run(entry.full)
            last = target
        _fld_char(last, "end")

    def _decision(self, e: DecisionEl) -> None:
        from docx.shared import Pt

        self._para(self.role("body")).add_run(e.statement)
        widths = self._widths((1.2, 3.0))
        table = self._new_table(len(e.fields), widths, grid=False)
        _table_alt(table, self.m("build.decision"), e.statement)
        for row, (label, value) in zip(table.rows, e.fields, strict=True):
            lc, vc = row.cells
            lc.width, vc.width = widths
            lp = lc.paragraphs[0]
            lp.add_run(label).bold = True
            lp.paragraph_format.space_before = Pt(14)
            vp = vc.paragraphs[0]
            vp.paragraph_format.space_before = Pt(14)
            if value:
                vp.add_run(value)
            else:
                _bottom_border(vc)
                if label == self.m("build.decision.text"):
                    for _ in range(3):
                        vc.add_paragraph().paragraph_format.space_before = Pt(14)


# ---- low-level XML helpers ---------------------------------------------------------------------------


def _fld_char(p: DocxParagraph, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        fc.set(qn("w:dirty"), "true")
    r.append(fc)
    p._p.append(r)


def _field(p: DocxParagraph, instruction: str, cached: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _fld_char(p, "begin")
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r.append(instr)
    p._p.append(r)
    _fld_char(p, "separate")
    p.add_run(cached)
    _fld_char(p, "end")


def _hyperlink(p: DocxParagraph, url: str, text: str, bold: bool, italic: bool, style: Any) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = p.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = p.add_run(text)
    run.style = style
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    p._p.remove(run._r)
    link.append(run._r)
    p._p.append(link)


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _bottom_border(cell: _Cell) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    tcpr.append(borders)


def _repeat_header(row: Any) -> None:
    """Mark the row as the table's header row: repeated on every page and announced by screen readers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _keep_together(table: DocxTable) -> None:
    """Keep a figure on one page: every paragraph but the last keeps with the next."""
    paragraphs = [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for p in paragraphs[:-1]:
        p.paragraph_format.keep_with_next = True


def _cant_split(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table_alt(table: DocxTable, caption: str, description: str) -> None:
    """Alternative text of a table (w:tblCaption / w:tblDescription, Word 2010+)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value[:4000])
        tblpr.append(el)


def _set_style(paragraph: DocxParagraph, style: Any) -> None:
    """Give paragraph the style by its id. `paragraph.style = style` makes python-docx scan every style
    in styles.xml for the default on each call (measured: two thirds of a 1,250-measure build)."""
    paragraph._p.style = style.style_id


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    """parent's child element tag, created (as the first or the last child) when it is missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found
