"""`render: pyramid`: the prevention pyramid, the number of measures on each level."""

from __future__ import annotations

from planctl.document.context import LEVELS, Context, colour
from planctl.document.elements import PyramidEl, PyramidLevel
from planctl.document.inline import text_of
from planctl.model.types import Render


def pyramid(ctx: Context, r: Render, level: int) -> None:
    labels = dict(r.group_labels)
    fills = dict(ctx.plan.document.level_colors)
    levels = []
    for lv in reversed(LEVELS):
        count = sum(1 for m in ctx.plan.measures if lv in m.levels)
        label = labels.get(lv) or ctx.m(f"build.pyramid.{lv}")
        levels.append(PyramidLevel(lv, label, count, colour(fills.get(lv))))
    caption = text_of(r.caption or r.title or "") or ctx.m("build.pyramid.caption")
    alt = (
        r.alt
        if r.alt
        else ctx.m(
            "build.pyramid.alt",
            levels="; ".join(p.label.replace("\n", " ") for p in levels),
            counts="; ".join(f"{p.label.splitlines()[-1]}: {p.count}" for p in levels),
        )
    )
    ctx.emit(PyramidEl(tuple(levels), caption, alt), "pyramid")
