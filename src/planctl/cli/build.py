"""`planctl build docx | pdf | markdown PATH`: the council document (PATH a plan file or plan folder)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from planctl.cli.options import lang_option, quiet_option, root_option, today_option

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


def _command(name: str, doc: str, *, template: bool) -> None:
    """`planctl build NAME`: the council document in the format NAME (a key of formats.document.FORMATS)."""

    def run(
        path: Path,
        output: Path,
        quiet: bool,
        force: bool,
        root: Path | None,
        lang: str | None,
        today: date | None,
        template: Path | None = None,
    ) -> None:
        from planctl.cli.building import build_document  # the core, loaded when a build runs (not for --help)

        build_document(
            name, path, output, quiet=quiet, force=force, root=root, lang=lang, template=template, today=today
        )
        sys.exit(0)

    run.__doc__ = doc
    command = _common(run)
    build.command(name)(template_option(command) if template else command)


_command("docx", "The council document as Word (.docx), and the compliance report beside it.", template=True)
_command("pdf", "The council document as tagged PDF, through LibreOffice headless.", template=True)
_command("markdown", "The council document as markdown, for web pages and review.", template=False)
