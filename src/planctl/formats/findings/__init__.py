"""Findings reporters: each is a pure function `FindingsReport -> str`, picked by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planctl.check.findings import Finding, Summary


@dataclass(frozen=True)
class FindingsReport:
    files: list[str]
    findings: list[Finding]
    errors: list[str]  # one-line messages for unreadable inputs (exit 2)
    color: bool = False

    @property
    def summary(self) -> Summary:
        return Summary.of(self.findings)


def _text(report: FindingsReport) -> str:
    from planctl.formats.findings.text import render

    return render(report)


def _json(report: FindingsReport) -> str:
    from planctl.formats.findings.jsonfmt import render

    return render(report)


def _github(report: FindingsReport) -> str:
    from planctl.formats.findings.github import render

    return render(report)


def _sarif(report: FindingsReport) -> str:
    from planctl.formats.findings.sarif import render

    return render(report)


REPORTERS: dict[str, Callable[[FindingsReport], str]] = {
    "text": _text, "json": _json, "github": _github, "sarif": _sarif,
}
