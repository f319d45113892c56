"""A short Word report for the council's case papers: real heading styles, a requirements table with its
header row marked (repeats on every page), evidence and what to do per requirement, then guidance.
Written by the one Word writer (`planctl.formats.word`) on python-docx's own template. Deterministic:
fixed core properties, so the same input gives the same bytes."""

from __future__ import annotations

from datetime import UTC, datetime

from planctl.check.compliance import ComplianceReport
from planctl.formats.compliance.common import evidence_line, status_label, summary, verdict, where
from planctl.formats.word import elements as x
from planctl.formats.word.elements import BOLD, Grid
from planctl.formats.word.package import PYTHON_DOCX_TEMPLATE, Package
from planctl.formats.word.parts import set_normal_language, set_properties

_LANG = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_FIXED = datetime(2000, 1, 1, tzinfo=UTC)


class _Report:
    """The report's body, paragraph by paragraph, in python-docx's template styles."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.blocks: list[x.Element] = []

    def para(self, text: str = "", style: str | None = None) -> x.Element:
        p = x.text_paragraph(text, self.package.styles.id(style) if style else None)
        self.blocks.append(p)
        return p

    def table(self, header: tuple[str, str, str], rows: list[tuple[str, str, str]]) -> None:
        cell_width = self.package.default_cell_width(3)
        grid = Grid(
            (cell_width,) * 3,
            cell_width,
            style=self.package.styles.id("Table Grid", kind="table"),
            fixed=False,
        )
        tbl = x.table(grid)
        x.text_cells(tbl, grid, header, font=BOLD, header=True, lead=True)
        for values in rows:
            x.text_cells(tbl, grid, values)
        self.blocks.append(tbl)


def render(report: ComplianceReport) -> bytes:
    lab = report.label
    package = Package.open(PYTHON_DOCX_TEMPLATE, keep_body=True)
    heading = lab("report.heading", municipality=report.municipality)
    language = _LANG.get(report.lang, "nb-NO")
    set_properties(
        package,
        title=heading,
        subject=report.title,
        language=language,
        author="planctl",
        last_modified_by="planctl",
        created=_FIXED,
        modified=_FIXED,
        revision=1,
    )
    set_normal_language(package, language)

    doc = _Report(package)
    doc.para(heading, "Title")
    doc.para(f"{report.title} ({report.file})")
    doc.para(lab("report.generated", date=report.today))

    doc.para(lab("report.requirements"), "Heading 1")
    doc.table(
        (lab("report.col.requirement"), lab("report.col.status"), lab("report.col.reference")),
        [(f"{r.id}: {r.title}", status_label(report, r.status), r.reference) for r in report.requirements],
    )
    for r in report.requirements:
        doc.para(f"{r.title} ({status_label(report, r.status)})", "Heading 2")
        doc.para(r.words, "Quote")
        doc.para(r.reference)
        if r.evidence:
            doc.para(lab("report.evidence"), "Heading 3")
            for e in r.evidence:
                doc.para(evidence_line(e), "List Bullet")
        for f in r.findings:
            doc.para(f"{f.severity.value}: {f.message} ({where(f.file, f.line)})", "List Bullet")
        if r.todo:
            p = doc.para()
            x.run(p, lab("report.todo") + ": ", BOLD)
            x.run(p, r.todo)

    doc.para(lab("report.guidance"), "Heading 1")
    if report.guidance:
        doc.table(
            (lab("report.col.rule"), lab("report.col.where"), lab("report.col.message")),
            [(f"{f.rule} ({f.severity.value})", where(f.file, f.line), f.message) for f in report.guidance],
        )
    else:
        doc.para(lab("report.no-guidance"))
    doc.para(summary(report))
    x.run(doc.para(), verdict(report), BOLD)

    package.append(doc.blocks)
    return package.save(date=_ZIP_DATE)
