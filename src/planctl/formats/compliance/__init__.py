"""Renderers of the compliance report: pure functions `ComplianceReport -> str | bytes`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planctl.check.compliance import ComplianceReport

EVIDENCE_SHOWN = 8  # text and markdown list this many evidence items per requirement, then "and N more"


def render_text(report: ComplianceReport) -> str:
    from planctl.formats.compliance.text import render

    return render(report)


def render_markdown(report: ComplianceReport) -> str:
    from planctl.formats.compliance.markdown import render

    return render(report)


def render_json(report: ComplianceReport) -> str:
    from planctl.formats.compliance.jsonfmt import render

    return render(report)


def render_docx(report: ComplianceReport) -> bytes:
    from planctl.formats.compliance.docx import render

    return render(report)


TEXT_FORMATS: dict[str, Callable[[ComplianceReport], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
FORMATS = (*TEXT_FORMATS, "docx")


def write_compliance_docx(report: ComplianceReport, path: Path) -> None:
    """Write the report as a Word document (atomically); for `planctl build docx` to put beside the plan."""
    from planctl.formats.output import write_bytes_atomic

    write_bytes_atomic(path, render_docx(report))
