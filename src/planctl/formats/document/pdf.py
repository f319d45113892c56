"""PDF through LibreOffice headless: a tagged (accessible) PDF made from the council document's .docx,
its contents updated by LibreOffice first, so that every listed chapter has its page number and a link to
it (`planctl.soffice`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planctl.document.elements import Layout
from planctl.errors import PlanctlError
from planctl.formats.word.writer import render_docx
from planctl.messages import t
from planctl.soffice import ConversionFailed, Export, Started, find_soffice, run

# Tagged PDF with the marks PDF/UA asks for (the document title shown, not the file name), the headings
# as the PDF's outline, links kept.
PDF_EXPORT = Export(
    "writer_pdf_Export",
    ".pdf",
    (
        ("UseTaggedPDF", True),
        ("PDFUACompliance", True),
        ("ExportBookmarks", True),
        ("DisplayPDFDocumentTitle", True),
        ("ExportNotes", False),
    ),
)
TIMEOUT = 300


def render_pdf(
    layout: Layout,
    *,
    template: Path | None = None,
    notify: Callable[[str], None] | None = None,
    office: Started | None = None,
) -> bytes:
    """The council document as tagged PDF: the .docx laid out by LibreOffice (office, if started ahead:
    `planctl.soffice.started`), its contents updated."""
    keywords = layout.meta.keywords or tuple(t(layout.meta.lang, "build.keywords").split(";"))
    docx = render_docx(layout, template, notify=notify)
    return docx_to_pdf(docx, layout.meta.lang, notify, keywords, office=office)


def docx_to_pdf(
    docx_bytes: bytes,
    lang: str = "nb",
    notify: Callable[[str], None] | None = None,
    keywords: tuple[str, ...] | None = None,
    *,
    office: Started | None = None,
) -> bytes:
    """Convert the document with LibreOffice (office, if started ahead); PlanctlError (exit 2) when it is
    missing or fails."""
    if find_soffice() is None:
        raise PlanctlError(t(lang, "build.no-soffice"))
    try:
        outcome = run(
            docx_bytes,
            suffix=".docx",
            timeout=TIMEOUT,
            export=PDF_EXPORT,
            update_indexes=True,
            keywords=keywords,
            office=office,
        )
    except ConversionFailed as exc:
        raise PlanctlError(t(lang, "build.soffice-failed", reason=str(exc))) from None
    if not outcome.indexes_updated and notify is not None:
        notify(t(lang, "build.pdf.no-pages"))
    assert outcome.data is not None  # run gives the exported file or raises
    return outcome.data
