"""planctl build docx: content, structure, determinism, atomic writes, refusal, templates, accessibility."""

from __future__ import annotations

import io
import itertools
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.check.pipeline import CheckOptions, check_file
from planctl.cli.main import cli
from planctl.document.elements import HeadingEl, TableEl
from planctl.document.inline import plain
from planctl.document.layout import layout
from planctl.formats.word.writer import render_docx
from tests.conftest import as_template

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "build"
SMALL = FIXTURES / "small.yaml"
GOLDEN = ROOT / "tests" / "golden" / "build-small.txt"
PLANS = sorted((ROOT / "plans").glob("*/plan.yaml"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def docx_text(path: Path) -> str:
    from docx2python import docx2python

    with docx2python(path) as doc:
        text = doc.text
    text = re.sub(r"</?a[^>]*>", "", text)  # docx2python writes hyperlinks as <a href=...>
    text = re.sub(r"----[^-]*----", "", text)  # and footnote/image placeholders
    return re.sub(r"\s+", " ", text)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def model_of(path: Path):
    result = check_file(path, CheckOptions(families=("syntax", "integrity")))
    assert result.model is not None
    return result.model


def test_small_plan_builds_and_contains_every_heading_measure_and_cell(tmp_path: Path) -> None:
    code, out, err = run("build", "docx", str(SMALL), "-o", str(tmp_path))
    assert code == 0, err
    target = tmp_path / "testby-2024-01.docx"
    assert target.is_file()
    assert str(target) in out
    text = docx_text(target)
    lay = layout(model_of(SMALL))
    for heading in lay.headings():
        assert norm(heading.full) in text
    for name in ("Hjemmebesøk til nyfødte", "Foreldrekurs", "Familieteam"):
        assert name in text
    for element in lay.elements:
        if isinstance(element, TableEl):
            for cell in element.header:
                assert norm(cell) in text
            for row in element.rows:
                for cell in row:
                    assert norm(plain(cell)) in text
    # numbering computed (decimal), plan's own labels, status labels, responsible_label, references text
    for expected in (
        "1 Innledning",
        "1.1 Bakgrunn",
        "2 Tiltak",
        "TILTAK",
        "FOR ALLE",
        "Planlagt 2025",
        "Helsestasjonen / skolene",
        "Testby kommune (2023). Egen rapport.",
        "5,5",
        "Fosterhjem",
        "Kilde: Bufdir kommunemonitor",
        "Forslag til vedtak",
        "Vedtak",
        "Saksnummer",
        "Kurset holdes to ganger i året.",
        "Side",
    ):
        assert expected.lower() in text.lower(), expected


def test_layout_of_small_plan() -> None:
    lay = layout(model_of(SMALL))
    levels = [h.level for h in lay.headings()]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    tables = [e for e in lay.elements if isinstance(e, TableEl)]
    transposed = next(tb for tb in tables if tb.caption is None and "Testby" in tb.header)
    assert transposed.header == ("Kommune", "Testby", "Nabo")  # layout: columns
    measures = [tb for tb in tables if tb.header[0] == "TILTAK"]
    assert len(measures) == 3  # one table per prevention level
    assert lay.meta.file_stem == "testby-2024-01"
    assert lay.meta.created.year == 2024 and lay.meta.created.month == 1 and lay.meta.created.day == 15


@pytest.mark.parametrize("plan", PLANS, ids=[p.parent.name for p in PLANS])
def test_bundled_plans_build(plan: Path, tmp_path: Path) -> None:
    code, _, err = run("build", "docx", str(plan), "-o", str(tmp_path), "--force")
    assert code == 0, err
    built = [p for p in tmp_path.glob("*.docx") if not p.name.endswith("-compliance.docx")]
    assert len(built) == 1
    text = docx_text(built[0])
    model = model_of(plan)
    for heading in layout(model).headings():
        assert norm(heading.full) in text
    for measure in model.measures:
        assert (
            norm(plain(__import__("planctl.document.inline", fromlist=["parse"]).parse(measure.name))) in text
        )


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert run("build", "docx", str(SMALL), "-o", str(a))[0] == 0
    assert run("build", "docx", str(SMALL), "-o", str(b))[0] == 0
    assert (a / "testby-2024-01.docx").read_bytes() == (b / "testby-2024-01.docx").read_bytes()
    with zipfile.ZipFile(a / "testby-2024-01.docx") as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "2024-01-15T00:00:00Z" in core
    assert "<dc:creator>Testby kommune</dc:creator>" in core
    assert "<dc:language>nb-NO</dc:language>" in core


def test_failed_write_leaves_existing_output_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "testby-2024-01.docx"
    target.write_bytes(b"old")

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("planctl.formats.output.os.fsync", boom)
    result = CliRunner().invoke(cli, ["build", "docx", str(SMALL), "-o", str(tmp_path)])
    assert result.exit_code != 0
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_failed_save_leaves_existing_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "testby-2024-01.docx"
    target.write_bytes(b"old")

    def boom(self: object) -> bytes:
        raise RuntimeError("save failed")

    # a part that cannot be written into the package's zip
    monkeypatch.setattr("planctl.formats.word.opc.Part.data", boom)
    result = CliRunner().invoke(cli, ["build", "docx", str(SMALL), "-o", str(tmp_path)])
    assert result.exit_code != 0
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def _broken_plan(tmp_path: Path) -> Path:
    text = SMALL.read_text(encoding="utf-8").replace(
        "responsible: [barnevern]\n    status: {state: active}",
        "responsible: [finnes-ikke]\n    status: {state: active}",
    )
    assert "finnes-ikke" in text
    path = tmp_path / "plans" / "broken" / "plan.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_with_errors_is_refused_then_forced_as_draft(tmp_path: Path) -> None:
    plan = _broken_plan(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = run("build", "docx", str(plan), "-o", str(out_dir))
    assert code == 1
    assert "UNKNOWN-REFERENCE" in err
    assert "--force" in err
    assert not any(out_dir.iterdir())
    code, _, err = run("build", "docx", str(plan), "-o", str(out_dir), "--force")
    assert code == 0, err
    target = out_dir / "testby-2024-01.docx"
    text = docx_text(target)
    assert "UTKAST" in text
    with zipfile.ZipFile(target) as zf:
        headers = "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("word/header"))
    assert "UTKAST" in headers


def test_control_characters_give_a_finding_not_a_crash(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8").replace("name: Familieteam", 'name: "Familie\\x01team\\x0b"')
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    code, _, err = run("build", "markdown", str(plan), "-o", str(tmp_path))
    assert code == 0, err
    assert "BUILD-TEXT" in err
    assert "U+0001" in err
    md = (tmp_path / "testby-2024-01.md").read_text(encoding="utf-8")
    assert "Familieteam" in md
    assert "\x01" not in md
    data = render_docx(layout(model_of(plan)))
    out = tmp_path / "x.docx"
    out.write_bytes(data)
    assert "Familieteam" in docx_text(out)


def _make_dotx(tmp_path: Path) -> Path:
    """A 'municipality template': the default template, Normal in Georgia, saved as .dotx."""
    import docx

    from planctl.formats.word.package import DEFAULT_TEMPLATE

    doc = docx.Document(str(DEFAULT_TEMPLATE))
    doc.styles["Normal"].font.name = "Georgia"
    buffer = io.BytesIO()
    doc.save(buffer)
    path = tmp_path / "kommune.dotx"
    path.write_bytes(as_template(buffer.getvalue()))
    return path


def test_template_dotx_styles_are_used(tmp_path: Path) -> None:
    import docx

    template = _make_dotx(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = run("build", "docx", str(SMALL), "-o", str(out_dir), "--template", str(template))
    assert code == 0, err
    doc = docx.Document(str(out_dir / "testby-2024-01.docx"))
    assert doc.styles["Normal"].font.name == "Georgia"
    names = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Title", "Quote"} <= names


def test_bad_template_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "mal.docx"
    bad.write_bytes(b"not a zip")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "planctl",
            "build",
            "docx",
            str(SMALL),
            "-o",
            str(tmp_path),
            "--template",
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "template" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_accessibility_markup(tmp_path: Path) -> None:
    import docx

    data = render_docx(layout(model_of(SMALL)))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        document = zf.read("word/document.xml").decode()
        settings = zf.read("word/settings.xml").decode()
        styles = zf.read("word/styles.xml").decode()
    assert "updateFields" not in settings and "w:dirty" not in document  # Word asks the reader nothing
    assert 'w:lang w:val="nb-NO"' in styles
    assert "TOC \\o" in document
    assert "NUMPAGES" not in document  # page fields live in the footer
    tables = document.count("<w:tbl>")
    assert document.count("<w:tblDescription") == tables  # every table (and figure) has alt text
    assert document.count("<w:tblHeader") >= 3
    assert "Tiltakspyramiden med tre nivåer" in document
    doc = docx.Document(io.BytesIO(data))
    levels = [int(p.style.name.split()[-1]) for p in doc.paragraphs if p.style.name.startswith("Heading ")]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert doc.core_properties.title == "Plan for forebygging av omsorgssvikt og atferdsproblemer"
    footer = doc.sections[0].footer._element.xml
    assert "NUMPAGES" in footer and "PAGE" in footer


def test_hyperlinks_are_real(tmp_path: Path) -> None:
    data = render_docx(layout(model_of(SMALL)))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        document = zf.read("word/document.xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert "<w:hyperlink" in document
    assert 'Target="https://www.helsedirektoratet.no/" TargetMode="External"' in rels


def golden_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    lines = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            p = Paragraph(child, doc)
            if p.text.strip():
                lines.append(f"[{p.style.name}] {p.text}")
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(child, doc).rows:
                lines.append("  | " + " | ".join(norm(c.text) for c in row.cells))
    return "\n".join(lines) + "\n"


def test_golden_structure() -> None:
    text = golden_text(render_docx(layout(model_of(SMALL))))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_subprocess_build(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "build", "docx", str(SMALL), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "testby-2024-01.docx").is_file()


def test_headings_have_heading_elements() -> None:
    lay = layout(model_of(SMALL))
    assert any(isinstance(e, HeadingEl) and e.number == "1.1" for e in lay.elements)
