"""A municipality's template (`--template`) is input like a plan: read with limits, regular files only,
a one-line error for what cannot be used; what it could make the built document do (macros, external
relationships, an attached template) is left out with a notice; its own header and footer (a logo, an
address) are kept. And the small things a council reads: dates in words, the draft note."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from planctl.check.pipeline import CheckOptions, check_file
from planctl.cli.main import cli
from planctl.document.elements import CoverEl, DecisionEl
from planctl.document.layout import layout
from planctl.errors import PlanctlError
from planctl.formats.word.elements import w
from planctl.formats.word.package import DEFAULT_TEMPLATE, Package
from tests.conftest import ROOT, run_planctl

SMALL = ROOT / "tests" / "fixtures" / "build" / "small.yaml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _rewrite(
    source: Path, target: Path, change: dict[str, bytes], add: dict[str, bytes] | None = None
) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change.get(info.filename, src.read(info.filename)))
        for name, data in (add or {}).items():
            dst.writestr(name, data)


def _hostile_template(tmp_path: Path) -> Path:
    """The shipped template with macros, an attached template, a picture linked from the web in its
    header, and a header with the municipality's name and a footer with its address."""
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        settings = z.read("word/settings.xml").decode()
        document = z.read("word/document.xml").decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
        f'<Relationship Id="rIdHdr" Type="{R}/header" Target="header9.xml"/>'
        f'<Relationship Id="rIdFtr" Type="{R}/footer" Target="footer9.xml"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/word/header9.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
        '<Override PartName="/word/footer9.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
    )
    settings = settings.replace("<w:defaultTabStop", '<w:attachedTemplate r:id="rIdTpl"/><w:defaultTabStop')
    settings_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rIdTpl" Type="{R}/attachedTemplate" Target="file:///C:/Maler/Kommune.dotm" TargetMode="External"/></Relationships>'
    )
    ns = f'xmlns:w="{w("x")[1:].split("}")[0]}" xmlns:r="{R}"'
    header = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {ns}><w:p><w:r><w:t>Testby kommune – logo</w:t></w:r>'
        '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata r:id="rIdLink"/></v:shape></w:pict></w:r></w:p></w:hdr>'
    )
    header_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rIdLink" Type="{R}/image" Target="https://example.org/logo.png" TargetMode="External"/></Relationships>'
    )
    footer = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {ns}><w:p><w:r><w:t>Rådhusveien 1, 9999 Testby</w:t></w:r></w:p></w:ftr>'
    document = document.replace(
        "<w:sectPr",
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHdr"/><w:footerReference w:type="default" r:id="rIdFtr"/></w:sectPr><w:sectPr',
        1,
    )
    # the second sectPr (the original) must go: keep one, with the references first
    root = etree.fromstring(document.encode())
    body = root.find(w("body"))
    sects = body.findall(w("sectPr"))
    for child in sects[1]:
        sects[0].append(child)
    body.remove(sects[1])
    template = tmp_path / "kommune.docx"
    _rewrite(
        DEFAULT_TEMPLATE,
        template,
        {
            "word/_rels/document.xml.rels": rels.encode(),
            "[Content_Types].xml": types.encode(),
            "word/settings.xml": settings.encode(),
            "word/document.xml": etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            ),
        },
        {
            "word/vbaProject.bin": b'Attribute VB_Name = "Module1"\nSub AutoOpen()\nEnd Sub\n',
            "word/_rels/settings.xml.rels": settings_rels.encode(),
            "word/header9.xml": header.encode(),
            "word/_rels/header9.xml.rels": header_rels.encode(),
            "word/footer9.xml": footer.encode(),
        },
    )
    return template


