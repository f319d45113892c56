"""The steps of `planctl build`: check the plan (refusing one with errors unless forced), lay it out,
write the document in the chosen format and, for Word, the compliance report beside it.

Imported by the build commands when they run, so that `planctl build --help` loads none of the core.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path

import click

from planctl.check.compliance import compliance_report
from planctl.check.findings import Finding, Severity
from planctl.check.pipeline import CheckResult, check_file, options_for
from planctl.check.run import collector_paused
from planctl.cli.options import notice, plan_language, use_color
from planctl.clock import build_date
from planctl.document.elements import Layout
from planctl.document.layout import layout
from planctl.errors import PlanctlError
from planctl.formats.compliance import FORMATS as COMPLIANCE_FORMATS
from planctl.formats.compliance.docx import render as render_compliance
from planctl.formats.document import FORMATS
from planctl.formats.findings import FORMATS as FINDINGS_FORMATS
from planctl.formats.findings import FindingsReport
from planctl.formats.output import make_folder, safe_stem, write_bytes_atomic, write_together
from planctl.load.sources import plan_file
from planctl.load.yamlsource import DEFAULT_LIMITS, Limits
from planctl.messages import current_language, t
from planctl.records import record
from planctl.soffice import Started, find_soffice, started


@record(frozen=True)
class Prepared:
    result: CheckResult
    layout: Layout
    lang: str
    today: date  # the build date: rules judge dates against it (--today, else SOURCE_DATE_EPOCH, else now)
    limits: Limits = DEFAULT_LIMITS  # planctl.toml's [limits] for the plan (layout-size: formats.word.pages)


def build_document(
    name: str,
    path: Path,
    output: Path,
    *,
    quiet: bool = False,
    force: bool,
    root: Path | None,
    lang: str | None,
    template: Path | None,
    today: date | None = None,
) -> None:
    """The document in format name (a key of formats.document.FORMATS) written to output: a folder (the
    file named after the plan, a name any file system takes), or a file name with the format's suffix;
    with docx, the compliance report beside it, the two committed together (formats.output.write_together:
    a failure changes neither)."""
    if name == "pdf" and find_soffice() is None:  # say so before any work is done
        raise PlanctlError(t(current_language(), "build.no-soffice"))
    with collector_paused():
        files, used_lang = _build(name, path, output, force, root, lang, template, today)
    _write(files, used_lang, quiet)


def _build(
    name: str,
    path: Path,
    output: Path,
    force: bool,
    root: Path | None,
    lang: str | None,
    template: Path | None,
    today: date | None,
) -> tuple[list[tuple[Path, bytes]], str]:
    """The files to write (the document, and for Word the compliance report) and the plan's language."""
    fmt = FORMATS[name]
    plan = plan_path(path)
    with _office_ahead(name, plan) as office:
        prepared = prepare(plan, root, lang, force, today)
        compliance = COMPLIANCE_FORMATS["docx"]
        stem = safe_stem(prepared.layout.meta.file_stem, reserve=len(compliance.suffix))
        target = output_file(output, fmt.suffix, stem)
        # docx: LibreOffice numbers the contents of a document up to [limits] layout-size
        sized = {"max_layout_bytes": prepared.limits.max_layout_bytes} if name == "docx" else {}
        ahead = {"office": office} if office is not None else {}
        data = fmt.load()(prepared.layout, template=template, notify=notice, **sized, **ahead)
    files = [(target, _bytes(data))]
    if name == "docx":
        report = compliance_report(prepared.result, lang=prepared.lang, today=prepared.today)
        beside = target.with_name(target.name.removesuffix(fmt.suffix) + compliance.suffix)
        data = render_compliance(report, template=template)  # the plan's template for both documents
        files.append((beside, _bytes(data)))
    return files, prepared.lang


def _office_ahead(name: str, plan: Path) -> AbstractContextManager[Started | None]:
    """For docx and pdf, LibreOffice started while the plan is checked and laid out, to count the
    contents' pages (formats.word.pages.office_ahead) or make the PDF once the document is written."""
    if name == "docx":
        # the Word writer, loaded by the docx build alone (FORMATS names it)
        from planctl.formats.word.pages import office_ahead

        return office_ahead(plan)
    return started() if name == "pdf" else nullcontext()


def plan_path(path: Path) -> Path:
    """A plan file as given, or the plan file of a plan folder (its plan.yaml)."""
    return plan_file(path) if path.is_dir() else path


def output_file(output: Path, suffix: str, stem: str) -> Path:
    """-o as the file to write: a name ending in the format's suffix (that is not a folder) is the file;
    anything else is the folder to write <stem><suffix> into."""
    if output.name.lower().endswith(suffix) and not output.is_dir():
        return output
    return output / f"{stem}{suffix}"


def prepare(
    path: Path, root: Path | None, lang: str | None, force: bool, today: date | None = None
) -> Prepared:
    """The checked plan and its layout; a plan with errors is refused (exit 1) unless forced (a draft).
    The errors, and the findings about what the document cannot show (BUILD-*), go to stderr."""
    day = build_date(today)
    options = options_for(path, root=root, lang=lang, today=day)
    result = check_file(path, options)
    used_lang = plan_language(lang, result.model.info.language if result.model is not None else result.lang)
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
    return Prepared(
        result, layout(result.model, lang=lang, draft=bool(errors)), used_lang, day, options.limits
    )


def _print_findings(result: CheckResult, findings: list[Finding]) -> None:
    report = FindingsReport(
        result.files, findings, [], use_color("auto", sys.stderr), result.lang, quiet=True
    )
    text = FINDINGS_FORMATS["text"].load()(report)
    click.echo(text, err=True, nl=False, color=True if report.color else None)


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _write(files: list[tuple[Path, bytes]], lang: str, quiet: bool) -> None:
    """The files written (their folder made when missing: -o names the folder the user asked for)."""
    make_folder(files[0][0].parent)
    if len(files) == 1:
        write_bytes_atomic(*files[0])
    else:
        write_together(files)
    if quiet:
        return
    for target, _ in files:
        click.echo(t(lang, "build.wrote", path=target))
