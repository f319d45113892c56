"""The tracked-change Word document: accepting every change gives the new text, rejecting every change the
old one; LibreOffice reads the insertions and deletions."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from planctl.diff.engine import diff_plans
from planctl.diff.entities import flatten
from planctl.diff.render_docx import render_docx
from planctl.diff.sides import load_side
from planctl.messages import t

FIX = Path(__file__).parent / "fixtures" / "diff"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx() -> tuple[bytes, object, object]:
    old, new = load_side(str(FIX / "v1.yaml")), load_side(str(FIX / "v2.yaml"))
    result = diff_plans(old.model, new.model, old_label="v1", new_label="v2")
    return render_docx(result, "nb"), old.model, new.model


def _body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _resolve(body: etree._Element, accept: bool) -> list[str]:
    """Paragraph texts after accepting (or rejecting) every tracked change."""
    drop = "del" if accept else "ins"
    out = []
    for p in body.iter(f"{W}p"):
        mark = p.find(f"{W}pPr/{W}rPr/{W}{drop}")
        if mark is not None:
            continue  # the whole paragraph goes
        text = []
        for el in p.iter():
            if el.tag in (f"{W}t", f"{W}delText", f"{W}br"):
                inside = {a.tag for a in el.iterancestors()}
                if f"{W}{drop}" in inside:
                    continue
                text.append("\n" if el.tag == f"{W}br" else (el.text or ""))
        out.append("".join(text))
    return out


def _section_text(model: object) -> list[str]:
    out = []
    for e in flatten(model)["section"]:  # type: ignore[arg-type]
        out.append(e.name)
        out.extend(b.text for b in e.blocks)
    return out


def _document_part(paragraphs: list[str]) -> list[str]:
    start = paragraphs.index(t("nb", "diff.docx.document")) + 1
    end = paragraphs.index(t("nb", "diff.docx.registries"))
    return paragraphs[start:end]


def test_accept_all_gives_new_text_reject_all_gives_old() -> None:
    data, old, new = _docx()
    body = _body(data)
    assert _document_part(_resolve(body, accept=True)) == _section_text(new)
    assert _document_part(_resolve(body, accept=False)) == _section_text(old)


def test_tracked_changes_have_author_and_date() -> None:
    data, _, _ = _docx()
    body = _body(data)
    marks = [*body.iter(f"{W}ins"), *body.iter(f"{W}del")]
    assert marks
    for m in marks:
        assert m.get(f"{W}author") == "planctl diff" and m.get(f"{W}date") and m.get(f"{W}id")
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    deleted = "".join(x.text or "" for x in body.iter(f"{W}delText"))
    inserted = "".join(x.text or "" for d in body.iter(f"{W}ins") for x in d.iter(f"{W}t"))
    assert "Sommerskole" in deleted and "Leksehjelp" in inserted
    assert "å forebygge" in deleted and "forebygger" in inserted
    # the summary page at the front names every change
    summary = _resolve(body, accept=True)
    assert any("Tiltak «Familiebasen»: status I gang → Avsluttet; ansvar + NAV" in p for p in summary[:15])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_insertions_and_deletions(tmp_path: Path) -> None:
    data, _, _ = _docx()
    src = tmp_path / "diff.docx"
    src.write_bytes(data)
    # LibreOffice's own reading: round-trip to ODT and check that it kept the tracked changes
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(tmp_path / "diff.odt") as z:
        content = z.read("content.xml").decode("utf-8")
    assert "<text:tracked-changes" in content
    assert content.count("<text:insertion>") >= 3 and content.count("<text:deletion>") >= 3
    assert "Sommerskole" in content and "Leksehjelp" in content and "forebygger" in content
