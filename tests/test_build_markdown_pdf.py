"""planctl build markdown and build pdf (LibreOffice)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "build" / "small.yaml"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def test_markdown_has_numbered_headings_tables_lists_quotes(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "markdown", str(SMALL), "-o", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "testby-2024-01.md").read_text(encoding="utf-8")
    assert "# 1 Innledning" in md
    assert "## 1.1 Bakgrunn" in md
    assert "| TILTAK | Beskrivelse | Ansvar | Status |" in md
    assert "[veilederen](<https://www.helsedirektoratet.no/>)" in md
    assert "> Kommunen skal fremme gode oppvekstsvilkår." in md
    assert "- Første punkt" in md
    assert "| Testby | 5,5 | 4,0 |" in md
    assert "**alle**" in md


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planctl.soffice.shutil.which", lambda name: None)
    from planctl.errors import PlanctlError

    with pytest.raises(PlanctlError, match="LibreOffice"):
        CliRunner().invoke(cli, ["build", "pdf", str(SMALL), "-o", str(tmp_path)], catch_exceptions=False)
    assert not any(tmp_path.iterdir())


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed",
)
def test_pdf_contains_the_headings(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "pdf", str(SMALL), "-o", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "testby-2024-01.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    for heading in (
        "1 Innledning",
        "1.1 Bakgrunn",
        "2 Tiltak",
        "3 Samarbeid",
        "Litteratur",
        "Vedtak",
        "Hjemmebesøk til",
        "Tiltakspyramiden",
    ):
        assert heading in text, heading
    assert "Side 2 av" in text
    assert b"/StructTreeRoot" in pdf.read_bytes()  # tagged PDF
