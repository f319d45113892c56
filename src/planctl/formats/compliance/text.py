"""The compliance report for the terminal (plain text)."""

from __future__ import annotations

from planctl.check.compliance import ComplianceReport
from planctl.formats.compliance import EVIDENCE_SHOWN
from planctl.formats.compliance.common import evidence_line, finding_line, status_label, summary, verdict

_MARK = {"met": "✔", "partial": "◐", "missing": "✖", "pending": "…"}


def render(report: ComplianceReport) -> str:
    out: list[str] = []
    out.append(report.label("report.heading", municipality=report.municipality))
    out.append(f"{report.title} ({report.file})")
    out.append("")
    out.append(report.label("report.requirements"))
    for r in report.requirements:
        out.append("")
        out.append(f"{_MARK[r.status]} {r.id}  {status_label(report, r.status).upper()}  {r.title}")
        out.append(f"    {r.reference}: {r.words}")
        if r.evidence:
            out.append(f"    {report.label('report.evidence')}:")
            for item in r.evidence[:EVIDENCE_SHOWN]:
                out.append(f"      - {evidence_line(item)}")
            if len(r.evidence) > EVIDENCE_SHOWN:
                out.append(f"      - {report.label('report.more', count=len(r.evidence) - EVIDENCE_SHOWN)}")
        for f in r.findings:
            out.append(f"    {finding_line(f)}")
        if r.todo:
            out.append(f"    {report.label('report.todo')}: {r.todo}")
    out.append("")
    out.append(report.label("report.guidance"))
    if not report.guidance:
        out.append("  " + report.label("report.no-guidance"))
    for f in report.guidance:
        ref = f"  ({f.reference})" if f.reference else ""
        out.append(f"  {finding_line(f)}{ref}")
    if report.other:
        out.append("")
        out.append(report.label("report.other"))
        for f in report.other:
            out.append(f"  {finding_line(f)}")
    out.append("")
    out.append(summary(report))
    out.append(verdict(report))
    return "\n".join(out) + "\n"
