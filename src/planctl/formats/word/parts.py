"""The parts around the body: core properties, the document language, settings, header and footer."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from planctl.formats.word.elements import (
    PPR,
    PPR_ORDER,
    Element,
    Font,
    Para,
    field,
    paragraph,
    properties,
    run,
    set_property,
    w,
)
from planctl.formats.word.package import Package
from planctl.xmltext import clean

DRAFT_RED = "C00000"  # 6.5:1 on white
CORE_LIMIT = 255  # characters Word allows in a core property: a longer title breaks every Word command
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no "Compatibility Mode" in the title bar
_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_WORD_URI = "http://schemas.microsoft.com/office/word"


def set_properties(package: Package, **values: str | int | datetime) -> None:
    """Core properties (docProps/core.xml), set in the order given (a property the template lacks is
    added at the end); a text longer than Word allows is cut short with an ellipsis."""
    core = package.document.core_properties
    for name, value in values.items():
        if isinstance(value, str):
            value = clean(value)
            if len(value) > CORE_LIMIT:
                value = value[: CORE_LIMIT - 1].rstrip() + "…"
        setattr(core, name, value)


def set_application(package: Package, *, company: str) -> None:
    """The extended properties (docProps/app.xml) as they are: written by planctl, for company, with no
    page, word or line counts (a template's would be stale; Word and LibreOffice count when they open the
    document), and no thumbnail of another document."""
    opc = package.part.package
    for rid, rel in list(opc.rels.items()):
        if rel.reltype in (RELATIONSHIP_TYPE.EXTENDED_PROPERTIES, RELATIONSHIP_TYPE.THUMBNAIL):
            del opc.rels[rid]
    root = etree.fromstring(f'<Properties xmlns="{_APP_NS}"/>'.encode())
    for name, value in (
        ("Application", "planctl"),
        ("DocSecurity", "0"),
        ("ScaleCrop", "false"),
        ("Company", clean(company)[:CORE_LIMIT]),
        ("LinksUpToDate", "false"),
        ("SharedDoc", "false"),
        ("HyperlinksChanged", "false"),
    ):
        etree.SubElement(root, f"{{{_APP_NS}}}{name}").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/docProps/app.xml"), _APP_TYPE, blob, opc)
    opc.relate_to(part, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)


def set_compatibility(package: Package) -> None:
    """Word's compatibility mode 15, so that Word opens the document in its current mode."""
    settings = package.document.settings.element
    compat = settings.find(w("compat"))
    if compat is None:
        compat = etree.Element(w("compat"))
        successor = next((c for c in settings if c.tag in _AFTER_COMPAT), None)
        if successor is None:
            settings.append(compat)
        else:
            successor.addprevious(compat)
    for setting in compat.findall(w("compatSetting")):
        if setting.get(w("name")) == "compatibilityMode":
            setting.set(w("val"), COMPATIBILITY_MODE)
            return
    etree.SubElement(
        compat,
        w("compatSetting"),
        {w("name"): "compatibilityMode", w("uri"): _WORD_URI, w("val"): COMPATIBILITY_MODE},
    )


# w:settings children that come after w:compat, in the schema's order.
_AFTER_COMPAT = tuple(
    map(
        w,
        (
            "docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
            "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
            "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
            "listSeparator",
        ),
    )
)  # fmt: skip


def set_language(package: Package, tag: str) -> None:
    """w:lang in the document defaults and the Normal style, so spelling and screen readers know it."""
    styles = package.styles
    defaults = _first_child(styles.root, "docDefaults")
    rpr = _child(_first_child(defaults, "rPrDefault"), "rPr")
    for target in (rpr, styles.run_properties("Normal")):
        lang = _child(target, "lang")
        lang.set(w("val"), tag)
        lang.set(w("eastAsia"), tag)
        lang.set(w("bidi"), "ar-SA")


def set_normal_language(package: Package, tag: str) -> None:
    """w:lang/@w:val in the Normal style only: the compliance report's form, kept until the report moves to
    the plan's template (and set_language)."""
    _child(package.styles.run_properties("Normal"), "lang").set(w("val"), tag)


@dataclass(frozen=True)
class Running:
    """The running header (right) and footer (centred, "Side N av M"), both empty on the first page."""

    header: str
    draft: str | None  # the draft mark before the header, in red
    page: str  # "Side"
    of: str  # "av"


