"""The planctl command line: a thin, lazily loaded click group.

Subcommands live in their own modules under planctl.cli and are imported only when run, so that
`planctl --help` starts fast. Domain errors (PlanctlError) become one line on stderr and exit 2.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
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
        rows = [(name, clicktext.help_text(COMMANDS[name][2]) or "") for name in self.list_commands(ctx)]
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


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: raised where the command is, so that every `finally` and context
    manager on the way out runs (temporary files and LibreOffice's folders are removed) before exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def main(argv: list[str] | None = None) -> None:
    # A plan is read into many small objects that live until the command exits; at Python's default
    # thresholds the cyclic collector rescans them again and again, a quarter of `validate` and `diff` of a
    # 20,000-measure plan, and more per measure the larger the plan (benchmarks/RESULTS.md).
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                previous[number] = signal.signal(number, _terminate)
            except ValueError:  # not the main thread: signals stay as they are
                break
    try:
        _run(sys.argv[1:] if argv is None else argv)
    finally:  # main() called in a longer-lived process (tests) leaves its signal handlers and the
        # collector's thresholds as they were
        for number, handler in previous.items():
            signal.signal(number, handler)
        gc.set_threshold(*thresholds)


def _run(args: list[str]) -> None:
    use_language(requested_language(args))
    try:
        cli.main(args=args, prog_name="planctl", standalone_mode=False)
    except Terminated as exc:
        _fail("cli.terminated", 128 + exc.signum, signal=signal.Signals(exc.signum).name)
    except PlanctlError as exc:
        click.echo(f"planctl: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click's wording of Ctrl-C
            _fail("cli.interrupted", 130)
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
    except BrokenPipeError:  # the reader went away (`planctl validate | head -1`): nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    except SystemExit:
        raise
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # last resort: one line, never a traceback (PLANCTL_DEBUG=1 shows it)
        if os.environ.get("PLANCTL_DEBUG"):
            raise
        text = " ".join(str(exc).split())
        text = text if len(text) <= 300 else text[:299] + "…"
        _fail("cli.internal", 2, error=f"{type(exc).__name__}: {text}")
