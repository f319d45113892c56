"""build docx without wasted work (issue 15): the fast paths beside the general ones give the same
answers (property tests), hyperlinks cost the same however many there are, and the package is written
as python-docx would write it. No timing assertions: the numbers are benchmarks/RESULTS.md's."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx2python import docx2python
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.check.pipeline import check_file, options_for
from planctl.document import inline
from planctl.document.inline import Run
from planctl.document.layout import layout
from planctl.formats.word import fit
from planctl.formats.word.opc import deterministic_zip
from planctl.formats.word.package import DEFAULT_TEMPLATE, Package
from planctl.formats.word.writer import render_document
from planctl.model.types import FOOTNOTE_REF
from planctl.xmltext import clean
from tests.conftest import PLANS

SONDRE_LAND = PLANS / "sondre-land" / "plan.yaml"

# Pieces that come near what the inline rules and the linkify rule react to, and plain Norwegian text.
_PIECES = [
    "*", "**", "_", "__", "[", "]", "(", ")", "<", ">", "\\", "\n", "\r", "\r\n", "  \n", "`", "&amp;",
    "&", "#", "!", "~", "^", "|", ":", "://", "/", "//", "@", ".", "..", "www", "www.", "WWW.",
    "localhost", "LOCALHO\u017ft", "http", "https:", "mailto:", "ftp:", "no", "com", "Com", "xn--p1ai",
    "HTTP:", "hTtPs:", "Mailto:", "FTP", "s", "://", "e@x.no", "a.b", "nav.no", "<https://a.no>",
    "\\/", "\\:", "\\.", "\\*", "www. ", "(www.)", "//foo", "localhost:8080",
    "\u0440\u0444", "1", "12", "3.4", "a", "Barn", "og", "unge", " ", "  ", "\t", "\u00a0", "æøå", "ÆØÅ",
    "§", "–", "«", "»", "\u2028", "\x85", "[^1]", "[^a-b]", "\x00", "\x01", "\ufffe", "\ud800", "K",
    "\u212a", "\u0130", "ı",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
    st.text(max_size=40),
)


UNGUARDED = inline.make_parser(guarded=False)  # markdown-it-py and linkify-it-py as they come


@given(texts)
def test_a_text_the_fast_path_takes_is_what_the_parser_makes_of_it(text: str) -> None:
    """parse() gives a text without markup one plain run without asking the parser, and asks linkify-it
    only about texts that may hold an address; markdown-it-py and linkify-it-py as they come give the same
    runs for every text."""
    cleaned = clean(text)
    fast = inline.parse(text)
    if not cleaned:
        assert fast == ()
        return
    assert fast == inline.parse_markup(cleaned, UNGUARDED)
    assert inline.parse_markup(cleaned) == inline.parse_markup(cleaned, UNGUARDED)
    if inline._MAYBE_MARKUP.search(cleaned) is not None:
        assert inline.maybe_markup(cleaned)  # the fast check misses nothing the pattern finds
    if not inline.maybe_markup(cleaned):
        assert fast == (Run(cleaned),)


def test_the_fast_path_leaves_markup_and_addresses_to_the_parser() -> None:
    for text in ("**fet**", "nav.no", "se www.bufdir.no", "https://lovdata.no", "a[^1]", "linje\nto"):
        assert inline._MAYBE_MARKUP.search(text) is not None, text
        assert inline.parse(text) != (Run(text),) or text == "a[^1]", text
    assert inline.parse("Tiltaket skal gi barn og unge et trygt oppvekstmiljø.") == (
        Run("Tiltaket skal gi barn og unge et trygt oppvekstmiljø."),
    )


words = st.text(alphabet=st.sampled_from("abæøå.:@#/-wWx1 \n\x1c\x85\u2028"), max_size=20) | st.text(
    max_size=20
)


@given(words, st.booleans())
def test_text_width_is_the_sum_of_the_characters_widths(text: str, bold: bool) -> None:
    widths = fit._BOLD if bold else fit._REGULAR
    units = sum(widths.get(c, fit.DEFAULT) for c in text)
    for size in (9, 10.5, 11):
        assert fit.text_width(text, size, bold=bold) == round(units * size * fit.TWIPS_PER_POINT / 1000)


@given(st.lists(words, max_size=5).map(" ".join))
def test_a_text_with_an_address_in_a_word_has_one_somewhere(text: str) -> None:
    """longest_word asks the address pattern about each word only when the text matches
    _ADDRESS_SOMEWHERE: every word the pattern matches makes the text match it."""
    if any(fit._ADDRESS.search(word) for word in text.split()):
        assert fit._ADDRESS_SOMEWHERE.search(text) is not None


# ---- hyperlinks: python-docx's ids, kept in a dict ------------------------------------------------------

urls = st.lists(
    st.sampled_from(["https://lovdata.no", "https://bufdir.no", "www.nav.no", "https://a.no/\x01x", "x"])
    | st.text(alphabet="abc:/.", min_size=1, max_size=8),
    max_size=30,
)


@settings(max_examples=30)  # two templates opened per example
@given(urls, st.integers(min_value=0, max_value=8))
def test_links_get_the_ids_python_docx_gives_them(links: list[str], gap: int) -> None:
    """Package.link gives each url the relationship id python-docx's relate_to gives it: the first
    relationship to it, else the lowest free rIdN (a gap the template leaves included)."""
    ours, theirs = Package.open(DEFAULT_TEMPLATE), docx.Document(str(DEFAULT_TEMPLATE))
    for rels in (ours.part.rels, theirs.part.rels):
        taken = sorted(rels, key=lambda rid: int(rid.removeprefix("rId")))
        if gap < len(taken) and rels[taken[gap]].is_external is False:
            del rels[taken[gap]]  # a template without that relationship
    expected = [theirs.part.relate_to(clean(u), RT.HYPERLINK, is_external=True) for u in links]
    assert [ours.link(u) for u in links] == expected
    assert [(r.rid, r.target_ref) for r in ours.part.rels.values()] == [
        (r.rId, r.target_ref) for r in theirs.part.rels.values()
    ]


def test_links_after_relationships_are_taken_out_reuse_the_freed_id() -> None:
    ours, theirs = Package.open(DEFAULT_TEMPLATE), docx.Document(str(DEFAULT_TEMPLATE))
    assert ours.link("https://a.no") == theirs.part.relate_to("https://a.no", RT.HYPERLINK, is_external=True)
    for rels in (ours.part.rels, theirs.part.rels):
        del rels["rId1"]
    assert ours.link("https://b.no") == theirs.part.relate_to("https://b.no", RT.HYPERLINK, is_external=True)
    assert ours.link("https://a.no") == theirs.part.relate_to("https://a.no", RT.HYPERLINK, is_external=True)


def test_many_links_each_get_their_own_id() -> None:
    package = Package.open(DEFAULT_TEMPLATE)
    before = len(package.part.rels)
    ids = [package.link(f"https://example.no/{i}") for i in range(20_000)]
    assert len(set(ids)) == 20_000 and len(package.part.rels) == before + 20_000
    assert package.link("https://example.no/7") == ids[7]


# ---- the package written once, with fixed dates (the bytes python-docx wrote: tests/test_word_opc.py) ------


def test_the_package_is_saved_as_one_deterministic_zip() -> None:
    result = check_file(SONDRE_LAND, options_for(SONDRE_LAND))
    assert result.model is not None
    package = render_document(layout(result.model))
    assert package.save() == deterministic_zip(package.save())
    with zipfile.ZipFile(io.BytesIO(package.save(date=(2001, 2, 3, 4, 5, 6)))) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml" and infos[1].filename == "_rels/.rels"
    assert {(i.date_time, i.external_attr, i.compress_type) for i in infos} == {
        ((2001, 2, 3, 4, 5, 6), 0o600 << 16, zipfile.ZIP_DEFLATED)
    }
    doc = docx2python(io.BytesIO(package.save()))
    assert "Søndre Land" in doc.text


@given(st.lists(words, max_size=6).map("\n".join), st.booleans(), st.sampled_from([8, 9, 10.5, 11, 12.5]))
def test_the_longest_word_and_line_are_the_widest_measured_one_by_one(
    text: str, bold: bool, size: float
) -> None:
    """longest_word and longest_line convert the most advance-width units to twips once; converting each
    word or line and taking the widest gives the same (the conversion never narrows a wider text)."""
    pieces = [
        piece
        for line in text.splitlines()
        for piece in line.replace("-", "- ").replace("/", "/ ").split()
        if not fit._ADDRESS.search(piece)
    ]
    expected = max((fit.text_width(p, size, bold=bold) for p in pieces), default=0)
    assert fit.longest_word(text, size, bold=bold) == expected
    lines = text.splitlines()
    assert fit.longest_line(text, size, bold=bold) == max(
        (fit.text_width(line, size, bold=bold) for line in lines), default=0
    )


@given(
    st.lists(st.sampled_from(["", "a", " ", "[", "^", "]", "[^1]", "[^kilde]", "[^", "x-y", "."]), max_size=8)
)
def test_footnote_markers_are_split_out_as_before(pieces: list[str]) -> None:
    """_split_footnotes returns a run without «[^» as it is (none when it has no text), and otherwise the
    text between the markers and a run for each marker."""
    text = "".join(pieces)
    run = Run(text, bold=True)
    expected: list[Run] = []
    pos = 0
    for match in FOOTNOTE_REF.finditer(text):
        if match.start() > pos:
            expected.append(Run(text[pos : match.start()], bold=True))
        expected.append(Run(match.group(0), footnote=match.group(1)))
        pos = match.end()
    if pos < len(text):
        expected.append(Run(text[pos:], bold=True))
    assert inline._split_footnotes(run) == expected


@given(st.text(alphabet=st.sampled_from("\\*_[]`<>|aæ \n\\\\"), max_size=30) | st.text(max_size=30))
def test_markdown_escapes_each_special_character_as_the_translation_table_did(text: str) -> None:
    table = str.maketrans({c: "\\" + c for c in "\\*_[]`<>|"})
    assert inline._MD_SPECIAL.sub(r"\\\g<0>", text) == text.translate(table)
    assert inline.to_markdown((Run(text),)) == text.translate(table)
