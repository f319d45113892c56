"""`planctl validate PATH...`"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from planctl.cli.options import (
    color_option,
    format_option,
    in_ci,
    lang_option,
    output_option,
    quiet_option,
    root_option,
    today_option,
    use_color,
)
from planctl.formats.findings import FORMATS


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(
    FORMATS,
    "text for people (path:line:col: severity RULE message, then a summary), path (the same lines "
    "only), json (planctl-findings/1), github annotations, sarif, gitlab (Code Quality).",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@output_option
@click.option(
    "--skip-other-yaml",
    is_flag=True,
    help="Skip given YAML files that are not planctl files (for pre-commit, which passes all YAML).",
)
@click.option(
    "--dependents",
    is_flag=True,
    help="Also check every plan (in the project) that includes a given regional file (for pre-commit, "
    "which passes only the changed files).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Leave out the findings this baseline file knows (fail only on new ones).",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write today's findings to this baseline file (and exit 0).",
)
@click.option(
    "--stdin-filename",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With `-`: the name to give standard input (and resolve its include from). Default: <stdin> "
    "in the working folder.",
)
@color_option
@quiet_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    envvar="PLANCTL_JOBS",
    show_envvar=True,
    help="Check files in up to N worker processes (default: one per CPU; 1: none), when there is much to "
    "read (about 4 MB a worker); the report is the same.",
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
    dependents: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    stdin_filename: Path | None,
    color: str,
    quiet: bool,
    jobs: int | None,
    root: Path | None,
    lang: str | None,
    today: date | None,
) -> None:
    """Check plan files or folders: YAML, JSON Schema, integrity, legal and guidance rules.

    With no PATH, validates the project's plans/ (found from any folder below the project root). `-`
    reads a plan from standard input. Exit 0 no errors; 1 errors (or warnings with --strict); 2 usage
    error or unreadable input.
    """
    # The core is imported when the command runs: `planctl validate --help` loads none of it.
    from planctl.cli.validating import Request, run_validation

    request = Request(
        paths=list(paths),
        fmt=fmt,
        strict=strict,
        output=output,
        skip_other_yaml=skip_other_yaml,
        dependents=dependents,
        baseline=baseline,
        write_baseline=write_baseline,
        stdin_name=stdin_filename,
        color=fmt == "text" and output is None and use_color(color),
        quiet=quiet,
        root=root,
        lang=lang,
        today=today,
        jobs=jobs,
        progress=not quiet and sys.stderr.isatty() and not in_ci(),
    )
    sys.exit(run_validation(request))
