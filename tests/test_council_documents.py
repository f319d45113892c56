"""The compliance report and the redline are council documents too (issue 13, item 6): A4, the plan's
template and styles, page numbers, header rows repeated, fitted columns, and nothing the council reads
that is meant for whoever edits the YAML (rule IDs, YAML keys, file paths). The redline is marked UTKAST
when the new plan has errors and names the two versions by version and date. Read back with lxml and
docx2python."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx2python import docx2python
from lxml import etree

from planctl.cli.main import cli
from planctl.formats.compliance.docx import council_words
from tests.conftest import BUNDLED_PLANS, ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPOCH = "1796083200"  # 2026-12-01
# What a council member must not have to read: the format's and the developer's words.
FOR_EDITORS = re.compile(
    r"\.yaml|plans/|`|\bcovers\b|adoption\.|\bLAW-|\bGUIDE-|\bBUILD-|\(warning\)|\berror:|\bwarning\b|\bunits\b|next_review"
)


def _text(data: bytes) -> str:
    with docx2python(io.BytesIO(data)) as doc:
        return str(doc.text)


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def _frame_is_the_councils(data: bytes) -> None:
    """A4, page numbers in the footer, the header rows repeated, the data tables across the page."""
    document = _part(data, "word/document.xml")
    size = document.find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in f and "NUMPAGES" in f for f in footers)
    tables = [t for t in document.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle") is not None]
    assert tables
    for tbl in tables:
        assert tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
        assert sum(int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")) == 9072


@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_the_compliance_report_is_a_council_document(plan: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "docx", str(plan), "-o", str(tmp_path), "--force"], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert result.exit_code == 0, result.output
    data = next(tmp_path.glob("*-compliance.docx")).read_bytes()
    _frame_is_the_councils(data)
    text = _text(data)
    assert not FOR_EDITORS.findall(text), FOR_EDITORS.findall(text)[:10]
    assert "Vurdert 1. desember 2026" in text
    for status in ("oppfylt", "ikke dokumentert", "mangler", "delvis"):
        if status in text:
            break
    else:
        raise AssertionError("no status in the council's words")
    styles = {s.get(f"{W}val") for s in _part(data, "word/document.xml").iter(f"{W}pStyle")}
    assert {"Title", "Heading1", "Heading2", "Quote"} <= styles  # the plan's template's styles


def test_council_words_leave_the_editors_words_out() -> None:
    assert council_words("planen har ingen dato for neste revisjon (plan.revision.next_review)") == (
        "planen har ingen dato for neste revisjon"
    )
    assert council_words("kapittel «Mål» (covers: goals)") == "kapittel «Mål»"
    assert (
        council_words(
            "ikke dokumentert: kilden sier ikke om kommunestyret har vedtatt planen (adoption.status: unknown); "
            "før inn vedtaket (status adopted, dato og saksnummer), eller status draft om planen ikke er vedtatt"
        )
        == "ikke dokumentert: kilden sier ikke om kommunestyret har vedtatt planen"
    )
    kept = "«Familieteam» har medlemmer, men intet mandat; planen sier ikke hva det skal gjøre"
    assert council_words(kept) == kept


def test_the_redline_names_the_versions_and_is_a_draft_when_the_new_plan_has_errors(tmp_path: Path) -> None:
    out = tmp_path / "endringer.docx"
    plans = {p.parent.name: p for p in BUNDLED_PLANS}
    result = CliRunner().invoke(
        cli,
        ["diff", str(plans["vestre-toten"]), str(plans["nordre-land"]), "--format", "docx", "-o", str(out)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    _frame_is_the_councils(data)
    body = _part(data, "word/document.xml")
    summary = []
    for p in body.find(f"{W}body"):
        summary.append("".join(t.text or "" for t in p.iter(f"{W}t")))
        if p.find(f".//{W}br[@{W}type='page']") is not None:
            break
    page = "\n".join(summary)
    assert "UTKAST" in page and "Utkast – ikke vedtatt" in page  # Nordre Land has errors
    assert "Fra Vestre Toten kommune" in page and "til Nordre Land kommune, desember 2022" in page
    assert ".yaml" not in page and "plans/" not in page


def test_a_redline_to_a_plan_without_errors_is_no_draft(tmp_path: Path) -> None:
    clean = ROOT / "tests" / "examples" / "clean" / "plan.yaml"
    changed = tmp_path / "ny" / "plan.yaml"
    changed.parent.mkdir()
    changed.write_text(
        clean.read_text(encoding="utf-8").replace("Veiledningsgrupper", "Kurs"), encoding="utf-8"
    )
    (tmp_path / "ny" / "planctl.toml").write_text("", encoding="utf-8")
    out = tmp_path / "endringer.docx"
    result = CliRunner().invoke(
        cli,
        ["diff", str(clean), str(changed), "--format", "docx", "-o", str(out)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 0, result.output
    text = _text(out.read_bytes())
    assert "UTKAST" not in text
    assert "versjon 2026-01" in text  # the clean example's version
