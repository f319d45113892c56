"""What several rule families ask of a plan's model: which sections cover a topic, which units are the
municipality's own, which blocks render what, which statistics the plan uses, and every text it prints
with where that text comes from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from planctl.model.types import (
    Block,
    Heading,
    Include,
    ListBlock,
    ListItem,
    Loc,
    Paragraph,
    Plan,
    Quote,
    Render,
    Section,
    Statistic,
    Table,
    Unit,
)


def covering(plan: Plan, topic: str) -> list[Section]:
    return [s for s in plan.document.sections() if topic in s.covers]


def is_municipal(unit: Unit | None) -> bool:
    return unit is not None and unit.municipal and unit.kind != "external"


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, Include):
            yield from walk_blocks(block.blocks)


def renders(plan: Plan, what: str) -> Iterator[Render]:
    for section in plan.document.sections():
        for block in walk_blocks(section.blocks):
            if isinstance(block, Render) and block.what == what:
                yield block


def used_statistics(plan: Plan) -> list[Statistic]:
    """The plan's own statistics plus the regional tables its document renders."""
    out = list(plan.statistics)
    seen = {s.id for s in out}
    for render in renders(plan, "statistics"):
        for ref in render.ids or ():
            stat = plan.statistic(ref)
            if stat is not None and stat.id not in seen and stat.origin == "regional":
                seen.add(stat.id)
                out.append(stat)
    return out


# ---- text of the plan, with where each piece comes from ---------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    loc: Loc
    suffix: str  # pointer below loc ("" = loc itself)
    origin: str  # "plan" | "regional"


def _items(items: tuple[ListItem, ...]) -> Iterator[str]:
    for item in items:
        yield item.text
        yield from _items(item.items)


def _block_texts(blocks: tuple[object, ...], origin: str) -> Iterator[Text]:
    for block in blocks:
        if isinstance(block, Paragraph | Heading | Quote):
            yield Text(block.text, block.loc, "", origin)
        elif isinstance(block, ListBlock):
            for text in _items(block.items):
                yield Text(text, block.loc, "", origin)
        elif isinstance(block, Table):
            for cell in (block.caption or "", *block.columns, *(c for row in block.rows for c in row)):
                yield Text(cell, block.loc, "", origin)
        elif isinstance(block, Include):
            yield from _block_texts(block.blocks, "regional")


def _section_texts(section: Section) -> Iterator[Text]:
    yield Text(section.title, section.loc, "/title", section.origin)
    yield from _block_texts(section.blocks, section.origin)


def plan_texts(plan: Plan) -> Iterator[Text]:
    """Every text the plan prints: its registries, its document (with included regional blocks and
    sections) and the regional units its document renders (a regional partner's description is text
    of this plan only where a `render: units` block prints it, not where the unit is merely named)."""
    printed = {i.removeprefix("regional:") for r in renders(plan, "units") for i in (r.ids or ())}
    for u in (*plan.units, *(u for u in plan.regional_units if u.id in printed)):
        for suffix, value in (("/mandate", u.mandate), ("/description", u.description)):
            if value:
                yield Text(value, u.loc, suffix, u.origin)
    for g in plan.goals:
        yield Text(g.text, g.loc, "/text", "plan")
    for s in plan.strategies:
        if s.text:
            yield Text(s.text, s.loc, "/text", "plan")
    for m in plan.measures:
        for suffix, value in (
            ("/description", m.description),
            ("/details", m.details),
            ("/evaluation", m.evaluation),
            ("/status/label", m.status.label if m.status else None),
        ):
            if value:
                yield Text(value, m.loc, suffix, "plan")
        for i, link in enumerate(m.links):
            yield Text(link.url, m.loc, f"/links/{i}", "plan")
    for a in plan.arenas:
        if a.purpose:
            yield Text(a.purpose, a.loc, "/purpose", "plan")
    for ag in plan.agreements:
        if ag.description:
            yield Text(ag.description, ag.loc, "/description", "plan")
    for pw in plan.pathways:
        if pw.intro:
            yield Text(pw.intro, pw.loc, "/intro", "plan")
        for step in pw.steps:
            for suffix, value in (("/action", step.action), ("/note", step.note)):
                if value:
                    yield Text(value, step.loc, suffix, "plan")
    for item in plan.annual_wheel:
        if item.description:
            yield Text(item.description, item.loc, "/description", "plan")
    for ref in plan.references:
        for suffix, value in (("/text", ref.text), ("/url", ref.url)):
            if value:
                yield Text(value, ref.loc, suffix, "plan")
    for fn in plan.footnotes:
        yield Text(fn.text, fn.loc, "/text", "plan")
    for section in plan.document.sections():
        yield from _section_texts(section)
