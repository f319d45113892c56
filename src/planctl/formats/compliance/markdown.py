"""The compliance report as markdown (merge requests, web pages). Every text that comes from the plan or
the command line is escaped (formats.escape): it renders as the text it is, never as a heading, HTML, a
link or an @mention; file names are code spans."""

from __future__ import annotations

from planctl.check.compliance import ComplianceReport
from planctl.formats.compliance import EVIDENCE_SHOWN
from planctl.formats.compliance.common import status_label, summary, verdict, where
from planctl.formats.escape import markdown_code, markdown_text

_cell = markdown_text  # one line, table pipes escaped with the rest


def _where(file: str, line: int | None, *, in_table: bool = False) -> str:
    return markdown_code(where(file, line), in_table=in_table)


def render(report: ComplianceReport) -> str:
    lab = report.label
    out = [
        f"# {lab('report.heading', municipality=_cell(report.municipality))}",
        "",
        f"{_cell(report.title)} ({markdown_code(report.file)})",
        "",
        f"## {lab('report.requirements')}",
        "",
        f"| {lab('report.col.requirement')} | {lab('report.col.status')} | {lab('report.col.basis')} | "
        f"{lab('report.col.reference')} |",
        "|---|---|---|---|",
    ]
    for r in report.requirements:
        out.append(
            f"| {r.id}: {_cell(r.title)} | **{status_label(report, r.status)}** | {report.basis_of(r.id)} "
            f"| {_cell(r.reference)} |"
        )
    for r in report.requirements:
        out += [
            "",
            f"### {r.id}: {_cell(r.title)} ({status_label(report, r.status)})",
            "",
            f"> {_cell(r.words)}",
            "",
            f"*{report.basis_of(r.id)}: {_cell(r.reference)}*",
        ]
        for heading, items in (
            ("report.evidence", [e for e in r.evidence if e.counts]),
            ("report.not-counted", [e for e in r.evidence if not e.counts]),
        ):
            if items:
                out += ["", f"**{lab(heading)}:**", ""]
                out += [f"- {_cell(e.text)} ({_where(e.file, e.line)})" for e in items[:EVIDENCE_SHOWN]]
                if len(items) > EVIDENCE_SHOWN:
                    out.append(f"- {lab('report.more', count=len(items) - EVIDENCE_SHOWN)}")
        if r.blocked_by:
            out += ["", f"**{lab('report.blocked')}:**", ""]
            out += [f"- {f.rule} {_where(f.file, f.line)}: {_cell(f.message)}" for f in r.blocked_by]
        if r.findings:
            out += [""] + [
                f"- **{f.severity.value}** {_where(f.file, f.line)}: {_cell(f.message)}" for f in r.findings
            ]
        if r.todo:
            out += ["", f"**{lab('report.todo')}:** {_cell(r.todo)}"]
    out += ["", f"## {lab('report.guidance')}", ""]
    if report.guidance:
        out += [
            f"| {lab('report.col.rule')} | {lab('report.col.basis')} | {lab('report.col.severity')} | "
            f"{lab('report.col.where')} | {lab('report.col.message')} |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {f.rule} | {report.basis_of(f.rule)} | {f.severity.value} | {_where(f.file, f.line, in_table=True)} "
            f"| {_cell(f.message)} |"
            for f in report.guidance
        ]
    else:
        out.append(lab("report.no-guidance"))
    if report.other:
        out += ["", f"## {lab('report.other')}", ""]
        out += [f"- {f.rule} {_where(f.file, f.line)}: {_cell(f.message)}" for f in report.other]
    out += ["", summary(report), "", f"**{verdict(report)}**"]
    return "\n".join(out) + "\n"
