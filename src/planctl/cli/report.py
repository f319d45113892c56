"""`planctl report PATH`: the § 15-1 compliance report, requirement by requirement."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from planctl.cli.options import lang_option, output_option, root_option

_FORMATS = ("text", "markdown", "json", "docx")


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default="text",
    show_default=True,
    help="text for people, markdown, json (planctl-compliance/1) or docx (needs -o).",
)
@output_option
@click.option(
    "--today",
    default=None,
    callback=_parse_date,
    hidden=True,
    help="Judge dates as of this day (YYYY-MM-DD); for reproducible reports.",
)
@root_option
@lang_option
def report(
    path: Path, fmt: str, output: Path | None, today: date | None, root: Path | None, lang: str | None
) -> None:
    """Compliance report for one plan: each § 15-1 requirement met, partial, missing or pending adoption,
    with the law's words, the evidence (file and line) and what to do; then the guidance findings.

    Exit 0 all legal requirements met or pending adoption; 1 some missing (or partial with an error);
    2 usage error or unreadable input.
    """
    from planctl.check.compliance import compliance_report
    from planctl.check.pipeline import CheckOptions, check_file
    from planctl.check.rules import registry
    from planctl.clock import build_date
    from planctl.load.config import config_for

    if fmt == "docx" and output is None:
        raise click.UsageError("--format docx needs -o FILE")
    if path.is_dir():
        raise click.UsageError(f"{path} is a folder; give the plan file (report takes one plan)")
    day = build_date(today)
    options = CheckOptions(root=root, config=config_for(path, root, registry().ids()), lang=lang, today=day)
    result = check_file(path, options)
    chosen = lang or (result.model.info.language if result.model is not None else "nb")
    if chosen not in ("nb", "nn", "en"):
        chosen = "nb"
    rep = compliance_report(result, lang=chosen, today=day)
    if fmt == "docx":
        from planctl.formats.compliance import write_compliance_docx

        assert output is not None
        write_compliance_docx(rep, output)
    else:
        from planctl.formats.compliance import TEXT_FORMATS

        text = TEXT_FORMATS[fmt](rep)
        if output is not None:
            from planctl.formats.output import write_text_atomic

            write_text_atomic(output, text)
        else:
            click.echo(text, nl=False)
    sys.exit(rep.exit_code())
