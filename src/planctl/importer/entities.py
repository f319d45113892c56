"""Tables of units, arenas (samarbeidsarenaer), agreements (samarbeidsavtaler) and the year's cycle
(årshjul) into their registries, recognised by their column headings (planctl's own in nb, nn and en,
and the common words municipal plans use)."""

from __future__ import annotations

from typing import Any

from planctl.importer.context import Context, where
from planctl.importer.grid import catalogue_words, cell_plain, cell_text, grid_row, norm
from planctl.importer.status import map_status
from planctl.importer.tree import Table
from planctl.messages import LANGUAGES, t

_UNIT_KINDS = ("service", "team", "network", "leader_group", "role", "project", "external")

SPECS: dict[str, dict[str, set[str]]] = {
    "units": {
        "name": {"enhet", "tjeneste", "eining", "teneste", "unit"} | catalogue_words("build.col.unit.name"),
        "kind": {"type", "kind"} | catalogue_words("build.col.kind"),
        "mandate": {"mandat", "mandate"} | catalogue_words("build.col.mandate"),
        "members": {"medlemmer", "members", "medlemar"} | catalogue_words("build.col.members"),
        "description": {"beskrivelse", "skildring", "description"} | catalogue_words("build.col.description"),
    },
    "arenas": {
        "name": {
            "arena",
            "samarbeidsarena",
            "samarbeidsarenaer",
            "møte",
            "forum",
            "møtearena",
            "samarbeidsforum",
            "navn på arena",
            "møteplass",
        }
        | catalogue_words("build.col.arena.name"),
        "purpose": {"formål", "føremål", "hensikt", "mandat", "innhold", "tema", "purpose"}
        | catalogue_words("build.col.purpose"),
        "level": {"nivå", "level"} | catalogue_words("build.col.level"),
        "participants": {
            "deltakere",
            "deltagere",
            "deltakarar",
            "hvem deltar",
            "kven deltek",
            "sammensetning",
            "participants",
        }
        | catalogue_words("build.col.participants"),
        "frequency": {
            "hyppighet",
            "frekvens",
            "møtefrekvens",
            "møtehyppighet",
            "når",
            "tidspunkt",
            "frequency",
            "kor ofte",
            "hvor ofte",
        }
        | catalogue_words("build.col.frequency"),
        "established": {"etablert", "established"} | catalogue_words("build.col.established"),
    },
    "agreements": {
        "title": {"avtale", "samarbeidsavtale", "avtaler", "agreement"}
        | catalogue_words("build.col.agreement.title"),
        "parties": {"parter", "part", "avtaleparter", "partar", "parties"}
        | catalogue_words("build.col.parties"),
        "status": {"status"} | catalogue_words("build.col.status"),
        "review": {"revisjon", "revideres", "evaluering", "review"} | catalogue_words("build.col.review"),
        "description": {"beskrivelse", "skildring", "innhold", "description"}
        | catalogue_words("build.col.description"),
    },
}
_NEEDS = {
    "units": ("name", ("kind", "mandate", "members")),
    "arenas": ("name", ("participants", "frequency")),
    "agreements": ("title", ("parties",)),
}


def classify(table: Table) -> tuple[str, list[str | None], list[str]] | None:
    """(what, field of each column, header texts) for a units, arenas or agreements table."""
    if not table.rows:
        return None
    labels = [cell_plain(c).replace("\n", " ") for c in grid_row(table.rows[0], table.width)]
    for what, spec in SPECS.items():
        fields: list[str | None] = []
        for label in labels:
            n = norm(label)
            found = next((f for f, words in spec.items() if n in words and f not in fields), None)
            fields.append(found)
        first, others = _NEEDS[what]
        if fields and fields[0] == first and any(o in fields for o in others):
            return what, fields, labels
    return None


def _kind_from_label(text: str) -> str | None:
    n = norm(text)
    for kind in _UNIT_KINDS:
        for lang in LANGUAGES:
            if norm(t(lang, f"build.unit.kind.{kind}")) == n:
                return kind
    return None


def read_entities(
    table: Table, what: str, fields: list[str | None], labels: list[str], ctx: Context, *, place: bool = True
) -> dict[str, Any] | None:
    """Add the table's rows to the registry; the render block that places them (or None)."""
    ids: list[str] = []
    if what == "units":
        _unit_names(table, fields, ctx)
    for n, row in enumerate(table.rows[1:], start=2):
        cells = dict(zip(fields, grid_row(row, table.width), strict=True))
        cells.pop(None, None)
        if not any(cell_plain(c) for c in cells.values()):
            continue
        if what == "units":
            uid = _unit(ctx, cells, table.pos)
            if uid:
                ids.append(uid)
        elif what == "arenas":
            ids.append(_arena(ctx, cells, table.pos, n))
        else:
            ids.append(_agreement(ctx, cells, table.pos, n))
    if not place or not ids:
        return None
    columns = [f for f in fields if f is not None]
    render: dict[str, Any] = {
        "render": what,
        "ids": ids,
        "columns": columns,
        "labels": {f: lab for f, lab in zip(fields, labels, strict=True) if f is not None},
    }
    return render


