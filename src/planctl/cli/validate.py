"""`planctl validate PATH...`"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click

from planctl.cli.options import format_option, in_ci, lang_option, output_option, root_option, today_option
from planctl.formats.findings import FORMATS, FindingsReport


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(
    FORMATS,
    "Output format: text for people, json (planctl-findings/1), github annotations, sarif.",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@output_option
@click.option(
    "--skip-other-yaml",
    is_flag=True,
    help="Skip given YAML files that are not planctl files (for pre-commit, which passes all YAML).",
)
@root_option
@lang_option
@today_option
def validate(
    paths: tuple[Path, ...],
    fmt: str,
    strict: bool,
    output: Path | None,
    skip_other_yaml: bool,
    root: Path | None,
    lang: str | None,
    today: date | None,
) -> None:
    """Check plan files or folders: YAML, JSON Schema, integrity, legal and guidance rules.

    With no PATH, validates plans/. Exit 0 no errors; 1 errors (or warnings with --strict);
    2 usage error or unreadable input.
    """
    # The core is imported when the command runs: `planctl validate --help` loads none of it.
    from planctl.check.pipeline import exit_code
    from planctl.check.run import ValidationRun
    from planctl.formats.output import emit

    if not paths:
        if not Path("plans").is_dir():
            raise click.UsageError("no PATH given and there is no plans/ folder here")
        paths = (Path("plans"),)
    run = ValidationRun(list(paths), root=root, lang=lang, today=today, skip_other_yaml=skip_other_yaml)
    files = run.files()
    show_progress = sys.stderr.isatty() and not in_ci() and len(files) > 3
    for _ in _progress(run.run(), len(files), show_progress):
        pass
    color = fmt == "text" and output is None and sys.stdout.isatty()
    emit(FORMATS[fmt].load()(FindingsReport(run.checked, run.findings, run.errors, color)), output)
    sys.exit(2 if run.errors else exit_code(run.findings, strict=strict))


def _progress(items: Iterator[str], total: int, show: bool) -> Iterator[str]:
    if not show:
        yield from items
        return
    from rich.progress import Progress  # only on a terminal

    with Progress(transient=True) as progress:
        task = progress.add_task("validating", total=total)
        for item in items:
            progress.advance(task)
            yield item
