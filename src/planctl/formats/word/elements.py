"""WordprocessingML elements built directly with lxml: paragraphs, runs, hyperlinks, fields and tables.

Every text that enters the XML goes through `planctl.xmltext.clean` here (run text, field instructions,
attribute values), so no caller needs to strip the characters XML cannot hold. Property elements (w:pPr,
w:rPr, w:tblPr ...) are written in the order the schema prescribes; `set_property` inserts one into an
existing element at its place. The output is the XML python-docx wrote for the same calls, so documents
keep their bytes: a run's text turns tabs into w:tab and line ends into w:br, and w:t keeps its spaces
(xml:space="preserve") only when the text starts or ends with white space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml import etree

from planctl.records import record
from planctl.xmltext import clean

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"w": W_NS, "r": R_NS}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_ID = f"{{{R_NS}}}id"

Element = etree._Element


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML tag."""
    return f"{{{W_NS}}}{tag}"


VAL = w("val")
P, R, T, BR, TAB, PPR, RPR = w("p"), w("r"), w("t"), w("br"), w("tab"), w("pPr"), w("rPr")
TBL, TR, TC, TRPR, TCPR = w("tbl"), w("tr"), w("tc"), w("trPr"), w("tcPr")
_PSTYLE, _JC, _RSTYLE, _COLOR, _FILL = w("pStyle"), w("jc"), w("rStyle"), w("color"), w("fill")
_CANT_SPLIT, _TBL_HEADER, _TCW, _SHD, _TYPE, _W = map(
    w, ("cantSplit", "tblHeader", "tcW", "shd", "type", "w")
)

# The schema's order of the property elements planctl writes (a subset of each sequence; an element not
# listed is never a successor, as in python-docx).
PPR_ORDER = tuple(
    map(
        w,
        (
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "tabs",
            "spacing",
            "ind",
            "jc",
            "rPr",
            "sectPr",
        ),
    )
)
RPR_ORDER = tuple(map(w, ("rStyle", "b", "i", "color", "sz", "u", "vertAlign", "lang")))

_LINE_CONTROLS = re.compile(r"([\t\r\n])")


def _sub(parent: Element, tag: str, **attrs: str) -> Element:
    return etree.SubElement(parent, w(tag), {w(name): value for name, value in attrs.items()})


def _val(parent: Element, name: str, value: str) -> Element:
    """A child `name` (qualified) with w:val: _sub for the elements every paragraph, run and cell has."""
    return etree.SubElement(parent, name, {VAL: value})


def set_property(props: Element, tag: str, order: Sequence[str], **attrs: str) -> Element:
    """props' child tag (found, or inserted before the first child that follows it in order), with attrs."""
    el = props.find(tag)
    if el is None:
        el = etree.Element(tag)
        later = order[order.index(tag) + 1 :]
        successor = next((child for child in props if child.tag in later), None)
        if successor is None:
            props.append(el)
        else:
            successor.addprevious(el)
    for name, value in attrs.items():
        el.set(w(name), value)
    return el


def properties(parent: Element, tag: str) -> Element:
    """parent's w:pPr / w:rPr / w:trPr / w:tcPr: the first child, created when missing."""
    el = parent.find(tag)
    if el is None:
        el = etree.Element(tag)
        parent.insert(0, el)
    return el


# ---- paragraphs ------------------------------------------------------------------------------------


@record(frozen=True)
class Para:
    """Paragraph properties: style id, keep with next, page break before, spacing (twips), alignment."""

    style: str | None = None
    keep_next: bool = False
    page_break: bool = False
    before: int | None = None
    after: int | None = None
    align: str | None = None  # left | center | right | both


NO_PROPERTIES = Para()


def paragraph(props: Para = NO_PROPERTIES, parent: Element | None = None) -> Element:
    """A w:p, standing alone (a block for the body) or appended to parent (a table cell)."""
    p = etree.Element(P, nsmap=NSMAP) if parent is None else etree.SubElement(parent, P)
    if props is NO_PROPERTIES or props == NO_PROPERTIES:
        return p
    ppr = etree.SubElement(p, PPR)
    if props.style is not None:
        _val(ppr, _PSTYLE, props.style)
    if props.keep_next:
        etree.SubElement(ppr, w("keepNext"))
    if props.page_break:
        etree.SubElement(ppr, w("pageBreakBefore"))
    if props.before is not None or props.after is not None:
        spacing = etree.SubElement(ppr, w("spacing"))
        if props.before is not None:
            spacing.set(w("before"), str(props.before))
        if props.after is not None:
            spacing.set(w("after"), str(props.after))
    if props.align is not None:
        _val(ppr, _JC, props.align)
    return p


