"""planctl's own package layer (formats.word.opc, formats.word.image) against python-docx, which did that
job before: the same templates read and written give the same bytes, the same pictures the same parts and
XML; and the build imports no python-docx module at all."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from planctl.errors import PlanctlError
from planctl.formats.word import opc
from planctl.formats.word.elements import w
from planctl.formats.word.image import Unreadable, read_picture
from planctl.formats.word.opc import deterministic_zip
from planctl.formats.word.package import DEFAULT_TEMPLATE, PYTHON_DOCX_TEMPLATE, Package
from tests.conftest import PLANS, as_template, png


def _python_docx_bytes(path: Path) -> bytes:
    document = docx.Document(str(path))
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue())


def _template_with_header(tmp_path: Path) -> Path:
    """The shipped template with a header (text and a picture), a footer and a first-page header."""
    document = docx.Document(str(DEFAULT_TEMPLATE))
    section = document.sections[0]
    section.header.paragraphs[0].text = "Kommunen"
    picture = tmp_path / "logo.png"
    picture.write_bytes(png(40, 20, 3780))
    section.header.paragraphs[0].add_run().add_picture(str(picture), width=Cm(2))
    section.footer.paragraphs[0].text = "Postadresse"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Forside"
    path = tmp_path / "header.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize("name", ["shipped", "python-docx", "header"])
def test_a_template_is_read_and_written_as_python_docx_did(tmp_path: Path, name: str) -> None:
    path = {"shipped": DEFAULT_TEMPLATE, "python-docx": PYTHON_DOCX_TEMPLATE}.get(name)
    path = path or _template_with_header(tmp_path)
    ours = opc.OpcPackage.read(path.read_bytes()).write(date=(1980, 1, 1, 0, 0, 0))
    assert ours == _python_docx_bytes(path)


def test_a_dotx_is_written_as_the_document_it_is_made_from(tmp_path: Path) -> None:
    dotx = tmp_path / "mal.dotx"
    dotx.write_bytes(as_template(DEFAULT_TEMPLATE.read_bytes()))
    assert Package.open(dotx, keep_body=True).save() == Package.open(DEFAULT_TEMPLATE, keep_body=True).save()
    # a .docx whose main part says it is a template is not a Word document
    wrong = tmp_path / "mal.docx"
    wrong.write_bytes(dotx.read_bytes())
    with pytest.raises(PlanctlError, match="kan ikke leses") as caught:
        Package.open(wrong)
    # the reader's language when shown (bokmål by default), with the reason
    assert caught.value.exit_code == 2
    assert caught.value.text("en") == "the template does not exist or cannot be read (ValueError)"
    assert (
        caught.value.one_line("en") == f"{wrong}: the template does not exist or cannot be read (ValueError)"
    )
    assert caught.value.text("nn").startswith("malen finst ikkje eller kan ikkje lesast")


# ---- pictures ---------------------------------------------------------------------------------------------


def _jfif(width: int, height: int, units: int, density: int) -> bytes:
    app0 = b"JFIF\x00\x01\x01" + struct.pack(">BHHBB", units, density, density, 0, 0)
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return (
        b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
        + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof
        + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\xff\xd9"
    )  # fmt: skip


def _tiff(width: int, height: int, order: str, dpi: int) -> bytes:
    magic = b"MM\x00*" if order == ">" else b"II*\x00"
    entries = [(0x0100, 3, 1, width << 16 if order == ">" else width), (0x0101, 4, 1, height)]
    entries += [(0x011A, 5, 1, 8 + 2 + 5 * 12 + 4), (0x011B, 5, 1, 8 + 2 + 5 * 12 + 12), (0x0128, 3, 1, 0)]
    out = magic + struct.pack(order + "L", 8) + struct.pack(order + "H", len(entries))
    for tag, kind, count, value in entries:
        out += struct.pack(order + "HHLL", tag, kind, count, value)
    return out + b"\x00" * 4 + struct.pack(order + "LLLL", dpi * 10, 10, dpi * 10, 10)


def _bmp(width: int, height: int, per_metre: int) -> bytes:
    header = b"BM" + b"\x00" * 16 + struct.pack("<LL", width, height) + b"\x00" * 12
    return header + struct.pack("<LL", per_metre, per_metre) + b"\x00" * 16


PICTURES = {
    "a.png": png(300, 120, 5906),
    "plain.png": png(30, 50, None),
    "b.jpg": _jfif(640, 480, 1, 200),
    "c.jpeg": _jfif(64, 48, 2, 118),
    "d.jpg": _jfif(64, 48, 0, 1),
    "e.gif": b"GIF89a" + struct.pack("<HH", 90, 40) + b"\x00" * 30,
    "f.tif": _tiff(200, 100, ">", 96),
    "g.TIFF": _tiff(200, 100, "<", 300),
    "h.bmp": _bmp(20, 10, 3780),
    "i.bmp": _bmp(20, 10, 0),
    "big.PNG": png(3000, 20, None),
    "a-copy.png": png(300, 120, 5906),
}


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_a_pictures_header_is_read_as_python_docx_reads_it(name: str) -> None:
    theirs = Image.from_blob(PICTURES[name])
    ours = read_picture(PICTURES[name])
    assert (ours.content_type, ours.px_width, ours.px_height, ours.horz_dpi, ours.vert_dpi) == (
        theirs.content_type,
        theirs.px_width,
        theirs.px_height,
        theirs.horz_dpi,
        theirs.vert_dpi,
    )


@pytest.mark.parametrize("data", [b"hello", b"\xff\xd8\xff\xdb" + b"\x00" * 40, b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_what_is_not_a_readable_picture_is_unreadable(data: bytes) -> None:
    with pytest.raises(Unreadable):
        read_picture(data)


def test_pictures_become_the_parts_and_xml_python_docx_made(tmp_path: Path) -> None:
    """Each picture placed in turn (duplicates once, a template's own picture reused under its name "image.
    png"): the same inline XML, media part names and relationship ids as python-docx's new_pic_inline."""
    template = _template_with_header(tmp_path)
    ours, theirs = Package.open(template), docx.Document(str(template))
    names = [*sorted(PICTURES), "a.png"]
    shutil.copy(tmp_path / "logo.png", tmp_path / "logo-again.png")
    names.append("logo-again.png")
    for name in names:
        path = tmp_path / name
        if name in PICTURES:
            path.write_bytes(PICTURES[name])
        limit = 5_000_000
        width = min(Image.from_file(str(path)).width, limit)
        expected = theirs.part.new_pic_inline(str(path), width=width)
        inline = ours.picture(path, limit)
        assert inline is not None
        assert etree.tostring(inline) == etree.tostring(expected), name
        for package in (ours.part.element, theirs.element):  # the next shape id counts this one
            package.find(w("body")).append(etree.fromstring(etree.tostring(inline)))
    assert [p.partname for p in ours.opc.images] == [str(p.partname) for p in theirs.part.package.image_parts]
    assert [(r.rid, r.target_ref) for r in ours.part.rels.values()] == [
        (r.rId, r.target_ref) for r in theirs.part.rels.values()
    ]


@settings(max_examples=25, deadline=None)  # two templates opened per example
@given(
    st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=3).map(lambda i: ("picture", i)),
            st.sampled_from(["https://a.no", "https://b.no", "https://c.no"]).map(lambda u: ("link", u)),
            st.just(("take out", "")),
        ),
        max_size=14,
    )
)
def test_pictures_and_links_in_any_order_get_python_docx_ids(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, object]]
) -> None:
    """Pictures (four, each placed again and again) and links in any order, and a relationship of the
    document taken out between them: the same image parts, relationship ids and shape ids as python-docx's
    new_pic_inline and relate_to, from the indexes that replace their searches of the whole document."""
    folder = tmp_path_factory.mktemp("pictures")
    ours, theirs = Package.open(DEFAULT_TEMPLATE), docx.Document(str(DEFAULT_TEMPLATE))
    for step, value in steps:
        if step == "picture":
            path = folder / f"p{value}.png"
            path.write_bytes(png(10 + int(str(value)), 10, 3780))
            expected = theirs.part.new_pic_inline(str(path), width=Image.from_file(str(path)).width)
            inline = ours.picture(path, 5_000_000)
            assert inline is not None and etree.tostring(inline) == etree.tostring(expected)
            for root in (ours.part.element, theirs.element):
                root.find(w("body")).append(etree.fromstring(etree.tostring(inline)))
        elif step == "link":
            assert ours.link(str(value)) == theirs.part.relate_to(str(value), RT.HYPERLINK, is_external=True)
        else:
            rid = next(reversed(ours.part.rels))
            for rels in (ours.part.rels, theirs.part.rels):
                del rels[rid]
    assert [p.partname for p in ours.opc.images] == [str(p.partname) for p in theirs.part.package.image_parts]
    assert [(r.rid, r.target_ref) for r in ours.part.rels.values()] == [
        (r.rId, r.target_ref) for r in theirs.part.rels.values()
    ]


