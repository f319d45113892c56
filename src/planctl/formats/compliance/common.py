"""Small helpers shared by the renderers."""

from __future__ import annotations

from planctl.check.compliance import ComplianceReport, EvidenceItem
from planctl.check.findings import Finding


def where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line is not None else file


def evidence_line(item: EvidenceItem) -> str:
    return f"{item.text} ({where(item.file, item.line)})"


def finding_line(f: Finding) -> str:
    return f"{where(f.file, f.line)}  {f.severity.value}  {f.rule}  {f.message}"


def status_label(report: ComplianceReport, status: str) -> str:
    return report.label(f"report.status.{status}")


def summary(report: ComplianceReport) -> str:
    c = report.counts()
    return report.label(
        "report.summary",
        met=c["met"],
        partial=c["partial"],
        missing=c["missing"],
        pending=c["pending"],
        guidance=len(report.guidance),
    )


def verdict(report: ComplianceReport) -> str:
    return report.label("report.verdict.fail" if report.exit_code() else "report.verdict.ok")