def text_paragraph(text: str, style: str | None = None) -> Element:
    """A paragraph in style (an id) with one run of plain text (none when text is empty)."""
    p = paragraph(Para(style=style))
    if text:
        run(p, text)
    return p


def keep_with_next(p: Element) -> None:
    set_property(properties(p, PPR), w("keepNext"), PPR_ORDER)


# ---- runs ------------------------------------------------------------------------------------------


@record(frozen=True)
class Font:
    """Run properties: character style id, bold, italic (None: as the style says; False: switched off),
    colour (RRGGBB), size (half-points), underline, superscript."""

    style: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    size: int | None = None
    underline: bool = False
    superscript: bool = False


PLAIN = Font()
BOLD = Font(bold=True)
ITALIC = Font(italic=True)


def run(parent: Element, text: str = "", font: Font = PLAIN) -> Element:
    """A w:r appended to parent (a paragraph or a hyperlink) with text, tabs and line breaks."""
    r = etree.SubElement(parent, R)
    if font is not PLAIN and font != PLAIN:
        rpr = etree.SubElement(r, RPR)
        if font.style is not None:
            _val(rpr, _RSTYLE, font.style)
        if font.bold is not None:
            _switch(rpr, "b", font.bold)
        if font.italic is not None:
            _switch(rpr, "i", font.italic)
        if font.color is not None:
            _val(rpr, _COLOR, font.color)
        if font.size is not None:
            _sub(rpr, "sz", val=str(font.size))
        if font.underline:
            _sub(rpr, "u", val="single")
        if font.superscript:
            _sub(rpr, "vertAlign", val="superscript")
    if text:
        _text(r, clean(text))
    return r


def _switch(rpr: Element, tag: str, on: bool) -> None:
    el = etree.SubElement(rpr, w(tag))
    if not on:
        el.set(VAL, "0")


def _text(r: Element, text: str) -> None:
    if "\t" not in text and "\r" not in text and "\n" not in text:
        _t(r, text)
        return
    for piece in _LINE_CONTROLS.split(text):
        if piece == "\t":
            etree.SubElement(r, TAB)
        elif piece in ("\r", "\n"):
            etree.SubElement(r, BR)
        elif piece:
            _t(r, piece)


