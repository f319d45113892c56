"""PDF through LibreOffice headless: a tagged (accessible) PDF made from the built .docx."""

from __future__ import annotations

from pathlib import Path

from planctl.document.elements import Layout
from planctl.errors import PlanctlError
from planctl.formats.word.writer import render_docx
from planctl.messages import t
from planctl.soffice import ConversionFailed, convert, find_soffice

PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
TIMEOUT = 300


def render_pdf(layout: Layout, *, template: Path | None = None) -> bytes:
    """The council document as tagged PDF: the .docx converted by LibreOffice."""
    return docx_to_pdf(render_docx(layout, template), layout.meta.file_stem, layout.meta.lang)


def docx_to_pdf(docx_bytes: bytes, stem: str, lang: str = "nb") -> bytes:
    """Convert the document with LibreOffice; PlanctlError (exit 2) when it is missing or fails."""
    if find_soffice() is None:
        raise PlanctlError(t(lang, "build.no-soffice"))
    try:
        return convert(docx_bytes, suffix=".docx", to=PDF_FILTER, produces=".pdf", timeout=TIMEOUT)
    except ConversionFailed as exc:
        raise PlanctlError(t(lang, "build.soffice-failed", reason=str(exc))) from None
