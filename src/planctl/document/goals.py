"""`render: goals` and `render: strategies`: main goals as bold paragraphs with their sub-goals listed
under them; strategies as a lead line and their text."""

from __future__ import annotations

from dataclasses import replace

from planctl.document.context import Context
from planctl.document.elements import Key, ListEl, ListEntry, ParaEl
from planctl.document.inline import Run, text_of
from planctl.model import placement
from planctl.model.kinds import GOAL, STRATEGY
from planctl.model.types import Render


def goals(ctx: Context, r: Render, level: int) -> None:
    subs: list[ListEntry] = []

    def flush() -> None:
        if subs:
            ctx.emit(ListEl("bullet", tuple(subs)))
            subs.clear()

    for g in placement.chosen(ctx.plan, r):
        lead = (Run(text_of(g.label) + " "),) if g.label else ()
        body = tuple(replace(run, bold=True) if g.kind == "main" else run for run in ctx.runs(g.text))
        if g.kind == "main":
            flush()
            ctx.emit(ParaEl((*lead, *body), "body"), "text", owner=Key(GOAL.name, g.id))
        else:
            subs.append(ListEntry((*lead, *body)))
    flush()


def strategies(ctx: Context, r: Render, level: int) -> None:
    for s in placement.chosen(ctx.plan, r):
        owner = Key(STRATEGY.name, s.id)
        title = f"{s.number} {text_of(s.title)}" if s.number else text_of(s.title)
        ctx.emit(ParaEl((Run(title, bold=True),), "lead"), "title", owner=owner)
        ctx.para(s.text, part="text", owner=owner)
