"""The session's LibreOffice (tests/libreoffice.py): it reads the council document, exports PDF, and a
LibreOffice that dies is replaced for the next test instead of failing every later one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli.main import cli
from tests.libreoffice import PDF, LibreOffice

SMALL = Path(__file__).resolve().parent / "fixtures" / "build" / "small.yaml"


def _council(tmp_path: Path) -> Path:
    result = CliRunner().invoke(
        cli, ["build", "docx", str(SMALL), "-o", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "testby-2024-01.docx"


def test_libreoffice_reads_the_council_document(tmp_path: Path, libreoffice: LibreOffice) -> None:
    seen, text = libreoffice.text(_council(tmp_path))
    assert (seen.before, seen.after) == (0, 0)  # a built document has no tracked changes
    for heading in ("Innledning", "Bakgrunn", "Tiltak", "Vedtak"):
        assert heading in text, heading


def test_pdf_export_through_the_session(tmp_path: Path, libreoffice: LibreOffice) -> None:
    pdf = tmp_path / "plan.pdf"
    libreoffice.convert(_council(tmp_path), pdf, PDF)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return  # the export itself is checked; reading it back needs poppler-utils
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Innledning" in text


@pytest.mark.slow  # starts a second LibreOffice
def test_a_dead_libreoffice_is_started_again(tmp_path: Path, libreoffice: LibreOffice) -> None:
    docx = _council(tmp_path)
    libreoffice.text(docx)
    office = libreoffice._office
    assert office is not None
    os.killpg(office.soffice.pid, signal.SIGKILL)  # the process group this session started
    office.soffice.wait(timeout=30)
    _, text = libreoffice.text(docx)
    assert libreoffice._office is not office and "Innledning" in text


def test_a_document_libreoffice_cannot_open_fails_its_test(tmp_path: Path, libreoffice: LibreOffice) -> None:
    missing = tmp_path / "no-such.docx"
    libreoffice._running()  # started (again, if an earlier test stopped it) before the count is taken
    starts = libreoffice._starts
    with pytest.raises(AssertionError, match=r"could not convert no-such\.docx: no such file"):
        libreoffice.text(missing)
    assert libreoffice._starts == starts  # the test's own fault: not retried in a fresh LibreOffice


@pytest.mark.slow  # starts two more LibreOffices
def test_a_document_libreoffice_never_opens_fails_after_every_attempt(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(b"PK\x03\x04 not a package" * 64)
    with pytest.raises(AssertionError, match=r"(?s)attempt 1: .*no reason given.*attempt 3: "):
        libreoffice.text(damaged)
