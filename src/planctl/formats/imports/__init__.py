"""Renderers of the import report (planctl.importer.report.ImportReport): text for people, JSON
(`planctl-import/1`) for tools. Each is a pure function report -> str."""

from __future__ import annotations

from collections.abc import Callable

from planctl.formats.imports.jsonfmt import render_json
from planctl.formats.imports.text import render_text
from planctl.importer.report import ImportReport

REPORTERS: dict[str, Callable[[ImportReport], str]] = {"text": render_text, "json": render_json}
