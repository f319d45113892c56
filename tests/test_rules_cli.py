"""`planctl rules`, `planctl explain RULE` and docs/rules.md, all generated from the rule metadata."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.check.registry import FAMILIES
from planctl.check.rules import registry
from planctl.cli.main import cli
from planctl.messages import has

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "tests" / "examples" / "rules"


def test_rules_lists_every_rule_with_reference() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    for rule in registry().rules():
        assert rule.id in result.output
    assert "barnevernsloven § 15-1 andre ledd" in result.output


def test_rules_json_and_markdown() -> None:
    doc = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json", "--lang", "en"]).output)
    assert doc["format"] == "planctl-rules/1"
    ids = [r["id"] for r in doc["rules"]]
    assert ids == sorted(ids, key=lambda i: FAMILIES.index(registry()[i].family))
    assert {r["family"] for r in doc["rules"]} == set(FAMILIES)
    law = next(r for r in doc["rules"] if r["id"] == "LAW-ADOPTION")
    assert law["words"].startswith("«Kommunestyret selv skal vedta")
    md = CliRunner().invoke(cli, ["rules", "--format", "markdown"]).output
    assert "## LAW-DIVISION" in md


def test_explain_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "explain", "law-adoption"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("LAW-ADOPTION: Planen er vedtatt av kommunestyret selv")
    assert "Kommunestyret selv skal vedta" in proc.stdout


def test_explain_unknown_rule_suggests() -> None:
    result = CliRunner().invoke(cli, ["explain", "GUIDE-LEVEL"])
    assert result.exit_code == 2
    assert "GUIDE-LEVELS" in result.output


@pytest.mark.parametrize("rule", registry().ids())
def test_every_rule_documented_in_catalogue(rule: str) -> None:
    for lang in ("nb", "en"):
        assert has(f"rule.{rule}.title", lang), (rule, lang)
        assert has(f"rule.{rule}.explain", lang), (rule, lang)
    assert f"## {rule}\n" in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


# Syntax and integrity rules are shown by tests/examples/foundation (run through the CLI), the others by
# tests/examples/rules, which docs/rules.md links to.
@pytest.mark.parametrize(
    "rule", [r.id for r in registry().rules() if r.family not in ("syntax", "integrity")]
)
def test_every_rule_after_the_foundation_has_examples_in_docs(rule: str) -> None:
    files = sorted((EXAMPLES / rule).glob("*.yaml"))
    assert any(f.name.startswith("pass") for f in files) and any(f.name.startswith("fail") for f in files)
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = doc.split(f"## {rule}\n", 1)[1].split("\n## ", 1)[0]
    assert "tests/examples/rules/" + rule in section


def test_docs_rules_md_is_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_rules_doc.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
