"""`render: references`: the literature list, an entry a paragraph (the plan's own text where given)."""

from __future__ import annotations

from planctl.document.context import Context, select
from planctl.document.elements import Key, ParaEl
from planctl.document.inline import Run, text_of
from planctl.model.kinds import REFERENCE
from planctl.model.types import Reference, Render


def references(ctx: Context, r: Render, level: int) -> None:
    plan = ctx.plan
    shown = [x for x in (*plan.regional_references, *plan.references) if plan.reference(x.id) is x]
    for ref in select(r.ids, shown, plan.reference):
        ctx.place(REFERENCE, ref.id)
        owner = Key(REFERENCE.name, ref.id)
        if ref.text:
            ctx.para(ref.text, "reference", "text", owner=owner)
            continue
        runs = _entry(ref)
        if runs:
            ctx.emit(ParaEl(runs, "reference"), "text", owner=owner)


def _entry(ref: Reference) -> tuple[Run, ...]:
    """Author (year). *Title.* URL"""
    runs: list[Run] = []
    head = " ".join(x for x in (ref.author or "", f"({ref.year})." if ref.year else "") if x)
    if head:
        runs.append(Run(head + " "))
    if ref.title:
        runs.append(Run(text_of(ref.title) + ".", italic=True))
    if ref.url:
        runs.append(Run(" "))
        runs.append(Run(ref.url, url=ref.url))
    return tuple(runs)