def test_a_hostile_template_leaves_no_macro_link_or_attached_template_and_says_so(tmp_path: Path) -> None:
    template = _hostile_template(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["build", "docx", str(SMALL), "-o", str(out), "--template", str(template)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    for said in ("makroer", "annen mal", "utenfor seg selv"):
        assert said in result.stderr, said
    with zipfile.ZipFile(out / "testby-2024-01.docx") as z:
        names = z.namelist()
        everything = b"".join(z.read(n) for n in names if n.endswith((".xml", ".rels")))
        headers = [z.read(n).decode() for n in names if n.startswith("word/header")]
        footers = [z.read(n).decode() for n in names if n.startswith("word/footer")]
    assert not [n for n in names if "vbaProject" in n]
    assert b"vbaProject" not in everything and b"attachedTemplate" not in everything
    for rels in (n for n in names if n.endswith(".rels")):
        with zipfile.ZipFile(out / "testby-2024-01.docx") as z:
            for rel in etree.fromstring(z.read(rels)):
                if rel.get("TargetMode") == "External":  # only web links stay
                    assert rel.get("Type") == f"{R}/hyperlink", (rels, rel.get("Target"))
    assert b"example.org/logo.png" not in everything and b"Kommune.dotm" not in everything
    # the template's own header and footer are kept; the page numbers are added under its footer
    assert any("Testby kommune – logo" in h for h in headers)
    footer = next(f for f in footers if "Rådhusveien 1" in f)
    assert "NUMPAGES" in footer and "PAGE" in footer


def test_templates_that_cannot_be_used_are_one_line_errors(tmp_path: Path) -> None:
    no_section = tmp_path / "uten.docx"
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as z:
        document = z.read("word/document.xml").decode()
    start, end = document.index("<w:sectPr"), document.index("</w:sectPr>") + len("</w:sectPr>")
    _rewrite(
        DEFAULT_TEMPLATE, no_section, {"word/document.xml": (document[:start] + document[end:]).encode()}
    )
    with pytest.raises(PlanctlError, match="w:sectPr") as caught:
        Package.open(no_section)
    assert caught.value.exit_code == 2
    fifo = tmp_path / "rør.docx"
    os.mkfifo(fifo)
    with pytest.raises(PlanctlError, match="ikke en vanlig fil"):
        Package.open(fifo)  # a pipe is never read (it would wait for a writer forever)
    many = tmp_path / "mange.docx"
    _rewrite(DEFAULT_TEMPLATE, many, {}, {f"customXml/x{i}.xml": b"<x/>" for i in range(1001)})
    with pytest.raises(PlanctlError, match="for stor"):
        Package.open(many)
    proc = run_planctl("build", "docx", str(SMALL), "-o", str(tmp_path / "o"), "--template", str(no_section))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()  # the build's findings (BUILD-UNPLACED), then the error
    assert [line for line in lines if "w:sectPr" in line] == lines[-1:]


@pytest.mark.slow  # a scale guard: a template of a 100,000-cell table
def test_a_template_whose_body_is_a_large_table_is_emptied_in_linear_time(tmp_path: Path) -> None:
    """lxml takes a removed subtree into a document of its own in time that grows with the square of its
    size: a template of 58 kB whose body held a table of 100,000 cells took 31 s to open (twice a build).
    Emptied before it is taken out, within seconds; the document shows none of it."""
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as z:
        document = z.read("word/document.xml").decode()
    cell = "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
    table = "<w:tbl>" + ("<w:tr>" + cell * 5 + "</w:tr>") * 20_000 + "</w:tbl>"
    at = document.index("<w:sectPr")
    template = tmp_path / "stor-tabell.docx"
    _rewrite(
        DEFAULT_TEMPLATE, template, {"word/document.xml": (document[:at] + table + document[at:]).encode()}
    )
    assert template.stat().st_size < 100_000
    out = tmp_path / "o"
    proc = run_planctl("build", "docx", str(SMALL), "-o", str(out), "--template", str(template), timeout=20)
    assert proc.returncode == 0, proc.stderr
    for built in out.glob("*.docx"):
        with zipfile.ZipFile(built) as z:
            assert z.read("word/document.xml").count(b"<w:t>x</w:t>") == 0


@pytest.mark.parametrize(
    ("reference", "rels"),
    [
        ('<w:headerReference w:type="default" r:id="rId99"/>', ""),  # no such relationship
        ('<w:footerReference w:type="first"/>', ""),  # no r:id at all
        (  # the relationship leaves the package: sanitised away, so the reference names nothing
            '<w:headerReference w:type="default" r:id="rIdOut"/>',
            f'<Relationship Id="rIdOut" Type="{R}/header" Target="https://example.org/h.xml" TargetMode="External"/>',
        ),
    ],
)
def test_a_header_or_footer_reference_to_no_part_is_a_one_line_error(
    tmp_path: Path, reference: str, rels: str
) -> None:
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as z:
        document = z.read("word/document.xml").decode()
        relations = z.read("word/_rels/document.xml.rels").decode()
    broken = tmp_path / "brutt.docx"
    _rewrite(
        DEFAULT_TEMPLATE,
        broken,
        {
            # the reference first in the section (the references come before w:pgSz)
            "word/document.xml": re.sub(
                r"(<w:sectPr\b[^>]*>)", rf"\1{reference}", document, count=1
            ).encode(),
            "word/_rels/document.xml.rels": relations.replace(
                "</Relationships>", rels + "</Relationships>"
            ).encode(),
        },
    )
    assert reference in zipfile.ZipFile(broken).read("word/document.xml").decode()
    with pytest.raises(PlanctlError, match="Reference r:id=") as caught:
        Package.open(broken)
    assert caught.value.exit_code == 2
    proc = run_planctl("build", "docx", str(SMALL), "-o", str(tmp_path / "o"), "--template", str(broken))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def _small(tmp_path: Path, adoption: str) -> Path:
    plan = tmp_path / "plan.yaml"
    text = SMALL.read_text(encoding="utf-8")
    start = text.index("  adoption:")
    end = (
        text.index("\n", text.index("\n", start) + 1)
        if "adoption: {" not in text[start : start + 20]
        else text.index("\n", start)
    )
    plan.write_text(text[:start] + adoption + text[end:], encoding="utf-8")
    return plan


def test_dates_on_the_cover_and_the_decision_page_are_words(tmp_path: Path) -> None:
    plan = _small(
        tmp_path, '  adoption: {body: kommunestyret, status: adopted, date: "2026-03-12", case_ref: "26/7"}'
    )
    result = check_file(plan, CheckOptions(families=("syntax", "integrity")))
    assert result.model is not None, result.findings
    lay = layout(result.model)
    decision = next(e for e in lay.elements if isinstance(e, DecisionEl))
    assert ("Dato", "12. mars 2026") in decision.fields
    cover = next(e for e in lay.elements if isinstance(e, CoverEl))
    assert cover.status is not None and "12. mars 2026" in cover.status
    english = layout(result.model, lang="en")
    assert ("Date", "12 March 2026") in next(e for e in english.elements if isinstance(e, DecisionEl)).fields


def test_the_draft_note_is_in_the_councils_words() -> None:
    result = check_file(SMALL, CheckOptions(families=("syntax", "integrity")))
    assert result.model is not None
    from planctl.formats.word.writer import render_docx

    data = render_docx(layout(result.model, draft=True))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        text = "".join(t.text or "" for t in etree.fromstring(z.read("word/document.xml")).iter(w("t")))
    assert "Utkast – ikke vedtatt" in text and "må rettes" not in text
