"""`render: pathway`: each action pathway as its intro, a figure of numbered steps and its URL."""

from __future__ import annotations

from planctl.document.context import Context
from planctl.document.elements import Key, ParaEl, PathwayEl, PathwayStepEl
from planctl.document.inline import Run, plain, text_of
from planctl.model import placement
from planctl.model.kinds import PATHWAY
from planctl.model.types import Pathway, Render


def pathways(ctx: Context, r: Render, level: int) -> None:
    for p in placement.chosen(ctx.plan, r):
        owner = Key(PATHWAY.name, p.id)
        ctx.para(p.intro, part="intro", owner=owner)
        steps = _steps(ctx, p)
        caption = text_of(r.caption or r.title or "") or text_of(p.title)
        alt = (
            r.alt
            if r.alt
            else ctx.m(
                "build.pathway.alt",
                title=text_of(p.title),
                steps=" → ".join(f"{s.number}. {s.title}: {plain(s.action)}" for s in steps),
            )
        )
        ctx.emit(PathwayEl(text_of(p.title), steps, caption, alt), "figure", owner=owner)
        if p.url:
            ctx.emit(ParaEl((Run(p.url, url=p.url),), "source"), "url", owner=owner)


def _steps(ctx: Context, p: Pathway) -> tuple[PathwayStepEl, ...]:
    arenas = {a.id: a for a in ctx.plan.arenas}
    steps = []
    for i, s in enumerate(p.steps, start=1):
        arena = arenas.get(s.arena) if s.arena else None
        steps.append(
            PathwayStepEl(
                i,
                text_of(s.title),
                ctx.runs(s.action),
                ", ".join(ctx.unit_names(s.actors)),
                text_of(arena.name) if arena else s.arena or "",
                ctx.runs(s.note),
            )
        )
    return tuple(steps)
