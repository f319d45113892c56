"""The council document with the page numbers of its contents (`planctl build docx`).

A .docx holds no pages: Word and LibreOffice lay it out when they open it. So that the contents list
opens filled in, page numbers and all, without asking the reader to update fields, the document is
written once, laid out by LibreOffice (which updates its contents and says on which page every listed
heading's bookmark stands: `planctl.soffice`), and written again with those numbers in the contents'
field result. The same input and the same LibreOffice give the same bytes.

Without LibreOffice (or its Python bridge) the contents list the headings without page numbers, and the
caller is told so (notify); Word and LibreOffice fill them in when the reader updates the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from planctl.document.elements import Layout, TocEl
from planctl.formats.word.council import TOC_PREFIX
from planctl.formats.word.writer import render_docx
from planctl.messages import t
from planctl.soffice import ConversionFailed, find_soffice, run

TIMEOUT = 300
Notify = Callable[[str], None]


def council_docx(layout: Layout, *, template: Path | None = None, notify: Notify | None = None) -> bytes:
    """The council document as .docx, its contents with page numbers where LibreOffice can count them."""
    first = render_docx(layout, template, notify=notify)
    if not any(isinstance(e, TocEl) and e.entries for e in layout.elements):
        return first
    pages, why = measure(first, layout.meta.lang)
    if pages is None:
        if notify is not None:
            notify(t(layout.meta.lang, "build.toc.no-pages", reason=why))
        return first
    return render_docx(layout, template, pages=pages)


def measure(data: bytes, lang: str) -> tuple[Mapping[str, int] | None, str]:
    """The page of every heading the contents list (by bookmark), or None and why LibreOffice could not
    count them (in lang)."""
    if find_soffice() is None:
        return None, t(lang, "build.toc.no-soffice")
    try:
        outcome = run(data, suffix=".docx", timeout=TIMEOUT, update_indexes=True, bookmarks=TOC_PREFIX)
    except ConversionFailed as exc:
        return None, t(lang, "build.toc.failed", reason=str(exc))
    if not outcome.indexes_updated:
        return None, t(lang, "build.toc.no-uno")
    return outcome.pages, ""
