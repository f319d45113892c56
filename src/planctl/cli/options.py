"""Options and checks shared by several commands."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

lang_option = click.option(
    "--lang",
    type=click.Choice(["nb", "nn", "en"]),
    default=None,
    help="Language of messages and documents (default: the plan's `language`).",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder that includes must stay inside (default: nearest folder with "
    "planctl.toml, else the plan's folder's parent).",
)


def format_option(formats: Iterable[str], help: str) -> Callable[[F], F]:
    """--format, one of a registry's keys (text by default)."""
    return click.option(
        "--format", "fmt", type=click.Choice(list(formats)), default="text", show_default=True, help=help
    )


def require_output(binary: bool, output: Path | None, message: str) -> None:
    """A format that writes a file (bytes) needs -o: a usage error (exit 2) before any work is done."""
    if binary and output is None:
        raise click.UsageError(message)


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


today_option = click.option(
    "--today",
    default=None,
    callback=_parse_today,
    metavar="YYYY-MM-DD",
    help="Judge dates (overdue measures, an ended period, a passed review) as of this day; "
    "default SOURCE_DATE_EPOCH, else the system clock.",
)


def in_ci() -> bool:
    return bool(os.environ.get("CI")) or bool(os.environ.get("GITHUB_ACTIONS"))
