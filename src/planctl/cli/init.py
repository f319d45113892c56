"""`planctl init DIR`"""

from __future__ import annotations

from pathlib import Path

import click

from planctl.cli.options import lang_option, quiet_option


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--municipality", default=None, help="The municipality's name (default: «Eksempel kommune»).")
@click.option("--id", "plan_id", default=None, help="Plan id (a lowercase slug; default from the name).")
@quiet_option
@lang_option
def init(folder: Path, municipality: str | None, plan_id: str | None, quiet: bool, lang: str | None) -> None:
    """Write FOLDER/plan.yaml, a commented plan skeleton that validates (in --lang: nb, nn or en), and
    FOLDER/plan.schema.json, which its first line names for editors. Never overwrites a plan."""
    # loaded when the command runs (not for --help)
    from planctl.formats.skeleton import init_plan
    from planctl.messages import current_language, t

    chosen = current_language()
    name = municipality or ("Example municipality" if chosen == "en" else "Eksempel kommune")
    target, schema = init_plan(folder, name, plan_id, lang=chosen)
    if not quiet:
        click.echo(t(chosen, "cli.init.wrote", path=target, schema=schema))
        click.echo(t(chosen, "cli.init.next", path=target))
