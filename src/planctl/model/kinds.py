"""The kinds of entry a plan keeps in its registries, one row each.

A row says where the YAML keeps the kind (`registry`), what the diff, the findings and the element keys of
the council document call it (`name`), which `render:` block lays it out, which message names it, which
fields name an entry, which fields refer to other entries, and the columns a table of the kind can show in
the council document (heading, how a value is printed; the Word writer fits the widths to the content).

A new field of an existing kind touches the schema, `model.types` (and its builder in `model.build`) and,
where a reference, an unordered list or a table column, this table: nothing else.
"""

from __future__ import annotations

from enum import Enum

from planctl.records import record


class Cell(Enum):
    """How a table column prints the value of its field."""

    TEXT = "text"  # inline markdown (a str or None)
    PLAIN = "plain"  # the value as written, no markdown (a date)
    UNITS = "units"  # unit ids, one unit name a line
    CHOICE = "choice"  # an enumerated value, printed as the message `choices` + value
    STATUS = "status"  # a Status: the plan's own words, else the state in the document's language
    LINK = "link"  # a URL, printed as a link
    OWN = "own"  # printed by the kind's builder in planctl.document (levels, month, goals ...)


@record(frozen=True)
class Column:
    field: str  # the field of the entry, as in the YAML and the model
    label: str | None  # message key of the heading; None: the field name is the heading
    cell: Cell = Cell.TEXT
    choices: str = ""  # Cell.CHOICE: the message key prefix of the values


@record(frozen=True)
class Kind:
    name: str  # the kind in the diff, in findings and in element keys: "measure"
    registry: str  # the YAML key of the registry and the Plan attribute: "measures"
    render: str  # the `render:` block that lays the kind out: "measures"
    label: str  # message key of the kind's name (in findings): "kind.measure"
    title: str  # message key of its chapter heading (a plan without a document tree)
    display: tuple[str, ...]  # the fields that name an entry: the first one set, else the last one's value
    regional: bool = False  # the regional file shares entries of this kind
    refs: tuple[tuple[str, str], ...] = ()  # (field, kind it refers to); "steps[].actors" for nested lists
    unordered: frozenset[str] = frozenset()  # list fields whose order carries no meaning
    columns: tuple[Column, ...] = ()  # the columns a table of this kind can show, in the schema's order
    default_columns: tuple[str, ...] = ()  # a table without `columns:`
    # The fields that say what the entry is (not its name where it is only a name, nor its references):
    # what the document must show somewhere (BUILD-UNPLACED, planctl.model.placement).
    content: tuple[str, ...] = ()

    def column(self, field: str) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)

    def heading(self, field: str) -> str | None:
        """Message key of a column's heading; None for a field shown under its own name."""
        column = self.column(field)
        return column.label if column is not None else None


