"""`render: arenas | agreements | units | annual_wheel`: a table with one entry a row, and the cells of
every such table (measures too): a column's heading and way of printing come from the kinds table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, assert_never

from planctl.document.context import Context, lines, text
from planctl.document.elements import Key
from planctl.document.inline import Inline, Run, text_of
from planctl.model import placement
from planctl.model.kinds import AGREEMENT, ANNUAL_WHEEL, ARENA, UNIT, Cell, Kind
from planctl.model.types import AnnualWheelItem, Arena, Render

# A kind's own way of printing a column (Cell.OWN): column -> entry -> cell.
OwnCells = dict[str, Callable[[Any], Inline]]


def cell(ctx: Context, kind: Kind, column: str, entry: Any, own: OwnCells | None = None) -> Inline:
    """The cell of entry in column (empty for a column the kind does not know)."""
    spec = kind.column(column)
    if spec is None:
        return ()
    if spec.cell is Cell.OWN:
        return own[column](entry) if own and column in own else ()
    value = getattr(entry, column)
    if spec.cell is Cell.TEXT:
        return ctx.runs(value)
    if spec.cell is Cell.PLAIN:
        return text(value or "")
    if spec.cell is Cell.UNITS:
        return lines(ctx.unit_names(value))
    if spec.cell is Cell.CHOICE:
        return text(ctx.m(spec.choices + value) if value else "")
    if spec.cell is Cell.STATUS:
        return text(ctx.state(value))
    if spec.cell is Cell.LINK:
        return (Run(value, url=value),) if value else ()
    assert_never(spec.cell)


def header(ctx: Context, kind: Kind, r: Render, columns: Sequence[str]) -> tuple[str, ...]:
    """Column headings: the plan's own (`labels:`), else the kind's, else the field name."""
    out = []
    for c in columns:
        label = kind.heading(c)
        out.append(r.label(c, ctx.m(label) if label is not None else c))
    return tuple(out)


def entity_table(
    ctx: Context, kind: Kind, r: Render, entries: Sequence[Any], own: OwnCells | None = None
) -> None:
    """One table, one entry a row (nothing when there is no entry)."""
    if not entries:
        return
    columns = placement.columns(kind, r)
    rows = [tuple(cell(ctx, kind, c, entry, own) for c in columns) for entry in entries]
    caption = text_of(r.title) if r.title else None
    ctx.table(
        caption,
        header(ctx, kind, r, columns),
        tuple(rows),
        caption or ctx.m(kind.title),
        r.what,
        tuple(Key(kind.name, e.id) for e in entries),
    )


def arenas(ctx: Context, r: Render, level: int) -> None:
    def participants(a: Arena) -> Inline:
        return (
            ctx.runs(a.participants_label) if a.participants_label else lines(ctx.unit_names(a.participants))
        )

    entity_table(ctx, ARENA, r, placement.chosen(ctx.plan, r), {"participants": participants})


def agreements(ctx: Context, r: Render, level: int) -> None:
    entity_table(ctx, AGREEMENT, r, placement.chosen(ctx.plan, r))


def units(ctx: Context, r: Render, level: int) -> None:
    chosen = placement.chosen(ctx.plan, r)
    if r.columns == ("description",):  # partner paragraphs, e.g. a partner appendix
        for u in chosen:
            ctx.para(u.description or f"**{u.name}**", part="text", owner=Key(UNIT.name, u.id))
        return
    entity_table(ctx, UNIT, r, chosen)


def annual_wheel(ctx: Context, r: Render, level: int) -> None:
    months = ctx.m("build.months").split(",")

    def month(w: AnnualWheelItem) -> Inline:
        return text(months[w.month - 1] if w.month else "")

    entity_table(ctx, ANNUAL_WHEEL, r, placement.chosen(ctx.plan, r), {"month": month})
