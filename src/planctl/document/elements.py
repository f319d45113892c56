"""The elements of the council document's layout: what the Word and markdown writers read.

Every element carries a `key` saying what in the plan it shows, so that two layouts can be compared element
by element (the tracked-change document of `planctl diff`). Elements are equal by their content; the key
does not take part.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime

from planctl.document.inline import Inline
from planctl.records import record


@record(frozen=True)
class Key:
    """What in the plan an element shows.

    kind and id name its owner: an entity of the diff (`measure` and its id, `section` and the section's
    key, `plan`) or a part of the document frame (`toc`, `appendix` `auto`); a table row's key may name
    something that is no entity (`period` `2023`, `series` `Gjøvik`). part is set for an element that keeps
    its identity when its text changes (a section's title, a measure's text); prose without a part is
    matched by its text within its owner.
    """

    kind: str
    id: str | None = None
    part: str | None = None

    @property
    def owner(self) -> Key:
        return Key(self.kind, self.id)

    def __str__(self) -> str:
        owner = self.kind if self.id is None else f"{self.kind}:{self.id}"
        return owner if self.part is None else f"{owner}|{self.part}"


PLAN = Key("plan")


@record(frozen=True)
class HeadingEl:
    level: int  # 1-based, never skipping a level
    number: str | None
    text: str
    key: Key = field(default=PLAN, compare=False, repr=False)

    @property
    def full(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@record(frozen=True)
class ParaEl:
    runs: Inline
    style: str = "body"  # body | caption | source | note | reference | footnote | lead
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class ListEntry:
    runs: Inline
    children: tuple[ListEntry, ...] = ()


@record(frozen=True)
class ListEl:
    style: str  # bullet | dash | numbered | arrow
    items: tuple[ListEntry, ...]
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class QuoteEl:
    runs: Inline
    source: str | None
    style: str | None
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class TableEl:
    caption: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    alt: str
    key: Key = field(default=PLAN, compare=False, repr=False)
    row_keys: tuple[Key, ...] = field(default=(), compare=False, repr=False)  # what each row shows, if known
    numeric: tuple[bool, ...] = ()  # per column: numbers, set flush right (statistics); () none
    fill: str | None = None  # a colour code (RRGGBB) for the header row and first column: a level's colour
    fills: tuple[tuple[str | None, ...], ...] = ()  # per row, per cell: its own colour (RRGGBB), if any


@record(frozen=True)
class PyramidLevel:
    level: str
    label: str
    count: int
    fill: str | None = None  # the plan's colour for the level (RRGGBB), else the writer's


@record(frozen=True)
class DiagramItemEl:
    label: str
    text: str | None
    fill: str | None  # RRGGBB, else the writer's


@record(frozen=True)
class DiagramEl:
    """A labelled diagram: levels one over the other (the first on top) or boxes side by side."""

    kind: str  # levels | boxes
    items: tuple[DiagramItemEl, ...]
    caption: str | None
    alt: str
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class ImageEl:
    """A picture file (path: where it is, None when it is not inside the plan's folder or is gone)."""

    file: str  # as the plan names it
    path: str | None
    alt: str
    caption: str | None
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class PyramidEl:
    levels: tuple[PyramidLevel, ...]  # from the top (indicated) to the base (universal)
    caption: str
    alt: str
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class PathwayStepEl:
    number: int
    title: str
    action: Inline
    actors: str
    arena: str
    note: Inline


@record(frozen=True)
class PathwayEl:
    title: str
    steps: tuple[PathwayStepEl, ...]
    caption: str
    alt: str
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class PageBreakEl:
    """A new page; with an orientation, the pages from here on are turned so (a section or appendix
    in landscape, and back)."""

    orientation: str | None = None  # portrait | landscape; None: as the pages before
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class TocEl:
    title: str
    placeholder: str
    entries: tuple[HeadingEl, ...]  # for renderers that cannot compute a table of contents themselves
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class CoverEl:
    municipality: str
    title: str
    subtitle: str | None
    date_label: str | None
    version: str | None
    status: str | None
    period: str | None
    lines: tuple[str, ...]
    draft: str | None  # "UTKAST" when the build was forced past errors
    key: Key = field(default=PLAN, compare=False, repr=False)


@record(frozen=True)
class DecisionEl:
    statement: str
    fields: tuple[tuple[str, str | None], ...]  # label, value (None: a blank to fill in)
    key: Key = field(default=PLAN, compare=False, repr=False)


Element = (
    HeadingEl
    | ParaEl
    | ListEl
    | QuoteEl
    | TableEl
    | PyramidEl
    | DiagramEl
    | ImageEl
    | PathwayEl
    | PageBreakEl
    | TocEl
    | CoverEl
    | DecisionEl
)


@record(frozen=True)
class Meta:
    title: str
    subject: str
    author: str
    language: str  # BCP 47 tag, e.g. nb-NO
    lang: str  # catalogue language: nb | nn | en
    created: datetime
    header: str
    draft: bool
    file_stem: str
    keywords: tuple[str, ...] = ()  # the plan's own keywords (Word's properties, the PDF's Keywords)
    cover: bool = True  # the first page is a cover (no running header and footer on it)


@record(frozen=True)
class Layout:
    meta: Meta
    elements: tuple[Element, ...]
    # The footnotes the text refers to: (printed number, the note's text), in order of first reference.
    notes: tuple[tuple[str, Inline], ...] = ()

    def headings(self) -> list[HeadingEl]:
        return [e for e in self.elements if isinstance(e, HeadingEl)]
