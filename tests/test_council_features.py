"""What the originals had, and what a council document must be: real footnotes, links for every web
address, level colours that read, a labelled diagram, pictures with alt text, truthful properties. Read
back from the .docx with lxml and docx2python (an independent reader), not from the writer's own data."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path
from typing import Any

from docx2python import docx2python
from lxml import etree

from planctl.check.pipeline import CheckOptions, check_file
from planctl.document.layout import layout
from planctl.formats.document.markdown import render_markdown
from planctl.formats.word.colour import contrast, text_on
from planctl.formats.word.elements import w
from planctl.formats.word.writer import render_docx
from tests.conftest import ROOT

PLANS = ROOT / "plans"
# A 4 x 2 pixel PNG (red), written out so the test needs no image library.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAAASFvFNAAAAEklEQVR4nGP4z8AARAwM/xkYAEH0Bf3B5q4nAAAAAElFTkSuQmCC"
)


def _model(path: Path) -> Any:
    result = check_file(path, CheckOptions(families=("syntax", "integrity")))
    assert result.model is not None
    return result.model


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def _plan(tmp_path: Path, extra: str, blocks: str = "") -> Path:
    text = f"""schema: planctl/1
plan:
  id: testby
  title: Plan for forebygging
  municipality: {{name: Testby kommune}}
  adoption: {{body: kommunestyret, status: draft}}
{extra}
document:
  body:
    - id: innledning
      title: Innledning
      blocks:{"" if blocks else " []"}
{blocks}
"""
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_footnotes_are_word_footnotes_that_independent_readers_see(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        'footnotes:\n  - {id: kilde, text: "Se https://lovdata.no/ for loven."}',
        '        - p: "Forebygging[^kilde] lønner seg[^kilde]."',
    )
    data = render_docx(layout(_model(plan)))
    notes = _part(data, "word/footnotes.xml")
    texts = ["".join(t.text or "" for t in n.iter(w("t"))) for n in notes.iter(w("footnote"))]
    assert texts[2:] == [" Se https://lovdata.no/ for loven."] * 2  # each reference a footnote of its own
    assert notes.find(f".//{w('hyperlink')}") is not None  # a link in a note, related from the notes part
    body = _part(data, "word/document.xml")
    assert [r.get(w("id")) for r in body.iter(w("footnoteReference"))] == ["1", "2"]
    settings = _part(data, "word/settings.xml")
    assert [f.get(w("id")) for f in settings.iter(w("footnote"))] == ["-1", "0"]
    with docx2python(io.BytesIO(data)) as doc:
        assert "Se " in str(doc.footnotes) and "lovdata" in str(doc.footnotes)
    assert "Fotnoter" not in str(docx2python(io.BytesIO(data)).text)
    markdown = render_markdown(layout(_model(plan)))
    assert "Forebygging[^1] lønner seg[^1]." in markdown
    assert "[^1]: Se [https://lovdata.no/](<https://lovdata.no/>) for loven." in markdown


def test_every_web_address_written_out_is_a_link(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        "",
        '        - p: "Les https://www.bufdir.no/veiledere/ og www.fhi.no, eller [loven](https://lovdata.no/)."',
    )
    data = render_docx(layout(_model(plan)))
    body = _part(data, "word/document.xml")
    links = {
        "".join(t.text or "" for t in h.iter(w("t")))
        for h in body.iter(w("hyperlink"))
        if h.get(w("anchor")) is None
    }
    assert {"https://www.bufdir.no/veiledere/", "www.fhi.no", "loven"} <= links


def test_level_colours_mark_the_measures_and_their_text_reads(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        """units: [{id: hs, name: Helsestasjonen, kind: service, municipal: true}]
measures:
  - {id: a, name: Åpen barnehage, levels: [universal], responsible: [hs]}
  - {id: b, name: Familieteam, levels: [indicated], responsible: [hs]}""",
        "        - render: measures\n          group_by: level",
    ).read_text(encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(
        plan.replace(
            "document:\n", 'document:\n  level_colors: {universal: "#1F6F3F", indicated: "#F4B183"}\n'
        )
    )
    data = render_docx(layout(_model(path)))
    body = _part(data, "word/document.xml")
    fills = {}
    for tc in body.iter(w("tc")):
        shd = tc.find(f"{w('tcPr')}/{w('shd')}")
        if shd is None:
            continue
        colours = {c.get(w("val")) for c in tc.iter(w("color"))}
        fills.setdefault(shd.get(w("fill")), set()).update(colours)
    assert {"1F6F3F", "F4B183"} <= set(fills)
    assert fills["1F6F3F"] == {"FFFFFF"} and fills["F4B183"] == {"000000"}
    for fill, colours in fills.items():
        for colour in colours or {"000000"}:
            assert contrast(colour, fill) >= 4.5, (fill, colour)


def test_every_fill_the_writer_picks_text_for_reads() -> None:
    for fill in ("C0504D", "F2A541", "6AA84F", "1F3A5F", "9DC3E6", "FFFF00", "808080", "777777"):
        assert contrast(text_on(fill), fill) >= 4.5, fill


def test_vestre_totens_three_levels_are_a_figure_with_alt_text() -> None:
    data = render_docx(layout(_model(PLANS / "vestre-toten" / "plan.yaml")))
    body = _part(data, "word/document.xml")
    figure = next(
        t for t in body.iter(w("tbl")) if "Kommunenivå" in "".join(x.text or "" for x in t.iter(w("t")))
    )
    texts = ["".join(x.text or "" for x in tc.iter(w("t"))) for tc in figure.iter(w("tc"))]
    assert [t for t in texts if t] == ["Kommunenivå", "Tjenestenivå", "Individnivå"]
    description = figure.find(f"{w('tblPr')}/{w('tblDescription')}").get(w("val"))
    assert "kommunenivå, tjenestenivå og individnivå" in description


def test_a_picture_beside_the_plan_is_shown_with_its_alt_text(tmp_path: Path) -> None:
    (tmp_path / "kart.png").write_bytes(PNG)
    outside = tmp_path.parent / "hemmelig.png"
    outside.write_bytes(PNG)
    plan = _plan(
        tmp_path,
        "",
        "        - figure: {image: kart.png, alt: Organisasjonskart med tre tjenester, caption: Organisering}\n"
        "        - figure: {image: ../hemmelig.png, alt: Et bilde utenfor planens mappe}\n"
        "        - figure: {image: borte.png, alt: Et bilde som ikke finnes}",
    )
    data = render_docx(layout(_model(plan)))
    body = _part(data, "word/document.xml")
    pictures = list(
        body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    )
    assert [p.get("descr") for p in pictures] == ["Organisasjonskart med tre tjenester"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert [n for n in package.namelist() if n.startswith("word/media/")] == ["word/media/image1.png"]
    text = "".join(t.text or "" for t in body.iter(w("t")))
    assert "[Et bilde utenfor planens mappe]" in text and "[Et bilde som ikke finnes]" in text


def test_properties_say_what_is_true(tmp_path: Path) -> None:
    long_title = "Plan for forebygging " * 14  # 294 characters: more than Word allows
    plan = (
        _plan(tmp_path, "")
        .read_text(encoding="utf-8")
        .replace("title: Plan for forebygging", f"title: {long_title.strip()}")
    )
    plan = plan.replace("  municipality:", "  keywords: [tidlig innsats, barnevern]\n  municipality:")
    path = tmp_path / "plan.yaml"
    path.write_text(plan, encoding="utf-8")
    data = render_docx(layout(_model(path)))
    app = _part(data, "docProps/app.xml")
    ns = {"a": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    assert app.findtext("a:Application", namespaces=ns) == "planctl"
    assert app.find("a:Pages", namespaces=ns) is None and app.find("a:Words", namespaces=ns) is None
    core = _part(data, "docProps/core.xml")
    title = core.findtext("{http://purl.org/dc/elements/1.1/}title")
    assert len(title) == 255 and title.endswith("…")
    assert core.findtext(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"
    ) == ("tidlig innsats, barnevern")
    settings = _part(data, "word/settings.xml")
    modes = [
        s.get(w("val")) for s in settings.iter(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"
    ]
    assert modes == ["15"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [n for n in package.namelist() if "thumbnail" in n]
