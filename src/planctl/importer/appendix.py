"""planctl's automatic appendix («Øvrige opplysninger i planen») read back into the registries it shows
(goals, strategies, units, arenas, agreements ...), without placing them: a rebuild makes the same
appendix again from the registries."""

from __future__ import annotations

import re
from typing import Any

from planctl.importer.body import Body
from planctl.importer.context import Context, where
from planctl.importer.frame import words
from planctl.importer.grid import norm
from planctl.importer.inline import to_text
from planctl.importer.tree import Block, Para

_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*\.?)\s+(\S.*)$")


def read(blocks: list[Block], ctx: Context) -> None:
    goals_titles = words("build.section.goals")
    strategy_titles = words("build.section.strategies")
    parts: list[tuple[str, list[Block]]] = []
    current = ("", [])  # type: tuple[str, list[Block]]
    for b in blocks:
        if isinstance(b, Para) and b.role == "heading":
            parts.append(current)
            current = (norm(b.plain), [])
            continue
        current[1].append(b)
    parts.append(current)
    rest: list[Block] = []
    for title, content in parts:
        if title in goals_titles:
            _goals(content, ctx)
        elif title in strategy_titles:
            _strategies(content, ctx)
        else:
            rest.extend(content)
    Body(ctx, place=False).convert(rest)


def _goals(blocks: list[Block], ctx: Context) -> None:
    for b in blocks:
        if not isinstance(b, Para) or not b.runs:
            continue
        kind = "sub" if b.role == "list" else "main"
        bold_from = next((i for i, r in enumerate(b.runs) if r.bold and r.text.strip()), None)
        goal: dict[str, Any] = {
            "id": ctx.new_id("goals", "hovedmal" if kind == "main" else b.plain[:40], "mal"),
            "kind": kind,
        }
        if kind == "main" and bold_from:
            goal["label"] = "".join(r.text for r in b.runs[:bold_from]).strip()
            goal["text"] = to_text(b.runs[bold_from:], ctx.note_id).strip().strip("*").strip()
        else:
            goal["text"] = (
                to_text(b.runs, ctx.note_id).strip().strip("*").strip()
                if kind == "main"
                else to_text(b.runs, ctx.note_id).strip()
            )
        ctx.registries["goals"].append(goal)
        ctx.report.add("goal", where(b.pos), f"/goals/{len(ctx.registries['goals']) - 1}", b.plain)


def _strategies(blocks: list[Block], ctx: Context) -> None:
    paras = [b for b in blocks if isinstance(b, Para) and b.runs]
    i = 0
    while i < len(paras):
        p = paras[i]
        if all(r.bold for r in p.runs if r.text.strip()):
            strategy: dict[str, Any] = {"id": "", "title": p.plain}
            m = _NUMBERED.match(p.plain)
            if m:
                strategy["title"] = m.group(2)
            strategy["id"] = ctx.new_id("strategies", strategy["title"], "strategi")
            if i + 1 < len(paras) and not all(r.bold for r in paras[i + 1].runs if r.text.strip()):
                strategy["text"] = to_text(paras[i + 1].runs, ctx.note_id).strip()
                i += 1
            if m:
                strategy["number"] = m.group(1)
            ctx.registries["strategies"].append(strategy)
            ctx.report.add(
                "strategy", where(p.pos), f"/strategies/{len(ctx.registries['strategies']) - 1}", p.plain
            )
        i += 1
