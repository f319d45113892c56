"""WordprocessingML names used by the .docx reader."""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def r(tag: str) -> str:
    return f"{{{R}}}{tag}"


def val(el: etree._Element | None, attr: str = "val") -> str | None:
    """The w:val (or another w: attribute) of an element, or None."""
    if el is None:
        return None
    got = el.get(w(attr))
    return str(got) if got is not None else None


def on(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:i ...): None when absent, else its value (absent w:val means on)."""
    if el is None:
        return None
    v = val(el)
    return v not in ("0", "false", "off", "none")
