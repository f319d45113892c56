"""Findings reporters: each is a pure function `FindingsReport -> str`, picked by name from FORMATS."""

from __future__ import annotations

from collections.abc import Callable

from planctl.check.findings import Finding, Summary
from planctl.formats.registry import Format, Registry
from planctl.records import record


@record(frozen=True)
class FindingsReport:
    files: list[str]
    findings: list[Finding]
    errors: list[str]  # one-line messages for unreadable inputs (exit 2)
    color: bool = False
    lang: str = "nb"  # of the words the reporter adds (severities, the summary)
    quiet: bool = False  # only what is wrong: no summary
    baselined: int = 0  # findings left out because the baseline knows them
    root: str | None = None  # the repository root (absolute), for formats that name files relative to it

    @property
    def summary(self) -> Summary:
        return Summary.of(self.findings)


FindingsRenderer = Callable[[FindingsReport], str]

FORMATS: Registry[FindingsRenderer] = {
    "text": Format("planctl.formats.findings.text:render"),
    "path": Format("planctl.formats.findings.text:render_paths"),
    "json": Format("planctl.formats.findings.jsonfmt:render"),
    "github": Format("planctl.formats.findings.github:render"),
    "sarif": Format("planctl.formats.findings.sarif:render"),
    "gitlab": Format("planctl.formats.findings.gitlab:render"),
}
