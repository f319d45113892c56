"""The builders of `render:` blocks, by the block's name: one per kind in the kinds table, and the
pyramid (a figure of the measures)."""

from __future__ import annotations

from collections.abc import Callable

from planctl.document import footnotes, goals, measures, pathway, pyramid, references, statistics, tables
from planctl.document.context import Context
from planctl.model.kinds import (
    AGREEMENT,
    ANNUAL_WHEEL,
    ARENA,
    FOOTNOTE,
    GOAL,
    MEASURE,
    PATHWAY,
    REFERENCE,
    STATISTICS,
    STRATEGY,
    UNIT,
)
from planctl.model.types import Render

Builder = Callable[[Context, Render, int], None]  # (context, block, heading level of the section)

RENDERS: dict[str, Builder] = {
    MEASURE.render: measures.measures,
    ARENA.render: tables.arenas,
    AGREEMENT.render: tables.agreements,
    UNIT.render: tables.units,
    ANNUAL_WHEEL.render: tables.annual_wheel,
    PATHWAY.render: pathway.pathways,
    STATISTICS.render: statistics.statistics,
    REFERENCE.render: references.references,
    GOAL.render: goals.goals,
    STRATEGY.render: goals.strategies,
    FOOTNOTE.render: footnotes.footnotes,
    "pyramid": pyramid.pyramid,
}


def render(ctx: Context, r: Render, level: int) -> None:
    """Lay out a render block (a figure the layout does not know is left out)."""
    builder = RENDERS.get(r.what)
    if builder is not None:
        builder(ctx, r, level)
