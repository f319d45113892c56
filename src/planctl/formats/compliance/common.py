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
    """«5 oppfylt, 1 ikke dokumentert; 17 merknader …»: the statuses that occur, in STATUSES order."""
    counts = ", ".join(
        report.label(f"report.count.{status}", count=n) for status, n in report.counts().items() if n
    )
    return report.label("report.summary", counts=counts, guidance=len(report.guidance))


def verdict(report: ComplianceReport) -> str:
    if any(r.status == "unassessable" for r in report.requirements):
        return report.label("report.verdict.unassessable")
    return report.label("report.verdict.fail" if report.exit_code() else "report.verdict.ok")
