"""The frame of the council document: cover, contents, the chapters with their numbers and blocks, and
the decision page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planctl.document import pages
from planctl.document.context import Context, colour, text
from planctl.document.defaults import default_sections
from planctl.document.elements import (
    DiagramEl,
    DiagramItemEl,
    HeadingEl,
    ImageEl,
    Key,
    ListEl,
    ListEntry,
    PageBreakEl,
    QuoteEl,
    TocEl,
)
from planctl.document.inline import text_of
from planctl.document.renders import render
from planctl.model.types import (
    Block,
    DiagramFigure,
    Heading,
    ImageFigure,
    Include,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Render,
    Section,
    Table,
)

TOC = Key("toc", part="toc")


def build(ctx: Context) -> None:
    """Emit the whole document into ctx.out."""
    doc = ctx.plan.document
    ctx.emit(pages.cover(ctx), "cover")
    ctx.emit(PageBreakEl())
    toc_index = len(ctx.out) if doc.toc else -1
    counters: list[int] = []
    for section in doc.body if doc.present else default_sections(ctx):
        _section(ctx, section, 1, counters, appendix=False)
    for section in doc.appendices:
        _section(ctx, section, 1, [], appendix=True)
    pages.decision(ctx)
    if toc_index >= 0:
        entries = tuple(e for e in ctx.out if isinstance(e, HeadingEl) and e.level <= 3)
        toc = TocEl(ctx.m("build.toc"), ctx.m("build.toc.placeholder"), entries, key=TOC)
        ctx.out.insert(toc_index, toc)


def _section(
    ctx: Context,
    section: Section,
    level: int,
    counters: list[int],
    *,
    appendix: bool,
    orientation: str = "portrait",
) -> None:
    """A section, its blocks and its children. A chapter starts a new page; a section turned otherwise
    than its parent (orientation: landscape) starts a new page so turned, and its parent's orientation
    comes back after it."""
    turned = section.orientation or orientation
    if level == 1 or turned != orientation:
        ctx.emit(PageBreakEl(turned))
    number = section.number
    if (
        number is None
        and ctx.plan.document.numbering == "decimal"
        and not section.unnumbered
        and not appendix
    ):
        number = _next_number(counters, level)
    with ctx.owning(Key("section", section.key)):
        ctx.heading(level, number, text_of(section.title), "title")
        heading_level = ctx.last_level
        _blocks(ctx, section.blocks, heading_level)
        for child in section.children:
            _section(ctx, child, heading_level + 1, counters, appendix=appendix, orientation=turned)
        if level > 1 and turned != orientation:
            ctx.emit(PageBreakEl(orientation))


def _next_number(counters: list[int], level: int) -> str:
    """The next decimal number at level (1, 1.1, 1.2, 2 ...)."""
    while len(counters) < level:
        counters.append(0)
    del counters[level:]
    counters[level - 1] += 1
    return ".".join(str(n) for n in counters[:level])


def _blocks(ctx: Context, blocks: Sequence[Block], level: int) -> None:
    for block in blocks:
        _block(ctx, block, level)


def _block(ctx: Context, block: Block, level: int) -> None:
    if isinstance(block, Paragraph):
        ctx.para(block.text)
    elif isinstance(block, Heading):
        ctx.heading(level + block.level, None, text_of(block.text))
    elif isinstance(block, ListBlock):
        ctx.emit(ListEl(block.style, tuple(_list_entry(ctx, i) for i in block.items)))
    elif isinstance(block, Quote):
        _quote(ctx, block)
    elif isinstance(block, Table):
        _table(ctx, block)
    elif isinstance(block, Include):
        _blocks(ctx, block.blocks, level)
    elif isinstance(block, Render):
        render(ctx, block, level)
    elif isinstance(block, DiagramFigure):
        _diagram(ctx, block)
    elif isinstance(block, ImageFigure):
        _image(ctx, block)


def _list_entry(ctx: Context, item: ListItem) -> ListEntry:
    return ListEntry(ctx.runs(item.text), tuple(_list_entry(ctx, c) for c in item.items))


def _quote(ctx: Context, block: Quote) -> None:
    source = block.source or None
    if source and block.style not in ("poem", "epigraph"):
        # Plans cite legal text and excerpts inline: «...» (Lov om barnevern § 15-1).
        stop = "" if block.text.rstrip().endswith((".", "!", "?")) else "."
        ctx.emit(QuoteEl((*ctx.runs(block.text), *text(f" ({source}){stop}")), None, block.style))
    else:
        ctx.emit(QuoteEl(ctx.runs(block.text), source, block.style))


def _table(ctx: Context, block: Table) -> None:
    width = max([len(block.columns), *(len(r) for r in block.rows)])
    header = tuple(text_of(c) for c in block.columns) + ("",) * (width - len(block.columns))
    rows = tuple(tuple(ctx.runs(c) for c in r) + ((),) * (width - len(r)) for r in block.rows)
    caption = text_of(block.caption) if block.caption else None
    ctx.table(caption, header, rows, text_of(block.caption or ""))


def _diagram(ctx: Context, block: DiagramFigure) -> None:
    items = tuple(
        DiagramItemEl(text_of(i.label), text_of(i.text) if i.text else None, colour(i.color))
        for i in block.items
    )
    caption = text_of(block.caption) if block.caption else None
    alt = block.alt or ctx.m(
        f"build.diagram.alt.{block.kind}",
        caption=caption or "",
        items="; ".join(f"{i.label}: {i.text}" if i.text else i.label for i in items),
    )
    ctx.emit(DiagramEl(block.kind, items, caption, text_of(alt).strip()))


def _image(ctx: Context, block: ImageFigure) -> None:
    """A picture file, found beside the plan: only inside the plan's folder (a plan cannot make the
    document carry another file of the reader's)."""
    folder = Path(ctx.plan.file).resolve().parent
    target = (folder / block.file).resolve()
    path = str(target) if target.is_relative_to(folder) and target.is_file() else None
    caption = text_of(block.caption) if block.caption else None
    alt = text_of(block.alt or block.caption or "") or ctx.m("build.image.alt", file=Path(block.file).name)
    ctx.emit(ImageEl(block.file, path, alt, caption))
