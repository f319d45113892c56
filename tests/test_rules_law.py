"""LAW-* rules: every example plan under tests/examples/rules/LAW-*/ gives exactly the findings its
`# expect: RULE [severity]` markers say, on those lines, with that severity; pass*.yaml give none."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from planctl.check.pipeline import CheckOptions, check_file
from planctl.check.rules import registry

EXAMPLES = Path(__file__).parent / "examples" / "rules"
TODAY = date(2024, 7, 1)
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9-]+)(?:\s+(error|warning|info))?")


def expected(path: Path, rule: str) -> set[tuple[int, str]]:
    out = set()
    default = registry()[rule].severity.value
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for m in _EXPECT.finditer(line):
            if m.group(1) == rule:
                out.add((number, m.group(2) or default))
    return out


def found(path: Path, rule: str) -> set[tuple[int, str]]:
    result = check_file(path, CheckOptions(today=TODAY))
    assert result.model is not None, [f.message for f in result.findings]
    return {
        (f.line or 0, f.severity.value)
        for f in result.findings
        if f.rule == rule and f.file.endswith(path.name)
    }


def cases(prefix: str) -> list[tuple[str, Path]]:
    return [
        (folder.name, path)
        for folder in sorted(EXAMPLES.iterdir())
        if folder.name.startswith(prefix)
        for path in sorted(folder.glob("*.yaml"))
        if not path.name.startswith("_")
    ]


@pytest.mark.parametrize(("rule", "path"), cases("LAW-"), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_law_example(rule: str, path: Path) -> None:
    want = expected(path, rule)
    if path.name.startswith("fail"):
        assert want, f"{path} has no # expect: marker"
    assert found(path, rule) == want


def test_every_law_rule_has_pass_and_fail_examples() -> None:
    for rule in (r.id for r in registry().by_family("law")):
        names = [p.name for p in (EXAMPLES / rule).glob("*.yaml")]
        assert any(n.startswith("pass") for n in names), rule
        assert any(n.startswith("fail") for n in names), rule


def test_adoption_messages_name_the_problem() -> None:
    result = check_file(EXAMPLES / "LAW-ADOPTION" / "fail-formannskapet.yaml", CheckOptions(today=TODAY))
    [f] = [f for f in result.findings if f.rule == "LAW-ADOPTION"]
    assert "formannskapet" in f.message and "kommunestyret" in f.message
    assert f.path == "/plan/adoption/body"
    assert f.reference == "barnevernsloven § 15-1 andre ledd"


def test_configured_severity_wins_over_problem_severity(tmp_path: Path) -> None:
    from planctl.load.config import Config

    plan = EXAMPLES / "LAW-ADOPTION" / "fail-draft.yaml"
    result = check_file(plan, CheckOptions(today=TODAY, config=Config({"LAW-ADOPTION": "warning"})))
    assert {f.severity.value for f in result.findings if f.rule == "LAW-ADOPTION"} == {"warning"}


def test_real_plans_judged() -> None:
    root = Path(__file__).parent.parent / "plans"
    if not (root / "nordre-land" / "plan.yaml").exists():
        pytest.skip("real plans not present")
    result = check_file(root / "nordre-land" / "plan.yaml", CheckOptions(today=TODAY))
    adoption = [f for f in result.findings if f.rule == "LAW-ADOPTION"]
    assert [f.path for f in adoption] == ["/plan/adoption/case_ref"]
