"""`planctl report PATH`: the § 15-1 compliance report, requirement by requirement."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from planctl.cli import options
from planctl.formats.compliance import FORMATS
from planctl.messages import current_language, t


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@options.format_option(
    FORMATS,
    "text for people, markdown, json (planctl-compliance/1) or docx (needs -o).",
)
@options.output_option
@options.today_option
@options.root_option
@options.lang_option
def report(
    path: Path, fmt: str, output: Path | None, today: date | None, root: Path | None, lang: str | None
) -> None:
    """Compliance report for one plan (a plan file or plan folder): each § 15-1 requirement met, partial,
    missing, pending adoption, undocumented or unassessable, with the law's words, the evidence (file and
    line) and what to do; then the guidance findings.

    Exit 0 no requirement missing, unassessable or with an error; 1 some are; 2 usage error or
    unreadable input.
    """
    # The core is imported when the command runs: `planctl report --help` loads none of it.
    from planctl.check.compliance import compliance_report
    from planctl.check.pipeline import check_file, options_for
    from planctl.cli.building import plan_path
    from planctl.clock import build_date
    from planctl.formats.output import emit

    options.require_output(FORMATS[fmt].binary, output, t(current_language(), "report.error.docx-output"))
    path = plan_path(path)
    day = build_date(today)
    result = check_file(path, options_for(path, root=root, lang=lang, today=day))
    chosen = options.plan_language(
        lang, result.model.info.language if result.model is not None else result.lang
    )
    rep = compliance_report(result, lang=chosen, today=day)
    emit(FORMATS[fmt].load()(rep), output)
    sys.exit(rep.exit_code())
