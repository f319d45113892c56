"""Headings into the `document` tree: sections nested by heading level, the plan's own numbers kept as
`number` («1.», «9.4.1», «1)»), parts («DEL 2») and appendices («VEDLEGG 1», and what follows them) marked,
and what each section covers guessed from its title."""

from __future__ import annotations

import re
from typing import Any

from planctl.importer.body import Item
from planctl.importer.context import Context

_COVERS = (
    ("goals", re.compile(r"\bmål\b|målsetting|visjon|\bgoals?\b|\bmål og")),
    ("organisation", re.compile(r"organiser|mandat|ansvar|rolle|nettverk|ledelse|leiing|organisation")),
    ("division", re.compile(r"fordeling|tiltaksoversikt|handlingsplan|tiltak\b|division")),
    (
        "collaboration",
        re.compile(r"samarbeid|samhandling|arena|samordning|tverrfagleg|tverrfaglig|collaborat"),
    ),
    ("participation", re.compile(r"medvirkning|involvering|ungdomsråd|participation")),
    ("knowledge", re.compile(r"utfordring|kunnskap|statistikk|levekår|folkehelse|tilstand|knowledge")),
    ("evaluation", re.compile(r"evaluering|rullering|revisjon|kvalitetssikring|årshjul|evaluation")),
)
_TAIL = re.compile(
    r"^(litteratur|litteraturliste|referanser|kilder|kjelder|references|bibliography)\b", re.IGNORECASE
)


def build(items: list[Item], ctx: Context) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(body, appendices) of the document."""
    body: list[dict[str, Any]] = []
    appendices: list[dict[str, Any]] = []
    levels = [i.level for i in items if i.kind == "heading"]
    top = min(levels) if levels else 1
    stack: list[tuple[int, dict[str, Any]]] = []
    in_appendix = False
    run_in = _run_in_headings(items)
    for n, item in enumerate(items):
        if item.kind == "block" and item.level and stack:
            # an included block that starts with a heading at this level: it belongs where its heading does
            while len(stack) > 1 and stack[-1][0] >= item.level:
                stack.pop()
        if n in run_in and stack:
            while len(stack) > 1 and stack[-1][0] >= item.level:
                stack.pop()
            block: dict[str, Any] = {"heading": item.text}
            if item.level - stack[-1][0] > 1:
                block["level"] = min(item.level - stack[-1][0], 3)
            stack[-1][1].setdefault("blocks", []).append(block)
            ctx.report.add("section", item.where, "", item.text)
            continue
        if item.kind == "block":
            if not stack:
                section = _section(ctx, ctx.m("import.section.untitled"), None)
                ctx.report.add(
                    "section", item.where, "", section["title"], detail=("import.detail.untitled", {})
                )
                body.append(section)
                stack.append((top, section))
            stack[-1][1].setdefault("blocks", []).append(item.block)
            continue
        level = max(item.level, top)
        while stack and stack[-1][0] >= level:
            stack.pop()
        section = _section(ctx, item.title, item.number)
        if item.part:
            section["kind"] = "part"
        ctx.report.add("section", item.where, "", item.text)
        if not stack:
            if (
                item.appendix
                or (in_appendix and not item.part)
                or (appendices and _TAIL.match(item.title))
                or (_TAIL.match(item.title) and body)
            ):
                in_appendix = True
                section["kind"] = "appendix"
                appendices.append(section)
            else:
                body.append(section)
        else:
            stack[-1][1].setdefault("children", []).append(section)
        stack.append((level, section))
    for top_section in [*body, *appendices]:
        _order_tree(top_section)
    return body, appendices


def _run_in_headings(items: list[Item]) -> set[int]:
    """Headings that are siblings of headings inside included regional blocks (the next item is an include
    that starts with a heading at the same level): they stay headings inside the section, as in the source,
    so that the include keeps its level."""
    out: set[int] = set()
    for n, item in enumerate(items[:-1]):
        nxt = items[n + 1]
        if item.kind == "heading" and nxt.kind == "block" and nxt.level == item.level and not item.number:
            out.add(n)
    return out


def _section(ctx: Context, title: str, number: str | None) -> dict[str, Any]:
    section: dict[str, Any] = {"id": ctx.new_id("sections", title, "kapittel")}
    if number:
        section["number"] = number
    section["title"] = title
    covers = [name for name, pattern in _COVERS if pattern.search(title.lower())]
    if covers:
        section["covers"] = covers
        ctx.guess(section, "covers", "import.guess.covers")
    return section


def _order_tree(section: dict[str, Any]) -> None:
    order = ("id", "number", "title", "kind", "unnumbered", "covers", "blocks", "children")
    items = sorted(section.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    section.clear()
    section.update(items)
    for child in section.get("children", []):
        _order_tree(child)
