"""The Word documents of the three real plans, byte for byte: the council document, the compliance report
and one tracked-change redline. A refactoring must not change a byte; a change of the documents on purpose
updates tests/golden/bytes.json in the same commit:

    PLANCTL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_bytes.py

and says in its message why the documents changed.

The council documents are built as on a machine without LibreOffice's Python bridge (tests/conftest.py):
their contents list the headings without page numbers, so the bytes do not depend on the LibreOffice
installed. tests/test_layout_check.py checks the documents LibreOffice numbers.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli.main import cli
from tests.conftest import BUNDLED_PLANS, ROOT

GOLDEN = Path(__file__).parent / "golden" / "bytes.json"
EPOCH = "1796083200"  # 2026-12-01: the build date of every golden document (SOURCE_DATE_EPOCH)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("golden")
    runner = CliRunner()
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    # Paths relative to the repository (the redline names its two sides): the same bytes in every checkout.
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        # without LibreOffice's Python bridge, as the docstring says: this module-scoped fixture is set up
        # before conftest's function-scoped one that does the same for every other test
        mp.setattr("planctl.soffice.find_uno_python", lambda soffice=None: None)
        for plan in BUNDLED_PLANS:
            args = ["build", "docx", str(plan.relative_to(ROOT)), "-o", str(out), "--force"]
            result = runner.invoke(cli, args, env=env)
            assert result.exit_code == 0, result.output
        redline = out / "redline-vestre-toten-nordre-land.docx"
        args = [
            "diff",
            "plans/vestre-toten/plan.yaml",
            "plans/nordre-land/plan.yaml",
            "--format",
            "docx",
            "-o",
            str(redline),
        ]
        result = runner.invoke(cli, args, env=env)
        assert result.exit_code == 0, result.output
    return {p.name: _digest(p) for p in sorted(out.glob("*.docx"))}


def test_the_documents_of_the_real_plans_are_unchanged(built: dict[str, str]) -> None:
    if os.environ.get("PLANCTL_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(built, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(expected) == 7  # 3 council documents, 3 compliance reports, 1 redline
    changed = sorted(name for name in expected if built.get(name) != expected[name])
    assert not changed, f"these documents changed: {changed} (see this test's docstring)"
    assert sorted(built) == sorted(expected)
