"""The chapters of a plan without a `document` tree: one for each kind of entry it has, in the default
order (`planctl.model.placement.default_chapters`), titled in the document's language."""

from __future__ import annotations

from planctl.document.context import Context
from planctl.model.placement import default_chapters
from planctl.model.types import Loc, Section


def default_sections(ctx: Context) -> tuple[Section, ...]:
    loc = Loc(ctx.plan.file, "/document")
    return tuple(
        Section(
            id=key,
            title=ctx.m(f"build.section.{key}"),
            number=None,
            kind=None,
            unnumbered=False,
            covers=(),
            blocks=renders,
            children=(),
            origin="plan",
            loc=loc,
        )
        for key, renders in default_chapters(ctx.plan)
    )
