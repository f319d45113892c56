"""Style ids by name, resolved once per document from styles.xml.

A style is found by its name (case-insensitively, so Word's stored "heading 1" is "Heading 1") or by its
id (the name without spaces), the first match in the file winning: a municipality's template, also a
localized one whose names differ but whose ids are Word's, restyles everything. A style the template
lacks is added, as Word would define it (built-in names stored the way Word stores them).
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from planctl.formats.word.elements import Element, set_property, w
from planctl.records import record

# Built-in styles Word stores under a lowercase name, and the ids Word gives them.
_STORED_NAMES = {
    name: name.lower() for name in ("Caption", "Header", "Footer", *(f"Heading {n}" for n in range(1, 10)))
}
_IDS = {"caption": "Caption", **{f"heading {n}": f"Heading{n}" for n in range(1, 10)}}
# w:style's children in schema order
_STYLE_ORDER = tuple(
    map(
        w,
        [
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
    )
)
_STYLE_RPR_ORDER = tuple(map(w, ("i", "sz")))
HYPERLINK_COLOR = "0563C1"


@record(frozen=True)
class Look:
    """How to define a paragraph style the template lacks: its base style, size (points), italic."""

    base: str = "Normal"
    size: float | None = None
    italic: bool = False


class Styles:
    """The styles of one document (its w:styles element), looked up by name once each."""

    def __init__(self, root: Element) -> None:
        self.root = root
        # (type, lowercase name) and (type, id) -> (position in the file, the style)
        self._names: dict[tuple[str, str], tuple[int, Element]] = {}
        self._ids: dict[tuple[str, str], tuple[int, Element]] = {}
        self._count = 0
        self._resolved: dict[str, Element] = {}  # name asked for -> its style
        for style in root.iterchildren(w("style")):
            self._register(style)

    def _register(self, style: Element) -> None:
        kind = style.get(w("type")) or "paragraph"
        style_id = style.get(w("styleId"))
        name_el = style.find(w("name"))
        name = name_el.get(w("val")) if name_el is not None else None
        if style_id is not None:
            if name is not None:
                self._names.setdefault((kind, name.lower()), (self._count, style))
            self._ids.setdefault((kind, style_id), (self._count, style))
        self._count += 1

    def _find(self, name: str, kind: str) -> Element | None:
        by_name = self._names.get((kind, name.lower()))
        by_id = self._ids.get((kind, name.replace(" ", "")))
        if by_name is None or (by_id is not None and by_id[0] < by_name[0]):
            by_name = by_id
        return by_name[1] if by_name is not None else None

    def find(self, name: str, kind: str = "paragraph") -> str | None:
        """The id of the style called name (or with name's id), or None."""
        found = self._find(name, kind)
        return found.get(w("styleId")) if found is not None else None

    def id(self, name: str, look: Look | None = None, kind: str = "paragraph") -> str:
        """The id of the style called name, which is added when the document has none (a paragraph style
        as look describes; the first call for a name decides)."""
        return str(self._style(name, look, kind).get(w("styleId")))

    def run_properties(self, name: str) -> Element:
        """The w:rPr of the paragraph style called name, created when missing."""
        return set_property(self._style(name), w("rPr"), _STYLE_ORDER)

    def _style(self, name: str, look: Look | None = None, kind: str = "paragraph") -> Element:
        found = self._resolved.get(name)
        if found is None:
            found = self._find(name, kind)
            if found is None:
                found = self._add(name, kind, look or Look())
            self._resolved[name] = found
        return found

    def _add(self, name: str, kind: str, look: Look) -> Element:
        stored = _STORED_NAMES.get(name, name)
        style = etree.SubElement(self.root, w("style"))
        style.set(w("type"), kind)
        style.set(w("customStyle"), "1")
        style.set(w("styleId"), _IDS.get(stored, stored.replace(" ", "")))
        etree.SubElement(style, w("name")).set(w("val"), stored)
        self._register(style)
        if kind == "paragraph":
            if look.base != name:
                set_property(style, w("basedOn"), _STYLE_ORDER, val=self.id(look.base))
            rpr = set_property(style, w("rPr"), _STYLE_ORDER)
            if look.italic:
                set_property(rpr, w("i"), _STYLE_RPR_ORDER)
            if look.size is not None:
                set_property(rpr, w("sz"), _STYLE_RPR_ORDER, val=str(int(look.size * 2)))
        elif kind == "character" and name == "Hyperlink":
            rpr = set_property(style, w("rPr"), _STYLE_ORDER)
            etree.SubElement(rpr, w("color")).set(w("val"), HYPERLINK_COLOR)
            etree.SubElement(rpr, w("u")).set(w("val"), "single")
        elif kind == "character" and name == "Footnote Reference":
            rpr = set_property(style, w("rPr"), _STYLE_ORDER)
            etree.SubElement(rpr, w("vertAlign")).set(w("val"), "superscript")
        return style

    def adopt_missing(self, other: Styles) -> None:
        """Copies of other's styles whose ids this document lacks (deleted text keeps its look)."""
        have = {s.get(w("styleId")) for s in self.root.iterchildren(w("style"))}
        for style in other.root.iterchildren(w("style")):
            if style.get(w("styleId")) not in have:
                copy = deepcopy(style)
                self.root.append(copy)
                self._register(copy)