def _unit_names(table: Table, fields: list[str | None], ctx: Context) -> None:
    """All names first, so units keep the table's order when members refer to later rows."""
    if "name" not in fields:
        return
    column = fields.index("name")
    for row in table.rows[1:]:
        name = cell_plain(grid_row(row, table.width)[column])
        if name:
            ctx.units.add(name, where=table.pos)
    ctx.units.closed = True


def _unit(ctx: Context, cells: dict[str | None, Any], pos: int) -> str | None:
    name = cell_plain(cells.get("name"))
    if not name:
        return None
    kind = _kind_from_label(cell_plain(cells.get("kind"))) if cells.get("kind") is not None else None
    uid = ctx.units.add(name, kind=kind, where=pos)
    unit = ctx.units.by_id(uid)
    if unit is None:
        return uid
    if kind is not None:
        unit.kind, unit.guessed = kind, False
        unit.municipal = kind != "external"
    mandate = cell_text(cells.get("mandate"), ctx.note_id)
    if mandate:
        unit.mandate = mandate
    description = cell_text(cells.get("description"), ctx.note_id)
    if description:
        unit.description = description
    members = cell_plain(cells.get("members"))
    if members:
        unit.members = ctx.units.resolve(members, pos, lines=True)
    ctx.report.add("unit", where(table=pos), "", name)
    return uid


def _arena(ctx: Context, cells: dict[str | None, Any], pos: int, row: int) -> str:
    name = cell_text(cells.get("name"), ctx.note_id)
    arena: dict[str, Any] = {"id": ctx.new_id("arenas", cell_plain(cells.get("name")), "arena"), "name": name}
    purpose = cell_text(cells.get("purpose"), ctx.note_id)
    if purpose:
        arena["purpose"] = purpose
    level_text = cell_plain(cells.get("level")).lower()
    if level_text:
        system, individual = "system" in level_text, "individ" in level_text
        arena["level"] = (
            "both" if system and individual else "system" if system else "individual" if individual else None
        )
        if arena["level"] is None:
            del arena["level"]
    participants = cell_plain(cells.get("participants"))
    if participants:
        ids = ctx.units.resolve(participants, pos, strict=True)
        arena["participants"] = ids
        printed = "\n".join(_name(ctx, i) for i in ids)
        label = cell_text(cells.get("participants"), ctx.note_id)
        if label != printed:
            arena["participants_label"] = label
        ctx.guess(arena, "participants", "import.guess.units")
    for key in ("frequency", "established"):
        text = cell_text(cells.get(key), ctx.note_id)
        if text:
            arena[key] = text
    ctx.registries["arenas"].append(arena)
    ctx.report.add("arena", where(table=pos, row=row), f"/arenas/{len(ctx.registries['arenas']) - 1}", name)
    return str(arena["id"])


def _agreement(ctx: Context, cells: dict[str | None, Any], pos: int, row: int) -> str:
    title = cell_text(cells.get("title"), ctx.note_id)
    agreement: dict[str, Any] = {
        "id": ctx.new_id("agreements", cell_plain(cells.get("title")), "avtale"),
        "title": title,
    }
    parties = cell_plain(cells.get("parties"))
    if parties:
        agreement["parties"] = ctx.units.resolve(parties, pos, lines=True)
        ctx.guess(agreement, "parties", "import.guess.units")
    status = map_status(cell_plain(cells.get("status")))
    if status is not None:
        agreement["status"] = {"state": status.state, "label": status.label}
        ctx.guess(agreement["status"], "state", "import.guess.status", words=status.matched or "")
    for key in ("review", "description"):
        text = cell_text(cells.get(key), ctx.note_id)
        if text:
            agreement[key] = text
    ctx.registries["agreements"].append(agreement)
    ctx.report.add(
        "agreement", where(table=pos, row=row), f"/agreements/{len(ctx.registries['agreements']) - 1}", title
    )
    return str(agreement["id"])


def _name(ctx: Context, uid: str) -> str:
    unit = ctx.units.by_id(uid)
    return unit.name if unit is not None else ctx.units.regional.get(uid, uid)
