"""The compliance report as markdown (merge requests, web pages)."""

from __future__ import annotations

from planctl.check.compliance import ComplianceReport
from planctl.formats.compliance import EVIDENCE_SHOWN
from planctl.formats.compliance.common import status_label, summary, verdict, where


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: ComplianceReport) -> str:
    lab = report.label
    out = [
        f"# {lab('report.heading', municipality=report.municipality)}",
        "",
        f"{_cell(report.title)} (`{report.file}`)",
        "",
        f"## {lab('report.requirements')}",
        "",
        f"| {lab('report.col.requirement')} | {lab('report.col.status')} | {lab('report.col.reference')} |",
        "|---|---|---|",
    ]
    for r in report.requirements:
        out.append(
            f"| {r.id}: {_cell(r.title)} | **{status_label(report, r.status)}** | {_cell(r.reference)} |"
        )
    for r in report.requirements:
        out += [
            "",
            f"### {r.id}: {r.title} ({status_label(report, r.status)})",
            "",
            f"> {r.words}",
            "",
            f"*{r.reference}*",
        ]
        if r.evidence:
            out += ["", f"**{lab('report.evidence')}:**", ""]
            out += [f"- {_cell(e.text)} (`{where(e.file, e.line)}`)" for e in r.evidence[:EVIDENCE_SHOWN]]
            if len(r.evidence) > EVIDENCE_SHOWN:
                out.append(f"- {lab('report.more', count=len(r.evidence) - EVIDENCE_SHOWN)}")
        if r.findings:
            out += [""] + [
                f"- **{f.severity.value}** `{where(f.file, f.line)}`: {_cell(f.message)}" for f in r.findings
            ]
        if r.todo:
            out += ["", f"**{lab('report.todo')}:** {r.todo}"]
    out += ["", f"## {lab('report.guidance')}", ""]
    if report.guidance:
        out += [
            f"| {lab('report.col.rule')} | {lab('report.col.severity')} | {lab('report.col.where')} | "
            f"{lab('report.col.message')} |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {f.rule} | {f.severity.value} | `{where(f.file, f.line)}` | {_cell(f.message)} |"
            for f in report.guidance
        ]
    else:
        out.append(lab("report.no-guidance"))
    if report.other:
        out += ["", f"## {lab('report.other')}", ""]
        out += [f"- {f.rule} `{where(f.file, f.line)}`: {_cell(f.message)}" for f in report.other]
    out += ["", summary(report), "", f"**{verdict(report)}**"]
    return "\n".join(out) + "\n"
