"""The compliance report for the terminal (plain text). The plan's words (title, municipality, evidence,
findings, file names) are escaped to one line each (formats.escape.text_line): none starts a line of its
own or reads as a CI workflow command."""

from __future__ import annotations

from planctl.check.compliance import ComplianceReport
from planctl.check.findings import Finding
from planctl.formats.compliance import EVIDENCE_SHOWN
from planctl.formats.compliance.common import evidence_line, status_label, summary, verdict, where
from planctl.formats.escape import path_line, text_line


def _mid(text: str) -> str:
    """Text that follows the report's own words on its line."""
    return text_line(text, start=False)


def finding_line(f: Finding) -> str:
    """A finding as a line that starts with its file name (./NAME where NAME could read as a command)."""
    return f"{path_line(where(f.file, f.line))}  {f.severity.value}  {f.rule}  {_mid(f.message)}"


_MARK = {"met": "✔", "partial": "◐", "missing": "✖", "pending": "…", "undocumented": "?", "unassessable": "⊘"}


def render(report: ComplianceReport) -> str:
    out: list[str] = []
    out.append(report.label("report.heading", municipality=_mid(report.municipality)))
    out.append(text_line(f"{report.title} ({report.file})"))
    out.append("")
    out.append(report.label("report.requirements"))
    for r in report.requirements:
        out.append("")
        out.append(f"{_MARK[r.status]} {r.id}  {status_label(report, r.status).upper()}  {r.title}")
        out.append(f"    {report.basis_of(r.id)}, {r.reference}: {r.words}")
        for heading, items in (
            ("report.evidence", [e for e in r.evidence if e.counts]),
            ("report.not-counted", [e for e in r.evidence if not e.counts]),
        ):
            if items:
                out.append(f"    {report.label(heading)}:")
                for item in items[:EVIDENCE_SHOWN]:
                    out.append(f"      - {_mid(evidence_line(item))}")
                if len(items) > EVIDENCE_SHOWN:
                    out.append(f"      - {report.label('report.more', count=len(items) - EVIDENCE_SHOWN)}")
        if r.blocked_by:
            out.append(f"    {report.label('report.blocked')}:")
            for f in r.blocked_by:
                out.append(f"      - {finding_line(f)}")
        for f in r.findings:
            out.append(f"    {finding_line(f)}")
        if r.todo:
            out.append(f"    {report.label('report.todo')}: {_mid(r.todo)}")
    out.append("")
    out.append(report.label("report.guidance"))
    if not report.guidance:
        out.append("  " + report.label("report.no-guidance"))
    for f in report.guidance:
        basis = report.basis_of(f.rule)
        out.append(
            f"  {finding_line(f)}  ({basis}: {f.reference})"
            if f.reference
            else f"  {finding_line(f)}  ({basis})"
        )
    if report.other:
        out.append("")
        out.append(report.label("report.other"))
        for f in report.other:
            out.append(f"  {finding_line(f)}")
    out.append("")
    out.append(summary(report))
    out.append(verdict(report))
    return "\n".join(out) + "\n"
