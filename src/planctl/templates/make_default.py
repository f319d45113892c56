"""Regenerate `default.docx`, the shipped template: `python -m planctl.templates.make_default`.

Starts from python-docx's own template and sets what a Norwegian municipal document needs: A4 with
2.5 cm margins, a sans-serif font (Arial; Liberation Sans is its metric twin where Arial is absent),
calm heading colours, and the styles the renderer uses by their built-in names (so a municipality's own
template, localized or not, restyles everything). The output is deterministic.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor

from planctl.formats.word.opc import deterministic_zip

TEMPLATE = Path(__file__).with_name("default.docx")
ACCENT = (0x1F, 0x3A, 0x5F)


def build() -> bytes:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), "Arial")
    accent = RGBColor(*ACCENT)
    sizes = {1: 18, 2: 14, 3: 12, 4: 11, 5: 11, 6: 11}
    for level, size in sizes.items():
        h = styles[f"Heading {level}"]
        h.font.name = "Arial"
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = accent
        h.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        h.paragraph_format.space_after = Pt(6)
        h.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.name = "Arial"
    title.font.size = Pt(28)
    title.font.bold = True
    title.font.color.rgb = accent
    title.paragraph_format.space_after = Pt(18)
    sub = styles["Subtitle"]
    sub.font.name = "Arial"
    sub.font.size = Pt(14)
    sub.font.italic = False
    sub.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    quote = styles["Quote"]
    quote.font.italic = True
    quote.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(1)
    caption = styles["Caption"]
    caption.font.size = Pt(10)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = accent
    caption.paragraph_format.keep_with_next = True
    toc_heading = styles["TOC Heading"]
    toc_heading.font.size = Pt(18)
    toc_heading.font.color.rgb = accent

    def para_style(name: str, size: float, *, italic: bool = False, space_after: float = 4) -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.italic = italic
        style.paragraph_format.space_after = Pt(space_after)
        style.quick_style = True

    para_style("Table Text", 9.5, space_after=0)
    para_style("Source", 9, italic=True, space_after=10)
    para_style("Bibliography", 10, space_after=6)
    para_style("Footnote Text", 9, space_after=2)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    for level in (1, 2, 3):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.5 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)

    # Theme font attributes (asciiTheme ...) win over named fonts: drop them so Arial applies everywhere.
    for rfonts_el in styles.element.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts_el.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts_el.set(qn(attr), "Arial")
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(8)
    _drop_unused_table_styles(styles.element)
    _drop_styles_with_effects(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    doc.core_properties.author = ""
    doc.core_properties.title = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue())


# The table styles planctl's documents use ("Table Grid") and the document's default table style. python-docx's
# template also defines 98 more (Light Shading, Medium Grid 3 - Accent 6 ...: 337 of its 347 kB of styles),
# which every document built from it carried, and which each build parsed, wrote and compressed again.
# Word and LibreOffice know them as built-in styles and add one to a document when it is applied there;
# a document Word itself creates holds only the styles it uses.
_TABLE_STYLES_KEPT = ("Table Grid", "Normal Table")
# Word 2010's copy of styles.xml with its text effects (438 kB), which Word 2013 and later and LibreOffice
# neither read nor write; Word 2010 reads styles.xml without it.
_RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _drop_unused_table_styles(root: BaseOxmlElement) -> None:
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and (
            name is None or name.get(qn("w:val")) not in _TABLE_STYLES_KEPT
        ):
            root.remove(style)


def _drop_styles_with_effects(doc: DocxDocument) -> None:
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == _RT_STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rid)


def main() -> None:
    TEMPLATE.write_bytes(build())
    sys.stdout.write(f"wrote {TEMPLATE}\n")


if __name__ == "__main__":
    main()
