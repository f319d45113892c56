"""The parts around the body: core properties, the document language, settings, header and footer."""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, datetime
from typing import cast

from lxml import etree

from planctl.formats.word import opc
from planctl.formats.word.elements import (
    PPR,
    PPR_ORDER,
    R_NS,
    W_NS,
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
from planctl.formats.word.package import Package, python_docx_part
from planctl.records import record
from planctl.xmltext import clean

DRAFT_RED = "C00000"  # 6.5:1 on white
CORE_LIMIT = 255  # characters Word allows in a core property: a longer title breaks every Word command
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no "Compatibility Mode" in the title bar
_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_WORD_URI = "http://schemas.microsoft.com/office/word"


_CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_DCTERMS_NS = "http://purl.org/dc/terms/"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# Core property -> (prefix, namespace, element name) in docProps/core.xml
_CORE = {
    "author": ("dc", _DC_NS, "creator"),
    "category": ("cp", _CP_NS, "category"),
    "comments": ("dc", _DC_NS, "description"),
    "content_status": ("cp", _CP_NS, "contentStatus"),
    "created": ("dcterms", _DCTERMS_NS, "created"),
    "identifier": ("dc", _DC_NS, "identifier"),
    "keywords": ("cp", _CP_NS, "keywords"),
    "language": ("dc", _DC_NS, "language"),
    "last_modified_by": ("cp", _CP_NS, "lastModifiedBy"),
    "last_printed": ("cp", _CP_NS, "lastPrinted"),
    "modified": ("dcterms", _DCTERMS_NS, "modified"),
    "revision": ("cp", _CP_NS, "revision"),
    "subject": ("dc", _DC_NS, "subject"),
    "title": ("dc", _DC_NS, "title"),
    "version": ("cp", _CP_NS, "version"),
}


def set_properties(package: Package, **values: str | int | datetime) -> None:
    """Core properties (docProps/core.xml), set in the order given (a property the template lacks is
    added at the end); a text longer than Word allows is cut short with an ellipsis."""
    core = _core(package)
    for name, value in values.items():
        if isinstance(value, str):
            value = clean(value)
            if len(value) > CORE_LIMIT:
                value = value[: CORE_LIMIT - 1].rstrip() + "…"
        _set_core(core, name, value)


def _core(package: Package) -> Element:
    """The root of the core properties part, made as python-docx made it when the template has none."""
    part = package.opc.rels.part(opc.RT_CORE_PROPERTIES)
    if part is not None and part.element is not None:
        return part.element
    if part is not None:
        raise ValueError(f"{part.partname} is not XML")
    root = etree.Element(
        f"{{{_CP_NS}}}coreProperties", nsmap={"cp": _CP_NS, "dc": _DC_NS, "dcterms": _DCTERMS_NS}
    )
    package.opc.relate_to(
        opc.Part("/docProps/core.xml", opc.CT_CORE_PROPERTIES, element=root), opc.RT_CORE_PROPERTIES
    )
    for name, value in (
        ("title", "Word Document"),
        ("last_modified_by", "python-docx"),
        ("revision", 1),
        ("modified", datetime.now(UTC)),
    ):
        _set_core(root, name, value)
    return root


def _set_core(root: Element, name: str, value: str | int | datetime) -> None:
    """One core property's element (the first of its name, else a new one at the end) set to value."""
    prefix, namespace, local = _CORE[name]
    tag = f"{{{namespace}}}{local}"
    el = root.find(tag)
    if el is None:
        # made apart with its own declaration and then moved in, so that lxml declares the namespace on
        # the element only where the root does not (as python-docx's elements were made)
        el = opc.PARSER.makeelement(tag, nsmap={prefix: namespace})
        root.append(el)
    if isinstance(value, datetime):
        el.text = value.strftime("%Y-%m-%dT%H:%M:%SZ")
        if local in ("created", "modified"):
            # xsi declared on the root (a passing attribute makes lxml declare it there), not on each element
            root.set(f"{{{_XSI_NS}}}foo", "bar")
            el.set(f"{{{_XSI_NS}}}type", "dcterms:W3CDTF")
            del root.attrib[f"{{{_XSI_NS}}}foo"]
    else:
        el.text = str(value)


def set_application(package: Package, *, company: str) -> None:
    """The extended properties (docProps/app.xml) as they are: written by planctl, for company, with no
    page, word or line counts (a template's would be stale; Word and LibreOffice count when they open the
    document), and no thumbnail of another document."""
    rels = package.opc.rels
    for rid, rel in list(rels.items()):
        if rel.reltype in (opc.RT_EXTENDED_PROPERTIES, opc.RT_THUMBNAIL):
            del rels[rid]
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
    package.opc.relate_to(opc.Part("/docProps/app.xml", _APP_TYPE, blob=blob), opc.RT_EXTENDED_PROPERTIES)


def set_compatibility(package: Package) -> None:
    """Word's compatibility mode 15, so that Word opens the document in its current mode."""
    settings = package.settings
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


@record(frozen=True)
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
    section = _Section(package)
    header, footer = section.story("header", "default"), section.story("footer", "default")
    first_header, first_footer = section.story("header", "first"), section.story("footer", "first")
    own_first = section.title_page and (_has_content(first_header) or _has_content(first_footer))
    own_header, own_footer = _has_content(header), _has_content(footer)
    section.title_page = cover or own_first
    if own_header:
        if running.draft:
            mark = paragraph(Para(styles.id("Header"), align="right"))
            run(mark, running.draft, Font(bold=True, color=DRAFT_RED))
            header.root().insert(0, mark)
    else:
        p = _first_paragraph(header, styles.id("Header"), "right")
        if running.draft:
            run(p, running.draft + "  ", Font(bold=True, color=DRAFT_RED))
        run(p, running.header)
    if own_footer:
        root = footer.root()
        if not any("PAGE" in (i.text or "") for i in root.iter(w("instrText"))) and not any(
            "PAGE" in (f.get(w("instr")) or "") for f in root.iter(w("fldSimple"))
        ):
            _page_numbers(paragraph(Para(styles.id("Footer"), align="center"), root), running)
    else:
        _page_numbers(_first_paragraph(footer, styles.id("Footer"), "center"), running)
    if cover and not own_first:
        for story in (first_header, first_footer):
            root = story.root()  # an empty part of its own
            for child in list(root):
                root.remove(child)
            paragraph(parent=root)


# w:sectPr children after the header and footer references, and after w:titlePg, in the schema's order.
_SECT_AFTER_REFERENCES = tuple(
    map(
        w,
        (
            "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType",
            "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
            "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
        ),
    )
)  # fmt: skip
_SECT_AFTER_TITLE_PAGE = _SECT_AFTER_REFERENCES[14:]
_STORY = {"header": (opc.RT_HEADER, opc.CT_HEADER), "footer": (opc.RT_FOOTER, opc.CT_FOOTER)}


class _Section:
    """The document's first section (its first w:sectPr), as python-docx's Section saw it: header and
    footer definitions by type, and whether the first page has its own (w:titlePg)."""

    def __init__(self, package: Package) -> None:
        found = package.root.xpath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": W_NS})
        self.package = package
        self.sect: Element = cast("list[Element]", found)[0]

    def story(self, kind: str, type_: str) -> _Story:
        return _Story(self, kind, type_)

    @property
    def title_page(self) -> bool:
        title = self.sect.find(w("titlePg"))
        if title is None:
            return False
        return title.get(w("val"), "true") in ("1", "true", "on")

    @title_page.setter
    def title_page(self, value: bool) -> None:
        if not value:
            for old in self.sect.findall(w("titlePg")):
                self.sect.remove(old)
            return
        title = self.sect.find(w("titlePg"))
        if title is None:
            title = _insert(self.sect, w("titlePg"), _SECT_AFTER_TITLE_PAGE)
        if w("val") in title.attrib:
            del title.attrib[w("val")]


class _Story:
    """A header or footer of a type ("default", "first") of the section: linked to the previous section
    (no definition of its own) or a part of its own."""

    def __init__(self, section: _Section, kind: str, type_: str) -> None:
        self.section = section
        self.kind = kind
        self.type = type_

    def _reference(self) -> Element | None:
        for ref in self.section.sect.iterchildren(w(f"{self.kind}Reference")):
            if ref.get(w("type")) == self.type:
                return ref
        return None

    @property
    def linked(self) -> bool:
        return self._reference() is None

    def root(self) -> Element:
        """The part's root (w:hdr / w:ftr); a new part (python-docx's default one) when it has none yet."""
        ref: Element | None = self._reference()
        package = self.section.package
        if ref is not None:
            part = package.part.rels[str(ref.get(f"{{{R_NS}}}id"))].target_part
        else:
            reltype, content_type = _STORY[self.kind]
            name = package.opc.next_partname(f"/word/{self.kind}%d.xml")
            part = opc.Part(name, content_type, element=python_docx_part(f"default-{self.kind}.xml"))
            rid = package.part.relate_to(part, reltype)
            ref = _insert(self.section.sect, w(f"{self.kind}Reference"), _SECT_AFTER_REFERENCES)
            ref.set(w("type"), self.type)
            ref.set(f"{{{R_NS}}}id", rid)
        assert part.element is not None
        return part.element


def _insert(parent: Element, tag: str, successors: tuple[str, ...]) -> Element:
    """A new child before the first child whose tag is in successors (at the end when there is none)."""
    child = parent.makeelement(tag)
    successor = next((c for c in parent if c.tag in successors), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def _page_numbers(p: Element, running: Running) -> None:
    run(p, running.page + " ")
    field(p, "PAGE", "1")
    run(p, " " + running.of + " ")
    field(p, "NUMPAGES", "1")


def _has_content(story: _Story) -> bool:
    """Whether a header or footer of the template shows anything (text, a picture, a field)."""
    if story.linked:
        return False
    root = story.root()
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


def _first_paragraph(story: _Story, style: str, align: str) -> Element:
    """The first paragraph of a header or footer part (the template's, its runs removed, or a new one),
    with the style and alignment."""
    root = story.root()
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
