"""`planctl build docx | pdf | markdown PATH`: the council document (PATH a plan file or plan folder)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from planctl.cli.options import lang_option, quiet_option, root_option, today_option
from planctl.errors import PlanctlError
from planctl.messages import current_language, t

F = TypeVar("F", bound=Callable[..., Any])


def _common(func: F) -> F:
    func = click.argument("path", type=click.Path(path_type=Path))(func)
    func = click.option(
        "-o",
        "--output",
        "--output-dir",
        "output",
        type=click.Path(path_type=Path),
        default=Path("."),
        show_default=True,
        help="A folder to write to (the file is named after the plan and version), or a file name "
        "ending in the format's suffix (.docx, .pdf, .md).",
    )(func)
    func = quiet_option(func)
    func = click.option(
        "--force",
        is_flag=True,
        help="Build even when the plan has errors; the document is marked as a draft (UTKAST).",
    )(func)
    func = root_option(func)
    func = lang_option(func)
    func = today_option(func)
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
    path: Path,
    output: Path,
    quiet: bool,
    force: bool,
    root: Path | None,
    lang: str | None,
    today: date | None,
    template: Path | None,
) -> None:
    """The council document as Word (.docx), and the compliance report beside it."""
    from planctl.cli.building import build_document  # the core, loaded when a build runs (not for --help)

    build_document(
        "docx", path, output, quiet=quiet, force=force, root=root, lang=lang, template=template, today=today
    )
    sys.exit(0)


@build.command("pdf")
@_common
@template_option
def build_pdf(
    path: Path,
    output: Path,
    quiet: bool,
    force: bool,
    root: Path | None,
    lang: str | None,
    today: date | None,
    template: Path | None,
) -> None:
    """The council document as tagged PDF, through LibreOffice headless."""
    from planctl.cli.building import build_document  # the core, loaded when a build runs (not for --help)
    from planctl.soffice import find_soffice

    if find_soffice() is None:  # say so before any work is done
        raise PlanctlError(t(current_language(), "build.no-soffice"))
    build_document(
        "pdf", path, output, quiet=quiet, force=force, root=root, lang=lang, template=template, today=today
    )
    sys.exit(0)


@build.command("markdown")
@_common
def build_markdown(
    path: Path,
    output: Path,
    quiet: bool,
    force: bool,
    root: Path | None,
    lang: str | None,
    today: date | None,
) -> None:
    """The council document as markdown, for web pages and review."""
    from planctl.cli.building import build_document  # the core, loaded when a build runs (not for --help)

    build_document(
        "markdown", path, output, quiet=quiet, force=force, root=root, lang=lang, template=None, today=today
    )
    sys.exit(0)
