"""`planctl import FILE`"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planctl.cli.options import format_option, lang_option, quiet_option
from planctl.formats.imports import FORMATS


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output-dir",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write plan.yaml (and pictures) to.",
)
@click.option(
    "--regional",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A regional file (planctl-regional/1): matching text becomes `include: regional:<id>`.",
)
@click.option(
    "--municipality", default=None, help="The municipality's name (default: read from the document)."
)
@format_option(FORMATS, "The import report: text for people, json (planctl-import/1).")
@click.option("--force", is_flag=True, help="Overwrite an existing plan.yaml.")
@quiet_option
@lang_option
def import_(
    file: Path,
    output_dir: Path,
    regional: Path | None,
    municipality: str | None,
    fmt: str,
    force: bool,
    quiet: bool,
    lang: str | None,
) -> None:
    """Import a plan from Word (.docx; .odt/.doc/.rtf through LibreOffice) or markdown into
    OUTPUT_DIR/plan.yaml, and print the import report.

    Exit 0 imported; 2 unreadable input, an existing plan.yaml without --force, or usage error.
    Nothing is written when the input cannot be read.
    """
    # The importer is loaded when the command runs: `planctl import --help` loads none of it.
    from planctl.formats.imports.files import write
    from planctl.importer.run import Options, import_document
    from planctl.messages import current_language

    result = import_document(file, Options(output_dir, regional, municipality, lang))
    write(result, force=force, lang=current_language())
    if not quiet:
        click.echo(FORMATS[fmt].load()(result.report), nl=False)
    sys.exit(0)
