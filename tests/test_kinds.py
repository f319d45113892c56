"""The kinds table (planctl.model.kinds) against the schema, the model and the message catalogue."""

from __future__ import annotations

import dataclasses
from typing import Any, get_args, get_type_hints

import pytest

from planctl.check.rules.integrity import REFERENCE_FIELDS, REGIONAL_REGISTRIES, REGISTRIES, RENDER_KINDS
from planctl.check.schema_files import load_schema
from planctl.diff.entities import KINDS as DIFF_KINDS
from planctl.diff.entities import UNIT_REFS, UNORDERED
from planctl.messages import LANGUAGES, t
from planctl.model.kinds import (
    DOCUMENT_ORDER,
    KINDS,
    MEASURE,
    STATISTICS,
    Cell,
    Kind,
    display_name,
)
from planctl.model.types import Loc, Plan, Reference, Statistic

PLAN_SCHEMA = load_schema("plan")
NOT_REGISTRIES = {"schema", "uses", "plan", "document"}
IDS = [k.name for k in KINDS]
BY_NAME = {k.name: k for k in KINDS}
LOC = Loc("plan.yaml", "/x")


def _definition(kind: Kind) -> dict[str, Any]:
    ref = PLAN_SCHEMA["properties"][kind.registry]["items"]["$ref"]
    definition: dict[str, Any] = PLAN_SCHEMA["$defs"][ref.rsplit("/", 1)[-1]]
    return definition


def _model_class(kind: Kind) -> type:
    entry: type = get_args(get_type_hints(Plan)[kind.registry])[0]
    return entry


def test_every_registry_of_the_schemas_has_exactly_one_kind() -> None:
    registries = set(PLAN_SCHEMA["properties"]) - NOT_REGISTRIES
    assert sorted(k.registry for k in KINDS) == sorted(registries)
    regional = set(load_schema("regional")["properties"]) - {"schema", "region", "blocks", "sections"}
    assert {k.registry for k in KINDS if k.regional} == regional
    assert len({k.name for k in KINDS}) == len(KINDS)


def test_every_render_name_is_accepted_by_the_schema() -> None:
    accepted = PLAN_SCHEMA["$defs"]["block_render"]["properties"]["render"]["enum"]
    assert all(k.render in accepted for k in KINDS)
    # every render name but the pyramid (a figure of the measures) lays out one kind
    assert set(accepted) - {k.render for k in KINDS} == {"pyramid"}


def test_the_integrity_constants_and_the_diff_kinds_come_from_the_table() -> None:
    assert {k.registry: k.name for k in KINDS} == REGISTRIES
    assert REGIONAL_REGISTRIES == ("units", "statistics", "references", "footnotes")
    assert RENDER_KINDS["pathway"] == "pathway" and RENDER_KINDS["measures"] == "measure"
    assert ("plan", *IDS, "section") == DIFF_KINDS
    assert sorted(REFERENCE_FIELDS) == sorted((k.registry, f, to) for k in KINDS for f, to in k.refs)
    assert {"responsible", "members", "participants", "parties", "actors", "revision.owner"} == UNIT_REFS
    assert {
        "levels",
        "goals",
        "arenas",
        "aliases",
        "covers",
        "participants",
        "parties",
        "members",
        "links",
        "lines",
    } == UNORDERED


def test_document_order_holds_every_kind_once() -> None:
    assert sorted(k.name for k in DOCUMENT_ORDER) == sorted(IDS)
    assert DOCUMENT_ORDER[:3] == (BY_NAME["goal"], BY_NAME["strategy"], BY_NAME["unit"])


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_every_field_the_table_names_is_a_field_of_the_model_and_the_schema(kind: Kind) -> None:
    fields = {f.name for f in dataclasses.fields(_model_class(kind))}
    properties = set(_definition(kind)["properties"])
    named = {c.field for c in kind.columns} | set(kind.display) | set(kind.unordered)
    named |= {field.split("[].")[0] for field, _ in kind.refs}
    assert named <= fields
    assert named - {"origin"} <= properties
    shown = {c.field for c in kind.columns}
    assert set(kind.default_columns) <= shown
    assert set(kind.content) <= fields and set(kind.content) - {"origin"} <= properties
    assert all(to in BY_NAME for _, to in kind.refs)


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_every_message_the_table_names_exists_in_every_language(kind: Kind) -> None:
    keys = [kind.label, kind.title, *(c.label for c in kind.columns if c.label is not None)]
    for column in kind.columns:
        if column.cell is Cell.CHOICE:
            values = [v for v in _definition(kind)["properties"][column.field]["enum"] if v is not None]
            assert values, column
            keys.extend(column.choices + v for v in values)
    for lang in LANGUAGES:
        for key in keys:
            t(lang, key)  # raises KeyError for a missing message


def test_the_measure_columns_are_the_columns_the_schema_accepts() -> None:
    accepted = PLAN_SCHEMA["$defs"]["block_render"]["then"]["properties"]["columns"]["items"]["enum"]
    assert [c.field for c in MEASURE.columns] == accepted


def test_headings_of_known_and_unknown_columns() -> None:
    assert MEASURE.heading("status") == "build.col.status"
    assert MEASURE.heading("nonsense") is None
    assert BY_NAME["unit"].heading("url") is None  # a known column shown under its field name


def test_display_name_is_the_first_field_set_else_the_last() -> None:
    stat = Statistic(
        id="barn",
        title=None,
        unit=None,
        source=None,
        periods=(),
        entity_label=None,
        layout="rows",
        note=None,
        origin="plan",
        series=(),
        loc=LOC,
    )
    assert display_name(STATISTICS, stat) == "barn"
    assert display_name(STATISTICS, dataclasses.replace(stat, title="Barn i tall")) == "Barn i tall"
    ref = Reference(
        id="r",
        author=None,
        year=None,
        title="",
        url=None,
        text="Full tekst",
        accessed=None,
        origin="plan",
        loc=LOC,
    )
    assert display_name(BY_NAME["reference"], ref) == "Full tekst"
    goal = BY_NAME["goal"]
    assert display_name(goal, type("G", (), {"text": "", "id": "g"})()) == ""  # a goal is named by its text
