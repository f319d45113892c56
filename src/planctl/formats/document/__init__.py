"""Renderers of the council document, by name in FORMATS (`planctl build NAME`); each is called
`render(layout, template=...)` and its file is named after the plan with the format's suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from planctl.formats.registry import Format, Registry

if TYPE_CHECKING:  # the layout's type only: the command line reads FORMATS before it builds anything
    from planctl.document.elements import Layout


class DocumentRenderer(Protocol):
    """template: the Word template (.docx/.dotx) whose styles the document uses; None: the shipped one.
    notify: told, in the document's language, what the file lacks that a fuller installation would give
    (the contents' page numbers without LibreOffice)."""

    def __call__(
        self, layout: Layout, *, template: Path | None = None, notify: Callable[[str], None] | None = None
    ) -> str | bytes: ...


FORMATS: Registry[DocumentRenderer] = {
    "docx": Format("planctl.formats.word.pages:council_docx", binary=True, suffix=".docx"),
    "pdf": Format("planctl.formats.document.pdf:render_pdf", binary=True, suffix=".pdf"),
    "markdown": Format("planctl.formats.document.markdown:render_markdown", suffix=".md"),
}
