"""The council document with the page numbers of its contents (`planctl build docx`).

A .docx holds no pages: Word and LibreOffice lay it out when they open it. So that the contents list
opens filled in, page numbers and all, without asking the reader to update fields, the document is
written once, laid out by LibreOffice (which says on which page every listed heading's bookmark stands:
`planctl.soffice`), and written again with those numbers in the contents'
field result. The same input and the same LibreOffice give the same bytes.

Without LibreOffice (or its Python bridge) the contents list the headings without page numbers, and the
caller is told so (notify); Word and LibreOffice fill them in when the reader updates the field.

What it costs is LibreOffice laying the document out, which grows faster than the document (measured on
the benchmark's series, whose measure tables run over hundreds of pages): the body of a 1,000-measure plan (1.1 MB
of word/document.xml) about 2 s of CPU, 5,000 measures (4.4 MB) about 12 s, 20,000 measures more than
180 s. So a document whose body is larger than `[limits] layout-size` of planctl.toml (max_layout_bytes:
a size known before LibreOffice starts, the same on every machine) keeps its contents without page
numbers, and the caller is told so; every build then takes time linear in the plan.

A long table cell costs LibreOffice far more than its bytes: its time for a cell that runs over pages
grows with at least the square of the cell's length (measured: one measure's description
of 10,000 characters 0.1 s, 20,000 0.35 s, 50,000 3.3 s, 100,000 26 s; 50 cells of 20,000 characters
19 s, in a body of 1 MB that otherwise takes 2 s). So every cell of more than LONG_CELL characters (about a
page of a table's column) weighs its length squared over LONG_CELL bytes more against the same limit,
which puts those series where the bytes of ordinary documents of the same cost stand (`layout_weight`).

LibreOffice is not asked to update the contents (it did, twice, before: LibreOffice's CPU for the 5,000-
measure series' document 16.7 s with the updates, 12.2 s without; Søndre Land 0.96 and 0.86 s): planctl
writes them filled in, every heading with its bookmark, so the layout LibreOffice measures already holds
the contents' entries, and the pages are the same (tests/test_toc_pages.py, for the three real plans).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from io import BytesIO
from pathlib import Path

from lxml import etree

from planctl.document.elements import Layout, TocEl
from planctl.formats.word.council import TOC_PREFIX
from planctl.formats.word.elements import w
from planctl.formats.word.writer import render_docx
from planctl.load.yamlsource import DEFAULT_LIMITS, SETTINGS
from planctl.messages import t
from planctl.soffice import ConversionFailed, Started, find_soffice, run, started

TIMEOUT = 300
LONG_CELL = 2_000  # characters of a table cell's text beyond which it weighs its length squared (above)
# the planctl.toml key of max_layout_bytes, which the notices name
_LAYOUT_SIZE_KEY = next(key for key, field in SETTINGS.items() if field == "max_layout_bytes")
Notify = Callable[[str], None]


def council_docx(
    layout: Layout,
    *,
    template: Path | None = None,
    notify: Notify | None = None,
    max_layout_bytes: int = DEFAULT_LIMITS.max_layout_bytes,
    office: Started | None = None,
) -> bytes:
    """The council document as .docx, its contents with page numbers where LibreOffice can count them
    (and the document's body is at most max_layout_bytes). office: a LibreOffice started ahead to count
    them (`planctl.soffice.started`)."""
    return paged(
        # notify is told what of the template was left out once, on the first writing
        lambda pages: render_docx(layout, template, pages=pages, notify=notify if pages is None else None),
        layout,
        notify=notify,
        max_layout_bytes=max_layout_bytes,
        office=office,
    )


def office_ahead(plan: Path | None) -> AbstractContextManager[Started | None]:
    """LibreOffice started now (`planctl.soffice.started`) for the page numbers of the document of the
    plan file `plan`, so that it starts while the caller reads, checks and lays out the plan and writes the
    document (a real plan's build waits 6-9 % less). Not for a plan file larger than the default
    layout-size: its document, larger still, is not laid out. A guess before the plan is read (None: a
    plan not read from a file, started); a wrong one costs only the time."""
    try:
        if plan is not None and plan.stat().st_size > DEFAULT_LIMITS.max_layout_bytes:
            return nullcontext()
    except OSError:  # (reading the plan says what is wrong with the path)
        return nullcontext()
    return started()


def paged(
    render: Callable[[Mapping[str, int] | None], bytes],
    layout: Layout,
    *,
    notify: Notify | None = None,
    max_layout_bytes: int = DEFAULT_LIMITS.max_layout_bytes,
    office: Started | None = None,
) -> bytes:
    """A document written by render(pages) from layout, its contents with page numbers: written without
    them, laid out by LibreOffice (office, if started ahead) to count them (`measure`), and written again
    with them. A layout whose contents list nothing is written once; when the pages cannot be counted,
    notify is told why."""
    first = render(None)
    if not any(isinstance(e, TocEl) and e.entries for e in layout.elements):
        return first
    pages, why = measure(first, layout.meta.lang, max_layout_bytes=max_layout_bytes, office=office)
    if pages is None:
        if notify is not None:
            notify(t(layout.meta.lang, "build.toc.no-pages", reason=why))
        return first
    return render(pages)


def body_size(data: bytes) -> int:
    """The bytes of a .docx's body (word/document.xml, uncompressed), read from the zip's directory."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        return package.getinfo("word/document.xml").file_size


def layout_weight(data: bytes) -> tuple[int, int]:
    """(the number of table cells of more than LONG_CELL characters in a .docx's body, what they weigh
    beyond their bytes: the sum of their lengths squared over LONG_CELL). A cell's length is that of its
    text, a nested table's included."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    text = w("t")
    lengths = (sum(len(t.text or "") for t in cell.iter(text)) for cell in body.iter(w("tc")))
    long = [n for n in lengths if n > LONG_CELL]
    return len(long), sum(n * n // LONG_CELL for n in long)


def measure(
    data: bytes,
    lang: str,
    *,
    max_layout_bytes: int = DEFAULT_LIMITS.max_layout_bytes,
    office: Started | None = None,
) -> tuple[Mapping[str, int] | None, str]:
    """The page of every heading the contents list (by bookmark), or None and why LibreOffice could not
    or would not count them (in lang). office: a LibreOffice started ahead, used if it is to count them."""
    size = body_size(data)
    if size > max_layout_bytes:
        return None, t(
            lang, "build.toc.too-large", size=f"{size:,}", limit=f"{max_layout_bytes:,}", key=_LAYOUT_SIZE_KEY
        )
    if find_soffice() is None:
        return None, t(lang, "build.toc.no-soffice")
    cells, extra = layout_weight(data)
    if size + extra > max_layout_bytes:
        return None, t(
            lang,
            "build.toc.long-cells",
            size=f"{size:,}",
            cells=f"{cells:,}",
            long=f"{LONG_CELL:,}",
            extra=f"{extra:,}",
            limit=f"{max_layout_bytes:,}",
            key=_LAYOUT_SIZE_KEY,
        )
    try:
        outcome = run(data, suffix=".docx", timeout=TIMEOUT, bookmarks=TOC_PREFIX, office=office)
    except ConversionFailed as exc:
        return None, t(lang, "build.toc.failed", reason=str(exc))
    if not outcome.measured:
        return None, t(lang, "build.toc.no-uno")
    return outcome.pages, ""
