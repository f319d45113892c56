"""The steps of `planctl build`: check the plan (refusing one with errors unless forced), lay it out,
write the document in the chosen format and, for Word, the compliance report beside it.

Imported by the build commands when they run, so that `planctl build --help` loads none of the core.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from planctl.check.compliance import compliance_report
from planctl.check.findings import Finding, Severity
from planctl.check.pipeline import CheckResult, check_file, options_for
from planctl.clock import build_date
from planctl.document.elements import Layout
from planctl.document.layout import layout
from planctl.formats.compliance import FORMATS as COMPLIANCE_FORMATS
from planctl.formats.document import FORMATS
from planctl.formats.findings import FORMATS as FINDINGS_FORMATS
from planctl.formats.findings import FindingsReport
from planctl.formats.output import emit
from planctl.messages import t


@dataclass(frozen=True)
class Prepared:
    result: CheckResult
    layout: Layout
    lang: str
    today: date  # the build date: rules judge dates against it (--today, else SOURCE_DATE_EPOCH, else now)


def build_document(
    name: str,
    path: Path,
    output_dir: Path,
    *,
    force: bool,
    root: Path | None,
    lang: str | None,
    template: Path | None,
    today: date | None = None,
) -> None:
    """The document in format name (a key of formats.document.FORMATS) written into output_dir, named
    after the plan; with docx, the compliance report beside it."""
    fmt = FORMATS[name]
    prepared = prepare(path, root, lang, force, today)
    stem = prepared.layout.meta.file_stem
    _write(output_dir / f"{stem}{fmt.suffix}", fmt.load()(prepared.layout, template=template), prepared.lang)
    if name == "docx":
        compliance = COMPLIANCE_FORMATS["docx"]
        report = compliance_report(prepared.result, lang=prepared.lang, today=prepared.today)
        _write(output_dir / f"{stem}{compliance.suffix}", compliance.load()(report), prepared.lang)


def prepare(
    path: Path, root: Path | None, lang: str | None, force: bool, today: date | None = None
) -> Prepared:
    """The checked plan and its layout; a plan with errors is refused (exit 1) unless forced (a draft).
    The errors, and the findings about what the document cannot show (BUILD-*), go to stderr."""
    day = build_date(today)
    result = check_file(path, options_for(path, root=root, lang=lang, today=day))
    used_lang = lang or (result.model.info.language if result.model is not None else "nb")
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    if result.model is None:
        _print_findings(result, errors or result.findings)
        click.echo(f"planctl: {t(used_lang, 'build.invalid')}", err=True)
        sys.exit(1)
    if errors and not force:
        _print_findings(result, errors)
        click.echo(f"planctl: {t(used_lang, 'build.refused', errors=len(errors))}", err=True)
        sys.exit(1)
    shown = [f for f in result.findings if f.severity == Severity.ERROR or f.rule.startswith("BUILD-")]
    if shown:
        _print_findings(result, shown)
    return Prepared(result, layout(result.model, lang=lang, draft=bool(errors)), used_lang, day)


def _print_findings(result: CheckResult, findings: list[Finding]) -> None:
    text = FINDINGS_FORMATS["text"].load()(FindingsReport(result.files, findings, [], False))
    click.echo(text, err=True, nl=False)


def _write(target: Path, data: str | bytes, lang: str) -> None:
    """data written to target (its folder made when missing: -o names the folder the user asked for)."""
    emit(data, target, create_folder=True)
    click.echo(t(lang, "build.wrote", path=target))
