"""`build docx` writes into a folder it creates, and survives text XML cannot hold (with a finding)."""

from __future__ import annotations

from pathlib import Path

from docx2python import docx2python

from tests.conftest import EXAMPLES, run_planctl


def test_build_creates_output_folder_and_strips_control_characters(tmp_path: Path) -> None:
    src = (EXAMPLES / "clean" / "plan.yaml").read_text("utf-8")
    src = src.replace(
        "description: Veiledningsgrupper for foreldre med barn 0-6 år.",
        'description: "Veiledning\\x07 med bjelle"',
    )
    plan = tmp_path / "p" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(src, encoding="utf-8")
    out = tmp_path / "new" / "folder"
    proc = run_planctl("build", "docx", str(plan), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "BUILD-TEXT" in proc.stdout + proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["eksempel-2026-01-compliance.docx", "eksempel-2026-01.docx"]
    with docx2python(out / "eksempel-2026-01.docx") as doc:
        assert "Veiledning med bjelle" in doc.text
        assert "\x07" not in doc.text
