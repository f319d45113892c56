"""`planctl schema [--regional] [-o FILE]`"""

from __future__ import annotations

from pathlib import Path

import click

from planctl.cli.options import lang_option, output_option, quiet_option


@click.command()
@click.option("--regional", is_flag=True, help="The schema of regional files (planctl-regional/1).")
@output_option
@quiet_option
@lang_option
def schema(regional: bool, output: Path | None, quiet: bool, lang: str | None) -> None:
    """Write the JSON Schema of plan files (or, with --regional, of regional files) for editors: to
    standard output, or to -o FILE. Put `# yaml-language-server: $schema=FILE` on a plan's first line.
    A regional schema refers to plan.schema.json beside it: write both to one folder.
    """
    # loaded when the command runs (not for --help)
    from planctl.formats.output import emit
    from planctl.formats.skeleton import schema_text
    from planctl.messages import current_language, t

    emit(schema_text("regional" if regional else "plan"), output)
    if output is not None and not quiet:
        click.echo(t(current_language(), "cli.schema.wrote", path=output), err=True)
