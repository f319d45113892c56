"""The body of the document as a flat list of items: headings (which become sections later) and blocks
(`p`, `list`, `quote`, `table`, `figure`, `render`), with tables turned into registries where they are
registry data."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from planctl.importer import entities, figures, measures, statistics
from planctl.importer.context import Context, where
from planctl.importer.frame import TOC_TITLES, _is_toc_table
from planctl.importer.grid import cell_text, grid_row, merged, nested, norm
from planctl.importer.inline import to_text
from planctl.importer.levels import is_group_label, level_of
from planctl.importer.report import Where
from planctl.importer.tree import Block, Image, Para, Table
from planctl.messages import LANGUAGES, t
from planctl.records import record

_NUMBER = re.compile(
    r"^((?:\d{1,2}\.){1,4}\d{0,2}\.?|\d{1,2}\)|[A-Za-z]\)|[IVX]{1,4}\.|\d{1,2}(?=\s+[A-ZÆØÅ]))\s+(\S.*)$",
    re.DOTALL,
)
_PART = re.compile(r"^(del|part|kapittel)\s+\d+\b", re.IGNORECASE)
_APPENDIX = re.compile(r"^(vedlegg|appendiks|appendix|bilag)\b", re.IGNORECASE)
_GOAL_LEAD = re.compile(
    r"^((?:Hovedmålet|Hovudmålet|Det overordnede målet|Det overordna målet|Overordnet mål|"
    r"The main goal)(?: for [^:]{1,60}?)? (?:er|is)(?: at| å| to)?:?)\s+(\S.*)$",
    re.DOTALL,
)
_SOURCE = re.compile(r"^(kilde|kjelde|source)\s*:", re.IGNORECASE)
_DASH_SOURCE = re.compile(r"^[–—-]\s+(\S.*)$")


@record
class Item:
    kind: str  # heading | block
    where: Where
    block: dict[str, Any] | None = None
    level: int = 0
    title: str = ""
    number: str | None = None
    part: bool = False
    appendix: bool = False
    text: str = ""  # the plain text, for regional matching and for guessing what a section covers
    placed: list[str] = field(default_factory=list)


class Body:
    def __init__(self, ctx: Context, *, place: bool = True) -> None:
        self.ctx = ctx
        self.place = place
        self.items: list[Item] = []
        self.measures = measures.Measures(ctx)
        self._last_measures: measures.Placement | None = None
        self._last_stat: dict[str, Any] | None = None
        self._refs: Item | None = None

    def convert(self, blocks: list[Block]) -> list[Item]:
        i = 0
        pending_caption: Para | None = None
        while i < len(blocks):
            b = blocks[i]
            if isinstance(b, Para) and b.role == "list":
                j = i
                while j < len(blocks) and _is_list(blocks[j]):
                    j += 1
                self._list([x for x in blocks[i:j] if isinstance(x, Para)])
                i = j
                self._reset(keep_measures=False)
                continue
            if isinstance(b, Para):
                if not b.runs or b.role in ("toc", "toc-heading", "furniture"):
                    i += 1
                    continue
                if b.role == "caption" and i + 1 < len(blocks) and isinstance(blocks[i + 1], Table | Image):
                    pending_caption = b
                    i += 1
                    continue
                if b.role == "heading":
                    nxt = _next_content(blocks, i + 1)
                    if isinstance(nxt, Table) and is_group_label(b.plain) and self._is_measures(nxt):
                        self._table(nxt, None, heading=b)
                        i = blocks.index(nxt, i) + 1
                        continue
                    if norm(b.plain) in TOC_TITLES and isinstance(nxt, Table) and _is_toc_table(nxt):
                        i = blocks.index(nxt, i) + 1
                        self.ctx.report.add("toc", where(b.pos), "", b.plain)
                        continue
                self._para(b)
                i += 1
                continue
            if isinstance(b, Table):
                self._table(b, pending_caption)
                pending_caption = None
            elif isinstance(b, Image):
                self._image(b, pending_caption)
                pending_caption = None
            i += 1
        if self.place:
            self.measures.finish()
        return self.items

    # -- paragraphs
    def _reset(self, keep_measures: bool = True) -> None:
        if not keep_measures:
            self._last_measures = None
        self._last_stat = None
        self._refs = None

    def _para(self, p: Para) -> None:
        ctx = self.ctx
        text = to_text(p.runs, ctx.note_id).strip()
        pos = where(p.pos)
        if p.role == "heading":
            self._heading(p)
            self._reset(keep_measures=False)
            return
        if self._last_stat is not None and (p.role == "source" or _SOURCE.match(p.plain)):
            name = _SOURCE.sub("", p.plain).strip()
            url = next((r.url for r in p.runs if r.url), None)
            self._last_stat["source"] = {"name": name or None, "url": url}
            ctx.report.add("source", pos, "", p.plain, detail=("import.detail.source", {}))
            return
        if p.role == "note" and self._last_stat is not None:
            self._last_stat["note"] = text
            return
        if p.role == "quote":
            m = _DASH_SOURCE.match(p.plain)
            last = self.items[-1].block if self.items and self.items[-1].block else None
            if (
                m
                and last is not None
                and "quote" in last
                and not last["quote"].get("source")
                and p.align == "right"
            ):
                last["quote"]["source"] = m.group(1)
                last["quote"]["style"] = "poem" if "\n" in last["quote"]["text"] else "epigraph"
                return
            self._add(pos, {"quote": {"text": text}}, p.plain, "quote")
            self._reset()
            return
        if p.role == "bibliography":
            self._reference(p, text)
            return
        goal = self._goal(p)
        if goal is not None:
            self._add(pos, goal, p.plain, "render-goals")
            return
        self._add(pos, {"p": text}, p.plain, "p")
        self._reset()

    def _heading(self, p: Para) -> None:
        text = p.plain
        number = p.number.strip() if p.number and p.ordered else None
        title = text
        if number is None:
            m = _NUMBER.match(text)
            if m:
                number, title = m.group(1), m.group(2).strip()
        item = Item(
            "heading",
            where(p.pos),
            level=max(1, p.level),
            title=title,
            number=number,
            text=text,
            part=bool(_PART.match(text)),
            appendix=bool(_APPENDIX.match(title)),
        )
        self.items.append(item)

    def _goal(self, p: Para) -> dict[str, Any] | None:
        ctx = self.ctx
        if ctx.registries["goals"] or not self.place:
            return None
        bold_from = next((i for i, r in enumerate(p.runs) if r.bold and r.text.strip()), None)
        lead, body = "", ""
        if bold_from and all(r.bold or not r.text.strip() for r in p.runs[bold_from:]):
            lead = "".join(r.text for r in p.runs[:bold_from]).strip()
            body = to_text([r for r in p.runs[bold_from:]], None).strip().strip("*").strip()
            if not _GOAL_LEAD.match(lead + " x"):
                return None
        else:
            m = _GOAL_LEAD.match(p.plain)
            if not m:
                return None
            lead, body = m.group(1), m.group(2)
        goal: dict[str, Any] = {
            "id": ctx.new_id("goals", "hovedmal", "mal"),
            "kind": "main",
            "label": lead,
            "text": body,
        }
        ctx.registries["goals"].append(goal)
        ctx.guess(goal, "kind", "import.guess.goal")
        ctx.report.add(
            "goal",
            where(p.pos),
            f"/goals/{len(ctx.registries['goals']) - 1}",
            p.plain,
            guess=("import.guess.goal", {}),
        )
        return {"render": "goals", "ids": [goal["id"]]}

    def _reference(self, p: Para, text: str) -> None:
        ctx = self.ctx
        m = re.match(r"^(?P<author>[^()]{2,120}?)\s*\((?P<year>\d{4}[^)]{0,12})\)", p.plain)
        ref: dict[str, Any] = {
            "id": ctx.new_id(
                "references", (m.group("author") + " " + m.group("year")) if m else p.plain[:40], "kilde"
            )
        }
        if m:
            ref["author"] = m.group("author").strip().rstrip(":")
            ref["year"] = m.group("year")
        url = next((r.url for r in p.runs if r.url), None) or _first_url(p.plain)
        if url:
            ref["url"] = url
        ref["text"] = text
        ctx.registries["references"].append(ref)
        ctx.report.add(
            "reference", where(p.pos), f"/references/{len(ctx.registries['references']) - 1}", p.plain
        )
        if (
            self._refs is not None
            and self._refs.block is not None
            and self.items
            and self.items[-1] is self._refs
        ):
            self._refs.block["ids"].append(ref["id"])
            return
        self._refs = self._add(
            where(p.pos), {"render": "references", "ids": [ref["id"]]}, p.plain, "references"
        )

    def _list(self, paras: list[Para]) -> None:
        ctx = self.ctx
        base = min(p.level or 1 for p in paras)
        root: list[Any] = []
        stack: list[tuple[int, list[Any]]] = [(base, root)]
        for p in paras:
            level = max(p.level or 1, base)
            text = to_text(p.runs, ctx.note_id).strip()
            if not text:
                continue
            while len(stack) > 1 and level < stack[-1][0]:
                stack.pop()
            if level > stack[-1][0] and stack[-1][1]:
                parent = stack[-1][1][-1]
                if isinstance(parent, str):
                    parent = {"text": parent, "items": []}
                    stack[-1][1][-1] = parent
                stack.append((level, parent["items"]))
            stack[-1][1].append(text)
        if not root:
            return
        first = paras[0]
        style = "numbered" if first.ordered and first.number and re.match(r"^\d", first.number) else "bullet"
        if first.number and not first.ordered and first.number.strip() in ("–", "-", "—"):
            style = "dash"
        if first.number and not first.ordered and first.number.strip() in ("→", "", "➢", "►", "⇒"):
            style = "arrow"
        nested_items = any(isinstance(x, dict) for x in root)
        block: dict[str, Any] = (
            {"list": root}
            if style == "bullet" and not nested_items
            else {"list": {"style": style, "items": root}}
        )
        self._add(where(first.pos), block, " ".join(p.plain for p in paras), "list")

    # -- tables
    def _is_measures(self, table: Table) -> bool:
        return measures.is_measure_table(table) or self.measures.continues(table)

    def _table(self, table: Table, caption: Para | None, heading: Para | None = None) -> None:
        ctx = self.ctx
        pos = where(table=table.pos)
        title = caption.plain if caption is not None else None
        if (
            heading is not None
            or measures.is_measure_table(table)
            or (self._last_measures is not None and self.measures.continues(table))
        ):
            group = level_of(heading.plain) if heading is not None else None
            into = (
                self._last_measures
                if (
                    self._last_measures is not None
                    and (
                        (heading is not None and self._last_measures.grouped)
                        or self.measures.continues(table)
                    )
                )
                else None
            )
            placement = self.measures.add(table, group, heading.plain if heading else None, into=into)
            pieces = self.measures.pieces
            if self.place:
                # the table's blocks in order (a continued table's first placement is placed already);
                # a group row without a level is a paragraph between them, counted as a group row
                for piece in pieces[pieces.index(into) + 1 :] if into in pieces else pieces:
                    if isinstance(piece, str):
                        self.items.append(Item("block", pos, block={"p": piece}, text=piece))
                    else:
                        self._add(pos, piece.render, "", "render-measures")
            self._last_measures = placement
            if caption is not None:
                first = next(p for p in pieces if isinstance(p, measures.Placement))
                first.render["title"] = caption.plain
            return
        self._last_measures = None
        if not table.grid:
            pyramid = figures.as_pyramid(table)
            if pyramid is not None:
                if title and title not in {ctx.m("build.pyramid.caption")} | _all("build.pyramid.caption"):
                    pyramid["title"] = title
                if self.place:
                    self._add(pos, pyramid, "", "pyramid")
                return
            pathway = figures.as_pathway(table, title, ctx)
            if pathway is not None:
                if self.place:
                    self._add(pos, pathway, "", "render-pathway")
                return
        kind = entities.classify(table)
        if kind is not None:
            what, fields, labels = kind
            render = entities.read_entities(table, what, fields, labels, ctx, place=self.place)
            if render is not None:
                self._add(pos, render, "", f"render-{what}")
            return
        if _is_toc_table(table) and not self.items:
            ctx.report.add("toc", pos)
            return
        stat = statistics.as_statistics(table, title, ctx)
        if stat is not None:
            if stat["title"] is None:
                del stat["title"]
            ctx.registries["statistics"].append(stat)
            self._last_stat = stat
            if self.place:
                self._add(
                    pos, {"render": "statistics", "ids": [stat["id"]]}, title or "", "render-statistics"
                )
            return
        self._generic(table, title)

    def _generic(self, table: Table, title: str | None) -> None:
        ctx = self.ctx
        pos = where(table=table.pos)
        if nested(table):
            ctx.report.add("table", pos, "", title or "", detail=("import.detail.nested", {}))
        if merged(table):
            ctx.report.add("table", pos, "", title or "", detail=("import.detail.merged", {}))
        width = table.width
        rows = [[cell_text(c, ctx.note_id) for c in grid_row(r, width)] for r in table.rows]
        header: list[str] = []
        if rows and (
            table.rows[0].header
            or all(
                all(x.bold for x in c.blocks[0].runs if x.text.strip())
                for c in table.rows[0].cells
                if c.blocks and isinstance(c.blocks[0], Para) and c.blocks[0].runs
            )
        ):
            header = [x.replace("**", "") for x in rows[0]]
            rows = rows[1:]
        block: dict[str, Any] = {"table": {}}
        if title:
            block["table"]["caption"] = title
        block["table"]["columns"] = header
        block["table"]["rows"] = rows
        self._add(pos, block, "", "table")

    def _image(self, image: Image, caption: Para | None) -> None:
        ctx = self.ctx
        ctx.images.append(image)
        if image.data is None:
            ctx.report.add(
                "unmapped",
                where(image.pos),
                "",
                image.alt or image.name,
                detail=("import.detail.image", {"problem": image.problem or "missing"}),
            )
            return
        figure: dict[str, Any] = {"image": image.name}
        if image.alt:
            figure["alt"] = image.alt
        if caption is not None:
            figure["caption"] = caption.plain
        self._add(where(image.pos), {"figure": figure}, image.alt or "", "figure")

    def _add(self, pos: Where, block: dict[str, Any], text: str, kind: str) -> Item:
        item = Item("block", pos, block=block, text=text)
        self.items.append(item)
        self.ctx.report.add(kind, pos, "", text)
        return item


def _is_list(b: Block) -> bool:
    return isinstance(b, Para) and b.role == "list"


def _next_content(blocks: list[Block], start: int) -> Block | None:
    for b in blocks[start : start + 4]:
        if isinstance(b, Para) and not b.runs:
            continue
        return b
    return None


def _first_url(text: str) -> str | None:
    m = re.search(r"https?://\S+", text)
    return m.group(0).rstrip(".,)") if m else None


def _all(key: str) -> set[str]:
    return {t(lang, key) for lang in LANGUAGES}
