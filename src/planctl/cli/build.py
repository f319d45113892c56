"""`planctl build docx | pdf | markdown PATH`: the council document."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from planctl.cli.options import lang_option, root_option

if TYPE_CHECKING:
    from planctl.check.pipeline import CheckResult
    from planctl.document.layout import Layout

F = TypeVar("F", bound=Callable[..., Any])


def _common(func: F) -> F:
    func = click.argument("path", type=click.Path(dir_okay=False, path_type=Path))(func)
    func = click.option("-o", "--output-dir", "output_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("."), show_default=True,
                        help="Folder to write to; the file is named after the plan and version.")(func)
    func = click.option("--force", is_flag=True,
                        help="Build even when the plan has errors; the document is marked as a draft (UTKAST).")(func)
    func = root_option(func)
    func = lang_option(func)
    return func


template_option = click.option(
    "--template", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
    help="A .docx or .dotx whose styles the document uses (the municipality's own template).")


@click.group()
def build() -> None:
    """Build the council document: docx, pdf or markdown.

    \b
    Exit codes: 0 built; 1 refused because the plan has errors (--force builds a draft);
    2 usage error, unreadable input or missing LibreOffice (pdf).
    """


@dataclass
class _Prepared:
    result: CheckResult
    layout: Layout
    lang: str


def _prepare(path: Path, root: Path | None, lang: str | None, force: bool) -> _Prepared:
    from planctl.check.findings import Severity
    from planctl.check.pipeline import CheckOptions, check_file
    from planctl.check.rules import registry
    from planctl.document.layout import layout
    from planctl.load.config import config_for
    from planctl.messages import t

    options = CheckOptions(root=root, config=config_for(path, root, registry().ids()), lang=lang)
    result = check_file(path, options)
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


def _print_findings(result: CheckResult, findings: list[Any]) -> None:
    from planctl.formats.findings import REPORTERS, FindingsReport

    click.echo(REPORTERS["text"](FindingsReport(result.files, findings, [], False)), err=True, nl=False)


def _write(target: Path, data: bytes, lang: str) -> None:
    from planctl.formats.output import write_bytes_atomic
    from planctl.messages import t

    try:  # -o names the folder the user asked for: create it (only it and its missing parents)
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from planctl.errors import PlanctlError

        raise PlanctlError(f"cannot create the output folder: {exc.strerror or exc}",
                           file=str(target.parent)) from None
    write_bytes_atomic(target, data)
    click.echo(t(lang, "build.wrote", path=target))


def _docx_bytes(prepared: _Prepared, template: Path | None) -> bytes:
    from planctl.formats.word.writer import render_docx

    return render_docx(prepared.layout, template)


@build.command("docx")
@_common
@template_option
def build_docx(path: Path, output_dir: Path, force: bool, root: Path | None, lang: str | None,
               template: Path | None) -> None:
    """The council document as Word (.docx), and the compliance report beside it."""
    prepared = _prepare(path, root, lang, force)
    stem = prepared.layout.meta.file_stem
    _write(output_dir / f"{stem}.docx", _docx_bytes(prepared, template), prepared.lang)
    _compliance(prepared, output_dir / f"{stem}-compliance.docx")
    sys.exit(0)


@build.command("pdf")
@_common
@template_option
def build_pdf(path: Path, output_dir: Path, force: bool, root: Path | None, lang: str | None,
              template: Path | None) -> None:
    """The council document as tagged PDF, through LibreOffice headless."""
    from planctl.errors import PlanctlError
    from planctl.formats.document.pdf import docx_to_pdf, find_soffice
    from planctl.messages import t

    if find_soffice() is None:  # say so before any work is done
        raise PlanctlError(t(lang or "nb", "build.no-soffice"))
    prepared = _prepare(path, root, lang, force)
    stem = prepared.layout.meta.file_stem
    pdf = docx_to_pdf(_docx_bytes(prepared, template), stem, prepared.lang)
    _write(output_dir / f"{stem}.pdf", pdf, prepared.lang)
    sys.exit(0)


@build.command("markdown")
@_common
def build_markdown(path: Path, output_dir: Path, force: bool, root: Path | None, lang: str | None) -> None:
    """The council document as markdown, for web pages and review."""
    from planctl.formats.document.markdown import render_markdown

    prepared = _prepare(path, root, lang, force)
    stem = prepared.layout.meta.file_stem
    _write(output_dir / f"{stem}.md", render_markdown(prepared.layout).encode("utf-8"), prepared.lang)
    sys.exit(0)


def _compliance(prepared: _Prepared, target: Path) -> None:
    """The compliance report beside the document."""
    from planctl.check.compliance import compliance_report
    from planctl.clock import build_date
    from planctl.formats.compliance import write_compliance_docx
    from planctl.messages import t

    report = compliance_report(prepared.result, lang=prepared.lang, today=build_date())
    write_compliance_docx(report, target)
    click.echo(t(prepared.lang, "build.wrote", path=target))
