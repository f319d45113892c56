"""The layout's parts one by one: select(), the typed element keys, and one builder per `render:` name,
each run on a small plan built from data (planctl.document)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from planctl.document.context import Context
from planctl.document.elements import (
    Key,
    ListEl,
    ParaEl,
    PathwayEl,
    PyramidEl,
    TableEl,
)
from planctl.document.inline import plain
from planctl.document.layout import layout
from planctl.document.renders import RENDERS, render
from planctl.load.yamlsource import SourceMap, YamlDocument
from planctl.model.build import build_plan
from planctl.model.kinds import KINDS
from planctl.model.placement import select, unplaced
from planctl.model.types import Loc, Plan, Render
from tests.conftest import plan_header

UNITS = [
    {"id": "hs", "name": "Helsestasjonen", "kind": "service", "municipal": True},
    {"id": "bv", "name": "Barneverntjenesten", "kind": "service", "municipal": True},
]


def _plan(regional: dict[str, Any] | None = None, **registries: Any) -> Plan:
    data = {
        **plan_header("p", "Plan", "Testby kommune"),
        "units": UNITS,
        **registries,
    }
    shared = (
        YamlDocument(Path("r.yaml"), "r.yaml", regional, SourceMap(), []) if regional is not None else None
    )
    return build_plan(YamlDocument(Path("p.yaml"), "p.yaml", data, SourceMap(), []), shared)


def _block(what: str, **fields: Any) -> Render:
    base = Render(
        what=what,
        ids=None,
        levels=None,
        scope=None,
        group_by=None,
        columns=None,
        labels=(),
        group_labels=(),
        title=None,
        caption=None,
        alt=None,
        loc=Loc("p.yaml", "/document"),
    )
    return dataclasses.replace(base, **fields)


def _run(plan: Plan, what: str, lang: str = "nb", **fields: Any) -> Context:
    ctx = Context(plan, lang, draft=False)
    render(ctx, _block(what, **fields), 1)
    return ctx


def _paragraphs(ctx: Context) -> list[ParaEl]:
    return [e for e in ctx.out if isinstance(e, ParaEl)]


def _cells(table: TableEl) -> list[list[str]]:
    return [[plain(cell) for cell in row] for row in table.rows]


# ---- select ------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _E:
    id: str
    n: int = 0


def test_select_without_ids_is_the_whole_pool_in_order() -> None:
    pool = [_E("a"), _E("b"), _E("a", 2)]
    assert select(None, pool) == pool


def test_select_with_ids_follows_their_order_and_leaves_unknown_ids_out() -> None:
    pool = [_E("a"), _E("b"), _E("c")]
    assert select(("c", "x", "a"), pool) == [_E("c"), _E("a")]
    assert select((), pool) == []


def test_select_takes_the_last_of_two_entries_with_one_id_and_a_lookup_of_its_own() -> None:
    assert select(("a",), [_E("a", 1), _E("a", 2)]) == [_E("a", 2)]
    found = {"regional:a": _E("a", 9)}
    assert select(("regional:a", "b"), [_E("a")], found.get) == [_E("a", 9)]


# ---- keys --------------------------------------------------------------------------------------------


def test_a_key_prints_as_the_string_the_redline_compares_and_knows_its_owner() -> None:
    assert str(Key("plan")) == "plan"
    assert str(Key("measure", "familiebasen")) == "measure:familiebasen"
    assert str(Key("section", "mål", "title")) == "section:mål|title"
    assert str(Key("toc", part="toc")) == "toc|toc"
    assert Key("measure", "x", "text").owner == Key("measure", "x")
    assert Key("measure", "x") != Key("measure", "x", "text")


def test_every_element_of_a_layout_is_keyed_and_parts_are_unique() -> None:
    plan = _plan(measures=[{"id": "m1", "name": "Tiltak", "levels": ["universal"], "responsible": ["hs"]}])
    keys = [e.key for e in layout(plan).elements]
    parted = [k for k in keys if k.part is not None]
    assert len(parted) == len(set(parted))
    assert Key("toc", part="toc") in keys and Key("plan", part="cover") in keys
    row_keys = {k for e in layout(plan).elements if isinstance(e, TableEl) for k in e.row_keys}
    assert {Key("measure", "m1"), Key("unit", "hs"), Key("unit", "bv")} <= row_keys


# ---- one builder per render name ---------------------------------------------------------------------


def test_every_render_name_of_the_kinds_table_has_a_builder() -> None:
    assert {k.render for k in KINDS} | {"pyramid"} == set(RENDERS)


def test_measures_grouped_by_level_with_the_tables_headings_and_state_words() -> None:
    plan = _plan(
        measures=[
            {"id": "a", "name": "Åpen barnehage", "levels": ["universal"], "responsible": ["hs", "bv"],
             "status": {"state": "in_progress"}, "due": "2025"},
            {"id": "b", "name": "Foreldreveiledning", "levels": ["selective"], "responsible": ["bv"],
             "responsible_label": "Alle tjenester", "status": {"state": "active", "label": "I gang"}},
            {"id": "c", "name": "Uten nivå"},
        ]
    )  # fmt: skip
    ctx = _run(plan, "measures", group_by="level", columns=("name", "responsible", "status", "due", "levels"))
    headings = [e.text for e in ctx.out if not isinstance(e, TableEl)]
    assert headings == ["Universelle tiltak", "Selekterte tiltak", "Tiltak uten forebyggingsnivå"]
    tables = [e for e in ctx.out if isinstance(e, TableEl)]
    assert tables[0].header == ("Tiltak", "Ansvar", "Status", "Frist", "Nivå")
    assert _cells(tables[0]) == [
        ["Åpen barnehage", "Helsestasjonen Barneverntjenesten", "Under arbeid", "2025", "Universell"]
    ]
    assert _cells(tables[1])[0][1:3] == ["Alle tjenester", "I gang"]  # the plan's own words
    assert [t.row_keys for t in tables] == [
        (Key("measure", "a"),),
        (Key("measure", "b"),),
        (Key("measure", "c"),),
    ]
    english = _run(plan, "measures", lang="en", ids=("a",))
    assert _cells(next(e for e in english.out if isinstance(e, TableEl)))[0][3] == "In progress"


def test_measures_filtered_by_scope_and_an_unknown_column_under_its_own_name() -> None:
    plan = _plan(measures=[{"id": "a", "scope": "service"}, {"id": "b", "scope": "individual"}])
    ctx = _run(
        plan, "measures", scope="service", columns=("name", "scope", "extra"), labels=(("name", "Hva"),)
    )
    (table,) = ctx.out
    assert isinstance(table, TableEl)
    assert table.header == ("Hva", "Tiltaksnivå", "extra")
    assert _cells(table) == [["a", "Tjenestenivå", ""]]


def test_arenas_table_with_participants_in_the_plans_words_or_as_unit_names() -> None:
    plan = _plan(
        arenas=[
            {"id": "x", "name": "Samarbeidsforum", "level": "system", "participants": ["hs", "bv"]},
            {"id": "y", "name": "Team", "participants_label": "Alle", "frequency": "Månedlig"},
        ]
    )
    (table,) = _run(plan, "arenas").out
    assert isinstance(table, TableEl)
    assert table.header == ("Arena", "Formål", "Nivå", "Deltakere", "Hyppighet")
    assert _cells(table) == [
        ["Samarbeidsforum", "", "Systemnivå", "Helsestasjonen Barneverntjenesten", ""],
        ["Team", "", "", "Alle", "Månedlig"],
    ]
    assert table.alt == "Samarbeidsarenaer"


def test_agreements_table_names_the_parties_and_prints_the_state() -> None:
    plan = _plan(agreements=[{"id": "a", "title": "Avtale", "parties": ["bv"], "status": {"state": "ended"}}])
    (table,) = _run(plan, "agreements", title="Avtaler").out
    assert isinstance(table, TableEl)
    assert _cells(table) == [["Avtale", "Barneverntjenesten", "Avsluttet", "", ""]]
    assert table.caption == "Avtaler" and table.row_keys == (Key("agreement", "a"),)


def test_units_as_a_table_or_as_paragraphs_and_regional_units_by_id() -> None:
    plan = _plan({"units": [{"id": "bup", "name": "BUP", "kind": "external", "description": "Spesialist."}]})
    (table,) = _run(plan, "units", ids=("regional:bup", "hs"), columns=("name", "kind", "url")).out
    assert isinstance(table, TableEl)
    assert table.header == ("Enhet", "Type", "url")
    assert _cells(table) == [["BUP", "Ekstern samarbeidspartner", ""], ["Helsestasjonen", "Tjeneste", ""]]
    paragraphs = _run(plan, "units", ids=("bup", "hs"), columns=("description",)).out
    assert [plain(p.runs) for p in paragraphs if isinstance(p, ParaEl)] == ["Spesialist.", "Helsestasjonen"]
    assert [p.key for p in paragraphs] == [Key("unit", "bup", "text"), Key("unit", "hs", "text")]


def test_annual_wheel_sorted_by_month_with_month_names() -> None:
    plan = _plan(
        annual_wheel=[
            {"id": "b", "title": "Rapport", "month": 11, "kind": "report", "responsible": ["bv"]},
            {"id": "a", "title": "Møte", "month": 2},
            {"id": "c", "title": "Uten måned"},
        ]
    )
    (table,) = _run(plan, "annual_wheel").out
    assert isinstance(table, TableEl)
    assert _cells(table) == [
        ["februar", "Møte", "", "", ""],
        ["november", "Rapport", "Barneverntjenesten", "Rapport", ""],
        ["", "Uten måned", "", "", ""],
    ]
    assert [k.id for k in table.row_keys] == ["a", "b", "c"]


@pytest.mark.parametrize(("layout_name", "header", "rows"), [
    ("rows", ("Kommune", "2022", "2023"), [["Testby", "5", "4,85"], ["Landet", "5,0", ""]]),
    ("columns", ("Kommune", "Testby", "Landet"), [["2022", "5", "5,0"], ["2023", "4,85", ""]]),
])  # fmt: skip
def test_statistics_as_rows_or_columns_with_the_values_as_printed_and_the_source(
    layout_name: str, header: tuple[str, ...], rows: list[list[str]]
) -> None:
    plan = _plan(
        statistics=[
            {"id": "s", "title": "Barn", "entity_label": "Kommune", "periods": ["2022", "2023"],
             "series": {"Testby": [5, 4.85], "Landet": [5.0]}, "layout": layout_name,
             "source": {"name": "SSB", "url": "https://ssb.no", "retrieved": "2024-01-02"}, "note": "Merk."}
        ]
    )  # fmt: skip
    table, source, note = _run(plan, "statistics").out
    assert isinstance(table, TableEl) and isinstance(source, ParaEl) and isinstance(note, ParaEl)
    assert table.header == header and _cells(table) == rows and table.caption == "Barn"
    assert plain(source.runs) == "Kilde: SSB, hentet 2024-01-02"
    assert source.runs[1].url == "https://ssb.no"
    assert {source.key, note.key} == {Key("statistics", "s", "source"), Key("statistics", "s", "note")}


def test_references_print_the_plans_text_or_author_year_title_url() -> None:
    plan = _plan(
        references=[
            {"id": "a", "text": "Helt egen tekst."},
            {"id": "b", "author": "Bufdir", "year": 2019, "title": "Veileder", "url": "https://bufdir.no"},
        ]
    )
    first, second = _run(plan, "references").out
    assert isinstance(first, ParaEl) and isinstance(second, ParaEl)
    assert plain(first.runs) == "Helt egen tekst."
    assert plain(second.runs) == "Bufdir (2019). Veileder. https://bufdir.no"
    assert second.runs[1].italic and second.key == Key("reference", "b", "text")


def test_goals_main_goals_bold_with_sub_goals_listed_and_strategies_as_lead_and_text() -> None:
    plan = _plan(
        goals=[
            {"id": "h", "kind": "main", "text": "Alle barn skal ha det trygt", "label": "Hovedmålet er at"},
            {"id": "d1", "text": "Tidlig hjelp"},
            {"id": "d2", "text": "Godt samarbeid"},
        ],
        strategies=[{"id": "s", "title": "Samhandling", "number": "1", "text": "Vi samarbeider."}],
    )
    main, subs = _run(plan, "goals").out
    assert isinstance(main, ParaEl) and isinstance(subs, ListEl)
    assert plain(main.runs) == "Hovedmålet er at Alle barn skal ha det trygt" and main.runs[-1].bold
    assert [plain(i.runs) for i in subs.items] == ["Tidlig hjelp", "Godt samarbeid"]
    lead, text = _run(plan, "strategies").out
    assert isinstance(lead, ParaEl) and isinstance(text, ParaEl)
    assert (plain(lead.runs), lead.style, plain(text.runs)) == ("1 Samhandling", "lead", "Vi samarbeider.")


def test_pyramid_counts_the_measures_on_each_level_from_the_top() -> None:
    plan = _plan(
        measures=[{"id": "a", "levels": ["universal", "selective"]}, {"id": "b", "levels": ["universal"]}]
    )
    (pyramid,) = _run(plan, "pyramid").out
    assert isinstance(pyramid, PyramidEl)
    assert [(lv.level, lv.count) for lv in pyramid.levels] == [
        ("indicated", 0),
        ("selective", 1),
        ("universal", 2),
    ]
    assert pyramid.caption == "Tiltakspyramiden" and "Universelle tiltak: 2" in pyramid.alt


def test_pathway_intro_numbered_steps_with_actors_and_arena_and_url() -> None:
    plan = _plan(
        arenas=[{"id": "forum", "name": "Forum"}],
        pathways=[
            {"id": "p", "title": "Bekymring", "intro": "Slik gjør vi det.", "url": "https://x.no",
             "steps": [{"title": "Se", "action": "Observer", "actors": ["hs"], "arena": "forum"},
                       {"title": "Meld", "arena": "ukjent"}]}
        ],
    )  # fmt: skip
    intro, figure, url = _run(plan, "pathway").out
    assert isinstance(intro, ParaEl) and isinstance(figure, PathwayEl) and isinstance(url, ParaEl)
    assert [(s.number, s.title, s.actors, s.arena) for s in figure.steps] == [
        (1, "Se", "Helsestasjonen", "Forum"),
        (2, "Meld", "", "ukjent"),
    ]
    assert figure.alt == "Bekymring: 1. Se: Observer → 2. Meld: ."
    assert [e.key.part for e in (intro, figure, url)] == ["intro", "figure", "url"]


def test_footnotes_numbered_in_order_of_reference_with_their_text_for_the_foot_of_the_page() -> None:
    plan = _plan(
        footnotes=[
            {"id": "n1", "text": "Første, se https://lovdata.no/."},
            {"id": "n2", "text": "Andre[^n1]."},
        ],
        goals=[{"id": "g", "kind": "main", "text": "Mål[^n2] og mer[^n1] og[^n2]"}],
    )
    ctx = _run(plan, "goals")
    paragraphs = _paragraphs(ctx)
    assert [r.footnote for r in paragraphs[0].runs if r.footnote] == ["1", "2", "1"]
    assert [(number, plain(runs)) for number, runs in ctx.notes] == [
        ("1", "Andre."),  # a marker inside a note points nowhere: dropped
        ("2", "Første, se https://lovdata.no/."),
    ]
    assert [r.url for r in ctx.notes[1][1] if r.url] == ["https://lovdata.no/"]
    assert len(paragraphs) == 1  # no «Fotnoter» block in the text
    render(ctx, _block("footnotes", ids=("n1",)), 1)  # a list of them where the plan asks for one
    assert plain(_paragraphs(ctx)[-1].runs) == "2 Første, se https://lovdata.no/."


def test_what_no_block_places_is_no_machine_appendix_but_an_unplaced_entry() -> None:
    plan = _plan(
        goals=[{"id": "g", "text": "Et mål"}],
        measures=[{"id": "m", "name": "Tiltak", "description": "Gjøres hver uke."}],
        units=[{"id": "u", "name": "Helsestasjonen"}],  # only a name: nothing of its own to show
        document={"body": [{"id": "mal", "title": "Mål", "blocks": [{"render": "goals"}]}]},
    )
    texts = [
        plain(e.runs) if isinstance(e, ParaEl) else getattr(e, "text", "") for e in layout(plan).elements
    ]
    assert "Øvrige opplysninger i planen" not in texts and "Tiltak" not in texts
    assert [(u.kind.name, u.entry.id, u.fields, u.anywhere) for u in unplaced(plan)] == [
        ("measure", "m", ("name", "description"), False)
    ]
