"""Renderers of the import report (planctl.importer.report.ImportReport): text for people, JSON
(`planctl-import/1`) for tools, picked by name from FORMATS; each a pure function report -> str."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from planctl.formats.registry import Format, Registry

if TYPE_CHECKING:  # only for the renderers' type; the registry loads nothing
    from planctl.importer.report import ImportReport

ImportRenderer = Callable[["ImportReport"], str]

FORMATS: Registry[ImportRenderer] = {
    "text": Format("planctl.formats.imports.text:render_text"),
    "json": Format("planctl.formats.imports.jsonfmt:render_json"),
}
