"""Renderers of a plan diff, by name in FORMATS; each is called `render(diff, lang, color=...)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from planctl.formats.registry import Format, Registry

if TYPE_CHECKING:  # the diff's type only: the command line reads FORMATS before it loads any plan
    from planctl.diff.engine import PlanDiff


class DiffRenderer(Protocol):
    """lang: the language of labels and messages; color: ANSI colours (text on a terminal only)."""

    def __call__(self, diff: PlanDiff, lang: str, *, color: bool = False) -> str | bytes: ...


FORMATS: Registry[DiffRenderer] = {
    "text": Format("planctl.formats.diff.text:render_text"),
    "markdown": Format("planctl.formats.diff.markdown:render_markdown"),
    "json": Format("planctl.formats.diff.jsonfmt:render_json"),
    "docx": Format("planctl.formats.diff.docx:render_docx", binary=True),
}