def test_a_file_that_is_not_a_picture_adds_nothing(tmp_path: Path) -> None:
    package = Package.open(DEFAULT_TEMPLATE)
    before = (list(package.part.rels), list(package.opc.images))
    (tmp_path / "x.png").write_bytes(b"not a picture")
    assert package.picture(tmp_path / "x.png", 1000) is None
    assert package.picture(tmp_path / "missing.png", 1000) is None
    assert (list(package.part.rels), list(package.opc.images)) == before


# ---- the build imports no python-docx ---------------------------------------------------------------------


def test_build_docx_and_the_redline_import_no_python_docx(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from planctl.cli.main import cli\n"
        f"plans = {str(PLANS)!r}\n"
        "runner = CliRunner()\n"
        f"r = runner.invoke(cli, ['build', 'docx', plans + '/sondre-land/plan.yaml', '-o', {str(tmp_path)!r},"
        " '--force'])\n"
        "assert r.exit_code == 0, r.output\n"
        f"r = runner.invoke(cli, ['diff', plans + '/vestre-toten/plan.yaml', plans + '/nordre-land/plan.yaml',"
        f" '--format', 'docx', '-o', {str(tmp_path / 'redline.docx')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m == 'docx' or m.startswith('docx.')))\n"
    )
    # without LibreOffice on PATH (as the benchmark runs it): no page numbers, no soffice started
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/local/bin", "SOURCE_DATE_EPOCH": "1796083200"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "redline.docx").stat().st_size > 0
