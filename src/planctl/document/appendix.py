"""The chapters of a plan without a `document` tree, and the automatic appendix: every registry entry that
no block placed is printed there, so nothing in the plan is lost."""

from __future__ import annotations

from planctl.document.context import Context
from planctl.document.elements import Key, PageBreakEl
from planctl.document.footnotes import flush_notes
from planctl.document.renders import render
from planctl.model.kinds import DOCUMENT_ORDER, Kind
from planctl.model.types import Block, Entry, Loc, Render, Section

AUTO = Key("appendix", "auto")


def default_sections(ctx: Context) -> tuple[Section, ...]:
    """The default order: goals and strategies, units, measures, arenas and agreements, pathways, annual
    wheel, statistics, references; a chapter only for what the plan has."""
    plan = ctx.plan

    def block(what: str, ids: tuple[str, ...] | None = None, group_by: str | None = None) -> Render:
        return _synthetic(plan.file, what, ids=ids, group_by=group_by)

    spec: list[tuple[str, list[Render]]] = []
    if plan.goals or plan.strategies:
        spec.append(("goals", [block("goals")] + ([block("strategies")] if plan.strategies else [])))
    if plan.units:
        spec.append(("units", [block("units", ids=tuple(u.id for u in plan.units))]))
    if plan.measures:
        spec.append(("measures", [block("pyramid"), block("measures", group_by="level")]))
    if plan.arenas or plan.agreements:
        spec.append(("arenas", [block("arenas")] + ([block("agreements")] if plan.agreements else [])))
    if plan.pathways:
        spec.append(("pathways", [block("pathway")]))
    if plan.annual_wheel:
        spec.append(("annual_wheel", [block("annual_wheel")]))
    if plan.statistics:
        spec.append(("statistics", [block("statistics", ids=tuple(s.id for s in plan.statistics))]))
    if plan.references:
        spec.append(("references", [block("references", ids=tuple(x.id for x in plan.references))]))
    return tuple(
        _section(plan.file, key, ctx.m(f"build.section.{key}"), tuple(blocks)) for key, blocks in spec
    )


def auto_appendix(ctx: Context) -> None:
    """The appendix of the entries no block placed, by kind in the document's order."""
    missing: list[tuple[Kind, tuple[str, ...]]] = []
    for kind in DOCUMENT_ORDER:
        own: tuple[Entry, ...] = getattr(ctx.plan, kind.registry)
        placed = ctx.placed.get(kind.name, set())
        ids = tuple(e.id for e in own if e.id not in placed)
        if ids:
            missing.append((kind, ids))
    if not missing:
        return
    flush_notes(ctx)
    ctx.emit(PageBreakEl())
    with ctx.owning(AUTO):
        ctx.heading(1, None, ctx.m("build.appendix.auto"), "title")
        ctx.para(ctx.m("build.appendix.auto.intro"), part="intro")
        for kind, ids in missing:
            ctx.heading(2, None, ctx.m(kind.title), f"{kind.registry}.title")
            block = _synthetic(
                ctx.plan.file,
                kind.render,
                ids=ids,
                group_by=kind.appendix_group_by,
                columns=kind.appendix_columns,
            )
            render(ctx, block, 2)
        flush_notes(ctx)


def _synthetic(
    file: str,
    what: str,
    *,
    ids: tuple[str, ...] | None = None,
    group_by: str | None = None,
    columns: tuple[str, ...] | None = None,
) -> Render:
    """A render block the layout adds itself (it has no place in the plan's YAML)."""
    return Render(
        what=what,
        ids=ids,
        levels=None,
        scope=None,
        group_by=group_by,
        columns=columns,
        labels=(),
        group_labels=(),
        title=None,
        caption=None,
        alt=None,
        loc=Loc(file, "/document"),
    )


def _section(file: str, key: str, title: str, blocks: tuple[Block, ...]) -> Section:
    return Section(
        id=key,
        title=title,
        number=None,
        kind=None,
        unnumbered=False,
        covers=(),
        blocks=blocks,
        children=(),
        origin="plan",
        loc=Loc(file, "/document"),
    )
