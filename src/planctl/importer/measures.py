"""Measure tables (tiltak) into the `measures` registry and `render: measures` blocks.

A table is a measure table when its header names a measure column (Tiltak/Navn/Namn) and at least one
more (Beskrivelse/Skildring/Utfyllende informasjon, Ansvar/Ansvarlig/Ansvarleg, Status, Frist, Evaluering,
Nivå, Mål, Lenker; and planctl's own headings in nb, nn and en). The plan's own column headings are kept
as `labels`. Prevention levels come from, in this order: a level column; a group row inside the table
(«UNIVERSELLE TILTAK» across the row); a header cell that is a group label; the heading just above the
table. A row with an empty name continues the measure above (a row broken across a page); a table without
a header right after a measure table, with as many columns, continues it. The same measure printed under
two levels (identical cells) is one measure with both levels. A group row that names no level («Barnehage»,
«Delmål 1: Tidlig innsats», across the row) is kept as a paragraph where it stood: the table is placed as
one `render: measures` block per stretch of measures between such rows (`Measures.pieces`).
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from planctl.importer.context import Context, where
from planctl.importer.emit import key_order
from planctl.importer.grid import catalogue_words, cell_plain, cell_runs, cell_text, grid_row, norm
from planctl.importer.levels import is_group_label, level_of, levels_in, scope_of
from planctl.importer.status import find_due, map_status
from planctl.importer.tree import Row, Table
from planctl.records import record

# A measure's fields a table column can hold (its id, the responsible label and arenas are made, not read).
COLUMNS = tuple(k for k in key_order("measures") if k not in ("id", "responsible_label", "arenas"))
_WORDS: dict[str, set[str]] = {
    "name": {
        "tiltak",
        "navn",
        "namn",
        "tiltak aktivitet",
        "aktivitet",
        "tiltaksnavn",
        "measure",
        "name",
        "tiltakets navn",
        "hva",
        "kva",
    },
    "description": {
        "beskrivelse",
        "skildring",
        "innhold",
        "innhald",
        "om tiltaket",
        "description",
        "beskrivelse av tiltaket",
        "hva er tiltaket",
        "kort beskrivelse",
    },
    "details": {
        "utfyllende informasjon",
        "utfyllande informasjon",
        "mer informasjon",
        "details",
        "merknad",
        "merknader",
        "kommentar",
        "kommentarer",
    },
    "responsible": {
        "ansvar",
        "ansvarlig",
        "ansvarleg",
        "ansvarlige",
        "hvem",
        "kven",
        "responsible",
        "ansvarlig enhet",
        "ansvarlig tjeneste",
        "eier",
        "ansvarlig for tiltaket",
        "hvem har ansvar",
    },
    "status": {"status", "state", "status pr", "gjennomføring"},
    "due": {"frist", "tidsfrist", "tidspunkt", "når", "tidsplan", "due", "deadline", "tidsramme", "ferdig"},
    "evaluation": {"evaluering", "evaluation", "evalueres", "oppfølging og evaluering"},
    "levels": {"nivå", "forebyggingsnivå", "level", "levels", "førebyggingsnivå", "tiltaksnivå forebygging"},
    "scope": {"tiltaksnivå", "scope"},
    "goals": {"mål", "delmål", "goals", "goal"},
    "links": {"lenke", "lenker", "link", "links", "nettside", "lenkjer"},
}
for _field in COLUMNS:
    _WORDS[_field] |= catalogue_words(f"build.col.{_field}")
_WORDS["details"] -= _WORDS["description"]


@record
class Header:
    fields: list[str | None]  # the field of each grid column
    labels: list[str]  # the header text of each grid column
    group: str | None = None  # a level named in the name column's header («UNIVERSELLE TILTAK»)


@record
class Placement:
    render: dict[str, Any]
    ids: list[str] = field(default_factory=list)
    width: int = 0
    header: Header | None = None
    grouped: bool = False  # levels from group rows or headings: group_by level
    filtered: str | None = None  # levels from the header cell: a levels filter


def header_of(row: Row, width: int) -> Header | None:
    cells = grid_row(row, width)
    labels = [cell_plain(c).replace("\n", " ") for c in cells]
    fields: list[str | None] = []
    group = None
    for i, label in enumerate(labels):
        n = norm(label)
        found = next((f for f in COLUMNS if n in _WORDS[f]), None)
        if found is None and i == 0 and n.endswith("tiltak") and is_group_label(label):
            found, group = "name", level_of(label)
        if found is not None and found in fields:
            found = "details" if found == "description" and "details" not in fields else None
        fields.append(found)
    if "details" in fields and "description" not in fields:  # the only text column is the description
        fields[fields.index("details")] = "description"
    known = [f for f in fields if f is not None]
    if (
        "name" not in known
        or len(known) < 2
        or not ({"responsible", "status", "description", "due", "evaluation", "details"} & set(known))
    ):
        return None
    return Header(fields, labels, group)


def is_measure_table(table: Table) -> bool:
    return bool(table.rows) and header_of(table.rows[0], table.width) is not None


class Measures:
    """The measure tables of one document, in order."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.placements: list[Placement] = []
        # The blocks the last table added is placed as, in order: its placements and, between them, the
        # group rows that name no level, as paragraphs (inline markdown).
        self.pieces: list[Placement | str] = []
        self.by_signature: dict[tuple[str, ...], dict[str, Any]] = {}
        self.last: Placement | None = None

    @property
    def items(self) -> list[dict[str, Any]]:
        return self.ctx.registries["measures"]

    def continues(self, table: Table) -> bool:
        """Whether a header-less table continues the last measure table (a table broken across pages)."""
        return (
            self.last is not None
            and bool(table.rows)
            and header_of(table.rows[0], table.width) is None
            and table.width == self.last.width
        )

    def add(
        self,
        table: Table,
        heading_level: str | None = None,
        heading_label: str | None = None,
        into: Placement | None = None,
    ) -> Placement:
        rows = list(table.rows)
        width = table.width
        header: Header | None = None
        if into is not None and header_of(rows[0], width) is None:
            placement = into
            header = into.header
        else:
            header = header_of(rows[0], width)
            rows = rows[1:]
            placement = into or Placement({"render": "measures"}, width=width, header=header)
            placement.header = header
        assert header is not None
        level = heading_level or header.group
        if header.group is not None and into is None:
            placement.filtered = header.group
        current = self._last_measure(placement)
        pieces: list[Placement | str] = [placement]
        split = False  # a group row without a level came after measures: the next measure starts a placement
        for n, row in enumerate(rows, start=2 if into is None else 1):
            if row.header and n <= 3:
                continue
            cells = grid_row(row, width)
            texts = [cell_plain(c) for c in cells]
            nonempty = [x for x in texts if x]
            if not nonempty:
                continue
            if header_of(row, width) is not None:  # a repeated header inside the table
                continue
            spans_row = row.cells[0].span >= width
            if (
                len(set(nonempty)) == 1
                and (len(nonempty) == 1 or spans_row)
                and len(nonempty[0].split()) <= 10
            ):
                group_level = level_of(nonempty[0])
                if group_level is not None:
                    level = group_level
                    placement.grouped = True
                    labels = placement.render.setdefault("group_labels", {})
                    labels.setdefault(group_level, nonempty[0])
                    self.ctx.report.add(
                        "group",
                        where(table=table.pos, row=n),
                        "",
                        nonempty[0],
                        guess=("import.guess.level", {"level": group_level}),
                    )
                    continue
                if spans_row or _bold_name_alone(cells, header):
                    self.ctx.report.add(
                        "group",
                        where(table=table.pos, row=n),
                        "",
                        nonempty[0],
                        guess=("import.guess.group-row", {}),
                    )
                    label = next(cell_text(c, self.ctx.note_id) for c in cells if cell_plain(c))
                    if placement.ids or placement is into:
                        pieces.append(label)
                        split = True
                    else:  # before the table's first measure: above the table
                        pieces.insert(len(pieces) - 1, label)
                    current = None
                    continue
            name = texts[_index(header, "name")]
            if not name and current is not None:
                self._continue(current, header, cells, table, n)
                continue
            if not name:
                self.ctx.report.add(
                    "unmapped",
                    where(table=table.pos, row=n),
                    "",
                    " ".join(nonempty),
                    detail=("import.detail.no-name", {}),
                )
                continue
            if split:
                placement = Placement({"render": "measures"}, width=width, header=header)
                pieces.append(placement)
                split = False
            current = self._measure(header, cells, level, table, n, placement)
        placements = [p for p in pieces if isinstance(p, Placement)]
        for each in placements:
            if heading_level is not None:
                each.grouped = True
                labels = each.render.setdefault("group_labels", {})
                if heading_label:
                    labels.setdefault(heading_level, heading_label)
            if each not in self.placements:
                self.placements.append(each)
        self.last = placement
        self.pieces = pieces
        return placement

    def _last_measure(self, placement: Placement) -> dict[str, Any] | None:
        if not placement.ids:
            return None
        return next((m for m in reversed(self.items) if m["id"] == placement.ids[-1]), None)

    def _measure(
        self, header: Header, cells: list[Any], level: str | None, table: Table, n: int, placement: Placement
    ) -> dict[str, Any]:
        ctx = self.ctx
        values: dict[str, str] = {}
        plain: dict[str, str] = {}
        for field_name, cell in zip(header.fields, cells, strict=True):
            if field_name is None:
                continue
            values[field_name] = cell_text(cell, ctx.note_id)
            plain[field_name] = cell_plain(cell)
        signature = tuple(
            values.get(k, "")
            for k in ("name", "description", "details", "responsible", "status", "due", "evaluation")
        )
        existing = self.by_signature.get(signature)
        if existing is not None:
            if level and level not in existing.get("levels", []):
                existing.setdefault("levels", []).append(level)
                ctx.report.add(
                    "measure",
                    where(table=table.pos, row=n),
                    f"/measures/{existing['id']}",
                    values.get("name", ""),
                    detail=("import.detail.same-measure", {"level": level}),
                )
            if existing["id"] not in placement.ids:
                placement.ids.append(existing["id"])
            return existing
        measure: dict[str, Any] = {
            "id": ctx.new_id("measures", plain.get("name", ""), "tiltak"),
            "name": values["name"],
        }
        for key in ("description", "details"):
            if values.get(key):
                measure[key] = values[key]
        levels: list[str] = []
        if values.get("levels"):
            levels = levels_in(plain["levels"])
        elif level:
            levels = [level]
        if levels:
            measure["levels"] = levels
        if values.get("scope"):
            scope = scope_of(plain["scope"])
            if scope:
                measure["scope"] = scope
        if plain.get("responsible"):
            ids = ctx.units.resolve(plain["responsible"], table.pos, strict=ctx.units.closed)
            if ids:
                measure["responsible"] = ids
            printed = "\n".join(self._unit_name(i) for i in ids)
            if values["responsible"] != printed:
                measure["responsible_label"] = values["responsible"]
        if plain.get("status"):
            guess = map_status(plain["status"])
            if guess is not None:
                measure["status"] = {"state": guess.state, "label": plain["status"]}
                ctx.guess(measure["status"], "state", "import.guess.status", words=guess.matched or "")
                ctx.report.add(
                    "status",
                    where(table=table.pos, row=n),
                    "",
                    plain["status"],
                    guess=("import.guess.status", {"state": guess.state, "words": guess.matched or "-"}),
                )
                if guess.due and not plain.get("due"):
                    measure["due"] = guess.due
                    ctx.guess(measure, "due", "import.guess.due")
        if plain.get("due"):
            due = find_due(plain["due"])
            if due:
                measure["due"] = due
                if due != plain["due"].strip():
                    ctx.guess(measure, "due", "import.guess.due")
            else:
                ctx.report.add(
                    "unmapped",
                    where(table=table.pos, row=n),
                    "",
                    plain["due"],
                    detail=("import.detail.due", {}),
                )
        if values.get("evaluation"):
            measure["evaluation"] = values["evaluation"]
        links = [
            r
            for c, f in zip(cells, header.fields, strict=True)
            if f == "links"
            for r in cell_runs(c)
            if r.url
        ]
        if links:
            measure["links"] = [
                {"text": r.text.strip(), "url": r.url} if r.text.strip() != r.url else r.url for r in links
            ]
        if values.get("goals"):
            ctx.goal_cells.append((measure, _goal_items(values["goals"]), where(table=table.pos, row=n)))
        if levels:
            ctx.guess(measure, "levels", "import.guess.level", level=", ".join(levels))
        self.items.append(measure)
        self.by_signature[signature] = measure
        placement.ids.append(measure["id"])
        ctx.report.add(
            "measure",
            where(table=table.pos, row=n),
            f"/measures/{len(self.items) - 1}",
            plain.get("name", ""),
        )
        return measure

    def _continue(
        self, measure: dict[str, Any], header: Header, cells: list[Any], table: Table, n: int
    ) -> None:
        ctx = self.ctx
        for field_name, cell in zip(header.fields, cells, strict=True):
            text = cell_text(cell, ctx.note_id)
            if field_name is None or not text:
                continue
            if field_name == "responsible":
                ids = ctx.units.resolve(cell_plain(cell), table.pos, strict=ctx.units.closed)
                old_label = measure.get("responsible_label") or "\n".join(
                    self._unit_name(i) for i in measure.get("responsible", [])
                )
                measure["responsible"] = [
                    *measure.get("responsible", []),
                    *(i for i in ids if i not in measure.get("responsible", [])),
                ]
                measure["responsible_label"] = f"{old_label}\n{text}" if old_label else text
            elif field_name in ("description", "details", "evaluation", "name"):
                measure[field_name] = f"{measure[field_name]} {text}" if measure.get(field_name) else text
        ctx.report.add(
            "measure",
            where(table=table.pos, row=n),
            "",
            cell_plain(cells[0]) or "…",
            detail=("import.detail.continued", {"name": measure["name"]}),
        )

    def _unit_name(self, uid: str) -> str:
        unit = self.ctx.units.by_id(uid)
        if unit is not None:
            return unit.name
        return self.ctx.units.regional.get(uid, uid)

    def finish(self) -> None:
        """Columns, labels, grouping and id filters of every placement, once all tables are read."""
        measures = {m["id"]: m for m in self.items}
        for p in self.placements:
            header = p.header
            if header is None:
                continue
            render = p.render
            columns = [f for f in header.fields if f is not None]
            labels = {f: lab for f, lab in zip(header.fields, header.labels, strict=True) if f is not None}
            if p.filtered:
                render["levels"] = [p.filtered]
            elif p.grouped and all(measures[i].get("levels") for i in p.ids):
                render["group_by"] = "level"
            else:
                render.pop("group_labels", None)
            render["columns"] = columns
            render["labels"] = labels
            if len(self.placements) > 1:
                selected = [
                    m["id"] for m in self.items if not p.filtered or p.filtered in m.get("levels", [])
                ]
                if sorted(selected) != sorted(p.ids):
                    render["ids"] = list(p.ids)
            _order(render)


