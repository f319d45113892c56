"""planctl's own figures read back: the prevention pyramid and the action pathway, which the council
document draws as layout tables (no grid), become `render: pyramid` and a `pathways` entry again."""

from __future__ import annotations

import re
from typing import Any

from planctl.importer.context import Context, where
from planctl.importer.grid import cell_plain, cell_runs, grid_row
from planctl.importer.inline import to_text
from planctl.importer.tree import Cell, Para, Table
from planctl.messages import LANGUAGES, t

_LEVEL_ORDER = ("indicated", "selective", "universal")  # from the top of the pyramid


def _count_pattern() -> re.Pattern[str]:
    forms = {
        re.escape(t(lang, "build.pyramid.count", n="\0")).replace("\\\0", r"\d+").replace("\0", r"\d+")
        for lang in LANGUAGES
    }
    return re.compile("^(?:" + "|".join(sorted(forms)) + ")$")


def as_pyramid(table: Table) -> dict[str, Any] | None:
    if table.grid or len(table.rows) != 3:
        return None
    pattern = _count_pattern()
    labels: dict[str, str] = {}
    for level, row in zip(_LEVEL_ORDER, table.rows, strict=True):
        texts = [cell_plain(c) for c in row.cells if cell_plain(c)]
        if len(texts) != 1:
            return None
        lines = texts[0].split("\n")
        if len(lines) < 2 or not pattern.match(lines[-1].strip()):
            return None
        labels[level] = "\n".join(lines[:-1])
    return {"render": "pyramid", "group_labels": labels}


def as_pathway(table: Table, caption: str | None, ctx: Context) -> dict[str, Any] | None:
    """The pathway drawn by planctl: numbered step rows (number, box, note) with arrow rows between."""
    if table.grid or not table.rows or len(table.rows) % 2 == 0:
        return None
    actors_words = {t(lang, "build.pathway.actors") for lang in LANGUAGES}
    arena_words = {t(lang, "build.pathway.arena") for lang in LANGUAGES}
    steps: list[dict[str, Any]] = []
    for i, row in enumerate(table.rows):
        cells = grid_row(row, 3)
        if i % 2 == 1:
            if any(cell_plain(c) not in ("", "▼") for c in cells):
                return None
            continue
        if table.width != 3 or cell_plain(cells[0]) != str(i // 2 + 1):
            return None
        step = _step(cells[1], cells[2], actors_words, arena_words, ctx, table.pos)
        if step is None:
            return None
        steps.append(step)
    if not steps:
        return None
    title = caption or ctx.m("import.pathway.title")
    pathway: dict[str, Any] = {
        "id": ctx.new_id("pathways", title, "handlingsforlop"),
        "title": title,
        "steps": steps,
    }
    ctx.registries["pathways"].append(pathway)
    ctx.report.add(
        "pathway", where(table=table.pos), f"/pathways/{len(ctx.registries['pathways']) - 1}", title
    )
    return {"render": "pathway", "ids": [pathway["id"]]}


def _step(
    box: Cell | None, note: Cell | None, actors_words: set[str], arena_words: set[str], ctx: Context, pos: int
) -> dict[str, Any] | None:
    paras = [b for b in (box.blocks if box else []) if isinstance(b, Para) and b.runs]
    if not paras or not all(r.bold for r in paras[0].runs if r.text.strip()):
        return None
    step: dict[str, Any] = {"title": paras[0].plain}
    actions: list[str] = []
    for para in paras[1:]:
        head = para.runs[0].text.strip() if para.runs and para.runs[0].bold else ""
        label = head.rstrip(":").strip()
        rest = para.text[len(para.runs[0].text) :].strip() if head else ""
        if label in actors_words:
            names = [n.strip() for n in rest.split(", ") if n.strip()]
            step["actors"] = [ctx.units.add(n, where=pos) for n in names]
        elif label in arena_words:
            step["arena"] = _arena_id(rest, ctx)
        else:
            actions.append(to_text(para.runs, ctx.note_id))
    if actions:
        step["action"] = "\n".join(actions)
    note_text = to_text([r for r in cell_runs(note)], ctx.note_id).strip() if note else ""
    if note_text:
        step["note"] = (
            note_text.replace("*", "") if note_text.startswith("*") and note_text.endswith("*") else note_text
        )
    order = ("title", "action", "actors", "arena", "note")
    return {k: step[k] for k in order if k in step}


def _arena_id(name: str, ctx: Context) -> str:
    for arena in ctx.registries["arenas"]:
        if arena.get("name") == name:
            return str(arena["id"])
    arena = {"id": ctx.new_id("arenas", name, "arena"), "name": name}
    ctx.registries["arenas"].append(arena)
    return str(arena["id"])