def _t(r: Element, text: str) -> None:
    t = etree.SubElement(r, T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(XML_SPACE, "preserve")


def line_break(parent: Element, font: Font = PLAIN) -> Element:
    """A run holding a line break (w:br)."""
    r = run(parent, "", font)
    etree.SubElement(r, BR)
    return r


def page_break() -> Element:
    """A paragraph holding only a page break."""
    p = paragraph()
    _sub(etree.SubElement(p, R), "br", type="page")
    return p


def hyperlink(parent: Element, rid: str, text: str, font: Font) -> Element:
    """A w:hyperlink to relationship rid with one run of text."""
    link = etree.SubElement(parent, w("hyperlink"))
    link.set(R_ID, rid)
    run(link, text, font)
    return link


def field_char(parent: Element, kind: str) -> None:
    """A run with w:fldChar of kind begin | separate | end. No field is marked dirty: Word would ask the
    reader whether to update the document's fields when it opens (the cached results are right)."""
    _sub(etree.SubElement(parent, R), "fldChar", fldCharType=kind)


def field_code(parent: Element, instruction: str) -> None:
    """A run with the field's instruction (w:instrText)."""
    instr = etree.SubElement(etree.SubElement(parent, R), w("instrText"))
    instr.set(XML_SPACE, "preserve")
    instr.text = clean(instruction)


def field(parent: Element, instruction: str, cached: str, font: Font = PLAIN) -> None:
    """A complete simple field: begin, instruction, separate, its cached result, end."""
    field_char(parent, "begin")
    field_code(parent, f" {instruction} ")
    field_char(parent, "separate")
    run(parent, cached, font)
    field_char(parent, "end")


def bookmark(p: Element, number: int, name: str) -> None:
    """A bookmark around the whole content of paragraph p (its start after the paragraph properties)."""
    start = etree.Element(w("bookmarkStart"), {w("id"): str(number), w("name"): clean(name)[:40]})
    ppr = p.find(PPR)
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    _sub(p, "bookmarkEnd", id=str(number))


def internal_link(parent: Element, anchor: str) -> Element:
    """A w:hyperlink to a bookmark of the document (no runs yet)."""
    link = etree.SubElement(parent, w("hyperlink"))
    link.set(w("anchor"), clean(anchor))
    link.set(w("history"), "1")
    return link


def tab_stop(p: Element, position: int, align: str = "right", leader: str | None = "dot") -> None:
    """A tab stop of paragraph p at position (twips)."""
    tabs = set_property(properties(p, PPR), w("tabs"), PPR_ORDER)
    stop = _sub(tabs, "tab", val=align, pos=str(position))
    if leader is not None:
        stop.set(w("leader"), leader)


# ---- tables ----------------------------------------------------------------------------------------


@record(frozen=True)
class Grid:
    """A table's frame: its style id, column widths and the width of a cell that sets none (twips),
    whether the layout is fixed, its alignment and its alternative text (caption, description)."""

    columns: tuple[int, ...]
    cell_width: int
    style: str | None = None
    fixed: bool = True
    align: str | None = None
    alt: tuple[str, str] | None = None
    padding: int | None = None  # the cells' top and bottom margin (twips); None: the table style's


def table(grid: Grid) -> Element:
    """A w:tbl with its properties and grid and no rows yet."""
    tbl = etree.Element(TBL, nsmap=NSMAP)
    tblpr = etree.SubElement(tbl, w("tblPr"))
    if grid.style is not None:
        _sub(tblpr, "tblStyle", val=grid.style)
    _sub(tblpr, "tblW", type="auto", w="0")
    if grid.align is not None:
        _sub(tblpr, "jc", val=grid.align)
    if grid.fixed:
        _sub(tblpr, "tblLayout", type="fixed")
    if grid.padding is not None:
        margins = etree.SubElement(tblpr, w("tblCellMar"))
        for side, width in (("top", grid.padding), ("left", 108), ("bottom", grid.padding), ("right", 108)):
            _sub(margins, side, w=str(width), type="dxa")
    _sub(
        tblpr,
        "tblLook",
        firstColumn="1",
        firstRow="1",
        lastColumn="0",
        lastRow="0",
        noHBand="0",
        noVBand="1",
        val="04A0",
    )
    if grid.alt is not None:
        for tag, value in zip(("tblCaption", "tblDescription"), grid.alt, strict=True):
            _sub(tblpr, tag, val=clean(value)[:4000])
    columns = etree.SubElement(tbl, w("tblGrid"))
    for width in grid.columns:
        _sub(columns, "gridCol", w=str(width))
    return tbl


def row(tbl: Element, *, header: bool = False, cant_split: bool = False) -> Element:
    """A w:tr appended to tbl; a header row is repeated on every page and announced by screen readers."""
    tr = etree.SubElement(tbl, TR)
    if header or cant_split:
        trpr = etree.SubElement(tr, TRPR)
        if cant_split:
            _val(trpr, _CANT_SPLIT, "true")
        if header:
            _val(trpr, _TBL_HEADER, "true")
    return tr


def cell(
    tr: Element, width: int, *, span: int = 1, fill: str | None = None, bottom_border: bool = False
) -> Element:
    """A w:tc appended to tr, without content (the caller adds at least one paragraph)."""
    tc = etree.SubElement(tr, TC)
    tcpr = etree.SubElement(tc, TCPR)
    etree.SubElement(tcpr, _TCW, {_TYPE: "dxa", _W: str(width)})
    if span > 1:
        _sub(tcpr, "gridSpan", val=str(span))
    if fill is not None:
        etree.SubElement(tcpr, _SHD, {VAL: "clear", _COLOR: "auto", _FILL: fill})
    if bottom_border:
        borders = etree.SubElement(tcpr, w("tcBorders"))
        _sub(borders, "bottom", val="single", sz="6", space="0", color="000000")
    return tc


def text_cells(
    tbl: Element,
    grid: Grid,
    texts: Iterable[str],
    *,
    font: Font = PLAIN,
    header: bool = False,
    lead: bool = False,
) -> Element:
    """A row of one paragraph of plain text per column. lead: each paragraph starts with an empty run (what
    a cell whose text was set to "" before a run was added holds)."""
    tr = row(tbl, header=header)
    for width, text in zip(grid.columns, texts, strict=True):
        p = paragraph(parent=cell(tr, width))
        if lead:
            run(p)
        run(p, text, font)
    return tr


def paragraphs_of(el: Element) -> list[Element]:
    """Every w:p in el (a table: its cells' paragraphs, in order)."""
    return list(el.iter(P))
