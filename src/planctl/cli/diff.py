"""`planctl diff OLD NEW`"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planctl.cli.options import (
    color_option,
    format_option,
    lang_option,
    notice,
    output_option,
    plan_language,
    require_output,
    root_option,
    use_color,
)

# The kinds come from the diff core (dataclasses only; loads no document or terminal library).
from planctl.diff.entities import KINDS as _KINDS
from planctl.formats.diff import FORMATS

if TYPE_CHECKING:
    from planctl.soffice import Started


@click.command()
@click.argument("old")
@click.argument("new")
@format_option(
    FORMATS,
    "text for people, markdown for a merge-request comment, json (planctl-diff/1), docx (the new "
    "plan's council document with every change tracked; needs -o).",
)
@output_option
@click.option(
    "--exit-code", is_flag=True, help="Exit 1 when the plans differ, 0 when they are the same (as git)."
)
@click.option(
    "--only", "only", multiple=True, type=click.Choice(_KINDS), help="Only this kind of entity (repeatable)."
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="FIELD",
    help="Ignore this field, a dotted path such as status.label or status (repeatable).",
)
@click.option(
    "--as",
    "as_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Name both sides PATH and resolve their includes relative to it (for git's diff driver, "
    "which hands over temporary files).",
)
@color_option
@root_option
@lang_option
def diff(
    old: str,
    new: str,
    fmt: str,
    output: Path | None,
    exit_code: bool,
    only: tuple[str, ...],
    ignore: tuple[str, ...],
    as_path: Path | None,
    color: str,
    root: Path | None,
    lang: str | None,
) -> None:
    """What changed between two revisions of a plan.

    OLD and NEW are plan files, plan folders (their plan.yaml), or git revisions written REV:PATH
    (e.g. HEAD~1:plans/x/plan.yaml), read with git without checking anything out. Entities are matched by
    kind and ID; prose is compared word by word.

    Exit 0; with --exit-code 0 same, 1 different; 2 usage error or unreadable input.
    """
    # The core is imported when the command runs: `planctl diff --help` loads none of it.
    from planctl.diff.engine import DiffOptions, diff_plans
    from planctl.diff.sides import load_side
    from planctl.formats.output import emit
    from planctl.messages import current_language, t

    early_lang = current_language()
    require_output(FORMATS[fmt].binary, output, t(early_lang, "diff.error.docx-output"))
    # LibreOffice for the redline's pages starts now, while the plans are read and compared; it is ended
    # when the command ends (click closes the resources of the command's context, also on sys.exit)
    office = click.get_current_context().with_resource(_redline_office(fmt, new))
    label = str(as_path) if as_path is not None else None
    # Each side's file text and source map (positions of every key and value: tens of bytes of memory per
    # byte of YAML) are let go as soon as they are used: only the models and labels go on to the diff.
    old_side = load_side(old, root=root, lang=early_lang, as_path=as_path, label=label)
    old_model, old_label = old_side.model, old_side.label
    del old_side
    new_side = load_side(new, root=root, lang=early_lang, as_path=as_path, label=label)
    new_model, new_label, max_layout_bytes = new_side.model, new_side.label, new_side.limits.max_layout_bytes
    chosen = plan_language(lang, new_model.info.language)
    draft = False
    if fmt == "docx":  # the redline is marked UTKAST when the new plan has errors, as its council document
        from planctl.formats.diff.docx import new_plan_has_errors

        draft = new_plan_has_errors(new_side.sources, root=root, lang=chosen)
    del new_side
    result = diff_plans(
        old_model,
        new_model,
        old_label=old_label,
        new_label=new_label,
        options=DiffOptions(frozenset(only), tuple(ignore)),
    )
    colored = fmt == "text" and output is None and use_color(color)
    if fmt == "docx":  # the Word writer is loaded only for the redline
        from planctl.formats.diff.docx import render_docx

        redline = render_docx(
            result, chosen, draft=draft, notify=notice, max_layout_bytes=max_layout_bytes, office=office
        )
        emit(redline, output)
    else:
        emit(FORMATS[fmt].load()(result, chosen, color=colored), output, color=colored)
    sys.exit(1 if exit_code and not result.empty else 0)


def _redline_office(fmt: str, new: str) -> AbstractContextManager[Started | None]:
    """For the redline, LibreOffice started while the plans are read and compared, to count its
    contents' pages (formats.word.pages.office_ahead)."""
    if fmt != "docx":
        return nullcontext()
    # the Word writer and the loader, loaded when the redline is made: `planctl diff --help` loads neither
    from planctl.formats.word.pages import office_ahead
    from planctl.load.sources import plan_file

    given = Path(new)  # (a git revision REV:PATH names no file here: its size is not known)
    return office_ahead(plan_file(given) if given.is_dir() else given if given.is_file() else None)
