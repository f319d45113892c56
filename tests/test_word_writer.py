"""The direct WordprocessingML writer (planctl.formats.word).

It replaced a writer that built the body with python-docx's objects (issue 15). test_golden_bytes pins
the bytes of the real plans' documents; the first test here says *what* must hold if those bytes ever
change on purpose: the document text as an independent reader (docx2python) sees it and the style ids in
document.xml (paragraph, character and table styles, in order) equal what the previous writer produced,
recorded in tests/golden/word-writer.json before the switch. The other tests pin the writer's pieces.
A change of the documents on purpose updates the file with the golden bytes (see test_golden_bytes):

    PLANCTL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_word_writer.py tests/test_golden_bytes.py
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx2python import docx2python
from lxml import etree

from planctl.check.findings import Severity
from planctl.check.pipeline import check_file, options_for
from planctl.document.elements import (
    CoverEl,
    DecisionEl,
    HeadingEl,
    Layout,
    ListEl,
    ListEntry,
    Meta,
    ParaEl,
    PathwayEl,
    PathwayStepEl,
    PyramidEl,
    PyramidLevel,
    QuoteEl,
    TableEl,
    TocEl,
)
from planctl.document.inline import Run
from planctl.document.layout import layout
from planctl.errors import PlanctlError
from planctl.formats.word import elements as x
from planctl.formats.word.elements import BOLD, Font, Grid, Para, w
from planctl.formats.word.package import DEFAULT_TEMPLATE, Package
from planctl.formats.word.styles import Look, Styles
from planctl.formats.word.writer import render_docx
from planctl.xmltext import illegal_chars
from tests.conftest import BUNDLED_PLANS

PREVIOUS = Path(__file__).parent / "golden" / "word-writer.json"
W_DECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _style_ids(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return " ".join(el.get(w("val")) for el in root.iter(w("pStyle"), w("rStyle"), w("tblStyle")))


def _text(data: bytes) -> list[str]:
    with docx2python(io.BytesIO(data)) as doc:
        return str(doc.text).split("\n")


@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_the_real_plans_have_the_previous_writers_text_and_styles(plan: Path) -> None:
    result = check_file(plan, options_for(plan))
    assert result.model is not None
    draft = any(f.severity == Severity.ERROR for f in result.findings)  # as `build docx --force`
    data = render_docx(layout(result.model, draft=draft))
    if os.environ.get("PLANCTL_UPDATE_GOLDEN"):
        recorded = json.loads(PREVIOUS.read_text("utf-8"))
        recorded[plan.parent.name] = {"styles": _style_ids(data), "text": _text(data)}
        PREVIOUS.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n", "utf-8")
    previous = json.loads(PREVIOUS.read_text("utf-8"))[plan.parent.name]
    assert _style_ids(data) == previous["styles"]
    assert _text(data) == previous["text"]


# ---- the builders ------------------------------------------------------------------------------------


def _xml(el: x.Element) -> str:
    return (
        etree.tostring(el, encoding="unicode")
        .replace(f" {W_DECL}", "")
        .replace(' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', "")
    )


def test_a_paragraph_with_runs_and_a_hyperlink() -> None:
    package = Package.open(DEFAULT_TEMPLATE)
    p = x.paragraph(Para(style="Normal", page_break=True, after=80, align="center"))
    x.run(p, "Fet ", BOLD)
    x.run(p, "a\tb\nc", Font(italic=False, color="C00000", size=18))
    x.hyperlink(p, package.link("https://lovdata.no/"), " lenke ", Font(style="Hyperlink", underline=True))
    x.line_break(p)
    assert _xml(p) == (
        '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:pageBreakBefore/><w:spacing w:after="80"/>'
        '<w:jc w:val="center"/></w:pPr>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Fet </w:t></w:r>'
        '<w:r><w:rPr><w:i w:val="0"/><w:color w:val="C00000"/><w:sz w:val="18"/></w:rPr>'
        "<w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r>"
        '<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:u w:val="single"/></w:rPr>'
        '<w:t xml:space="preserve"> lenke </w:t></w:r></w:hyperlink>'
        "<w:r><w:br/></w:r></w:p>"
    ).replace("rId9", package.link("https://lovdata.no/"))
    assert package.link("https://lovdata.no/") == package.link("https://lovdata.no/")  # one per url
    assert package.url(package.link("https://lovdata.no/")) == "https://lovdata.no/"


def test_a_table_with_a_header_row() -> None:
    grid = Grid((1000, 2000), 1500, style="TableGrid", alt=("Tiltak", "Alle tiltak"))
    tbl = x.table(grid)
    x.text_cells(tbl, grid, ("Navn", "Ansvar"), font=BOLD, header=True)
    x.text_cells(tbl, grid, ("Familiebasen", "Helsestasjonen"))
    xml = _xml(tbl)
    assert xml.startswith(
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" '
        'w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/><w:tblCaption w:val="Tiltak"/>'
        '<w:tblDescription w:val="Alle tiltak"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="2000"/></w:tblGrid>'
        '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'
        '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="1000"/></w:tcPr><w:p><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>Navn</w:t></w:r></w:p></w:tc>"
    )
    rows = tbl.findall(w("tr"))
    assert len(rows) == 2 and rows[1].find(w("trPr")) is None
    assert [t.text for t in tbl.iter(w("t"))] == ["Navn", "Ansvar", "Familiebasen", "Helsestasjonen"]


def test_a_field_with_its_cached_result() -> None:
    p = x.paragraph()
    x.field(p, "PAGE", "1")
    assert _xml(p) == (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def test_a_property_is_inserted_in_schema_order() -> None:
    p = x.paragraph(Para(style="TableText", align="center"))
    x.keep_with_next(p)
    x.keep_with_next(p)  # once only
    assert (
        _xml(p)
        == '<w:p><w:pPr><w:pStyle w:val="TableText"/><w:keepNext/><w:jc w:val="center"/></w:pPr></w:p>'
    )


def test_text_that_xml_cannot_hold_is_cleaned_where_it_enters_the_xml() -> None:
    p = x.paragraph()
    x.run(p, "Bjelle\x07 og\x0b vertikal tab")
    x.field_code(p, " PAGE\x00 ")
    tbl = x.table(Grid((100,), 100, alt=("Tabell\x01", "Beskrivelse\ufffe")))
    assert [t.text for t in p.iter(w("t"))] == ["Bjelle og vertikal tab"]
    assert next(p.iter(w("instrText"))).text == " PAGE "
    assert [el.get(w("val")) for el in tbl.iter(w("tblCaption"), w("tblDescription"))] == [
        "Tabell",
        "Beskrivelse",
    ]


# ---- styles --------------------------------------------------------------------------------------------


def _styles(*defined: tuple[str, str, str]) -> Styles:
    root = etree.Element(w("styles"), nsmap={"w": x.W_NS})
    for kind, style_id, name in defined:
        style = etree.SubElement(root, w("style"), {w("type"): kind, w("styleId"): style_id})
        etree.SubElement(style, w("name"), {w("val"): name})
    return Styles(root)


def test_styles_are_found_by_name_or_id_the_first_in_the_file_winning() -> None:
    styles = _styles(
        ("paragraph", "Overskrift1", "heading 1"),  # a localized template: Word's name, its own id
        ("paragraph", "Heading1", "Something else"),
        ("character", "Quote", "Quote"),
        ("paragraph", "Sitat", "Quote"),
    )
    assert styles.find("Heading 1") == "Overskrift1"
    assert styles.find("Quote") == "Sitat"  # the character style of the same name does not count
    assert styles.find("Quote", "character") == "Quote"
    assert styles.find("Caption") is None


def test_a_missing_style_is_added_once_as_word_defines_it() -> None:
    styles = _styles(("paragraph", "Normal", "Normal"))
    assert styles.id("Caption", Look(size=10, italic=True)) == "Caption"
    assert styles.id("Caption", Look(size=12)) == "Caption"  # the first call decides
    assert styles.id("Hyperlink", kind="character") == "Hyperlink"
    added = {
        s.get(w("styleId")): etree.tostring(s, encoding="unicode").replace(f" {W_DECL}", "")
        for s in styles.root.iterchildren(w("style"))
    }
    assert added["Caption"] == (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Caption"><w:name w:val="caption"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:i/><w:sz w:val="20"/></w:rPr></w:style>'
    )
    assert added["Hyperlink"] == (
        '<w:style w:type="character" w:customStyle="1" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
    )
    assert len(added) == 3


def test_a_style_only_the_other_document_has_is_adopted() -> None:
    ours = _styles(("paragraph", "Normal", "Normal"))
    theirs = _styles(("paragraph", "Normal", "Normal"), ("paragraph", "Source", "Source"))
    ours.adopt_missing(theirs)
    assert ours.find("Source") == "Source"
    assert [s.get(w("styleId")) for s in ours.root] == ["Normal", "Source"]


# ---- the package and the whole document ----------------------------------------------------------------


def test_a_template_that_is_not_a_word_file_is_a_usage_error(tmp_path: Path) -> None:
    for name, content in (("notes.txt", b"text"), ("broken.docx", b"not a zip")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(PlanctlError) as caught:
            Package.open(path)
        assert caught.value.exit_code == 2


def test_the_writer_does_not_rely_on_the_layout_to_clean_text(tmp_path: Path) -> None:
    """Every kind of element, every string in it carrying characters XML cannot hold."""
    bad = "\x01\x07\x0b\x1f\ufffe"

    def s(text: str) -> str:
        return f"{text}{bad}"

    def runs(text: str) -> tuple[Run, ...]:
        return (Run(s(text)), Run(s("lenke"), url=s("https://example.org/")), Run("", brk=True))

    heading = HeadingEl(1, "1", s("Innledning"))
    meta = Meta(
        s("Tittel"),
        s("Emne"),
        s("Forfatter"),
        "nb-NO",
        "nb",
        datetime(2026, 1, 1, tzinfo=UTC),
        s("Plan – Kommune"),
        True,
        "plan",
    )
    elements = (
        CoverEl(
            s("Kommune"),
            s("Plan"),
            s("Under"),
            s("Dato"),
            s("Versjon"),
            s("Status"),
            s("2026"),
            (s("Linje"),),
            s("UTKAST"),
        ),
        TocEl(s("Innhold"), s("Oppdater"), (heading,)),
        heading,
        ParaEl(runs("Avsnitt")),
        ListEl("bullet", (ListEntry(runs("Punkt"), (ListEntry(runs("Under")),)),)),
        QuoteEl(runs("Sitat"), s("Kilde"), None),
        TableEl(s("Tabell"), (s("A"), s("B")), ((runs("x"), runs("y")),), s("alt")),
        PyramidEl((PyramidLevel("indicated", s("Indikert\nnivå"), 2),), s("Pyramide"), s("alt")),
        PathwayEl(
            s("Forløp"),
            (PathwayStepEl(1, s("Steg"), runs("Gjør"), s("Aktør"), s("Arena"), runs("Note")),),
            s("Figur"),
            s("alt"),
        ),
        DecisionEl(s("Vedtak"), ((s("Dato"), None), (s("Sak"), s("12/34")))),
    )
    data = render_docx(Layout(meta, elements))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                assert not illegal_chars(package.read(name).decode("utf-8")), name
    text = " ".join(_text(data))
    for word in ("Innledning", "Avsnitt", "Punkt", "Sitat", "Kilde", "Indikert", "Steg", "Vedtak", "12/34"):
        assert word in text
