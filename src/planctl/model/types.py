"""The typed, immutable plan model, built from schema-valid data.

Every object carries `loc`: the file and JSON Pointer it came from, with 1-based line and column, so that
every later stage (rules, reports, diff) can point at the exact line. Includes of regional blocks and
sections are resolved here: a block `Include` holds the blocks it stands for, and keeps its origin.

The fields of a registry entry (Unit ... Footnote) are declared in the order in which `planctl diff` lists
their changes; `id` and `loc` are not compared.
"""

from __future__ import annotations

import _thread
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal, Protocol, TypeVar

from planctl.load.yamlsource import SourceMap, escape_pointer_token

REGIONAL_PREFIX = "regional:"


class Identified(Protocol):
    """Anything with an id (a registry entry)."""

    @property
    def id(self) -> str: ...


_E = TypeVar("_E", bound=Identified)
FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9][a-z0-9-]*)\]")
# A statistic's series: (name, one value per period), in the plan's order.
Series = tuple[tuple[str, tuple[int | float | None, ...]], ...]


class _Record:
    """__eq__, __hash__ and __repr__ as `@dataclass(frozen=True)` writes them, written once for every class
    of the model (which are `@dataclass(frozen=True, eq=False, repr=False)` and keep dataclass's __init__
    and frozenness): dataclass generates and compiles these three per class, ~5 ms of the start-up of
    every command for this module's classes. tests/test_model_types.py compares them with dataclass's."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            compared = _getters(self.__class__)[0]
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_getters(self.__class__)[1](self))

    def __repr__(self) -> str:
        key = (id(self), _thread.get_ident())
        if key in _REPR_RUNNING:  # an object that holds itself, as dataclass's repr shows it
            return "..."
        _REPR_RUNNING.add(key)
        try:
            names = _getters(self.__class__)[2]
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        finally:
            _REPR_RUNNING.discard(key)
        return f"{self.__class__.__qualname__}({shown})"


_REPR_RUNNING: set[tuple[int, int]] = set()
_Values = Callable[[object], tuple[Any, ...]]
# class -> (its compared values, its hashed values, the names repr shows), made on first use
_GETTERS: dict[type, tuple[_Values, _Values, tuple[str, ...]]] = {}


def _getters(cls: type) -> tuple[_Values, _Values, tuple[str, ...]]:
    found = _GETTERS.get(cls)
    if found is None:
        every = fields(cls)
        compared = tuple(f.name for f in every if f.compare)
        hashed = tuple(f.name for f in every if (f.compare if f.hash is None else f.hash))
        found = (_tuple_of(compared), _tuple_of(hashed), tuple(f.name for f in every if f.repr))
        _GETTERS[cls] = found
    return found


def _tuple_of(names: tuple[str, ...]) -> _Values:
    """The values of these attributes as a tuple (attrgetter gives a bare value for one name)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    many: _Values = attrgetter(*names)
    return many


@dataclass(frozen=True, eq=False, repr=False)
class Loc(_Record):
    file: str
    pointer: str
    line: int | None = None
    column: int | None = None

    def child(self, token: str | int, source_map: SourceMap | None = None) -> Loc:
        pointer = f"{self.pointer}/{escape_pointer_token(str(token))}"
        pos = source_map.value(pointer) if source_map else None
        return Loc(self.file, pointer, *(pos or (self.line, self.column)))


@dataclass(frozen=True, eq=False, repr=False)
class Status(_Record):
    state: str
    label: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Municipality(_Record):
    name: str
    number: str | None


@dataclass(frozen=True, eq=False, repr=False)
class Adoption(_Record):
    body: str
    status: str
    date: str | None
    case_ref: str | None
    label: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Revision(_Record):
    next_review: str | None
    cycle: str | None
    owner: str | None


@dataclass(frozen=True, eq=False, repr=False)
class PlanInfo(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Unit(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Goal(_Record):
    id: str
    kind: str
    text: str
    label: str | None
    source: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Strategy(_Record):
    id: str
    title: str
    text: str | None
    goals: tuple[str, ...]
    number: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Link(_Record):
    url: str
    text: str | None


@dataclass(frozen=True, eq=False, repr=False)
class Measure(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Arena(_Record):
    id: str
    name: str
    purpose: str | None
    level: str | None
    participants: tuple[str, ...]
    participants_label: str | None
    frequency: str | None
    established: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Agreement(_Record):
    id: str
    title: str
    parties: tuple[str, ...]
    status: Status | None
    review: str | None
    description: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class PathwayStep(_Record):
    title: str
    action: str | None
    actors: tuple[str, ...]
    arena: str | None
    note: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Pathway(_Record):
    id: str
    title: str
    intro: str | None
    url: str | None
    steps: tuple[PathwayStep, ...]
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class AnnualWheelItem(_Record):
    id: str
    title: str
    month: int | None
    responsible: tuple[str, ...]
    kind: str | None
    frequency: str | None
    description: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Source(_Record):
    name: str | None
    url: str | None
    retrieved: str | None


@dataclass(frozen=True, eq=False, repr=False)
class Statistic(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Reference(_Record):
    id: str
    author: str | None
    year: str | None
    title: str | None
    url: str | None
    text: str | None
    accessed: str | None
    origin: Literal["plan", "regional"]
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Footnote(_Record):
    id: str
    text: str
    origin: Literal["plan", "regional"]
    loc: Loc


# ---- document blocks -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Paragraph(_Record):
    text: str
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class ListItem(_Record):
    text: str
    items: tuple[ListItem, ...]


@dataclass(frozen=True, eq=False, repr=False)
class ListBlock(_Record):
    style: str
    items: tuple[ListItem, ...]
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Quote(_Record):
    text: str
    source: str | None
    style: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Heading(_Record):
    text: str
    level: int
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Table(_Record):
    caption: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Render(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class ImageFigure(_Record):
    """A picture file beside the plan (`figure: {image, alt, caption}`), e.g. one `planctl import` kept;
    the council document shows it with its alt text."""

    file: str
    alt: str | None
    caption: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class DiagramItem(_Record):
    label: str
    text: str | None
    color: str | None  # RRGGBB or #RRGGBB


@dataclass(frozen=True, eq=False, repr=False)
class DiagramFigure(_Record):
    """A labelled diagram drawn in the document (`figure: {diagram, items, caption, alt}`): levels one over
    the other (the first on top) or boxes side by side."""

    kind: str  # levels | boxes
    items: tuple[DiagramItem, ...]
    caption: str | None
    alt: str | None
    loc: Loc


@dataclass(frozen=True, eq=False, repr=False)
class Include(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Section(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Front(_Record):
    subtitle: str | None
    date_label: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Document(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Region(_Record):
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


@dataclass(frozen=True, eq=False, repr=False)
class Plan(_Record):
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
        return self._lookup("unit", ref, (*self.regional_units, *self.units))

    def statistic(self, ref: str) -> Statistic | None:
        return self._lookup("statistic", ref, (*self.regional_statistics, *self.statistics))

    def reference(self, ref: str) -> Reference | None:
        return self._lookup("reference", ref, (*self.regional_references, *self.references))

    def footnote(self, ref: str) -> Footnote | None:
        return self._lookup("footnote", ref, (*self.regional_footnotes, *self.footnotes))

    def _lookup(self, kind: str, ref: str, items: tuple[_E, ...]) -> _E | None:
        table: dict[str, _E] | None = self._index.get(kind)
        if table is None:
            table = {item.id: item for item in items}
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
