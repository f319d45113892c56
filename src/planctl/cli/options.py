"""Options and checks shared by several commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from planctl.messages import LANGUAGES, current_language, t, use_language

F = TypeVar("F", bound=Callable[..., Any])


def _use_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    use_language(value)  # from here on, messages (click's too) are in this language
    return value


lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    is_eager=True,
    callback=_use_lang,
    help="Language of messages and documents (default: the plan's `language`, else LANG).",
)
color_option = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in terminal output; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it).",
)
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print only what is wrong (no summary, progress or 'wrote' lines)."
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write to this file (atomically; a regular file only) instead of standard output; - is "
    "standard output.",
)
root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder that includes must stay inside (default: nearest folder with "
    "planctl.toml, else the plan's own folder).",
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
        raise click.BadParameter(t(current_language(), "cli.bad-date")) from None


today_option = click.option(
    "--today",
    default=None,
    callback=_parse_today,
    metavar="YYYY-MM-DD",
    help="Judge dates (overdue measures, an ended period, a passed review) as of this day; "
    "default SOURCE_DATE_EPOCH, else the system clock.",
)


def use_color(choice: str, stream: IO[str] | None = None) -> bool:
    """--color: always or never as said; auto: NO_COLOR (https://no-color.org) turns colour off, then
    FORCE_COLOR turns it on, else colour only when the stream is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream if stream is not None else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def plan_language(lang: str | None, plan_lang: str | None) -> str:
    """The language of what a command prints: --lang, else the plan's `language`, else LANG."""
    chosen = lang or (plan_lang if plan_lang in LANGUAGES else None)
    use_language(chosen)
    return current_language()


def in_ci() -> bool:
    return bool(os.environ.get("CI")) or bool(os.environ.get("GITHUB_ACTIONS"))


def notice(message: str) -> None:
    """What a document lacks that a fuller installation would give (page numbers without LibreOffice),
    on standard error: the document itself may be on standard output."""
    click.echo(f"planctl: {message}", err=True)
