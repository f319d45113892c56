"""The typed, immutable plan model, built from schema-valid data.

Every object carries `loc`: the file and JSON Pointer it came from, with 1-based line and column, so that
every later stage (rules, reports, diff) can point at the exact line. Includes of regional blocks and
sections are resolved here: a block `Include` holds the blocks it stands for, and keeps its origin.

The fields of a registry entry (Unit ... Footnote) are declared in the order in which `planctl diff` lists
their changes; `id` and `loc` are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from typing import Any, Literal, Protocol, TypeVar

from planctl.load.yamlsource import SourceMap, escape_pointer_token
from planctl.records import record

REGIONAL_PREFIX = "regional:"


class Identified(Protocol):
    """Anything with an id (a registry entry)."""

    @property
    def id(self) -> str: ...


_E = TypeVar("_E", bound=Identified)
FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9][a-z0-9-]*)\]")
# A statistic's series: (name, one value per period), in the plan's order.
Series = tuple[tuple[str, tuple[int | float | None, ...]], ...]


@record(frozen=True)
class Loc:
    file: str
    pointer: str
    line: int | None = None
    column: int | None = None

    def child(self, token: str | int, source_map: SourceMap | None = None) -> Loc:
        pointer = f"{self.pointer}/{escape_pointer_token(str(token))}"
        pos = source_map.value(pointer) if source_map else None
        return Loc(self.file, pointer, *(pos or (self.line, self.column)))


@record(frozen=True)
class Status:
    state: str
    label: str | None
    loc: Loc


@record(frozen=True)
class Municipality:
    name: str
    number: str | None


@record(frozen=True)
class Adoption:
    body: str
    status: str
    date: str | None
    case_ref: str | None
    label: str | None
    loc: Loc


@record(frozen=True)
class Revision:
    next_review: str | None
    cycle: str | None
    owner: str | None


@record(frozen=True)
class PlanInfo:
    id: str
    title: str
    subtitle: str | None
    municipality: Municipality
    language: str
    version: str | None
    date: str | None
    period: tuple[int | None, int | None] | None
    adoption: Adoption
    revision: Revision | None
    loc: Loc
    keywords: tuple[str, ...] = ()  # the plan's own keywords (the document's properties)


@record(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    municipal: bool
    aliases: tuple[str, ...]
    mandate: str | None
    members: tuple[str, ...]
    description: str | None
    url: str | None
    origin: Literal["plan", "regional"]
    loc: Loc


@record(frozen=True)
class Goal:
    id: str
    kind: str
    text: str
    label: str | None
    source: str | None
    loc: Loc


@record(frozen=True)
class Strategy:
    id: str
    title: str
    text: str | None
    goals: tuple[str, ...]
    number: str | None
    loc: Loc


@record(frozen=True)
class Link:
    url: str
    text: str | None


@record(frozen=True)
class Measure:
    id: str
    name: str
    status: Status | None
    responsible: tuple[str, ...]
    responsible_label: str | None
    description: str | None
    details: str | None
    levels: tuple[str, ...]
    scope: str | None
    due: str | None
    evaluation: str | None
    goals: tuple[str, ...]
    arenas: tuple[str, ...]
    links: tuple[Link, ...]
    loc: Loc


@record(frozen=True)
class Arena:
    id: str
    name: str
    purpose: str | None
    level: str | None
    participants: tuple[str, ...]
    participants_label: str | None
    frequency: str | None
    established: str | None
    loc: Loc


@record(frozen=True)
class Agreement:
    id: str
    title: str
    parties: tuple[str, ...]
    status: Status | None
    review: str | None
    description: str | None
    loc: Loc


@record(frozen=True)
class PathwayStep:
    title: str
    action: str | None
    actors: tuple[str, ...]
    arena: str | None
    note: str | None
    loc: Loc


@record(frozen=True)
class Pathway:
    id: str
    title: str
    intro: str | None
    url: str | None
    steps: tuple[PathwayStep, ...]
    loc: Loc


@record(frozen=True)
class AnnualWheelItem:
    id: str
    title: str
    month: int | None
    responsible: tuple[str, ...]
    kind: str | None
    frequency: str | None
    description: str | None
    loc: Loc


@record(frozen=True)
class Source:
    name: str | None
    url: str | None
    retrieved: str | None


@record(frozen=True)
class Statistic:
    id: str
    title: str | None
    unit: str | None
    source: Source | None
    periods: tuple[str, ...]
    entity_label: str | None
    layout: str
    note: str | None
    origin: Literal["plan", "regional"]
    # Values keep int vs float: the plan printed "5" or "5,0", and the document must print the same.
    series: Series
    loc: Loc


@record(frozen=True)
class Reference:
    id: str
    author: str | None
    year: str | None
    title: str | None
    url: str | None
    text: str | None
    accessed: str | None
    origin: Literal["plan", "regional"]
    loc: Loc


@record(frozen=True)
class Footnote:
    id: str
    text: str
    origin: Literal["plan", "regional"]
    loc: Loc


# ---- document blocks -------------------------------------------------------------------------------


@record(frozen=True)
class Paragraph:
    text: str
    loc: Loc


@record(frozen=True)
class ListItem:
    text: str
    items: tuple[ListItem, ...]


@record(frozen=True)
class ListBlock:
    style: str
    items: tuple[ListItem, ...]
    loc: Loc


@record(frozen=True)
class Quote:
    text: str
    source: str | None
    style: str | None
    loc: Loc


@record(frozen=True)
class Heading:
    text: str
    level: int
    loc: Loc


@record(frozen=True)
class Table:
    caption: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    loc: Loc


@record(frozen=True)
class Render:
    what: str
    ids: tuple[str, ...] | None
    levels: tuple[str, ...] | None
    scope: str | None
    group_by: str | None
    columns: tuple[str, ...] | None
    labels: tuple[tuple[str, str], ...]
    group_labels: tuple[tuple[str, str], ...]
    title: str | None
    caption: str | None
    alt: str | None
    loc: Loc

    def label(self, column: str, default: str) -> str:
        return dict(self.labels).get(column, default)


@record(frozen=True)
class ImageFigure:
    """A picture file beside the plan (`figure: {image, alt, caption}`), e.g. one `planctl import` kept;
    the council document shows it with its alt text."""

    file: str
    alt: str | None
    caption: str | None
    loc: Loc


@record(frozen=True)
class DiagramItem:
    label: str
    text: str | None
    color: str | None  # RRGGBB or #RRGGBB


@record(frozen=True)
class DiagramFigure:
    """A labelled diagram drawn in the document (`figure: {diagram, items, caption, alt}`): levels one over
    the other (the first on top) or boxes side by side."""

    kind: str  # levels | boxes
    items: tuple[DiagramItem, ...]
    caption: str | None
    alt: str | None
    loc: Loc


@record(frozen=True)
class Include:
    ref: str
    variant: str | None
    blocks: tuple[Block, ...]  # resolved; empty when the reference is unknown (reported by integrity rules)
    loc: Loc


Block = Paragraph | ListBlock | Quote | Heading | Table | Render | Include | ImageFigure | DiagramFigure


def block_texts(block: Block) -> Iterator[str]:
    """Every text a block says, in reading order (an include's blocks are its caller's to place)."""
    if isinstance(block, Paragraph | Heading):
        yield block.text
    elif isinstance(block, ListBlock):
        yield from item_texts(block.items)
    elif isinstance(block, Quote):
        yield block.text
        if block.source:
            yield block.source
    elif isinstance(block, Table):
        yield from (c for row in (block.columns, *block.rows) for c in row)
        if block.caption:
            yield block.caption
    elif isinstance(block, ImageFigure | DiagramFigure):
        yield from (x for x in (block.caption, block.alt) if x)
        if isinstance(block, DiagramFigure):
            for item in block.items:
                yield item.label
                if item.text:
                    yield item.text


def item_texts(items: tuple[ListItem, ...]) -> Iterator[str]:
    """The texts of list items, each item's own items after it."""
    for item in items:
        yield item.text
        yield from item_texts(item.items)


