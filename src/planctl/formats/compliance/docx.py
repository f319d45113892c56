"""A short Word report for the council's case papers: real heading styles, a requirements table with its
header row marked (repeats on every page), evidence and what to do per requirement, then guidance.
Deterministic: fixed core properties, so the same input gives the same bytes."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from typing import Any

from planctl.check.compliance import ComplianceReport
from planctl.formats.compliance.common import status_label, summary, verdict, where
from planctl.xmltext import clean

_LANG = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def _mark_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _set_language(document: Any, lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_pr = document.styles["Normal"].element.get_or_add_rPr()
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), _LANG.get(lang, "nb-NO"))
    r_pr.append(el)


def _xml_safe(value: Any) -> Any:
    """The same value with every string stripped of characters XML cannot hold (the plan's text may
    carry control characters; BUILD-TEXT reports them, the document must still be written)."""
    if type(value) is str:
        return clean(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _xml_safe(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, (tuple, list)):
        return type(value)(_xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    return value


def render(report: ComplianceReport) -> bytes:
    report = _xml_safe(report)
    from docx import Document

    lab = report.label
    doc = Document()
    props = doc.core_properties
    props.title = lab("report.heading", municipality=report.municipality)
    props.subject = report.title
    props.language = _LANG.get(report.lang, "nb-NO")
    props.author = "planctl"
    props.last_modified_by = "planctl"
    fixed = datetime(2000, 1, 1, tzinfo=UTC)
    props.created = fixed
    props.modified = fixed
    props.revision = 1
    _set_language(doc, report.lang)

    doc.add_heading(lab("report.heading", municipality=report.municipality), level=0)
    doc.add_paragraph(f"{report.title} ({report.file})")
    doc.add_paragraph(lab("report.generated", date=report.today))

    doc.add_heading(lab("report.requirements"), level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    head = table.rows[0]
    for cell, text in zip(
        head.cells,
        (lab("report.col.requirement"), lab("report.col.status"), lab("report.col.reference")),
        strict=True,
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _mark_header(head)
    for r in report.requirements:
        cells = table.add_row().cells
        cells[0].text = f"{r.id}: {r.title}"
        cells[1].text = status_label(report, r.status)
        cells[2].text = r.reference

    for r in report.requirements:
        doc.add_heading(f"{r.title} ({status_label(report, r.status)})", level=2)
        doc.add_paragraph(r.words, style="Quote")
        doc.add_paragraph(r.reference)
        if r.evidence:
            doc.add_paragraph(lab("report.evidence"), style="Heading 3")
            for e in r.evidence:
                doc.add_paragraph(f"{e.text} ({where(e.file, e.line)})", style="List Bullet")
        for f in r.findings:
            doc.add_paragraph(
                f"{f.severity.value}: {f.message} ({where(f.file, f.line)})", style="List Bullet"
            )
        if r.todo:
            p = doc.add_paragraph()
            p.add_run(lab("report.todo") + ": ").bold = True
            p.add_run(r.todo)

    doc.add_heading(lab("report.guidance"), level=1)
    if report.guidance:
        gt = doc.add_table(rows=1, cols=3)
        gt.style = "Table Grid"
        for cell, text in zip(
            gt.rows[0].cells,
            (lab("report.col.rule"), lab("report.col.where"), lab("report.col.message")),
            strict=True,
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        _mark_header(gt.rows[0])
        for f in report.guidance:
            cells = gt.add_row().cells
            cells[0].text = f"{f.rule} ({f.severity.value})"
            cells[1].text = where(f.file, f.line)
            cells[2].text = f.message
    else:
        doc.add_paragraph(lab("report.no-guidance"))
    doc.add_paragraph(summary(report))
    doc.add_paragraph().add_run(verdict(report)).bold = True

    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps so equal input gives equal bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