UNIT = Kind(
    name="unit",
    registry="units",
    render="units",
    label="kind.unit",
    title="build.section.units",
    display=("name",),
    regional=True,
    refs=(("members", "unit"),),
    unordered=frozenset({"aliases", "members"}),
    columns=(
        Column("name", "build.col.unit.name"),
        Column("kind", "build.col.kind", cell=Cell.CHOICE, choices="build.unit.kind."),
        Column("mandate", "build.col.mandate"),
        Column("members", "build.col.members", Cell.UNITS),
        Column("description", "build.col.description"),
        Column("url", None, cell=Cell.LINK),
    ),
    default_columns=("name", "kind", "mandate", "members"),
    content=("mandate", "members", "description"),
)
GOAL = Kind(
    name="goal",
    registry="goals",
    render="goals",
    label="kind.goal",
    title="build.section.goals",
    display=("text",),
    content=("text",),
)
STRATEGY = Kind(
    name="strategy",
    registry="strategies",
    render="strategies",
    label="kind.strategy",
    title="build.section.strategies",
    display=("title",),
    refs=(("goals", "goal"),),
    unordered=frozenset({"goals"}),
    content=("title", "text"),
)
MEASURE = Kind(
    name="measure",
    registry="measures",
    render="measures",
    label="kind.measure",
    title="build.section.measures",
    display=("name",),
    refs=(("responsible", "unit"), ("goals", "goal"), ("arenas", "arena")),
    unordered=frozenset({"levels", "goals", "arenas", "links"}),
    columns=(
        Column("name", "build.col.name"),
        Column("description", "build.col.description"),
        Column("details", "build.col.details"),
        Column("levels", "build.col.levels", Cell.OWN),
        Column("scope", "build.col.scope", Cell.CHOICE, "build.scope."),
        Column("responsible", "build.col.responsible", Cell.OWN),
        Column("status", "build.col.status", Cell.STATUS),
        Column("due", "build.col.due", Cell.PLAIN),
        Column("evaluation", "build.col.evaluation"),
        Column("goals", "build.col.goals", Cell.OWN),
        Column("links", "build.col.links", Cell.OWN),
    ),
    default_columns=("name", "description", "responsible", "status"),
    content=("name", "description", "details", "evaluation"),
)
ARENA = Kind(
    name="arena",
    registry="arenas",
    render="arenas",
    label="kind.arena",
    title="build.section.arenas",
    display=("name",),
    refs=(("participants", "unit"),),
    unordered=frozenset({"participants"}),
    columns=(
        Column("name", "build.col.arena.name"),
        Column("purpose", "build.col.purpose"),
        Column("level", "build.col.level", cell=Cell.CHOICE, choices="build.arena.level."),
        Column("participants", "build.col.participants", Cell.OWN),
        Column("frequency", "build.col.frequency"),
        Column("established", "build.col.established"),
    ),
    default_columns=("name", "purpose", "level", "participants", "frequency"),
    content=("name", "purpose", "participants", "frequency"),
)
AGREEMENT = Kind(
    name="agreement",
    registry="agreements",
    render="agreements",
    label="kind.agreement",
    title="build.section.agreements",
    display=("title",),
    refs=(("parties", "unit"),),
    unordered=frozenset({"parties"}),
    columns=(
        Column("title", "build.col.agreement.title"),
        Column("parties", "build.col.parties", Cell.UNITS),
        Column("status", "build.col.status", cell=Cell.STATUS),
        Column("review", "build.col.review"),
        Column("description", "build.col.description"),
    ),
    default_columns=("title", "parties", "status", "review", "description"),
    content=("title", "parties", "description"),
)
PATHWAY = Kind(
    name="pathway",
    registry="pathways",
    render="pathway",
    label="kind.pathway",
    title="build.section.pathways",
    display=("title",),
    refs=(("steps[].actors", "unit"), ("steps[].arena", "arena")),
    content=("title", "intro", "steps"),
)
ANNUAL_WHEEL = Kind(
    name="annual_wheel",
    registry="annual_wheel",
    render="annual_wheel",
    label="kind.annual_wheel",
    title="build.section.annual_wheel",
    display=("title",),
    refs=(("responsible", "unit"),),
    columns=(
        Column("month", "build.col.month", cell=Cell.OWN),
        Column("title", "build.col.wheel.title"),
        Column("responsible", "build.col.responsible", cell=Cell.UNITS),
        Column("kind", "build.col.wheel.kind", cell=Cell.CHOICE, choices="build.wheel.kind."),
        Column("frequency", "build.col.frequency"),
        Column("description", "build.col.description"),
    ),
    default_columns=("month", "title", "responsible", "kind", "frequency"),
    content=("title", "description"),
)
STATISTICS = Kind(
    name="statistics",
    registry="statistics",
    render="statistics",
    label="kind.statistics",
    title="build.section.statistics",
    display=("title", "id"),
    regional=True,
    content=("title", "series", "note"),
)
REFERENCE = Kind(
    name="reference",
    registry="references",
    render="references",
    label="kind.reference",
    title="build.section.references",
    display=("title", "text", "id"),
    regional=True,
    content=("author", "title", "text", "url"),
)
FOOTNOTE = Kind(
    name="footnote",
    registry="footnotes",
    render="footnotes",
    label="kind.footnote",
    title="build.section.footnotes",
    display=("id",),
    regional=True,
    content=("text",),
)

# In the order of the YAML registries (and of the diff's output).
KINDS: tuple[Kind, ...] = (
    UNIT,
    GOAL,
    STRATEGY,
    MEASURE,
    ARENA,
    AGREEMENT,
    PATHWAY,
    ANNUAL_WHEEL,
    STATISTICS,
    REFERENCE,
    FOOTNOTE,
)
# In the order of the council document's default chapters: the registries' order with goals and
# strategies first.
DOCUMENT_ORDER: tuple[Kind, ...] = (GOAL, STRATEGY, *(k for k in KINDS if k not in (GOAL, STRATEGY)))


def display_name(kind: Kind, entry: object) -> str:
    """What names an entry: the first of the kind's `display` fields that is set, else the last one's value."""
    values = [getattr(entry, f) for f in kind.display]
    return str(next((v for v in values if v), values[-1]))
