"""`planctl init DIR`"""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--municipality", default="Eksempel kommune", show_default=True, help="The municipality's name."
)
@click.option("--id", "plan_id", default=None, help="Plan id (a lowercase slug; default from the name).")
def init(folder: Path, municipality: str, plan_id: str | None) -> None:
    """Write FOLDER/plan.yaml: a commented plan skeleton that validates. Never overwrites."""
    from planctl.formats.skeleton import init_plan  # loaded when the command runs (not for --help)

    target = init_plan(folder, municipality, plan_id)
    click.echo(f"wrote {target}; next: planctl validate {target}")