def _bold_name_alone(cells: list[Any], header: Header) -> bool:
    """A row whose only text is its name cell's, all of it bold: a group row written without merging the
    row's cells (as a markdown table must), not a measure with nothing but a name."""
    filled = [k for k, c in enumerate(cells) if cell_plain(c)]
    if filled != [_index(header, "name")]:
        return False
    runs = [r for r in cell_runs(cells[filled[0]]) if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def link_goals(ctx: Context) -> None:
    """Each measure's goals column as its `goals`: a goal the plan states already (the same words, case and
    punctuation aside) is linked; any other becomes a goal of its own (kind sub, a guess), so that the
    column shows the same words in the built document. Run once the whole document is read, so that the
    goals its text states are known."""
    goals = ctx.registries["goals"]
    known: dict[str, str] = {}
    for g in goals:  # by its text, and by its text after its label («Hovedmålet er at»)
        if isinstance(g.get("text"), str):
            known.setdefault(_goal_key(g["text"]), g["id"])
            if g.get("label"):
                known.setdefault(_goal_key(f"{g['label']} {g['text']}"), g["id"])
    for measure, items, pos in ctx.goal_cells:
        ids: list[str] = []
        for item in items:
            key = _goal_key(item)
            found = known.get(key)
            if found is None:
                found = known[key] = ctx.new_id("goals", key[:40], "mal")
                goal = {"id": found, "kind": "sub", "text": item}
                goals.append(goal)
                ctx.guess(goal, "kind", "import.guess.goal-column")
                ctx.report.add(
                    "goal", pos, f"/goals/{len(goals) - 1}", item, guess=("import.guess.goal-column", {})
                )
            if found not in ids:
                ids.append(found)
        measure["goals"] = ids
        ctx.guess(measure, "goals", "import.guess.goals-linked")
    ctx.goal_cells.clear()


def _goal_items(cell: str) -> list[str]:
    """The goals one cell names: a line each, and within a line each part between «;» (where that cuts
    no link or emphasis in two); list bullets dropped."""
    items: list[str] = []
    for line in cell.split("\n"):
        parts = line.split(";")
        if "[" in line or any(part.count("*") % 2 or part.count("`") % 2 for part in parts):
            parts = [line]
        for part in parts:
            text = re.sub(r"^\s*(?:[-–•·*]\s+)", "", part).strip()
            if text:
                items.append(text)
    return items


def _goal_key(text: str) -> str:
    """A goal's words compared as header cells are (`grid.norm`: markup, case, punctuation and runs of white
    space aside), its footnote markers left out."""
    return norm(re.sub(r"\[\^[^\]]*\]", "", text))


def _index(header: Header, name: str) -> int:
    return header.fields.index(name) if name in header.fields else 0


def _order(render: dict[str, Any]) -> None:
    order = ("render", "ids", "levels", "scope", "group_by", "columns", "labels", "title", "group_labels")
    items = sorted(render.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    render.clear()
    render.update(items)
