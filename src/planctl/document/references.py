"""`render: references`: the literature list, an entry a paragraph (the plan's own text where given)."""

from __future__ import annotations

from planctl.document.context import Context
from planctl.document.elements import Key, ParaEl
from planctl.document.inline import Run, text_of
from planctl.model import placement
from planctl.model.kinds import REFERENCE
from planctl.model.types import Reference, Render


def references(ctx: Context, r: Render, level: int) -> None:
    for ref in placement.chosen(ctx.plan, r):
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
