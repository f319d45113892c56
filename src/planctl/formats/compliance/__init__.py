"""Renderers of the compliance report: pure functions `ComplianceReport -> str | bytes`, by name in FORMATS."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from planctl.formats.registry import Format, Registry

if TYPE_CHECKING:  # the report's type only: the command line reads FORMATS before it checks anything
    from planctl.check.compliance import ComplianceReport

EVIDENCE_SHOWN = 8  # text and markdown list this many evidence items per requirement, then "and N more"

ComplianceRenderer = Callable[["ComplianceReport"], str | bytes]

FORMATS: Registry[ComplianceRenderer] = {
    "text": Format("planctl.formats.compliance.text:render"),
    "markdown": Format("planctl.formats.compliance.markdown:render"),
    "json": Format("planctl.formats.compliance.jsonfmt:render"),
    "docx": Format("planctl.formats.compliance.docx:render", binary=True, suffix="-compliance.docx"),
}