def set_header_footer(package: Package, running: Running, *, cover: bool = True) -> None:
    """planctl's running header and footer, or the template's own where it has them (a municipality's
    logo and address): its header is kept (with the draft mark above it when the document is a draft),
    its footer is kept (with "Side N av M" under it when it numbers no pages). The cover has no header
    or footer, unless the template gives its first page one of its own; without a cover (cover=False)
    every page has them."""
    styles = package.styles
    section = package.document.sections[0]
    own_first = section.different_first_page_header_footer and (
        _has_content(section.first_page_header) or _has_content(section.first_page_footer)
    )
    own_header, own_footer = _has_content(section.header), _has_content(section.footer)
    section.different_first_page_header_footer = cover or own_first
    if own_header:
        if running.draft:
            mark = paragraph(Para(styles.id("Header"), align="right"))
            run(mark, running.draft, Font(bold=True, color=DRAFT_RED))
            root = section.header.part.element
            root.insert(0, mark)
    else:
        header = _first_paragraph(section.header, styles.id("Header"), "right")
        if running.draft:
            run(header, running.draft + "  ", Font(bold=True, color=DRAFT_RED))
        run(header, running.header)
    if own_footer:
        root = section.footer.part.element
        if not any("PAGE" in (i.text or "") for i in root.iter(w("instrText"))) and not any(
            "PAGE" in (f.get(w("instr")) or "") for f in root.iter(w("fldSimple"))
        ):
            _page_numbers(paragraph(Para(styles.id("Footer"), align="center"), root), running)
    else:
        _page_numbers(_first_paragraph(section.footer, styles.id("Footer"), "center"), running)
    if cover and not own_first:
        for part in (section.first_page_header, section.first_page_footer):
            part.is_linked_to_previous = False  # an empty part of its own
            root = part.part.element
            for child in list(root):
                root.remove(child)
            paragraph(parent=root)


def _page_numbers(p: Element, running: Running) -> None:
    run(p, running.page + " ")
    field(p, "PAGE", "1")
    run(p, " " + running.of + " ")
    field(p, "NUMPAGES", "1")


def _has_content(part: Any) -> bool:
    """Whether a header or footer of the template shows anything (text, a picture, a field)."""
    if part.is_linked_to_previous:
        return False
    root = part.part.element
    return any((t.text or "").strip() for t in root.iter(w("t"))) or any(
        True for _ in root.iter(w("drawing"), w("pict"), w("fldSimple"), w("instrText"))
    )


def finish_sections(package: Package, breaks: list[tuple[Element, str]], last: str) -> None:
    """Fill in the section breaks a document made (each sectPr with the orientation of the section it ends;
    last: the orientation of the final section). Each section gets the template's page, margins, header and
    footer, turned as asked; only the first has a cover page of its own (no header or footer on it)."""
    body = package.body.find(w("sectPr"))
    if body is None or not breaks:
        return
    for i, (sect, orientation) in enumerate(breaks):
        for child in list(sect):
            sect.remove(child)
        for name, value in body.attrib.items():
            sect.set(name, value)
        sect.extend(deepcopy(child) for child in body)
        _turn(sect, orientation)
        if i:
            _not_first(sect)
    _turn(body, last)
    _not_first(body)


def _turn(sect: Element, orientation: str) -> None:
    size = sect.find(w("pgSz"))
    if size is None:
        return
    width, height = int(size.get(w("w"), "11906")), int(size.get(w("h"), "16838"))
    short, long_ = sorted((width, height))
    if orientation == "landscape":
        size.set(w("w"), str(long_))
        size.set(w("h"), str(short))
        size.set(w("orient"), "landscape")
    else:
        size.set(w("w"), str(short))
        size.set(w("h"), str(long_))
        if w("orient") in size.attrib:
            del size.attrib[w("orient")]


def _not_first(sect: Element) -> None:
    """A section after the first: no cover page of its own, so its first page has the running header."""
    for el in list(sect):
        if el.tag == w("titlePg") or (
            el.tag in (w("headerReference"), w("footerReference")) and el.get(w("type")) == "first"
        ):
            sect.remove(el)


def _first_paragraph(part: object, style: str, align: str) -> Element:
    """The first paragraph of a header or footer part (the template's, its runs removed, or a new one),
    with the style and alignment."""
    part.is_linked_to_previous = False  # type: ignore[attr-defined]
    root: Element = part.part.element  # type: ignore[attr-defined]
    p = root.find(w("p"))
    if p is None:
        p = paragraph(parent=root)
    for r in p.findall(w("r")):
        p.remove(r)
    ppr = properties(p, PPR)
    set_property(ppr, w("pStyle"), PPR_ORDER, val=style)
    set_property(ppr, w("jc"), PPR_ORDER, val=align)
    return p


def _child(parent: Element, tag: str) -> Element:
    found = parent.find(w(tag))
    if found is None:
        found = parent.makeelement(w(tag))
        parent.append(found)
    return found


def _first_child(parent: Element, tag: str) -> Element:
    found = parent.find(w(tag))
    if found is None:
        found = parent.makeelement(w(tag))
        parent.insert(0, found)
    return found
