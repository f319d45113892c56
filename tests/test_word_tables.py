"""Tables that fit (planctl.formats.word.fit and the council writer's tables) and pages turned to landscape
for a section: what the .docx XML says, read back with lxml."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from planctl.check.pipeline import CheckOptions, check_file
from planctl.document.elements import PageBreakEl
from planctl.document.layout import layout
from planctl.formats.word.elements import w
from planctl.formats.word.fit import CELL_PADDING, fit, longest_word, text_width
from planctl.formats.word.writer import render_docx
from tests.conftest import ROOT

SMALL = ROOT / "tests" / "fixtures" / "build" / "small.yaml"


def test_text_is_measured_as_arial_sets_it() -> None:
    assert text_width("m", 10) > text_width("i", 10) > 0
    assert text_width("Helsestasjonen", 10, bold=True) > text_width("Helsestasjonen", 10)
    assert abs(text_width("ab", 20) - 2 * text_width("ab", 10)) <= 1  # (whole twips)
    assert longest_word("Barne- og familietjenesten", 10) == text_width("familietjenesten", 10)
    assert longest_word("a\nHelsestasjonsprogrammet", 10) == text_width("Helsestasjonsprogrammet", 10)


def test_the_width_left_over_goes_where_the_text_is() -> None:
    long_text = "Alle gravide og deres partnere tilbys oppfølging i svangerskapet " * 6
    widths, lows = fit([[("Tiltak", True), ("Svangerskapsomsorgen", False)], [("Beskrivelse", True), (long_text, False)],
                        [("Status", True), ("I gang", False)]], 9000, 9.5)  # fmt: skip
    assert sum(widths) == 9000
    assert all(w >= low for w, low in zip(widths, lows, strict=True))
    assert widths[1] > widths[0] > widths[2]
    assert widths[2] == lows[2]  # a column whose text fits on one line needs no more than that


def test_a_table_that_fits_on_one_line_shares_the_width_by_its_lines() -> None:
    widths, _ = fit([[("A", True), ("kort", False)], [("B", True), ("litt lengre tekst", False)]], 9000, 9.5)
    assert sum(widths) == 9000 and widths[1] > widths[0]


cells = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå -", min_size=0, max_size=60), min_size=1, max_size=8
)


@given(st.lists(cells, min_size=1, max_size=7), st.integers(min_value=3000, max_value=15000))
def test_no_column_is_narrower_than_its_longest_word_when_the_words_fit(
    columns: list[list[str]], available: int
) -> None:
    table = [[(c, False) for c in column] for column in columns]
    widths, lows = fit(table, available, 9.5)
    assert sum(widths) == available
    if sum(lows) <= available:
        assert all(w >= low for w, low in zip(widths, lows, strict=True))
    for width, column in zip(widths, columns, strict=True):
        assert width >= 0
        if sum(lows) <= available:
            assert width >= CELL_PADDING + max(longest_word(c, 9.5) for c in column)


# ---- the council document's tables -----------------------------------------------------------------------


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _model(path: Path):  # type: ignore[no-untyped-def]
    result = check_file(path, CheckOptions(families=("syntax", "integrity")))
    assert result.model is not None
    return result.model


def test_every_row_stays_on_one_page_and_the_header_repeats() -> None:
    body = _document(render_docx(layout(_model(SMALL))))
    tables = [t for t in body.iter(w("tbl")) if t.find(f"{w('tblPr')}/{w('tblStyle')}") is not None]
    assert tables
    for tbl in tables:
        rows = tbl.findall(w("tr"))
        assert all(r.find(f"{w('trPr')}/{w('cantSplit')}") is not None for r in rows)
        assert rows[0].find(f"{w('trPr')}/{w('tblHeader')}") is not None
        grid = [int(c.get(w("w"))) for c in tbl.iter(w("gridCol"))]
        assert sum(grid) == 9072  # A4 with 2.5 cm margins: the whole width between them


def test_a_small_table_is_kept_whole_and_numbers_stand_flush_right() -> None:
    body = _document(render_docx(layout(_model(SMALL))))
    numbers = [t for t in body.iter(w("tbl")) if "5,5" in "".join(x.text or "" for x in t.iter(w("t")))]
    assert len(numbers) == 1
    rows = numbers[0].findall(w("tr"))
    assert len(rows) <= 7
    paragraphs = [p for r in rows[:-1] for p in r.iter(w("p"))]
    assert all(p.find(f"{w('pPr')}/{w('keepNext')}") is not None for p in paragraphs)
    for row in rows:
        cells = row.findall(w("tc"))
        aligns = [c.find(f"{w('p')}/{w('pPr')}/{w('jc')}") for c in cells]
        assert aligns[0] is None  # the row's name
        assert all(a is not None and a.get(w("val")) == "right" for a in aligns[1:])


def test_a_landscape_appendix_turns_its_pages_and_only_them(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = SMALL.read_text(encoding="utf-8")
    assert "  appendices:\n" in text
    plan.write_text(
        text.replace("      title: Litteratur\n", "      title: Litteratur\n      orientation: landscape\n")
    )
    lay = layout(_model(plan))
    assert PageBreakEl("landscape") in lay.elements and lay.elements.count(PageBreakEl("portrait")) >= 2
    body = _document(render_docx(lay))
    final = body.find(f"{w('body')}/{w('sectPr')}")
    sections = [*(p.find(f"{w('pPr')}/{w('sectPr')}") for p in body.iter(w("p"))), final]
    sections = [s for s in sections if s is not None]
    orients = [s.find(w("pgSz")).get(w("orient")) for s in sections]
    assert orients == [None, "landscape", None]
    assert [s.find(w("titlePg")) is not None for s in sections] == [True, False, False]
    assert all(s.find(w("headerReference")) is not None for s in sections)
    landscape = sections[1].find(w("pgSz"))
    assert int(landscape.get(w("w"))) > int(landscape.get(w("h")))
