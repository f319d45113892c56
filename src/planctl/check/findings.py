"""Findings: the values every check produces and every reporter reads."""

from __future__ import annotations

from enum import StrEnum

from planctl.records import record


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@record(frozen=True)
class Finding:
    """One problem in one place. Sorts by file, line, column, then rule."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    reference: str | None = None  # what the rule rests on, cited in the message language
    basis: str | None = None  # law | guidance | quality (lovkrav, anbefaling, kvalitet)

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.severity.rank, self.rule, self.message)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }
        if self.reference is not None:
            out["reference"] = self.reference
        if self.basis is not None:
            out["basis"] = self.basis
        return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)


@record(frozen=True)
class Summary:
    errors: int
    warnings: int
    infos: int

    @classmethod
    def of(cls, findings: list[Finding]) -> Summary:
        counts = {s: 0 for s in Severity}
        for f in findings:
            counts[f.severity] += 1
        return cls(counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO])
