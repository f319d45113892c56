"""`planctl report PATH`: the § 15-1 compliance report, requirement by requirement."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from planctl.cli.options import format_option, lang_option, output_option, require_output, root_option
from planctl.formats.compliance import FORMATS


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@format_option(
    FORMATS,
    "text for people, markdown, json (planctl-compliance/1) or docx (needs -o).",
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
    # The core is imported when the command runs: `planctl report --help` loads none of it.
    from planctl.check.compliance import compliance_report
    from planctl.check.pipeline import check_file, options_for
    from planctl.clock import build_date
    from planctl.formats.output import emit
    from planctl.messages import t

    require_output(FORMATS[fmt].binary, output, t(lang or "nb", "report.error.docx-output"))
    if path.is_dir():
        raise click.UsageError(f"{path} is a folder; give the plan file (report takes one plan)")
    day = build_date(today)
    result = check_file(path, options_for(path, root=root, lang=lang, today=day))
    chosen = lang or (result.model.info.language if result.model is not None else "nb")
    if chosen not in ("nb", "nn", "en"):
        chosen = "nb"
    rep = compliance_report(result, lang=chosen, today=day)
    emit(FORMATS[fmt].load()(rep), output)
    sys.exit(rep.exit_code())
