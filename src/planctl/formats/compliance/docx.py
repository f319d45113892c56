"""The compliance report as a council document: what the council's case papers carry beside the plan.

It is laid out as document elements and written by the council document's writer (`planctl.formats.word`),
so it has the plan's template and styles (A4, a municipality's header and footer), page numbers, header
rows repeated on every page and columns fitted to their content. It speaks to the council: statuses and
severities in words, the law's own words, what counts and what does not; no rule IDs, YAML keys or file
paths (those are in the text, markdown and json formats, for whoever edits the plan). Deterministic: the
same report gives the same bytes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from planctl.check.compliance import ComplianceReport, EvidenceItem, Requirement
from planctl.check.findings import Finding
from planctl.document.context import date_words
from planctl.document.elements import (
    Element,
    HeadingEl,
    Layout,
    ListEl,
    ListEntry,
    Meta,
    ParaEl,
    QuoteEl,
    TableEl,
)
from planctl.document.inline import Run
from planctl.formats.compliance import EVIDENCE_SHOWN
from planctl.formats.compliance.common import status_label, summary, verdict
from planctl.formats.word.writer import render_docx
from planctl.messages import t

_LANG = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
# A status's colour in the requirements table (the text on it is black: all are light).
STATUS_FILLS = {
    "met": "C6E0B4",
    "partial": "FFE699",
    "missing": "F4B183",
    "undocumented": "F4B183",
    "pending": "DEEBF7",
    "unassessable": "D9D9D9",
}

# What a message says for whoever edits the YAML, not for the council: a field name in brackets
# ("(plan.revision.next_review)", "(covers: goals)") and a clause with code or the format's own words.
_FIELD = re.compile(r"\s*\((?:covers:[^)]*|[a-z_]+(?:\.[a-z_]+)*(?::[^)]*)?)\)")
_FORMAT_WORDS = re.compile(
    r"`|\b(?:adopted|draft|adoption|covers|render|columns|units|measures|arenas|case_ref|next_review|"
    r"status:|state:|due:|levels:)\b"
)


def council_words(text: str) -> str:
    """A finding's or evidence's text as the council reads it: without field names in brackets and
    without the clauses (after «; ») that tell how to edit the plan's YAML."""
    text = _FIELD.sub("", text)
    clauses = text.split("; ")
    kept = [c for i, c in enumerate(clauses) if i == 0 or not _FORMAT_WORDS.search(c)]
    out = "; ".join(kept)
    if _FORMAT_WORDS.search(out):  # a first clause with code: its code spans and format words go
        out = re.sub(r"\s*`[^`]*`", "", out)
    return re.sub(r"\s+([,.;:])", r"\1", out).strip()


def render(report: ComplianceReport, *, template: Path | None = None) -> bytes:
    """The report as .docx bytes, on template (the plan's; None: the shipped one)."""
    return render_docx(report_layout(report), template)


def report_layout(report: ComplianceReport) -> Layout:
    lab = report.label
    heading = lab("report.heading", municipality=report.municipality)
    out: list[Element] = [
        ParaEl((Run(heading),), "title"),
        ParaEl((Run(report.title),), "subtitle"),
        ParaEl((Run(_assessed(report)),), "lead"),
        ParaEl((Run(summary(report)),)),
        ParaEl((Run(verdict(report), bold=True),)),
        HeadingEl(1, None, lab("report.requirements")),
        _requirements_table(report),
    ]
    for r in report.requirements:
        out.extend(_requirement(report, r))
    out.append(HeadingEl(1, None, lab("report.guidance")))
    if report.guidance:
        out.append(_guidance_table(report))
    else:
        out.append(ParaEl((Run(lab("report.no-guidance")),)))
    if report.other:
        out.append(HeadingEl(1, None, lab("report.other")))
        out.append(ListEl("bullet", tuple(ListEntry(_finding(report, f)) for f in report.other)))
    return Layout(_meta(report, heading), tuple(out))


def _assessed(report: ComplianceReport) -> str:
    return t(
        report.lang,
        "build.report.assessed",
        date=date_words(report.today, lambda k, **p: t(report.lang, k, **p)),
    )


def _requirements_table(report: ComplianceReport) -> TableEl:
    lab = report.label
    rows = tuple(
        (
            (Run(r.title),),
            (Run(status_label(report, r.status)),),
            (Run(report.basis_of(r.id)),),
            (Run(r.reference),),
        )
        for r in report.requirements
    )
    fills = tuple((None, STATUS_FILLS.get(r.status), None, None) for r in report.requirements)
    return TableEl(
        None,
        (
            lab("report.col.requirement"),
            lab("report.col.status"),
            lab("report.col.basis"),
            lab("report.col.reference"),
        ),
        rows,
        lab("report.requirements"),
        fills=fills,
    )


def _requirement(report: ComplianceReport, r: Requirement) -> list[Element]:
    lab = report.label
    out: list[Element] = [
        HeadingEl(2, None, f"{r.title}: {status_label(report, r.status)}"),
        QuoteEl((Run(r.words),), r.reference, None),
    ]
    for key, items in (
        ("report.evidence", [e for e in r.evidence if e.counts]),
        ("report.not-counted", [e for e in r.evidence if not e.counts]),
    ):
        if items:
            out.append(ParaEl((Run(lab(key) + ":", bold=True),), "lead"))
            entries = [ListEntry(_evidence(e)) for e in items[:EVIDENCE_SHOWN]]
            if len(items) > EVIDENCE_SHOWN:
                entries.append(ListEntry((Run(lab("report.more", count=len(items) - EVIDENCE_SHOWN)),)))
            out.append(ListEl("bullet", tuple(entries)))
    if r.blocked_by:
        out.append(ParaEl((Run(lab("report.blocked") + ":", bold=True),), "lead"))
        out.append(ListEl("bullet", tuple(ListEntry(_finding(report, f)) for f in r.blocked_by)))
    if r.findings:
        out.append(ParaEl((Run(t(report.lang, "build.report.findings") + ":", bold=True),), "lead"))
        out.append(ListEl("bullet", tuple(ListEntry(_finding(report, f)) for f in r.findings)))
    return out


def _evidence(e: EvidenceItem) -> tuple[Run, ...]:
    return (Run(council_words(e.text)),)


def _finding(report: ComplianceReport, f: Finding) -> tuple[Run, ...]:
    severity = t(report.lang, f"build.severity.{f.severity.value}")
    return (Run(severity + ": ", bold=True), Run(_sentence(council_words(f.message))))


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "»")) else text + "."


def _guidance_table(report: ComplianceReport) -> TableEl:
    lab = report.label
    rows = tuple(
        (
            (Run(report.basis_of(f.rule)),),
            (Run(_sentence(council_words(f.message))),),
            (Run(f.reference or ""),),
        )
        for f in report.guidance
    )
    return TableEl(
        None,
        (lab("report.col.basis"), lab("report.col.message"), t(report.lang, "build.report.source")),
        rows,
        lab("report.guidance"),
    )


def _meta(report: ComplianceReport, heading: str) -> Meta:
    day = _day(report.today)
    return Meta(
        title=heading,
        subject=report.title,
        author=report.municipality,
        language=_LANG.get(report.lang, "nb-NO"),
        lang=report.lang,
        created=datetime(day.year, day.month, day.day, tzinfo=UTC),
        header=f"{report.municipality} – {t(report.lang, 'build.report.header')}",
        draft=False,
        file_stem=f"{report.plan_id}-compliance",
        cover=False,
        keywords=tuple(t(report.lang, "build.report.keywords").split(";")),
    )


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return date(2000, 1, 1)
