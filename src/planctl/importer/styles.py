"""Paragraph styles of a .docx: what role a style plays, whatever its name or language.

Word's built-in styles have English names in styles.xml («heading 1», «Title»), but templates,
LibreOffice and localized Word give other names and ids («Overskrift1», «Heading1», «Tittel»). A style's
role is found from its name and those of the styles it is based on, and from its outline level, so a
renamed or localized heading is still a heading.
"""

from __future__ import annotations

import re

from lxml import etree

from planctl.importer.ooxml import on, val, w
from planctl.records import record

_HEADING = re.compile(r"^(?:heading|overskrift|berschrift|titre|rubrik)\s*(\d)$")
_TOC = re.compile(r"^(?:toc|innholdsfortegnelse|innhald|contents|inhaltsverzeichnis)\s*(\d)$")
# name (lowercase, spaces removed) -> role
_ROLES: dict[str, str] = {
    "title": "title",
    "tittel": "title",
    "subtitle": "subtitle",
    "undertittel": "subtitle",
    "quote": "quote",
    "intensequote": "quote",
    "sitat": "quote",
    "sterktsitat": "quote",
    "blocktext": "quote",
    "blokktekst": "quote",
    "quotations": "quote",
    "caption": "caption",
    "bildetekst": "caption",
    "tabelltekst": "caption",
    "figurtekst": "caption",
    "tocheading": "toc-heading",
    "overskriftforinnholdsfortegnelse": "toc-heading",
    "contentsheading": "toc-heading",
    "footnotetext": "footnote",
    "fotnotetekst": "footnote",
    "endnotetext": "footnote",
    "sluttnotetekst": "footnote",
    "bibliography": "bibliography",
    "bibliografi": "bibliography",
    "litteraturliste": "bibliography",
    "source": "source",
    "kilde": "source",
    "listbullet": "list",
    "listbullet2": "list",
    "listbullet3": "list",
    "listnumber": "list",
    "listnumber2": "list",
    "listnumber3": "list",
    "listparagraph": "list",
    "listeavsnitt": "list",
    "punktliste": "list",
    "nummerertliste": "list",
    "compact": "list",
    "list": "list",
    "header": "furniture",
    "footer": "furniture",
    "topptekst": "furniture",
    "bunntekst": "furniture",
}


@record
class Style:
    id: str
    name: str
    based_on: str | None
    outline: int | None  # 0-based outline level
    num_id: str | None
    num_level: int | None
    bold: bool | None
    italic: bool | None
    kind: str  # paragraph | character | table | numbering


class Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, Style] = {}
        self.default_para: str | None = None
        self._roles: dict[str, tuple[str, int]] = {}
        if root is None:
            return
        for el in root.iter(w("style")):
            sid = el.get(w("styleId")) or ""
            name_el = el.find(w("name"))
            ppr = el.find(w("pPr"))
            rpr = el.find(w("rPr"))
            outline = val(ppr.find(w("outlineLvl"))) if ppr is not None else None
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            num_id = val(numpr.find(w("numId"))) if numpr is not None else None
            ilvl = val(numpr.find(w("ilvl"))) if numpr is not None else None
            based = el.find(w("basedOn"))
            style = Style(
                id=sid,
                name=(val(name_el) or sid),
                based_on=val(based),
                outline=int(outline) if outline and outline.isdigit() else None,
                num_id=num_id,
                num_level=int(ilvl) if ilvl and ilvl.isdigit() else None,
                bold=on(rpr.find(w("b"))) if rpr is not None else None,
                italic=on(rpr.find(w("i"))) if rpr is not None else None,
                kind=el.get(w("type")) or "paragraph",
            )
            self.by_id[sid] = style
            if style.kind == "paragraph" and el.get(w("default")) in ("1", "true"):
                self.default_para = sid

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        return style.name if style else (style_id or "")

    def chain(self, style_id: str | None) -> list[Style]:
        out: list[Style] = []
        seen: set[str] = set()
        current = style_id or self.default_para
        while current and current not in seen and current in self.by_id:
            seen.add(current)
            style = self.by_id[current]
            out.append(style)
            current = style.based_on
        return out

    def role(self, style_id: str | None) -> tuple[str, int]:
        """(role, level) of a paragraph style: ("heading", 2), ("toc", 1), ("list", 0), ("body", 0) ..."""
        key = style_id or ""
        cached = self._roles.get(key)
        if cached is not None:
            return cached
        found: tuple[str, int] = ("body", 0)
        chain = self.chain(style_id)
        if not chain and style_id:  # a style the document does not define: its id is all we have
            found = classify_name(style_id) or found
        for style in chain:
            for candidate in (style.name, style.id):
                got = classify_name(candidate)
                if got is not None:
                    found = got
                    break
            else:
                if style.outline is not None and style.outline < 9:
                    found = ("heading", style.outline + 1)
                else:
                    continue
            break
        self._roles[key] = found
        return found

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        for style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.num_level
        return None, None

    def emphasis(self, style_id: str | None) -> tuple[bool, bool]:
        """Bold and italic that a character style gives its runs («Strong», «Emphasis» ...)."""
        bold = italic = False
        for style in reversed(self.chain(style_id)):
            if style.bold is not None:
                bold = style.bold
            if style.italic is not None:
                italic = style.italic
        return bold, italic


def classify_name(name: str) -> tuple[str, int] | None:
    key = re.sub(r"[\s_-]+", " ", name.strip().lower())
    m = _HEADING.match(key.replace(" ", "")) or _HEADING.match(key)
    if m:
        return ("heading", int(m.group(1)) or 1)
    m = _TOC.match(key.replace(" ", "")) or _TOC.match(key)
    if m:
        return ("toc", int(m.group(1)) or 1)
    compact = key.replace(" ", "")
    role = _ROLES.get(compact)
    if role is not None:
        return (role, 0)
    if compact.startswith(("listbullet", "listnumber", "listcontinue")):
        return ("list", 0)
    return None
