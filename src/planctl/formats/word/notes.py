"""Real Word footnotes: the footnotes part (word/footnotes.xml), its relationships, and the reference runs
in the text. Word numbers footnotes by their place in the document; each reference is a footnote of its
own (a note the text refers to twice is printed twice), as Word makes them.

The part is made here (an XML part related to the document part, `opc`), the XML with lxml as everywhere
in the writer. A template's own footnotes part (its
separators) is replaced by this one.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from planctl.formats.word import elements as x
from planctl.formats.word import opc
from planctl.formats.word.elements import NSMAP, Element, Font, Para, w
from planctl.formats.word.package import Package

# w:settings children that come after w:footnotePr, in the schema's order.
_SETTINGS_AFTER = tuple(
    map(
        w,
        (
            "endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
            "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
            "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
            "listSeparator",
        ),
    )
)  # fmt: skip


class Footnotes:
    """The footnotes of one document, made as the text refers to them."""

    def __init__(self, package: Package, styles: Callable[[], tuple[str, str]]) -> None:
        """styles: the ids of the footnote text's paragraph style and the reference's character style
        (asked for when the first footnote is made, so a document without footnotes gets no such styles)."""
        self.package = package
        self._styles = styles
        self.text_style = self.reference_style = ""
        self.root: Element = etree.Element(w("footnotes"), nsmap=NSMAP)
        for number, kind, mark in (
            (-1, "separator", "separator"),
            (0, "continuationSeparator", "continuationSeparator"),
        ):
            note = etree.SubElement(self.root, w("footnote"), {w("type"): kind, w("id"): str(number)})
            p = x.paragraph(Para(after=0), note)
            etree.SubElement(etree.SubElement(p, x.R), w(mark))
        self.part: opc.Part | None = None
        self.count = 0

    def link(self, url: str) -> str:
        """The relationship id of an external hyperlink to url from the footnotes part."""
        return self._part().rels.relate_external(url, opc.RT_HYPERLINK)

    def add(self, parent: Element) -> Element:
        """A new footnote referred to from paragraph or hyperlink `parent`; its paragraph is returned for
        the caller to fill with the note's text (after the number)."""
        self._part()
        self.count += 1
        number = str(self.count)
        ref = etree.SubElement(parent, x.R)
        etree.SubElement(etree.SubElement(ref, x.RPR), w("rStyle"), {w("val"): self.reference_style})
        etree.SubElement(ref, w("footnoteReference"), {w("id"): number})
        note = etree.SubElement(self.root, w("footnote"), {w("id"): number})
        p = x.paragraph(Para(self.text_style), note)
        mark = x.run(p, "", Font(style=self.reference_style))
        etree.SubElement(mark, w("footnoteRef"))
        x.run(p, " ")
        return p

    def ensure_part(self) -> opc.Part:
        """The footnotes part, made now if it is not yet (the redline adds the old plan's notes to a new
        document whose plan has none)."""
        return self._part()

    def _part(self) -> opc.Part:
        """The footnotes part, made and related to the document part the first time it is needed (a
        template's own footnotes part is dropped: this one replaces it)."""
        if self.part is None:
            document = self.package.part
            for rid, rel in list(document.rels.items()):
                if rel.reltype == opc.RT_FOOTNOTES:
                    del document.rels[rid]
            package = self.package.opc
            taken = {part.partname for part in package.parts()}
            partname = "/word/footnotes.xml"
            if partname in taken:
                partname = package.next_partname("/word/footnotes%d.xml")
            self.part = opc.Part(partname, opc.CT_FOOTNOTES, element=self.root)
            self.text_style, self.reference_style = self._styles()
            document.relate_to(self.part, opc.RT_FOOTNOTES)
            _settings(self.package)
        return self.part


def _settings(package: Package) -> None:
    """w:footnotePr in the settings, naming the separators (as Word writes it)."""
    settings = package.settings
    old = settings.find(w("footnotePr"))
    if old is not None:
        settings.remove(old)
    pr = etree.Element(w("footnotePr"))
    for number in ("-1", "0"):
        etree.SubElement(pr, w("footnote"), {w("id"): number})
    successor = next((child for child in settings if child.tag in _SETTINGS_AFTER), None)
    if successor is None:
        settings.append(pr)
    else:
        successor.addprevious(pr)
