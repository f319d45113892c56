"""The compliance report of every example plan that says what its report must say, end to end through the CLI.

An example (under tests/examples/rules/ or tests/examples/foundation/) may carry, in YAML comments at its end,

    # report: RULE STATUS     the requirement RULE has that status in `planctl report --format json`
    # report-exit: N          `planctl report` exits with N

Statuses are those of planctl-compliance/1: met, partial, missing, pending, undocumented, unassessable.
Each example is reported on 1 July 2024 (`--today`), the day the examples' findings are judged on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.check.compliance import STATUSES
from planctl.check.rules import registry
from planctl.cli.main import cli
from tests.conftest import EXAMPLES

TODAY = "2024-07-01"
_STATUS = re.compile(r"^# report: (?P<rule>[A-Z][A-Z0-9-]*) (?P<status>[a-z]+)\s*$", re.M)
_EXIT = re.compile(r"^# report-exit: (?P<code>\d)\s*$", re.M)


def _cases() -> list[Path]:
    return sorted(p for p in EXAMPLES.rglob("*.yaml") if "# report" in p.read_text(encoding="utf-8"))


def _expected(path: Path) -> tuple[dict[str, str], int | None]:
    text = path.read_text(encoding="utf-8")
    statuses = {m["rule"]: m["status"] for m in _STATUS.finditer(text)}
    code = _EXIT.search(text)
    return statuses, int(code["code"]) if code else None


def test_the_markers_name_requirements_and_statuses() -> None:
    law = {r.id for r in registry().by_family("law")}
    cases = _cases()
    assert len(cases) >= 40
    for path in cases:
        statuses, code = _expected(path)
        assert statuses or code is not None, path
        assert set(statuses) <= law, path
        assert set(statuses.values()) <= set(STATUSES), path


@pytest.mark.parametrize("path", _cases(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_report_of_example(path: Path) -> None:
    statuses, code = _expected(path)
    result = CliRunner().invoke(cli, ["report", "--format", "json", "--today", TODAY, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.output)
    assert doc["format"] == "planctl-compliance/1"
    got = {r["id"]: r["status"] for r in doc["requirements"]}
    assert {rule: got[rule] for rule in statuses} == statuses
    if code is not None:
        assert result.exit_code == code
        assert doc["exit_code"] == code
