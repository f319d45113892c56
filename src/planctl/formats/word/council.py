"""The council document's elements as WordprocessingML: one renderer per layout element kind, each giving
the body elements (paragraphs and tables) it shows.

Styles are asked for by their built-in names when first used (see `styles`), so a municipality's template
restyles everything; the figures (pyramid, pathway) and the decision page are tables with their own fills.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from planctl.document.elements import (
    CoverEl,
    DecisionEl,
    DiagramEl,
    Element,
    HeadingEl,
    ImageEl,
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
from planctl.document.inline import Inline
from planctl.formats.word import elements as x
from planctl.formats.word.colour import text_on
from planctl.formats.word.elements import BOLD, ITALIC, PLAIN, Font, Grid, Para
from planctl.formats.word.fit import fit
from planctl.formats.word.notes import Footnotes
from planctl.formats.word.package import Package
from planctl.formats.word.styles import Look
from planctl.messages import t
from planctl.xmltext import clean

HEADER_FILL = "D9E2F3"
PYRAMID_FILLS = {"indicated": "C0504D", "selective": "F2A541", "universal": "6AA84F"}
DIAGRAM_FILLS = ("1F3A5F", "2E6094", "9DC3E6", "DEEBF7")  # the shipped template's accent, darkest first
MAX_IMAGE_BYTES = 20 * 1024 * 1024
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PATHWAY_FILL = "DCE6F2"
PATHWAY_NUMBER = "1F3A5F"
WHITE = "FFFFFF"
DRAFT_RED = "C00000"

# Paragraph styles of the layout's roles: role -> (built-in name, how to define it when missing)
ROLE_STYLES: dict[str, tuple[str, Look]] = {
    "body": ("Normal", Look()),
    "caption": ("Caption", Look(size=10)),
    "source": ("Source", Look(size=9, italic=True)),
    "note": ("Source", Look(size=9, italic=True)),
    "reference": ("Bibliography", Look(size=10)),
    "footnote": ("Footnote Text", Look(size=9)),
    "lead": ("Normal", Look()),
    "table": ("Table Text", Look(size=9.5)),
    "title": ("Title", Look(size=24)),
    "subtitle": ("Subtitle", Look(size=14)),
}

Blocks = list[x.Element]
Labelled = tuple[
    str, list[str], str | None
]  # a figure's cell: its fill, its label's lines, a line under them
TABLE_TEXT_SIZE = 9.5  # points: the Table Text style's size in the shipped template
CELL_TOP = 40  # twips above and below a data table cell's text
SMALL_TABLE_ROWS = 6  # a table of this many rows or fewer (besides its header) is kept on one page
TOC_LEVELS = 3  # the heading levels the contents list
TOC_PREFIX = "_Toc"  # Word's own prefix of the contents' bookmarks: hidden in its bookmark lists


def toc_bookmark(number: int) -> str:
    """The bookmark of the number-th heading the contents list."""
    return f"{TOC_PREFIX}{number:08d}"


RowSink = Callable[[x.Element, bool], None]


class CouncilRenderer:
    """Body elements for the layout's elements, in order; a page break waits for the next block.

    rows(tbl, keep): told each time a row of a large table being rendered is complete (the tracked-change
    document keeps such rows as bytes, `formats.word.frozen.Freezer.row_done`); keep: the table is kept on
    one page."""

    def __init__(
        self,
        package: Package,
        layout: Layout,
        pages: Mapping[str, int] | None = None,
        rows: RowSink | None = None,
    ) -> None:
        self.package = package
        self.row_sink = rows
        self.pages = pages or {}  # bookmark of a heading -> its page, as LibreOffice laid the document out
        self._bookmarks = 0  # headings in the contents so far
        self.styles = package.styles
        self.lang = layout.meta.lang
        self._pending_break = False
        self.orientation = "portrait"
        # The section breaks made (an orientation changed): each sectPr and the orientation of the section it
        # ends; `parts.finish_sections` fills them in from the document's own section properties.
        self.section_breaks: list[tuple[x.Element, str]] = []
        self._last_paragraph: x.Element | None = None
        self.notes = dict(layout.notes)
        self.footnotes = Footnotes(
            package, lambda: (self.role("footnote"), self.styles.id("Footnote Reference", kind="character"))
        )
        self._render: dict[type[Any], Callable[[Any], Blocks]] = {
            PageBreakEl: self._page_break,
            HeadingEl: self._heading,
            ParaEl: self._paragraph,
            ListEl: lambda e: self._list(e.items, e.style, 1),
            QuoteEl: self._quote,
            TableEl: self._table,
            PyramidEl: self._pyramid,
            DiagramEl: self._diagram,
            ImageEl: self._image,
            PathwayEl: self._pathway,
            TocEl: self._toc,
            CoverEl: self._cover,
            DecisionEl: self._decision,
        }

    def render(self, element: Element) -> Blocks:
        blocks = self._render[type(element)](element)
        last = next((b for b in reversed(blocks) if b.tag == x.P), None)
        if last is not None:
            self._last_paragraph = last
        return blocks

    def open_blocks(self) -> list[x.Element]:
        """The blocks rendered so far that later elements may still change: the last paragraph (a page
        break that turns the pages ends its section there) and the paragraphs that end a section
        (`parts.finish_sections` fills in their section properties at the end)."""
        out = [self._last_paragraph] if self._last_paragraph is not None else []
        for sect, _ in self.section_breaks:
            ppr = sect.getparent()
            p = ppr.getparent() if ppr is not None else None
            if p is not None:
                out.append(p)
        return out

    def _row_done(self, tbl: x.Element, *, keep: bool = False) -> None:
        """A row of tbl is complete (keep: the table is kept on one page, `_keep_together`)."""
        if self.row_sink is not None:
            self.row_sink(tbl, keep)

    def available(self) -> int:
        """The width between the margins in twips, in the current orientation."""
        return self.package.text_twips(landscape=self.orientation == "landscape")

    def m(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    # ---- styles and paragraphs ---------------------------------------------------------------------
    def style(self, name: str, look: Look | None = None) -> str:
        return self.styles.id(name, look)

    def role(self, role: str) -> str:
        name, look = ROLE_STYLES.get(role, ROLE_STYLES["body"])
        return self.styles.id(name, look)

    def para(
        self, style: str, *, before: int | None = None, after: int | None = None, align: str | None = None
    ) -> x.Element:
        """A body paragraph (spacing in twips); the first after a page break starts the new page."""
        page_break, self._pending_break = self._pending_break, False
        return x.paragraph(Para(style, page_break=page_break, before=before, after=after, align=align))

    def runs(
        self,
        p: x.Element,
        runs: Inline,
        *,
        italic: bool = False,
        link: Callable[[str], str] | None = None,
        color: str | None = None,
    ) -> None:
        """Inline runs: text, line breaks, links (in the Hyperlink character style) and footnotes (a real
        footnote for each marker); italic: every run but a link's in italics. link: the relationship id of
        a URL from the part p is in (by default the document's). color: the text's colour on a fill (links
        too: their own blue may not read on it)."""
        forced = ITALIC if italic else PLAIN
        for r in runs:
            if r.brk:
                x.line_break(p, forced)
            elif r.footnote is not None and r.footnote in self.notes:
                note = self.footnotes.add(p)
                self.runs(note, self.notes[r.footnote], link=self.footnotes.link)
            elif r.url:
                font = Font(
                    style=self.styles.id("Hyperlink", kind="character"),
                    bold=r.bold or None,
                    italic=r.italic or None,
                    color=color,
                )
                x.hyperlink(p, (link or self.package.link)(r.url), r.text, font)
            else:
                x.run(p, r.text, _font(r.bold, r.italic or italic, r.footnote is not None, color))

    # ---- text ----------------------------------------------------------------------------------------
    def _page_break(self, e: PageBreakEl) -> Blocks:
        self._pending_break = True
        if (
            e.orientation is not None
            and e.orientation != self.orientation
            and self._last_paragraph is not None
        ):
            # A section ends with the last paragraph so far; the next one starts on a new page, turned.
            sect = x.set_property(x.properties(self._last_paragraph, x.PPR), x.w("sectPr"), x.PPR_ORDER)
            self.section_breaks.append((sect, self.orientation))
            self.orientation = e.orientation
            self._pending_break = False
        return []

    def _heading(self, e: HeadingEl) -> Blocks:
        p = self.para(self.style(f"Heading {min(e.level, 9)}"))
        x.keep_with_next(p)  # with what it heads (a template's heading style may not say so)
        x.run(p, e.full)
        if e.level <= TOC_LEVELS:
            self._bookmarks += 1
            x.bookmark(p, self._bookmarks, toc_bookmark(self._bookmarks))
        return [p]

    def _paragraph(self, e: ParaEl) -> Blocks:
        p = self.para(self.role(e.style))
        self.runs(p, e.runs)
        return [p]

    def _list(self, items: tuple[ListEntry, ...], style: str, depth: int) -> Blocks:
        base = "List Number" if style == "numbered" else "List Bullet"
        name = base if depth == 1 else f"{base} {min(depth, 3)}"
        out: Blocks = []
        for item in items:
            p = self.para(self.style(name))
            self.runs(p, item.runs)
            out.append(p)
            if item.children:
                out.extend(self._list(item.children, style, depth + 1))
        return out

    def _quote(self, e: QuoteEl) -> Blocks:
        p = self.para(self.style("Quote"))
        self.runs(p, e.runs)
        if not e.source:
            return [p]
        source = self.para(self.style("Quote"), align="right")
        x.run(source, "– " + e.source)
        return [p, source]

    # ---- tables --------------------------------------------------------------------------------------
    def widths(self, weights: tuple[float, ...]) -> tuple[int, ...]:
        """Column widths in twips of a figure: the width between the margins shared by weight."""
        total = sum(weights) or 1.0
        return tuple(int(self.available() * weight / total) for weight in weights)

    def frame(
        self, columns: tuple[int, ...], alt: tuple[str, str], *, grid: bool = True, align: str | None = None
    ) -> tuple[Blocks, x.Element]:
        """A new table (and, after a page break, an empty paragraph that starts the page: a table cannot).
        A grid (a data table) has a little room above and below the text of its cells."""
        style = self.styles.id("Table Grid", kind="table") if grid else None
        cell_width = self.package.default_cell_width(len(columns))
        padding = CELL_TOP if grid else None
        tbl = x.table(Grid(columns, cell_width, style=style, align=align, alt=alt, padding=padding))
        if not self._pending_break:
            return [tbl], tbl
        self._pending_break = False
        return [x.paragraph(Para(page_break=True)), tbl], tbl

    def caption(self, text: str) -> x.Element:
        """A caption, kept on the page of what it captions."""
        p = self.para(self.role("caption"))
        x.keep_with_next(p)
        x.run(p, text)
        return p

    def spacer(self) -> x.Element:
        return self.para(self.role("body"))

    def _table(self, e: TableEl) -> Blocks:
        """A data table: its columns fitted to their content (never narrower than their longest word where
        the page allows), its header row repeated on every page, no row split across pages, a small table
        kept whole, numbers flush right."""
        out = [self.caption(e.caption)] if e.caption else []
        numeric = e.numeric or (False,) * len(e.header)
        cells = [
            [(h, True), *((_text(row[i]), False) for row in e.rows if i < len(row))]
            for i, h in enumerate(e.header)
        ]
        columns, _ = fit(cells, self.available(), TABLE_TEXT_SIZE)
        blocks, tbl = self.frame(columns, (e.caption or e.alt, e.alt))
        table_text = self.role("table")
        aligned = {False: Para(table_text), True: Para(table_text, align="right")}  # by e.numeric
        head = e.fill or HEADER_FILL
        header = x.row(tbl, header=True, cant_split=True)
        for text, width, number in zip(e.header, columns, numeric, strict=True):
            cell = x.cell(header, width, fill=head)
            x.run(
                x.paragraph(Para(table_text, align="right" if number else None), cell),
                text,
                Font(bold=True, color=text_on(head)),
            )
        for r, values in enumerate(e.rows):
            tr = x.row(tbl, cant_split=True)
            own = e.fills[r] if r < len(e.fills) else ()
            for i, (value, width, number) in enumerate(zip(values, columns, numeric, strict=True)):
                fill = e.fill if i == 0 else None  # a level's colour marks its measures' names
                if i < len(own) and own[i]:
                    fill = own[i]
                p = x.paragraph(aligned[number], x.cell(tr, width, fill=fill))
                self.runs(p, value, color=text_on(fill) if fill else None)
            self._row_done(tbl, keep=len(e.rows) <= SMALL_TABLE_ROWS)
        if len(e.rows) <= SMALL_TABLE_ROWS:
            _keep_together(tbl)
        return [*out, *blocks, self.spacer()]

    # ---- figures -------------------------------------------------------------------------------------
    def _pyramid(self, e: PyramidEl) -> Blocks:
        levels: list[Labelled] = [
            (
                level.fill or PYRAMID_FILLS.get(level.level, "999999"),
                level.label.split("\n"),
                self.m("build.pyramid.count", n=level.count),
            )
            for level in e.levels
        ]
        return self._stack(levels, e.caption, e.alt)

    def _diagram(self, e: DiagramEl) -> Blocks:
        items: list[Labelled] = [
            (item.fill or DIAGRAM_FILLS[i % len(DIAGRAM_FILLS)], [item.label], item.text)
            for i, item in enumerate(e.items)
        ]
        if e.kind == "levels":
            return self._stack(items, e.caption, e.alt)
        return self._boxes(items, e.caption, e.alt)

    def _stack(
        self, levels: list[tuple[str, list[str], str | None]], caption: str | None, alt: str
    ) -> Blocks:
        """Levels one over the other, each centred and wider than the one above (a pyramid of cells): each
        level its fill, its label's lines in bold and a line of text under them, in black or white,
        whichever reads better on the fill."""
        out = [self.caption(caption)] if caption else []
        n = len(levels)
        columns = self.widths((1.0,) * (2 * n - 1))
        blocks, tbl = self.frame(columns, (caption or alt, alt), grid=False, align="center")
        width = columns[0] if columns else 0
        for i, (fill, label, text) in enumerate(levels):
            tr = x.row(tbl, cant_split=True)
            start, end = n - 1 - i, n - 1 + i
            for _ in range(start):
                x.paragraph(parent=x.cell(tr, width))
            span = end - start + 1
            tc = x.cell(tr, width * span, span=span, fill=fill)
            self._label(tc, fill, label, text)
            for _ in range(end + 1, len(columns)):
                x.paragraph(parent=x.cell(tr, width))
        _keep_together(tbl)
        return [*out, *blocks, self.spacer()]

    def _boxes(self, boxes: Sequence[Labelled], caption: str | None, alt: str) -> Blocks:
        """Boxes side by side, a narrow gap between them."""
        out = [self.caption(caption)] if caption else []
        weights: list[float] = []
        for i in range(len(boxes)):
            weights.extend((0.15, 1.0) if i else (1.0,))
        columns = self.widths(tuple(weights))
        blocks, tbl = self.frame(columns, (caption or alt, alt), grid=False, align="center")
        tr = x.row(tbl, cant_split=True)
        cells = iter(columns)
        for i, (fill, label, text) in enumerate(boxes):
            if i:
                x.paragraph(parent=x.cell(tr, next(cells)))
            self._label(x.cell(tr, next(cells), fill=fill), fill, label, text)
        return [*out, *blocks, self.spacer()]

    def _label(self, tc: x.Element, fill: str, label: list[str], text: str | None) -> None:
        ink = text_on(fill)
        p = x.paragraph(Para(self.role("table"), before=80, after=80, align="center"), tc)
        for j, line in enumerate(label):
            if j:
                x.line_break(p)
            x.run(p, line, Font(bold=True, color=ink))
        if text:
            x.line_break(p)
            x.run(p, text, Font(color=ink))

    def _image(self, e: ImageEl) -> Blocks:
        """A picture with its alt text (docPr/@descr), as wide as its pixels say at most the page's width;
        a picture that cannot be read is its alt text in brackets."""
        out = [self.caption(e.caption)] if e.caption else []
        p = self.para(self.role("body"), align="center")
        inline = self._picture(e)
        if inline is None:
            x.run(p, f"[{e.alt}]", ITALIC)
        else:
            x.run(p).append(_drawing(inline))
        return [*out, p]

    def _picture(self, e: ImageEl) -> x.Element | None:
        if e.path is None:
            return None
        try:
            path = Path(e.path)
            if not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
                return None
        except (OSError, ValueError):
            return None
        inline = self.package.picture(path, self.available() * 635)  # EMU
        if inline is None:
            return None
        doc_pr = inline.find(f"{{{WP_NS}}}docPr")
        if doc_pr is not None:
            doc_pr.set("descr", clean(e.alt)[:4000])
            doc_pr.set("name", clean(Path(e.file).name)[:255])
        element: x.Element = inline
        return element

    def _pathway(self, e: PathwayEl) -> Blocks:
        if not e.steps:
            return []
        out = [self.caption(e.caption)]
        columns = self.widths((0.7, 5.0, 3.0))
        blocks, tbl = self.frame(columns, (e.caption, e.alt), grid=False)
        table_text = self.role("table")
        arrow_width = self.package.default_cell_width(len(columns))
        for i, step in enumerate(e.steps):
            tr = x.row(tbl, cant_split=True)
            num = x.cell(tr, columns[0], fill=PATHWAY_NUMBER)
            x.run(
                x.paragraph(Para(table_text, align="center"), num),
                str(step.number),
                Font(bold=True, size=32, color=WHITE),
            )
            box = x.cell(tr, columns[1], fill=PATHWAY_FILL)
            x.run(x.paragraph(Para(table_text), box), step.title, BOLD)
            if step.action:
                self.runs(x.paragraph(Para(table_text), box), step.action)
            details = [
                (self.m("build.pathway.actors"), step.actors),
                (self.m("build.pathway.arena"), step.arena),
            ]
            for label, value in details:
                if value:
                    p = x.paragraph(Para(table_text), box)
                    x.run(p, f"{label}: ", BOLD)
                    x.run(p, value)
            note = x.paragraph(Para(table_text), x.cell(tr, columns[2]))
            self.runs(note, step.note, italic=True)
            if i + 1 < len(e.steps):
                arrow = x.row(tbl)
                p = x.paragraph(Para(table_text, align="center"), x.cell(arrow, arrow_width))
                x.run(p, "▼", Font(color=PATHWAY_NUMBER))
                for _ in columns[1:]:
                    x.paragraph(parent=x.cell(arrow, arrow_width))
            self._row_done(tbl, keep=True)
        _keep_together(tbl)
        return [*out, *blocks, self.spacer()]

    # ---- frame pages ---------------------------------------------------------------------------------
    def _cover(self, e: CoverEl) -> Blocks:
        muni = self.para(self.style("Subtitle"), after=2400)
        x.run(muni, e.municipality.upper(), BOLD)
        out = [muni]
        if e.draft:
            draft = self.para(self.style("Normal"), align="center")
            x.run(draft, e.draft, Font(bold=True, size=96, color=DRAFT_RED))
            note = self.para(self.style("Normal"), align="center")
            x.run(note, self.m("build.draft.note"), ITALIC)
            out += [draft, note]
        title = self.para(self.style("Title"))
        x.run(title, e.title)
        out.append(title)
        if e.subtitle:
            subtitle = self.para(self.style("Subtitle"))
            x.run(subtitle, e.subtitle)
            out.append(subtitle)
        for text, bold in ((e.status, True), (e.date_label, False), (e.version, False), (e.period, False)):
            if text:
                p = self.para(self.style("Subtitle"), after=80)
                x.run(p, text, Font(bold=bold))
                out.append(p)
        if e.lines:
            out.append(self.para(self.style("Normal"), before=720))
            for line in e.lines:
                p = self.para(self.style("Normal"), after=0)
                x.run(p, line, Font(size=18, color="595959"))
                out.append(p)
        return out

    def _toc(self, e: TocEl) -> Blocks:
        """A TOC field whose result is filled in: every heading of levels 1-3 with a link to it and, where
        LibreOffice laid the document out, its page (a PAGEREF field). Word and LibreOffice show it as it is
        (nothing asks the reader to update fields) and recompute it when asked."""
        heading = self.para(self.style("TOC Heading", Look(size=18)))
        x.run(heading, e.title)
        tab = self.available()
        out = [heading]
        for i, entry in enumerate(e.entries, start=1):
            p = self.para(self.style(f"TOC {entry.level}"))
            if i == 1:
                x.field_char(p, "begin")
                x.field_code(p, f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u ')
                x.field_char(p, "separate")
            name = toc_bookmark(i)
            link = x.internal_link(p, name)
            x.run(link, entry.full)
            page = self.pages.get(name)
            if page is not None:
                x.tab_stop(p, tab)
                x.run(link, "\t")
                x.field(link, f"PAGEREF {name} \\h", str(page))
            out.append(p)
        if not e.entries:
            p = self.para(self.style("TOC 1"))
            x.field_char(p, "begin")
            x.field_code(p, f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u ')
            x.field_char(p, "separate")
            x.run(p, e.placeholder)
            out.append(p)
        x.field_char(out[-1], "end")
        return out

    def _decision(self, e: DecisionEl) -> Blocks:
        statement = self.para(self.role("body"))
        x.run(statement, e.statement)
        columns = self.widths((1.2, 3.0))
        blocks, tbl = self.frame(columns, (self.m("build.decision"), e.statement), grid=False)
        to_write = self.m("build.decision.text")
        for label, value in e.fields:
            tr = x.row(tbl)
            x.run(x.paragraph(Para(before=280), x.cell(tr, columns[0])), label, BOLD)
            tc = x.cell(tr, columns[1], bottom_border=not value)
            p = x.paragraph(Para(before=280), tc)
            if value:
                x.run(p, value)
            elif label == to_write:
                for _ in range(3):
                    x.paragraph(Para(before=280), tc)
        return [statement, *blocks]


def _drawing(inline: x.Element) -> x.Element:
    drawing = etree.Element(x.w("drawing"))
    drawing.append(inline)
    return drawing


@lru_cache(maxsize=256)
def _font(bold: bool, italic: bool, superscript: bool, color: str | None) -> Font:
    """The font of a run of text (one object per look: most runs are plain)."""
    return Font(bold=bold or None, italic=italic or None, superscript=superscript, color=color)


def _text(runs: Inline) -> str:
    """A cell's text as it is set: its line breaks as line ends."""
    return "".join("\n" if r.brk else r.text for r in runs)


def _keep_together(tbl: x.Element) -> None:
    """Keep a figure on one page: every paragraph but the last keeps with the next (the last too when its
    cell spans columns, as python-docx counted a spanning cell once per column)."""
    paragraphs = x.paragraphs_of(tbl)
    if not paragraphs:
        return
    last_cell = paragraphs[-1].getparent()
    span = last_cell.find(f"{x.TCPR}/{x.w('gridSpan')}") if last_cell is not None else None
    keep = paragraphs if span is not None else paragraphs[:-1]
    for p in keep:
        x.keep_with_next(p)
