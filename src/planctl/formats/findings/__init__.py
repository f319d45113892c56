"""Findings reporters: each is a pure function `FindingsReport -> str`, picked by name from FORMATS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planctl.check.findings import Finding, Summary
from planctl.formats.registry import Format, Registry


@dataclass(frozen=True)
class FindingsReport:
    files: list[str]
    findings: list[Finding]
    errors: list[str]  # one-line messages for unreadable inputs (exit 2)
    color: bool = False

    @property
    def summary(self) -> Summary:
        return Summary.of(self.findings)


FindingsRenderer = Callable[[FindingsReport], str]

FORMATS: Registry[FindingsRenderer] = {
    "text": Format("planctl.formats.findings.text:render"),
    "json": Format("planctl.formats.findings.jsonfmt:render"),
    "github": Format("planctl.formats.findings.github:render"),
    "sarif": Format("planctl.formats.findings.sarif:render"),
}
