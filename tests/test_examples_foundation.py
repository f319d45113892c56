"""Every foundation rule has failing and passing examples; each failing example names, in
`# expect: RULE line:col` comments, exactly the findings it must produce (end to end through the CLI)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_planctl

FOUNDATION = EXAMPLES / "foundation"
RULES = ("YAML-SYNTAX", "SCHEMA", "DUPLICATE-KEY", "DUPLICATE-ID", "UNKNOWN-REFERENCE", "INCLUDE")
EXPECT = re.compile(r"^# expect: (?P<rule>[A-Z-]+) (?P<line>\d+):(?P<col>\d+)$", re.M)


def _plans(kind: str) -> list[Path]:
    return sorted(p for p in FOUNDATION.rglob("*.yaml")
                  if p.name != "regional.yaml" and (kind in p.name or kind in p.parent.name))


def _findings(path: Path) -> tuple[int, list[dict[str, object]]]:
    proc = run_planctl("validate", "--format", "json", str(path))
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["format"] == "planctl-findings/1"
    return proc.returncode, [f for f in doc["findings"] if f["rule"] in RULES]


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_has_examples(rule: str) -> None:
    folder = FOUNDATION / rule
    assert any("fail" in p.name or "fail" in p.parent.name for p in folder.rglob("*.yaml")), rule
    assert any("pass" in p.name for p in folder.rglob("*.yaml")), rule


@pytest.mark.parametrize("path", _plans("fail"), ids=lambda p: str(p.relative_to(FOUNDATION)))
def test_failing_example(path: Path) -> None:
    expected = sorted((m["rule"], int(m["line"]), int(m["col"])) for m in EXPECT.finditer(path.read_text("utf-8")))
    assert expected, "a failing example must say what it expects"
    code, findings = _findings(path)
    got = sorted((str(f["rule"]), int(f["line"]), int(f["column"])) for f in findings)  # type: ignore[call-overload]
    assert got == expected
    assert code == 1
    for f in findings:
        assert f["file"].endswith(path.name)  # type: ignore[union-attr]
        assert f["severity"] == "error"
        assert str(f["path"]).startswith("/") or f["rule"] == "YAML-SYNTAX"


@pytest.mark.parametrize("path", _plans("pass"), ids=lambda p: str(p.relative_to(FOUNDATION)))
def test_passing_example(path: Path) -> None:
    _, findings = _findings(path)
    assert findings == []
