"""The parts around the body: core properties, the document language, settings, header and footer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planctl.formats.word.elements import (
    PPR,
    PPR_ORDER,
    Element,
    Font,
    field,
    paragraph,
    properties,
    run,
    set_property,
    w,
)
from planctl.formats.word.package import Package
from planctl.xmltext import clean


def set_properties(package: Package, **values: str | int | datetime) -> None:
    """Core properties (docProps/core.xml), set in the order given (a property the template lacks is
    added at the end)."""
    core = package.document.core_properties
    for name, value in values.items():
        setattr(core, name, clean(value) if isinstance(value, str) else value)


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


def set_header_footer(package: Package, running: Running) -> None:
    styles = package.styles
    section = package.document.sections[0]
    section.different_first_page_header_footer = True
    header = _first_paragraph(section.header, styles.id("Header"), "right")
    if running.draft:
        run(header, running.draft + "  ", Font(bold=True, color="C00000"))
    run(header, running.header)
    footer = _first_paragraph(section.footer, styles.id("Footer"), "center")
    run(footer, running.page + " ")
    field(footer, "PAGE", "1")
    run(footer, " " + running.of + " ")
    field(footer, "NUMPAGES", "1")
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False  # an empty part of its own


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
