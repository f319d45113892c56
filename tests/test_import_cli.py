"""`planctl import` through the command line: the report (text and planctl-import/1 JSON), exit codes,
never over an existing plan, the markdown path, and hostile inputs as real processes with time and memory
limits: a one-line error (exit 2) and nothing written, or an import with findings; never a traceback."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from planctl.cli.main import cli
from tests.import_helpers import load_model, municipal_module, paragraphs
from tests.libreoffice import ODT, LibreOffice

MEMORY_LIMIT = int(1.5 * 1024**3)
TIMEOUT = 120.0
SEED_MD = Path(__file__).resolve().parent / "seeds" / "001_9efe179c1f36b8b5.txt"

MARKDOWN = """\
# Plan for forebygging av omsorgssvikt og atferdsproblemer

Eksempelby kommune

## 1. Innledning

Planen er *vedtatt i kommunestyret 3. mars 2025, sak 25/7*. Den bygger på [loven](https://lovdata.no)[^1].

> Kommunen skal fremme gode oppvekstsvilkår.

## 2. Tiltak

| Tiltak | Beskrivelse | Ansvar | Status |
|---|---|---|---|
| UNIVERSELLE TILTAK | | | |
| Helsestasjon | Konsultasjoner for alle. | Helsestasjon og skolehelsetjeneste | I gang |
| Leksehjelp | Hjelp med lekser. | Skole / Frivilligsentralen | Planlagt 2026 |
| INDIKERTE TILTAK | | | |
| Familieteam | Tett oppfølging. | Barneverntjenesten | Under arbeid |

## 3. Statistikk

| Kommune | 2022 | 2023 |
|---|---|---|
| Eksempelby | 4,2 | 3,9 |
| Landet | 3,8 | 3,7 |

[^1]: Lov om barnevern § 15-1.
"""


def _docx(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(body: str, prolog: str = "") -> bytes:
    return _docx(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": f"{prolog}<w:document {W}><w:body>{body}</w:body></w:document>",
        }
    )


def _built(plan: Path, out: Path) -> Path:
    """The council document `build docx --force` makes of plan in out (an imported plan is often a draft)."""
    built = CliRunner().invoke(
        cli, ["build", "docx", str(plan), "-o", str(out), "--force"], catch_exceptions=False
    )
    assert built.exit_code == 0, built.output
    [document] = [p for p in out.glob("*.docx") if "compliance" not in p.name]
    return document


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("PLANCTL_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "planctl", *args],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=cwd,
        timeout=TIMEOUT,
        env=env,
        preexec_fn=_limit_memory,
    )


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("planctl: "), proc.stderr
    return lines[0]


# ---- the command ----------------------------------------------------------------------------------------


def test_markdown_import_and_json_report(tmp_path: Path) -> None:
    source = tmp_path / "plan.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["import", str(source), "-o", str(tmp_path / "ex"), "--format", "json", "--lang", "en"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["format"] == "planctl-import/1" and report["written"] is True
    assert report["output"].endswith("plan.yaml")
    assert report["counts"]["measure"] == 3
    statuses = [e for e in report["entries"] if e["kind"] == "status"]
    assert (
        statuses[1]["guess"]["key"] == "import.guess.status" and "planned" in statuses[1]["guess"]["message"]
    )
    assert statuses[0]["where"] == {"table": statuses[0]["where"]["table"], "row": 3}
    model, structural = load_model(tmp_path / "ex" / "plan.yaml")
    assert structural == []
    assert model.info.municipality.name == "Eksempelby kommune"
    assert (model.info.adoption.status, model.info.adoption.date, model.info.adoption.case_ref) == (
        "adopted",
        "2025-03-03",
        "25/7",
    )
    assert {m.name: m.levels for m in model.measures} == {
        "Helsestasjon": ("universal",),
        "Leksehjelp": ("universal",),
        "Familieteam": ("indicated",),
    }
    leksehjelp = next(m for m in model.measures if m.name == "Leksehjelp")
    assert leksehjelp.due == "2026" and [model.unit(u).name for u in leksehjelp.responsible] == [
        "Skole",
        "Frivilligsentralen",
    ]  # type: ignore[union-attr]
    assert model.statistics[0].series == (("Eksempelby", (4.2, 3.9)), ("Landet", (3.8, 3.7)))
    assert [f.text for f in model.footnotes] == ["Lov om barnevern § 15-1."]
    text = (tmp_path / "ex" / "plan.yaml").read_text(encoding="utf-8")
    assert "number: '1.'" in text and "quote:" in text and "[loven](https://lovdata.no)[^fotnote-1]" in text


def test_the_seed_markdown_imports_directly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["import", str(SEED_MD), "-o", str(tmp_path / "sl")], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    model, structural = load_model(tmp_path / "sl" / "plan.yaml")
    assert structural == []
    levels = {
        lv: sum(1 for m in model.measures if lv in m.levels) for lv in ("universal", "selective", "indicated")
    }
    assert levels == {"universal": 25, "selective": 10, "indicated": 7}
    units = {u.name for u in model.units}
    assert {"Helsesykepleier", "Barnehagene", "Skole", "PPT"} <= units or {"Helsesykepleier", "PPT"} <= units


def test_text_report_lists_guesses_and_never_overwrites(tmp_path: Path) -> None:
    source = municipal_module().write_municipal(tmp_path / "testvik.docx")
    out = tmp_path / "plan"
    first = CliRunner().invoke(cli, ["import", str(source), "-o", str(out)], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "Gjetninger å kontrollere" in first.output and "tabell" in first.output
    assert "Bilder (1)" in first.output and "bilde-1.png" in first.output
    before = (out / "plan.yaml").read_bytes()
    proc = run("import", str(source), "-o", str(out), cwd=tmp_path)
    assert "--force" in _one_line_error(proc)
    assert (out / "plan.yaml").read_bytes() == before
    again = run("import", str(source), "-o", str(out), "--force", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (out / "plan.yaml").read_bytes() == before  # same input, same bytes


def test_an_imported_picture_is_in_the_built_document(tmp_path: Path) -> None:
    """The report says the pictures are saved and shown (it said, long after it was untrue, that build did
    not show them); the council document built from the import holds the picture with its description."""
    source = municipal_module().write_municipal(tmp_path / "testvik.docx")
    out = tmp_path / "plan"
    imported = CliRunner().invoke(cli, ["import", str(source), "-o", str(out)], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    assert "planctl build viser dem i dokumentet" in imported.output
    document = _built(out / "plan.yaml", tmp_path / "doc")
    with zipfile.ZipFile(document) as package:
        media = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
        body = package.read("word/document.xml").decode()
    assert media == [(out / "bilde-1.png").read_bytes()]
    assert 'descr="Kart over tjenestene i Testvik"' in body


def _grouped_by_service(path: Path) -> Path:
    """A measures table whose group rows (merged across the row) name services, not prevention levels:
    one above the first measure, one between measures, one after the last."""
    import docx

    rows: list[tuple[str, ...]] = [
        ("Tiltak", "Beskrivelse", "Ansvarlig", "Status"),
        ("Barnehage",),
        ("Språkgrupper", "Språkstøtte for alle barn.", "Barnehagene", "I gang"),
        ("Foreldremøter", "Tema om trivsel og vennskap.", "Barnehagene", "Planlagt 2026"),
        ("Grunnskole",),
        ("Leksehjelp", "Hjelp med lekser etter skoletid.", "Skole / Frivilligsentralen", "Planlagt 2026"),
        ("Elevsamtaler", "Samtaler om trivsel hvert halvår.", "Skole", "I gang"),
        ("Tiltak som vurderes",),
    ]
    doc = docx.Document()
    doc.add_paragraph("Tiltak", style="Heading 1")
    doc.add_paragraph("Tiltakene er ordnet etter tjeneste.")
    table = doc.add_table(rows=len(rows), cols=4)
    for row, texts in zip(table.rows, rows, strict=True):
        if len(texts) == 1:
            row.cells[0].merge(row.cells[3]).text = texts[0]
            continue
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    doc.add_paragraph("Tiltakene evalueres hvert år.")
    doc.save(str(path))
    return path


def test_group_rows_without_a_level_stay_in_the_document_between_the_tables(tmp_path: Path) -> None:
    """A group row that names no prevention level is kept as a paragraph where it stood (it was dropped
    from the document, only listed): the table becomes one measures block per stretch of measures."""
    source = _grouped_by_service(tmp_path / "tjenester.docx")
    out = tmp_path / "plan"
    imported = CliRunner().invoke(
        cli, ["import", str(source), "-o", str(out), "--format", "json"], catch_exceptions=False
    )
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.output)
    groups = [e["text"] for e in report["entries"] if e["kind"] == "group"]
    assert groups == ["Barnehage", "Grunnskole", "Tiltak som vurderes"]
    assert not [e for e in report["entries"] if e["kind"] == "unmapped"]
    model, structural = load_model(out / "plan.yaml")
    assert structural == []
    assert [m.name for m in model.measures] == ["Språkgrupper", "Foreldremøter", "Leksehjelp", "Elevsamtaler"]
    document = _built(out / "plan.yaml", tmp_path / "doc")
    text = paragraphs(document)  # docx2python: an independent reader
    start = text.index("Tiltakene er ordnet etter tjeneste.")
    shown = [
        x
        for x in text[start:]
        if x
        in {
            *groups,
            "Språkgrupper",
            "Foreldremøter",
            "Leksehjelp",
            "Elevsamtaler",
            "Tiltakene evalueres hvert år.",
        }
    ]
    assert shown == [
        "Barnehage",
        "Språkgrupper",
        "Foreldremøter",
        "Grunnskole",
        "Leksehjelp",
        "Elevsamtaler",
        "Tiltak som vurderes",
        "Tiltakene evalueres hvert år.",
    ]


def test_a_bold_name_alone_in_a_markdown_table_is_a_group_row(tmp_path: Path) -> None:
    """A markdown table cannot merge a row's cells: a row with nothing but a bold name is a group row,
    kept as a paragraph above the measures; a name alone in plain text is still a measure."""
    source = tmp_path / "plan.md"
    source.write_text(
        "# Plan\n\n## Tiltak\n\n| Tiltak | Beskrivelse | Ansvar |\n|---|---|---|\n"
        "| **Barnehage** | | |\n| Språkgrupper | Språkstøtte. | Barnehagene |\n"
        "| **Skole** | | |\n| Leksehjelp | Hjelp med lekser. | Skole |\n| Elevråd | | |\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan"
    imported = CliRunner().invoke(cli, ["import", str(source), "-o", str(out)], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    model, structural = load_model(out / "plan.yaml")
    assert structural == []
    assert [m.name for m in model.measures] == ["Språkgrupper", "Leksehjelp", "Elevråd"]
    data = YAML(typ="safe").load((out / "plan.yaml").read_text(encoding="utf-8"))
    sections = list(data["document"]["body"])
    section = next(
        x for x in sections + [c for x in sections for c in x.get("children", [])] if x["title"] == "Tiltak"
    )
    shown = [b.get("p") or b.get("ids") for b in section["blocks"]]
    assert shown == ["**Barnehage**", ["sprakgrupper"], "**Skole**", ["leksehjelp", "elevrad"]]


GOALS_COLUMN = """\
# Plan for forebygging

## 1. Mål

Hovedmålet er at barn og unge får rett hjelp til rett tid.

## 2. Tiltak

| Tiltak | Beskrivelse | Ansvar | Mål |
|---|---|---|---|
| Språkgrupper | Språkstøtte for alle. | Barnehagene | Tidlig innsats |
| Leksehjelp | Hjelp med lekser. | Skole | Tidlig innsats; *Mestring* |
| Familieteam | Tett oppfølging. | Barneverntjenesten | Hovedmålet er at barn og unge får rett hjelp til rett tid |
"""


def test_a_goals_column_links_the_measures_to_goals(tmp_path: Path) -> None:
    """A measures table's goals column (it was listed as not mapped and shown empty in the built table):
    a goal the text states is linked by its words, any other becomes a goal of its own (a guess), and
    the built table shows the same words in the column; the goals chapter lists only its own goal."""
    source = tmp_path / "plan.md"
    source.write_text(GOALS_COLUMN, encoding="utf-8")
    out = tmp_path / "plan"
    imported = CliRunner().invoke(
        cli, ["import", str(source), "-o", str(out), "--format", "json"], catch_exceptions=False
    )
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.output)
    assert not [e for e in report["entries"] if e["kind"] == "unmapped"]
    made = [e["text"] for e in report["entries"] if e["kind"] == "goal" and e["guess"]]
    assert "Tidlig innsats" in made and "*Mestring*" in made
    model, structural = load_model(out / "plan.yaml")
    assert structural == []
    linked = {m.name: [g.text for g in model.goals if g.id in m.goals] for m in model.measures}
    assert linked == {
        "Språkgrupper": ["Tidlig innsats"],
        "Leksehjelp": ["Tidlig innsats", "*Mestring*"],
        "Familieteam": ["barn og unge får rett hjelp til rett tid."],  # the stated main goal, linked
    }
    assert "# importert: sjekk" in (out / "plan.yaml").read_text(encoding="utf-8")
    document = _built(out / "plan.yaml", tmp_path / "doc")
    text = paragraphs(document)
    row = text.index("Leksehjelp")
    assert text[row : row + 4] == ["Leksehjelp", "Hjelp med lekser.", "Skole", "Tidlig innsats Mestring"]
    assert sum("Mestring" in x for x in text) == 1  # in the table only, not in the goals chapter


def test_missing_libreoffice_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "plan.odt"
    source.write_bytes(b"not really")
    env_path = os.environ.get("PATH", "")
    try:
        os.environ["PATH"] = str(tmp_path)  # no soffice on this PATH
        proc = subprocess.run(
            [sys.executable, "-m", "planctl", "import", str(source), "-o", str(tmp_path / "o")],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    finally:
        os.environ["PATH"] = env_path
    line = _one_line_error(proc)
    assert "LibreOffice" in line
    assert not (tmp_path / "o").exists()


@pytest.mark.libreoffice
@pytest.mark.slow
def test_odt_through_libreoffice(tmp_path: Path, libreoffice: LibreOffice) -> None:
    docx_file = municipal_module().write_municipal(tmp_path / "testvik.docx")
    libreoffice.convert(docx_file, tmp_path / "odt" / "testvik.odt", ODT)
    proc = run("import", str(tmp_path / "odt" / "testvik.odt"), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    model, structural = load_model(tmp_path / "out" / "plan.yaml")
    assert structural == [] and len(model.measures) == 6


# ---- hostile inputs -------------------------------------------------------------------------------------


def _bomb() -> bytes:
    return _docx({"word/document.xml": b"<" + b" " * (64 * 1024 * 1024)})


def _many_entries() -> bytes:
    return _docx({"word/document.xml": f"<w:document {W}/>", **{f"x/{i}": "" for i in range(10_050)}})


HOSTILE: dict[str, tuple[bytes, str]] = {
    "not-a-zip": (b"Dette er bare tekst, ikke et Word-dokument.\n", "zip"),
    "empty": (b"", "zip"),
    "encrypted": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096, "passord"),
    "truncated": (_docx({"word/document.xml": "<w:document/>" * 50})[:60], "zip"),
    "zip-bomb": (_bomb(), "zip-bombe"),
    "many-entries": (_many_entries(), "for mange"),
    "no-document": (_docx({"word/other.xml": "<x/>"}), "document.xml"),
    "xxe": (
        _document(
            "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
            '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ),
        "DTD",
    ),
    "billion-laughs": (
        _document(
            "<w:p><w:r><w:t>&c;</w:t></w:r></w:p>",
            '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        ),
        "DTD",
    ),
    "malformed-xml": (_docx({"word/document.xml": "<w:document><w:body><w:p>"}), "XML"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_one_line_and_writes_nothing(name: str, tmp_path: Path) -> None:
    data, expected = HOSTILE[name]
    source = tmp_path / "plan.docx"
    source.write_bytes(data)
    out = tmp_path / "out"
    line = _one_line_error(run("import", str(source), "-o", str(out), cwd=tmp_path))
    assert expected.lower() in line.lower()
    assert not out.exists()


@pytest.mark.slow
def test_fifty_thousand_paragraphs(tmp_path: Path) -> None:
    parts = []
    for i in range(50_000):
        if i % 1000 == 0:
            parts.append(
                f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Kapittel {i // 1000}</w:t>'
                "</w:r></w:p>"
            )
        parts.append(
            f"<w:p><w:r><w:t>Avsnitt nummer {i} om forebyggende arbeid i kommunen.</w:t></w:r></w:p>"
        )
    source = tmp_path / "stor.docx"
    source.write_bytes(_document("".join(parts)))
    proc = run("import", str(source), "-o", str(tmp_path / "out"), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["counts"]["p"] == 50_000 and report["counts"]["section"] == 50


@pytest.mark.slow
def test_merged_and_nested_cells_are_findings(tmp_path: Path) -> None:
    nested = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    for _ in range(40):  # tables nested 40 deep
        nested = f"<w:tbl><w:tr><w:tc>{nested}<w:p/></w:tc></w:tr></w:tbl>"
    wide = (
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="999"/></w:tcPr><w:p><w:r><w:t>Bred</w:t></w:r></w:p>'
        "</w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>b</w:t>"
        "</w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    source = tmp_path / "celler.docx"
    source.write_bytes(
        _document(
            '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Tabeller</w:t></w:r>'
            f"</w:p>{nested}{wide}"
        )
    )
    proc = run("import", str(source), "-o", str(tmp_path / "out"), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    details = [e["detail"] for e in report["entries"] if e["kind"] == "table"]
    assert any("tabell i tabell" in (d or "") for d in details)
    assert any("flettede" in (d or "") for d in details)
    _model, structural = load_model(tmp_path / "out" / "plan.yaml")
    assert structural == []