@record(frozen=True)
class Section:
    id: str
    title: str
    number: str | None
    kind: str | None
    unnumbered: bool
    covers: tuple[str, ...]
    blocks: tuple[Block, ...]
    children: tuple[Section, ...]
    origin: Literal["plan", "regional"]
    loc: Loc
    orientation: str | None = None  # landscape | portrait: how its pages are turned (None: as its parent's)

    @property
    def key(self) -> str:
        """Its identity across revisions: the id, or for a regional section its key in the regional file."""
        return self.id or self.loc.pointer.rsplit("/", 1)[-1] or self.title

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@record(frozen=True)
class Front:
    subtitle: str | None
    date_label: str | None
    lines: tuple[str, ...]


@record(frozen=True)
class Document:
    front: Front
    numbering: str
    toc: bool
    body: tuple[Section, ...]
    appendices: tuple[Section, ...]
    present: bool  # False when the plan has no `document` and a default order is used
    level_colors: tuple[tuple[str, str], ...] = ()  # prevention level -> its colour (RRGGBB or #RRGGBB)

    def sections(self) -> Iterator[Section]:
        for top in (*self.body, *self.appendices):
            yield from top.walk()


@record(frozen=True)
class Region:
    id: str
    name: str | None
    municipalities: tuple[str, ...]
    file: str


