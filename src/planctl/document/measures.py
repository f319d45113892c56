"""`render: measures`: the measures as tables, filtered by level or scope and grouped under headings."""

from __future__ import annotations

from planctl.document.context import LEVELS, SCOPES, Context, colour, lines, text
from planctl.document.elements import Key
from planctl.document.inline import Inline, Run, text_of
from planctl.document.tables import OwnCells, cell, header
from planctl.model import placement
from planctl.model.kinds import MEASURE
from planctl.model.types import Measure, Render

Group = tuple[str | None, str, list[Measure]]  # key (None: no grouping), heading, measures


def measures(ctx: Context, r: Render, level: int) -> None:
    chosen: list[Measure] = placement.chosen(ctx.plan, r)
    columns = placement.columns(MEASURE, r)
    head = header(ctx, MEASURE, r, columns)
    own = _own_cells(ctx)
    if r.title:
        ctx.para(r.title, "caption", "measures.caption")
    fills = dict(ctx.plan.document.level_colors) if r.group_by == "level" else {}
    for key, label, items in _groups(ctx, chosen, r):
        if key is not None:
            ctx.heading(level + 1, None, label, f"measures.{key}.title")
        rows = tuple(tuple(cell(ctx, MEASURE, c, m, own) for c in columns) for m in items)
        alt = label or text_of(r.title or "") or ctx.m(MEASURE.title)
        row_keys = tuple(Key(MEASURE.name, m.id) for m in items)
        fill = colour(fills.get(key or ""))
        ctx.table(None, head, rows, alt, f"measures.{key}", row_keys, fill=fill)


def _groups(ctx: Context, measures: list[Measure], r: Render) -> list[Group]:
    """The measures under their headings: by prevention level or by scope, the rest last."""
    labels = dict(r.group_labels)
    if r.group_by == "level":
        keys = [lv for lv in LEVELS if r.levels is None or lv in r.levels]
        out: list[Group] = []
        for lv in keys:
            items = [m for m in measures if lv in m.levels]
            if items:
                out.append((lv, text_of(labels.get(lv, ctx.m(f"build.level.{lv}"))), items))
        rest = [m for m in measures if not set(m.levels) & set(LEVELS)]
        if rest:
            out.append(("none", text_of(labels.get("none", ctx.m("build.level.none"))), rest))
        return out
    if r.group_by == "scope":
        out = []
        for sc in SCOPES:
            items = [m for m in measures if m.scope == sc]
            if items:
                out.append((sc, text_of(labels.get(sc, ctx.m(f"build.scope.{sc}"))), items))
        rest = [m for m in measures if m.scope not in SCOPES]
        if rest:
            out.append(("none", text_of(labels.get("none", ctx.m("build.scope.none"))), rest))
        return out
    return [(None, "", measures)] if measures else []


def _own_cells(ctx: Context) -> OwnCells:
    goals = {g.id: g for g in ctx.plan.goals}

    def levels(m: Measure) -> Inline:
        return text(", ".join(ctx.m(f"build.level.short.{lv}") for lv in m.levels if lv in LEVELS))

    def responsible(m: Measure) -> Inline:
        if m.responsible_label is not None:
            return ctx.runs(m.responsible_label)
        return lines(ctx.unit_names(m.responsible))

    def goal_texts(m: Measure) -> Inline:
        return lines([text_of(goals[g].text) if g in goals else g for g in m.goals])

    def links(m: Measure) -> Inline:
        out: list[Run] = []
        for i, link in enumerate(m.links):
            if i:
                out.append(Run("", brk=True))
            out.append(Run(link.text or link.url, url=link.url))
        return tuple(out)

    return {"levels": levels, "responsible": responsible, "goals": goal_texts, "links": links}
