"""Unit tests of the import wing, module by module."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planctl.document.inline import parse, plain
from planctl.errors import PlanctlError
from planctl.importer.body import Item
from planctl.importer.container import open_package_bytes, parse_xml
from planctl.importer.context import Context
from planctl.importer.emit import dump
from planctl.importer.frame import split
from planctl.importer.inline import to_text
from planctl.importer.levels import is_group_label, level_of
from planctl.importer.measures import _goal_items, _goal_key
from planctl.importer.metadata import guess_language
from planctl.importer.numbering import Numbering, format_number
from planctl.importer.regional import match, word_diff
from planctl.importer.report import ImportReport, Where
from planctl.importer.services import guess_kind
from planctl.importer.statistics import parse_number
from planctl.importer.status import find_due, map_status
from planctl.importer.styles import classify_name
from planctl.importer.tree import Para, Run
from planctl.importer.units import Units, services_in_text, stem


# ---- status
@pytest.mark.parametrize(
    ("text", "state", "due"),
    [
        ("I gang", "active", None),
        ("Iverksatt", "active", None),
        ("Etablert 2021", "active", None),
        ("Under arbeid", "in_progress", None),
        ("Påbegynt", "in_progress", None),
        ("Planlagt høsten 2024", "planned", "2024-09"),
        ("2023 – utvikle tiltak", "planned", "2023"),
        ("2023", "planned", "2023"),
        ("Forankres og oppstart innen utgangen av 2023.", "planned", "2023"),
        ("Løpende", "continuous", None),
        ("Fullført", "completed", None),
        ("Avsluttet", "ended", None),
        ("Noe helt annet", "unknown", None),
    ],
)
def test_status_words(text: str, state: str, due: str | None) -> None:
    guess = map_status(text)
    assert guess is not None
    assert (guess.state, guess.due, guess.label) == (state, due, text)


def test_status_empty_is_none_and_dates() -> None:
    assert map_status("  ") is None
    assert find_due("innen 01.09.2024") == "2024-09-01"
    assert find_due("juni 2024") == "2024-06"
    assert find_due("2022- 2025, men") == "2025"
    assert find_due("ingen dato") is None


# ---- units and services
def test_units_split_merge_and_guess() -> None:
    units = Units([{"id": "bup", "name": "BUP"}, {"id": "bufdir", "name": "Bufdir", "aliases": ["BUFdir."]}])
    assert units.resolve("Skole / BUFdir.") == ["skole", "bufdir"]
    assert units.resolve("Helsestasjon og skolehelsetjeneste") == ["helsestasjon", "skolehelsetjeneste"]
    assert units.resolve("Barnehagene") == units.resolve("Barnehage") == units.resolve("barnehagen")
    assert units.resolve("Barne- og familiekoordinator") == ["barne-og-familiekoordinator"]
    assert units.resolve("Helse og omsorg") == ["helse-og-omsorg"]
    assert units.resolve("Fysio/ergo") == ["fysio-ergo"]
    assert units.resolve("Skole/barnehage") == ["skole", *units.resolve("Barnehage")]
    assert units.resolve("Tverrfaglig drøftingsteam\nBUP") == ["tverrfaglig-droftingsteam", "bup"]
    barnehage = units.by_id(units.resolve("barnehagen")[0])
    assert barnehage is not None and barnehage.name == "Barnehagene" and "Barnehage" in barnehage.aliases
    assert units.by_id("bup") is None  # a regional unit is referenced, not copied
    kinds = {u.id: (u.kind, u.municipal) for u in units.units}
    assert kinds["tverrfaglig-droftingsteam"] == ("team", True)
    assert kinds["skole"] == ("service", True)


def test_units_glued_names_are_split_and_reported() -> None:
    units = Units()
    assert [units.by_id(i).name for i in units.resolve("HelsesykepleierBarnehagene")] == [
        "Helsesykepleier",
        "Barnehagene",
    ]  # type: ignore[union-attr]
    assert units.glued == ["HelsesykepleierBarnehagene"]


def test_units_strict_and_lines() -> None:
    units = Units()
    assert units.resolve("felles ledermøter for alle tjenestene innenfor 0-24 år", strict=True) == []
    assert units.resolve("Gjøvik og Land barnevern\nBUP", lines=True) == ["gjovik-og-land-barnevern", "bup"]
    units.closed = True
    assert units.resolve("Helsesykepleier", strict=True) == []


@pytest.mark.parametrize(
    ("name", "kind", "municipal"),
    [
        ("BUP", "external", False),
        ("Politiet", "external", False),
        ("Statsforvalteren i Innlandet", "external", False),
        ("Familievernkontoret", "external", False),
        ("Helsestasjonen", "service", True),
        ("PPT", "service", True),
        ("Barneverntjenesten", "service", True),
        ("Tverrfaglig nettverk", "network", True),
        ("Familieteam", "team", True),
        ("SLT-koordinator", "role", True),
        ("Alle ansatte", "role", True),
        ("Tjenesteområdeledere", "role", True),
        ("Ledergruppe oppvekst", "leader_group", True),
    ],
)
def test_service_list(name: str, kind: str, municipal: bool) -> None:
    guess = guess_kind(name)
    assert (guess.kind, guess.municipal, guess.known) == (kind, municipal, True)
    assert not guess_kind("Xyzzy").known


def test_stem_merges_definite_and_plural_forms() -> None:
    assert stem("Barnehagene") == stem("Barnehage") == stem("barnehagen")
    assert stem("Skolene") == stem("Skole")


# ---- levels, numbers, styles, numbering
def test_levels() -> None:
    assert level_of("UNIVERSELLE TILTAK") == "universal"
    assert level_of("For noen: selekterte tiltak") == "selective"
    assert level_of("SELKTERTE TILTAK") == "selective"
    assert level_of("For få: indikerte tiltak") == "indicated"
    assert level_of("Selv om") is None
    assert is_group_label("INDIKERTE TILTAK") and not is_group_label(
        "Tiltak for alle barn som går i barnehage i dag"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5,6", 5.6),
        ("5", 5),
        ("5,0", 5.0),
        ("1 234", 1234),
        ("12 %", 12),
        ("-", None),
        ("", None),
        ("abc", "abc"),
        ("2021 (jan-juni)", "2021 (jan-juni)"),
    ],
)
def test_parse_number(text: str, value: object) -> None:
    got = parse_number(text)
    assert got == value and type(got) is type(value)


def test_style_names_in_several_languages() -> None:
    assert classify_name("heading 2") == ("heading", 2)
    assert classify_name("Overskrift 3") == ("heading", 3)
    assert classify_name("Heading1") == ("heading", 1)
    assert classify_name("toc 2") == ("toc", 2)
    assert classify_name("Contents Heading") == ("toc-heading", 0)
    assert classify_name("List Bullet 2") == ("list", 0)
    assert classify_name("Footnote Text") == ("footnote", 0)
    assert classify_name("Normal") is None


def test_word_numbering_labels() -> None:
    xml = (
        b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        b'<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        b'<w:lvlText w:val="%1.%2"/></w:lvl><w:lvl w:ilvl="2"><w:numFmt w:val="lowerLetter"/>'
        b'<w:lvlText w:val="%3)"/></w:lvl></w:abstractNum>'
        b'<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        b'<w:lvlText w:val="\xe2\x80\xa2"/></w:lvl></w:abstractNum>'
        b'<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        b'<w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num></w:numbering>'
    )
    n = Numbering(parse_xml(xml, "numbering.xml", "x"))
    labels = [n.label("5", lvl) for lvl in (0, 1, 1, 0, 1, 2, 2)]
    assert [x[0] for x in labels if x] == ["1.", "1.1", "1.2", "2.", "2.1", "a)", "b)"]
    assert n.label("6", 0) == ("•", False)
    assert n.label("0", 0) is None and n.label("99", 0) is None
    assert format_number(4, "upperRoman") == "IV" and format_number(28, "lowerLetter") == "bb"


# ---- container
def test_container_refuses_what_is_not_a_docx() -> None:
    with pytest.raises(PlanctlError, match="zip"):
        open_package_bytes(b"hello", "x.docx")
    with pytest.raises(PlanctlError, match=r"passord|password"):
        open_package_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.docx", "en")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(PlanctlError, match="zip bomb"):
        open_package_bytes(buffer.getvalue(), "x.docx", "en")
    with pytest.raises(PlanctlError, match="DTD"):
        parse_xml(
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            "p",
            "f",
            "en",
        )
    with pytest.raises(PlanctlError, match="XML"):
        parse_xml(b"<x><y></x>", "p", "f", "en")


# ---- inline text
def _runs(draw: st.DrawFn) -> list[Run]:
    return draw(
        st.lists(
            st.builds(
                Run,
                st.text(alphabet="ab *_[]()<>\\`|æø1.", min_size=1, max_size=8),
                st.booleans(),
                st.booleans(),
            ),
            min_size=1,
            max_size=6,
        )
    )


@given(st.composite(_runs)())
def test_inline_text_reads_back_as_the_same_words(runs: list[Run]) -> None:
    text = to_text(runs)
    expected = "".join(r.text for r in runs)
    assert plain(parse(text)) == expected.strip()


def test_inline_text_keeps_formatting_and_links() -> None:
    runs = [
        Run("Se "),
        Run("nettsiden", url="https://x.no/a"),
        Run(" og "),
        Run("dette", bold=True),
        Run("1", note="1", superscript=True),
    ]
    assert (
        to_text(runs, lambda key: f"fotnote-{key}")
        == "Se [nettsiden](https://x.no/a) og **dette**[^fotnote-1]"
    )
    assert to_text([Run("*Listen blir løpende oppdatert.")]) in (
        "*Listen blir løpende oppdatert.",
        "\\*Listen blir løpende oppdatert.",
    )


# ---- frame, language, regional, emit
def test_frame_drops_cover_and_contents_and_reads_footnote_blocks() -> None:
    blocks = [
        Para([Run("TESTVIK KOMMUNE")], "subtitle", pos=1),
        Para([Run("Plan")], "title", pos=2),
        Para([Run("Innhold")], "toc-heading", pos=3),
        Para([Run("1. Innledning")], "toc", 1, pos=4),
        Para([Run("1. Innledning")], "heading", 1, pos=5),
        Para([Run("Tekst"), Run("1", superscript=True)], pos=6),
        Para([Run("Fotnoter", bold=True)], "footnote", pos=7),
        Para([Run("1 Notetekst.")], "footnote", pos=8),
    ]
    frame = split(blocks)
    assert [p.pos for p in frame.cover] == [1, 2]
    assert len(frame.toc) == 2
    assert [b.pos for b in frame.body] == [5, 6]  # type: ignore[union-attr]
    assert frame.notes["1"][0].text == "Notetekst."


def test_language_guess() -> None:
    assert (
        guess_language(["Kommunen skal ikkje gje opp, og dei tilsette veit kva dei skal gjere frå no."])
        == "nn"
    )
    assert guess_language(["Kommunen skal ikke gi opp, og de ansatte vet hva de skal gjøre fra nå."]) == "nb"


def _ctx() -> Context:
    return Context("nb", ImportReport("x"), Units())


def test_regional_match_takes_the_longest_block_and_reports_drift() -> None:
    regional = {
        "blocks": {
            "a": [{"p": "Første avsnitt i regionen."}, {"p": "Andre avsnitt i regionen."}],
            "b": {
                "default": "x",
                "variants": {
                    "x": [{"p": "Første avsnitt i regionen."}],
                    "y": [{"p": "Et helt annet avsnitt med mange ord i seg her."}],
                },
            },
            "c": [
                {"p": "Barnehagene og skolene samarbeider tett med helsestasjonen om alle barn i kommunen."}
            ],
        }
    }
    items = [
        Item("block", Where(1), {"p": "Første avsnitt i regionen."}),
        Item("block", Where(2), {"p": "Andre avsnitt i regionen."}),
        Item(
            "block",
            Where(3),
            {"p": "Barnehagene og skolene samarbeider godt med helsestasjonen om alle barn i kommunen."},
        ),
    ]
    ctx = _ctx()
    out = match(items, regional, ctx)
    assert next(i.block for i in out) == {"include": "regional:a"}
    assert len(out) == 2
    near = ctx.report.near_misses
    assert len(near) == 1 and near[0].block == "c" and "«tett» + «godt»" in near[0].diff
    assert word_diff("a b c", "a x c") == "- «b» + «x»"


def test_emit_marks_guesses_and_keeps_the_order() -> None:
    unit = {"id": "skole", "name": "Skole", "kind": "service", "municipal": True}
    guessed = {id(unit): {"kind": ("import.guess.unit", {})}}
    text = dump(
        {
            "document": {"body": []},
            "units": [unit],
            "schema": "planctl/1",
            "plan": {"id": "x", "municipality": {"name": "X", "number": None}},
        },
        guessed,
        "importert: sjekk",
        ["hode"],
    )
    assert text.startswith("# hode\nschema: planctl/1\n")
    assert text.index("plan:") < text.index("units:") < text.index("document:")
    assert "kind: service  # importert: sjekk" in text
    assert "number: null" in text


def test_markdown_reader_directly(tmp_path: Path) -> None:
    from planctl.importer.markdown import read_markdown

    doc = read_markdown(
        "# Tittel\n\nTekst med **fet** og [lenke](https://x.no)[^1].\n\n"
        "| Tiltak | Ansvar |\n|---|---|\n| A | Skole<br>Barnehage |\n\n- en\n  - to\n\n"
        "[^1]: Fotnoten.\n",
        tmp_path,
    )
    heading, para, table, _first, second = doc.blocks
    assert isinstance(heading, Para) and (heading.role, heading.level) == ("heading", 1)
    assert isinstance(para, Para) and [r.note for r in para.runs if r.note] == ["1"]
    assert doc.footnotes["1"][0].text == "Fotnoten."
    assert [r.text for r in table.rows[1].cells[1].blocks[0].runs] == ["Skole", "", "Barnehage"]  # type: ignore[union-attr]
    assert isinstance(second, Para) and (second.role, second.level) == ("list", 2)


def test_import_messages_are_complete_in_three_languages() -> None:
    from planctl.messages.imports import CATALOGUE

    keys = {lang: set(entries) for lang, entries in CATALOGUE.items()}
    assert keys["nb"] == keys["nn"] == keys["en"]
    for key in (
        "dtd",
        "xml",
        "part-size",
        "part",
        "too-large",
        "unreadable",
        "encrypted",
        "not-zip",
        "bad-zip",
        "entries",
        "bomb",
        "no-document",
    ):
        assert f"import.error.{key}" in keys["nb"]


def test_a_goals_cell_is_cut_into_goals_where_that_cuts_no_markup() -> None:
    assert _goal_items("Tidlig innsats; *Mestring*\n• Trygg oppvekst") == [
        "Tidlig innsats",
        "*Mestring*",
        "Trygg oppvekst",
    ]
    assert _goal_items("*Mål; del én*") == ["*Mål; del én*"]  # emphasis across the «;» stays whole
    assert _goal_items("[Mål 1; 2](https://x.no/m)") == ["[Mål 1; 2](https://x.no/m)"]
    assert _goal_items(" ; \n") == []
    assert _goal_key("*Tidlig  innsats*.") == _goal_key("tidlig innsats") == "tidlig innsats"
    assert _goal_key("Rett hjelp[^1]") == "rett hjelp"


def test_services_the_text_names_are_units_of_the_plan() -> None:
    units = Units()
    joint = units.add("Helsestasjon og skolehelsetjeneste")
    team = units.add("Familieteam")
    made = services_in_text(
        [
            "Barnehagene og skolen samarbeider med helsestasjonen og skolehelsetjenesten.",
            "Familieteamet drøfter saker med PPT og NAV. Pedagogisk ledelse er ingen tjeneste.",
            "nav, ppt og sfo med små bokstaver er ikke navnene.",
        ],
        units,
    )
    names = [units.by_id(u).name for u in made]  # type: ignore[union-attr]
    assert names == ["Barnehage", "Skole", "PPT", "NAV"]
    assert all(units.by_id(u).kind == "service" and units.by_id(u).municipal for u in made)  # type: ignore[union-attr]
    # the joint unit stands for both services it names: it gets their names, no unit is made for them
    assert units.by_id(joint).aliases == ["Helsestasjon", "Skolehelsetjenesten"]  # type: ignore[union-attr]
    assert units.by_id(team).aliases == []  # type: ignore[union-attr]
    assert services_in_text(["Barnehagen."], units) == []  # known now


def test_the_forms_the_text_uses_become_aliases_where_the_name_does_not_cover_them() -> None:
    units = Units()
    barnevern = units.add("Barneverntjenesten")
    nav = units.add("NAV")
    services_in_text(["Barnevernet og barneverntjenesten møter Nav og NAV.", "PP-tjenesten også."], units)
    assert units.by_id(barnevern).aliases == ["Barnevernet"]  # type: ignore[union-attr]
    assert units.by_id(nav).aliases == ["Nav"]  # type: ignore[union-attr]
    ppt = units.find("PPT")
    assert ppt is not None and units.by_id(ppt).aliases == ["PP-tjenesten"]  # type: ignore[union-attr]
