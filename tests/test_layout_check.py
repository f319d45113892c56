"""An independent layout check of the council document (issue 13's "Done when"), on the three real plans
and a generated large plan (tests/layout_plans.py).

Each plan is built with `planctl build docx` (the contents numbered by LibreOffice) and the .docx turned
into a PDF by the session's LibreOffice (tests/libreoffice.py), as a reader's LibreOffice would show it.
What is checked is read from the .docx XML (lxml) and from that PDF (pdftotext, pikepdf), never from the
writer's own data:

- the PDF's contents list every chapter and section of the document with a page number, and that is the
  page the heading is on;
- no word of a table is broken across lines in the PDF (no column narrower than its longest word);
- no table of six rows or fewer spans two pages;
- word/footnotes.xml holds the plan's footnotes, and the PDF shows them;
- every web address in the text is a hyperlink (in the .docx and in the PDF);
- every coloured cell's text has a contrast of at least 4.5:1 with its fill.

`planctl build pdf`'s own tagged PDF is checked with pikepdf: the structure tree, headings in order,
table header cells, alt text for every figure, language and title.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from planctl.check.pipeline import check_file, options_for
from planctl.cli.main import cli
from tests.conftest import BUNDLED_PLANS
from tests.layout_plans import write_large_plan
from tests.libreoffice import PDF, LibreOffice

pikepdf = pytest.importorskip("pikepdf")  # a test extra (pyproject.toml): the tagged PDF's structure

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
    ),
]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPOCH = "1796083200"  # 2026-12-01
URL = re.compile(r"(?:https?://|www\.)[^\s<>«»\"]+[^\s<>«»\".,;:!?)\]]")
PLANS = [*(p.parent.name for p in BUNDLED_PLANS), "generated-large"]


@dataclass
class Built:
    name: str
    plan: Path
    docx: Path
    pdf: Path
    parts: dict[str, etree._Element]
    pages: list[str]  # pdftotext -raw, a page each

    @property
    def document(self) -> etree._Element:
        return self.parts["word/document.xml"]


def _pdftotext(pdf: Path, *options: str) -> list[str]:
    out = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


@pytest.fixture(scope="module", params=PLANS)
def built(
    request: pytest.FixtureRequest, libreoffice: LibreOffice, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    name: str = request.param
    folder = tmp_path_factory.mktemp(name)
    plan = (
        write_large_plan(folder / "plan")
        if name == "generated-large"
        else next(p for p in BUNDLED_PLANS if p.parent.name == name)
    )
    result = CliRunner().invoke(
        cli, ["build", "docx", str(plan), "-o", str(folder), "--force"], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert result.exit_code == 0, result.output
    assert "sidetall" not in result.stderr  # LibreOffice numbered the contents
    docx = next(p for p in folder.glob("*.docx") if not p.name.endswith("-compliance.docx"))
    pdf = docx.with_suffix(".pdf")
    libreoffice.convert(docx, pdf, PDF)
    with zipfile.ZipFile(docx) as package:
        parts = {n: etree.fromstring(package.read(n)) for n in package.namelist() if n.endswith(".xml")}
    return Built(name, plan, docx, pdf, parts, _pdftotext(pdf, "-raw"))


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---- the contents -------------------------------------------------------------------------------------


def _shown(el: etree._Element) -> str:
    """The text as a reader sees it with tracked changes shown: deleted text too, where it stands."""
    return "".join(t.text or "" for t in el.iter(f"{W}t", f"{W}delText"))


def _headings(built: Built) -> list[tuple[int, str, str]]:
    """The headings of levels 1-3 in the .docx body after the contents, in order (style ids HeadingN of the
    shipped template; the redline's change summary before its contents has headings of its own): level,
    text (as the contents list it) and text shown (with a redline's deletions)."""
    out = []
    paragraphs = list(built.document.iter(f"{W}p"))
    toc = next(
        i for i, p in enumerate(paragraphs) if any("TOC" in (x.text or "") for x in p.iter(f"{W}instrText"))
    )
    for p in paragraphs[toc:]:
        style = p.find(f"{W}pPr/{W}pStyle")
        level = re.fullmatch(r"Heading([1-3])", style.get(f"{W}val") or "") if style is not None else None
        if level and _text(p).strip():
            out.append((int(level.group(1)), _norm(_text(p)), _norm(_shown(p))))
    return out


def test_the_contents_give_every_chapter_its_page(built: Built) -> None:
    headings = _headings(built)
    assert len(headings) >= 5
    layout = _pdftotext(built.pdf, "-layout")
    # the contents: from the first page after the cover that has them (the redline's summary comes first)
    first = next((i for i, page in enumerate(layout) if i > 0 and "Innhold" in page), None)
    assert first is not None, "no contents page"
    contents = "".join(layout[first : first + 5])
    flat = _norm(contents)
    start = 0
    for _, heading, shown in headings:
        # the heading's words (a long one wraps), dot leaders, the page number
        words = r"\s+".join(re.escape(w) for w in heading.split())
        found = re.compile(words + r"[ .]*?(\d+)\b").search(flat, start)
        assert found is not None, f"{built.name}: no page number for «{heading}» in the contents"
        start = found.end()
        page = int(found.group(1))
        body = _norm(built.pages[page - 1]) if page <= len(built.pages) else ""
        assert shown in body, f"{built.name}: «{shown}» is not on page {page}"


def test_the_contents_link_to_the_chapters(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        links = [
            a
            for page in list(pdf.pages)[1:4]
            for a in page.obj.get("/Annots", [])
            if a.get("/Subtype") == "/Link" and ("/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo")
        ]
    assert len(links) >= len(_headings(built)) * 0.9


# ---- tables --------------------------------------------------------------------------------------------


def _tables(built: Built) -> list[etree._Element]:
    """The data tables (the shipped template's table style): not the figures drawn as tables."""
    return [t for t in built.document.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle") is not None]


def _cells(tbl: etree._Element) -> list[list[str]]:
    return [[_text(tc) for tc in tr.findall(f"{W}tc")] for tr in tbl.findall(f"{W}tr")]


def _pieces(text: str) -> list[str]:
    """The unbreakable stretches of a text (Word and LibreOffice break at spaces and after hyphens)."""
    return [p for p in re.split(r"\s+|(?<=[-/–])", text) if p]


def test_no_word_of_a_table_is_broken(built: Built) -> None:
    """A word longer than its column breaks across lines: the PDF then holds it fewer times whole than the
    document does."""
    running = {
        p
        for hf in built.parts
        if re.match(r"word/(header|footer)\d*\.xml", hf)
        for p in _pieces(_text(built.parts[hf]))
    }
    in_tables = {
        p.strip("().,;:«»")
        for tbl in _tables(built)
        for row in _cells(tbl)
        for cell in row
        for p in _pieces(cell)
    }
    words = {w for w in in_tables if len(w) >= 8 and w.isalpha() and w not in running}
    assert words
    document = Counter(
        p.strip("().,;:«»")
        for part in ("word/document.xml",)
        for p in _pieces(_text_with_breaks(built.parts[part]))
    )
    shown = Counter(p.strip("().,;:«»") for page in built.pages for p in _pieces(page))
    broken = sorted(w for w in words if shown[w] < document[w])
    assert not broken, f"{built.name}: words broken across lines in the PDF: {broken[:20]}"


def _text_with_breaks(root: etree._Element) -> str:
    """The text of every paragraph, a paragraph (and a line break) a line; the contents' field results
    are left out (the contents repeat the headings the body has)."""
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and (style.get(f"{W}val") or "").startswith("TOC"):
            continue
        out.append(
            "".join("\n" if el.tag == f"{W}br" else (el.text or "") for el in p.iter(f"{W}t", f"{W}br"))
        )
    return "\n".join(out)


def test_no_small_table_spans_two_pages(built: Built) -> None:
    pages = [_norm(page) for page in built.pages]
    small = [t for t in _tables(built) if len(t.findall(f"{W}tr")) <= 7]  # a header and six rows at most
    assert small or built.name == "nordre-land"
    for tbl in small:
        rows = [_norm(" ".join(r)) for r in _cells(tbl)]
        firsts = [_norm(r[0]) for r in _cells(tbl) if r and _norm(r[0])]
        whole = [i for i, page in enumerate(pages, start=1) if all(f in page for f in firsts)]
        assert whole, f"{built.name}: the table «{rows[0][:60]}» ({len(rows)} rows) spans two pages"


def test_every_coloured_cell_reads(built: Built) -> None:
    styles = built.parts["word/styles.xml"]
    coloured = 0
    for tc in built.document.iter(f"{W}tc"):
        shd = tc.find(f"{W}tcPr/{W}shd")
        fill = shd.get(f"{W}fill") if shd is not None else None
        if not fill or fill == "auto":
            continue
        for r in tc.iter(f"{W}r"):
            if not _text(r).strip():
                continue
            coloured += 1
            ink = _run_colour(r, styles)
            assert _contrast(ink, fill) >= 4.5, f"{built.name}: {ink} on {fill}: «{_text(r)}»"
    assert coloured


def _run_colour(r: etree._Element, styles: etree._Element) -> str:
    """A run's text colour: its own, else its character style's, else its paragraph style's (with the
    styles it is based on), else black."""
    own = r.find(f"{W}rPr/{W}color")
    if own is not None:
        return own.get(f"{W}val")
    p = next(r.iterancestors(f"{W}p"))
    candidates = []
    rstyle = r.find(f"{W}rPr/{W}rStyle")
    if rstyle is not None:
        candidates.append(rstyle.get(f"{W}val"))
    pstyle = p.find(f"{W}pPr/{W}pStyle")
    candidates.append(pstyle.get(f"{W}val") if pstyle is not None else "Normal")
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    for style_id in candidates:
        while style_id in by_id:
            colour = by_id[style_id].find(f"{W}rPr/{W}color")
            if colour is not None and colour.get(f"{W}val") not in (None, "auto"):
                return colour.get(f"{W}val")
            based = by_id[style_id].find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
    return "000000"


def _contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio, computed here (not with planctl's own function)."""

    def lum(rgb: str) -> float:
        c = [int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# ---- footnotes and links -------------------------------------------------------------------------------


def test_footnotes_are_the_plans_footnotes(built: Built) -> None:
    """word/footnotes.xml holds the plan's footnotes (Nordre Land and Vestre Toten have one from the
    regional text, the generated plan six, Søndre Land none), each with the plan's words, and the PDF
    shows them."""
    result = check_file(built.plan, options_for(built.plan))
    assert result.model is not None
    model = result.model
    own = [_plain_note(n.text) for n in (*model.footnotes, *model.regional_footnotes)]
    references = list(built.document.iter(f"{W}footnoteReference"))
    if built.name == "sondre-land":
        assert not references and "word/footnotes.xml" not in built.parts
        return
    assert references
    notes = built.parts["word/footnotes.xml"]
    texts = [_norm(_text_with_breaks(n)) for n in notes.iter(f"{W}footnote") if int(n.get(f"{W}id")) > 0]
    assert len(texts) == len(references)
    pdf = _norm(" ".join(built.pages))
    for text in texts:
        assert text in own, f"{built.name}: «{text[:50]}» is no footnote of the plan"
        assert text[:50] in pdf, f"{built.name}: footnote «{text[:50]}» is not in the PDF"


def _plain_note(text: str) -> str:
    return _norm(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "").replace("*", ""))


def test_every_web_address_is_a_link(built: Built) -> None:
    unlinked = []
    for part, root in built.parts.items():
        if not re.match(r"word/(document|footnotes|header\d*|footer\d*)\.xml", part):
            continue
        for t in root.iter(f"{W}t"):
            if not URL.search(t.text or ""):
                continue
            in_link = any(a.tag == f"{W}hyperlink" for a in t.iterancestors())
            if not in_link:
                unlinked.append(t.text)
    assert not unlinked, f"{built.name}: web addresses that are no links: {unlinked[:5]}"
    with pikepdf.open(built.pdf) as pdf:
        uris = {
            str(a["/A"]["/URI"])
            for page in pdf.pages
            for a in page.obj.get("/Annots", [])
            if a.get("/Subtype") == "/Link" and "/A" in a and "/URI" in a["/A"]
        }
    written = {m.group(0) for t in built.document.iter(f"{W}t") for m in URL.finditer(t.text or "")}
    assert len(uris) >= min(len(written), 1)


# ---- planctl build pdf: the tagged PDF ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tagged")
    plan = next(p for p in BUNDLED_PLANS if p.parent.name == "vestre-toten")
    result = CliRunner().invoke(
        cli, ["build", "pdf", str(plan), "-o", str(folder), "--force"], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert result.exit_code == 0, result.output
    return folder / "vestre-toten.pdf"


def _structure(node: object, out: list[object]) -> None:
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            out.append(node)
        kids = node.get("/K")
        if kids is not None:
            _structure(kids, out)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            _structure(kid, out)


def test_the_pdf_is_tagged_with_headings_tables_figures_language_and_title(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        root = pdf.Root
        assert str(root.get("/Lang")) == "nb-NO"
        assert root.get("/MarkInfo", {}).get("/Marked") is True
        assert root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True
        assert str(pdf.docinfo.get("/Title")) == "SAMMEN OM EN TRYGG OPPVEKST"
        assert "tidlig innsats" in str(pdf.docinfo.get("/Keywords"))
        elements: list[pikepdf.Dictionary] = []
        _structure(root["/StructTreeRoot"], elements)
        role_map = root["/StructTreeRoot"].get("/RoleMap", {})
        kinds = [str(role_map.get(e["/S"], e["/S"])) for e in elements]
        headings = [int(k[2:]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
        assert headings and headings[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(headings)), headings  # no level skipped
        assert "/Table" in kinds and "/TH" in kinds and "/TD" in kinds
        figures = [e for e, k in zip(elements, kinds, strict=True) if k == "/Figure"]
        assert all(str(f.get("/Alt", "")).strip() for f in figures)


# ---- the redline (`planctl diff --format docx`) ----------------------------------------------------------


@pytest.fixture(scope="module")
def redline(libreoffice: LibreOffice, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Vestre Toten's plan → Nordre Land's as a tracked-change document: nearly every heading changed."""
    folder = tmp_path_factory.mktemp("redline")
    old, new = (next(p for p in BUNDLED_PLANS if p.parent.name == n) for n in ("vestre-toten", "nordre-land"))
    docx = folder / "redline.docx"
    result = CliRunner().invoke(
        cli,
        ["diff", str(old), str(new), "--format", "docx", "-o", str(docx)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 0, result.output
    assert "sidetall" not in result.stderr  # LibreOffice numbered the contents
    pdf = docx.with_suffix(".pdf")
    libreoffice.convert(docx, pdf, PDF)
    with zipfile.ZipFile(docx) as package:
        parts = {n: etree.fromstring(package.read(n)) for n in package.namelist() if n.endswith(".xml")}
    return Built("redline", new, docx, pdf, parts, _pdftotext(pdf, "-raw"))


def test_the_redlines_contents_give_every_chapter_its_page(redline: Built) -> None:
    """The contents are the new plan's, numbered as the redline lays out with its deletions shown."""
    test_the_contents_give_every_chapter_its_page(redline)