# An entry of one of the plan's registries (planctl.model.kinds has one row per kind).
Entry = (
    Unit
    | Goal
    | Strategy
    | Measure
    | Arena
    | Agreement
    | Pathway
    | AnnualWheelItem
    | Statistic
    | Reference
    | Footnote
)


@record(frozen=True)
class Plan:
    file: str
    info: PlanInfo
    units: tuple[Unit, ...]
    goals: tuple[Goal, ...]
    strategies: tuple[Strategy, ...]
    measures: tuple[Measure, ...]
    arenas: tuple[Arena, ...]
    agreements: tuple[Agreement, ...]
    pathways: tuple[Pathway, ...]
    annual_wheel: tuple[AnnualWheelItem, ...]
    statistics: tuple[Statistic, ...]
    references: tuple[Reference, ...]
    footnotes: tuple[Footnote, ...]
    document: Document
    region: Region | None
    # Regional registries, kept apart so renderers can tell what the plan itself defines.
    regional_units: tuple[Unit, ...] = ()
    regional_statistics: tuple[Statistic, ...] = ()
    regional_references: tuple[Reference, ...] = ()
    regional_footnotes: tuple[Footnote, ...] = ()
    _index: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    # Look-ups: plan entries shadow regional ones with the same id.
    def unit(self, ref: str) -> Unit | None:
        return self._lookup("unit", ref, self.regional_units, self.units)

    def statistic(self, ref: str) -> Statistic | None:
        return self._lookup("statistic", ref, self.regional_statistics, self.statistics)

    def reference(self, ref: str) -> Reference | None:
        return self._lookup("reference", ref, self.regional_references, self.references)

    def footnote(self, ref: str) -> Footnote | None:
        return self._lookup("footnote", ref, self.regional_footnotes, self.footnotes)

    def _lookup(self, kind: str, ref: str, regional: tuple[_E, ...], own: tuple[_E, ...]) -> _E | None:
        # the two registries are joined only to build the index, once: joined for every look-up, they
        # made each look-up cost the registry's length
        table: dict[str, _E] | None = self._index.get(kind)
        if table is None:
            table = {item.id: item for item in (*regional, *own)}
            self._index[kind] = table
        return table.get(strip_regional(ref))

    # All entries of a registry: the regional ones the plan does not shadow, then the plan's own.
    def all_units(self) -> tuple[Unit, ...]:
        return _merged(self.units, self.regional_units)

    def all_statistics(self) -> tuple[Statistic, ...]:
        return _merged(self.statistics, self.regional_statistics)

    def entries(self, registry: str) -> tuple[Entry, ...]:
        """The entries of a registry by its YAML key ("measures"), with the regional ones it shares."""
        own: tuple[Entry, ...] = getattr(self, registry)
        return _merged(own, getattr(self, f"regional_{registry}", ()))


def _merged(own: tuple[_E, ...], regional: tuple[_E, ...]) -> tuple[_E, ...]:
    if not regional:
        return own
    ids = {e.id for e in own}
    return (*(e for e in regional if e.id not in ids), *own)


def strip_regional(ref: str) -> str:
    return ref[len(REGIONAL_PREFIX) :] if ref.startswith(REGIONAL_PREFIX) else ref
