"""The planctl command line: a thin, lazily loaded click group.

Subcommands live in their own modules under planctl.cli and are imported only when run, so that
`planctl --help` starts fast. Domain errors (PlanctlError) become one line on stderr and exit 2.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from planctl import DISTRIBUTION
from planctl.cli import clicktext
from planctl.errors import PlanctlError
from planctl.messages import LANGUAGES, current_language, t, use_language

# name -> (module, attribute, short help); the help text is here so --help imports nothing else.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": (
        "planctl.cli.validate",
        "validate",
        "Check plan files: YAML, schema, integrity, law and guidance.",
    ),
    "report": ("planctl.cli.report", "report", "Compliance report, requirement by requirement (§ 15-1)."),
    "build": ("planctl.cli.build", "build", "Build the council document: docx, pdf or markdown."),
    "diff": ("planctl.cli.diff", "diff", "What changed between two revisions of a plan."),
    "rules": ("planctl.cli.rules", "rules", "List the rule catalogue with legal references."),
    "explain": ("planctl.cli.rules", "explain", "Explain one rule."),
    "init": ("planctl.cli.init", "init", "Write a new plan skeleton that validates."),
    "import": ("planctl.cli.import_", "import_", "Import a Word or markdown plan into a plan source."),
    "schema": ("planctl.cli.schema", "schema", "Write the JSON Schema for editors."),
}

clicktext.install()  # click's usage errors and help headings in the chosen language


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        command: click.Command = getattr(importlib.import_module(entry[0]), entry[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section(clicktext.translate("Commands")):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=DISTRIBUTION, prog_name="planctl")
def cli() -> None:
    """planctl: the municipality's plan for preventive child-welfare work (barnevernsloven § 15-1)
    as YAML in git, checked in CI and built into the document the municipal council adopts.

    \b
    Exit codes: 0 ok; 1 findings (errors, or warnings with --strict) / missing requirements /
    refused build / differences with --exit-code; 2 usage error or unreadable input.
    """


def requested_language(argv: list[str]) -> str | None:
    """The --lang given on the command line, read before click parses it (so that click's own usage
    errors, which can come before --lang is parsed, are in that language too)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            return value
    return None


def _fail(key: str, code: int, **params: object) -> None:
    click.echo(f"planctl: {t(current_language(), key, **params)}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    use_language(requested_language(args))
    try:
        cli.main(args=args, prog_name="planctl", standalone_mode=False)
    except PlanctlError as exc:
        click.echo(f"planctl: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("cli.aborted", 2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except KeyboardInterrupt:
        _fail("cli.interrupted", 130)
    except RecursionError:
        _fail("cli.too-deep", 2)
    except MemoryError:
        _fail("cli.out-of-memory", 2)
    except SystemExit:
        raise
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # last resort: one line, never a traceback (PLANCTL_DEBUG=1 shows it)
        if os.environ.get("PLANCTL_DEBUG"):
            raise
        _fail("cli.internal", 2, error=f"{type(exc).__name__}: {exc}")
