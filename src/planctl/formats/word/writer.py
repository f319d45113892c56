"""The council document as .docx, from a `Layout`: the one Word writer's entry point.

The template (the shipped one or a municipality's .docx/.dotx) gives the styles, page and parts; the
writer fills in the core properties, the language, the running header and footer and the body, element
by element. The output is deterministic: the same layout and template give the same bytes (fixed zip
timestamps, dates from the plan).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from planctl.document.elements import ImageEl, Layout, ListEl, TableEl, TocEl
from planctl.formats.word.council import CouncilRenderer
from planctl.formats.word.elements import Element
from planctl.formats.word.frozen import Block, Body, Freezer
from planctl.formats.word.package import DEFAULT_TEMPLATE, Package
from planctl.formats.word.parts import (
    Running,
    finish_sections,
    set_application,
    set_compatibility,
    set_header_footer,
    set_language,
    set_properties,
)
from planctl.messages import t


def render_docx(
    layout: Layout,
    template: Path | None = None,
    *,
    pages: Mapping[str, int] | None = None,
    notify: Callable[[str], None] | None = None,
) -> bytes:
    """The document as .docx bytes. pages: the page of each heading the contents lists (by its bookmark,
    as LibreOffice counted them: `planctl.formats.word.pages`); without them the contents list the headings
    without page numbers. notify: told what of the template was left out (macros ...).

    A large document is written through `formats.word.frozen` (`render_frozen`): its blocks leave the
    element tree as bytes as they are rendered, so that it takes about its XML in memory, not the ten to
    fifteen times that its element tree takes (a plan of 2.5 MB with 8,000 goals, strategies and pathway
    steps: 500 MB). A smaller one is written from its whole tree, about 15 % faster. The bytes are the same
    either way (tests/test_word_writer_paths.py)."""
    if weight(layout) <= FROZEN_ABOVE:
        return render_document(layout, template, pages=pages, notify=notify).save()
    package, freezer, spans = render_frozen(layout, template, pages=pages, notify=notify, merge=False)
    head, tail = freezer.around_body()
    body = Body(freezer, head)
    for span in spans:
        for block in span:
            body.write(block)
    document = body.document(tail)
    freezer.close()
    return package.save(document=document)


# The weight (`weight`) above which a document is written through formats.word.frozen: a document of 5,000
# measures weighs 26,000 (its whole build peaks at 155 MB), a real plan a few hundred (Søndre Land 416).
FROZEN_ABOVE = 30_000


def weight(layout: Layout) -> int:
    """What a document's element tree grows with: its blocks, table cells, list items and contents lines."""
    total = 0
    for element in layout.elements:
        total += 1
        if isinstance(element, TableEl):
            total += len(element.rows) * max(1, len(element.header))
        elif isinstance(element, TocEl):
            total += len(element.entries)
        elif isinstance(element, ListEl):
            entries = list(element.items)
            while entries:
                entry = entries.pop()
                total += 1
                entries.extend(entry.children)
    return total


def render_document(
    layout: Layout,
    template: Path | None = None,
    *,
    pages: Mapping[str, int] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Package:
    """The filled package: the layout's elements rendered into its body, in order."""
    package = _prepared(layout, template, notify)
    renderer = CouncilRenderer(package, layout, pages)
    for element in layout.elements:
        package.append(renderer.render(element))
    finish_sections(package, renderer.section_breaks, renderer.orientation)
    return package


def render_frozen(
    layout: Layout,
    template: Path | None = None,
    *,
    pages: Mapping[str, int] | None = None,
    notify: Callable[[str], None] | None = None,
    prepare: Callable[[Element], None] | None = None,
    merge: bool = True,
) -> tuple[Package, Freezer, list[list[Block]]]:
    """As `render_document`, each element's blocks kept as bytes (`formats.word.frozen`) as soon as nothing
    later changes them, a long table's rows while it is rendered: what the tracked-change document of
    `planctl diff` compares, without two documents' element trees, and how a large document is written.
    prepare: applied to each block before it is frozen; merge: the blocks are to be merged (`Freezer`)."""
    package = _prepared(layout, template, notify)
    pictures = any(isinstance(e, ImageEl) for e in layout.elements)
    freezer = Freezer(package, prepare, pictures=pictures, merge=merge)
    renderer = CouncilRenderer(package, layout, pages, rows=freezer.row_done)
    spans: list[list[Block]] = []
    for element in layout.elements:
        blocks = renderer.render(element)
        package.append(blocks)
        spans.append(list(blocks))
        freezer.settle(spans[-1], renderer.open_blocks())
    finish_sections(package, renderer.section_breaks, renderer.orientation)
    freezer.settle(None, ())
    freezer.pictures = False  # every picture is placed
    return package, freezer, spans


def _prepared(layout: Layout, template: Path | None, notify: Callable[[str], None] | None) -> Package:
    """The template opened, with the document's properties, language, header and footer (no body yet)."""
    package = Package.open(template or DEFAULT_TEMPLATE)
    if notify is not None:
        for key in package.removed:
            notify(t(layout.meta.lang, key))
    meta = layout.meta
    created = meta.created.replace(tzinfo=None)
    set_properties(
        package,
        title=meta.title,
        subject=meta.subject,
        author=meta.author,
        last_modified_by=meta.author,
        language=meta.language,
        created=created,
        modified=created,
        last_printed=created,
        revision=1,
        keywords=", ".join(meta.keywords or t(meta.lang, "build.keywords").split(";")),
        category="",
        comments="",
        content_status="Utkast" if meta.draft else "",
        identifier=meta.file_stem,
        version="",
    )
    set_language(package, meta.language)
    set_application(package, company=meta.author)
    set_compatibility(package)
    running = Running(
        header=meta.header.split(" – ", 1)[-1] if meta.draft else meta.header,
        draft=t(meta.lang, "build.draft") if meta.draft else None,
        page=t(meta.lang, "build.page.word"),
        of=t(meta.lang, "build.page.of"),
    )
    set_header_footer(package, running, cover=meta.cover)
    return package
