"""`planctl build docx | pdf | markdown PATH`: the council document."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from planctl.cli.options import lang_option, root_option
from planctl.formats.document import FORMATS

if TYPE_CHECKING:
    from planctl.check.findings import Finding
    from planctl.check.pipeline import CheckResult
    from planctl.document.layout import Layout

F = TypeVar("F", bound=Callable[..., Any])


def _common(func: F) -> F:
    func = click.argument("path", type=click.Path(dir_okay=False, path_type=Path))(func)
    func = click.option(
        "-o",
        "--output-dir",
        "output_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Folder to write to; the file is named after the plan and version.",
    )(func)
    func = click.option(
        "--force",
        is_flag=True,
        help="Build even when the plan has errors; the document is marked as a draft (UTKAST).",
    )(func)
    func = root_option(func)
    func = lang_option(func)
    return func


template_option = click.option(
    "--template",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A .docx or .dotx whose styles the document uses (the municipality's own template).",
)


@click.group()
def build() -> None:
    """Build the council document: docx, pdf or markdown.

    \b
    Exit codes: 0 built; 1 refused because the plan has errors (--force builds a draft);
    2 usage error, unreadable input or missing LibreOffice (pdf).
    """


@build.command("docx")
@_common
@template_option
def build_docx(
    path: Path, output_dir: Path, force: bool, root: Path | None, lang: str | None, template: Path | None
) -> None:
    """The council document as Word (.docx), and the compliance report beside it."""
    prepared = _build("docx", path, output_dir, force=force, root=root, lang=lang, template=template)
    _compliance(prepared, output_dir)
    sys.exit(0)


@build.command("pdf")
@_common
@template_option
def build_pdf(
    path: Path, output_dir: Path, force: bool, root: Path | None, lang: str | None, template: Path | None
) -> None:
    """The council document as tagged PDF, through LibreOffice headless."""
    from planctl.errors import PlanctlError
    from planctl.formats.document.pdf import find_soffice
    from planctl.messages import t

    if find_soffice() is None:  # say so before any work is done
        raise PlanctlError(t(lang or "nb", "build.no-soffice"))
    _build("pdf", path, output_dir, force=force, root=root, lang=lang, template=template)
    sys.exit(0)


@build.command("markdown")
@_common
def build_markdown(path: Path, output_dir: Path, force: bool, root: Path | None, lang: str | None) -> None:
    """The council document as markdown, for web pages and review."""
    _build("markdown", path, output_dir, force=force, root=root, lang=lang, template=None)
    sys.exit(0)


# ---- the steps every build shares ------------------------------------------------------------------
# The core is imported when a build runs: `planctl build --help` loads none of it.


@dataclass
class _Prepared:
    result: CheckResult
    layout: Layout
    lang: str


def _build(
    name: str,
    path: Path,
    output_dir: Path,
    *,
    force: bool,
    root: Path | None,
    lang: str | None,
    template: Path | None,
) -> _Prepared:
    """Check the plan, lay it out and write the document in format name into output_dir."""
    fmt = FORMATS[name]
    prepared = _prepare(path, root, lang, force)
    target = output_dir / f"{prepared.layout.meta.file_stem}{fmt.suffix}"
    _write(target, fmt.load()(prepared.layout, template=template), prepared.lang)
    return prepared


def _prepare(path: Path, root: Path | None, lang: str | None, force: bool) -> _Prepared:
    """The checked plan and its layout; a plan with errors is refused (exit 1) unless forced (a draft)."""
    from planctl.check.findings import Severity
    from planctl.check.pipeline import check_file, options_for
    from planctl.document.layout import layout
    from planctl.messages import t

    result = check_file(path, options_for(path, root=root, lang=lang))
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
    return _Prepared(result, layout(result.model, lang=lang, draft=bool(errors)), used_lang)


def _print_findings(result: CheckResult, findings: list[Finding]) -> None:
    from planctl.formats.findings import FORMATS as FINDINGS
    from planctl.formats.findings import FindingsReport

    click.echo(FINDINGS["text"].load()(FindingsReport(result.files, findings, [], False)), err=True, nl=False)


def _compliance(prepared: _Prepared, output_dir: Path) -> None:
    """The compliance report beside the document."""
    from planctl.check.compliance import compliance_report
    from planctl.clock import build_date
    from planctl.formats.compliance import FORMATS as COMPLIANCE

    fmt = COMPLIANCE["docx"]
    report = compliance_report(prepared.result, lang=prepared.lang, today=build_date())
    _write(output_dir / f"{prepared.layout.meta.file_stem}{fmt.suffix}", fmt.load()(report), prepared.lang)


def _write(target: Path, data: str | bytes, lang: str) -> None:
    """data written to target (its folder made when missing: -o names the folder the user asked for)."""
    from planctl.formats.output import emit
    from planctl.messages import t

    emit(data, target, create_folder=True)
    click.echo(t(lang, "build.wrote", path=target))
