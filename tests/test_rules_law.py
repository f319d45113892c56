"""LAW-* rules beyond their examples (tests/test_rules_examples.py runs those): messages, configured
severities and the real plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planctl.check.pipeline import CheckOptions, check_file
from planctl.load.config import Config

EXAMPLES = Path(__file__).parent / "examples" / "rules"
TODAY = date(2024, 7, 1)


def test_adoption_messages_name_the_problem() -> None:
    result = check_file(EXAMPLES / "LAW-ADOPTION" / "fail-formannskapet.yaml", CheckOptions(today=TODAY))
    [f] = [f for f in result.findings if f.rule == "LAW-ADOPTION"]
    assert "formannskapet" in f.message and "kommunestyret" in f.message
    assert f.path == "/plan/adoption/body"
    assert f.reference == "barnevernsloven § 15-1 andre ledd"


def test_configured_severity_wins_over_message_severity() -> None:
    plan = EXAMPLES / "LAW-ADOPTION" / "fail-draft.yaml"
    result = check_file(plan, CheckOptions(today=TODAY, config=Config({"LAW-ADOPTION": "warning"})))
    assert {f.severity.value for f in result.findings if f.rule == "LAW-ADOPTION"} == {"warning"}


def test_real_plans_judged() -> None:
    root = Path(__file__).parent.parent / "plans"
    result = check_file(root / "nordre-land" / "plan.yaml", CheckOptions(today=TODAY))
    adoption = [f for f in result.findings if f.rule == "LAW-ADOPTION"]
    assert [f.path for f in adoption] == ["/plan/adoption/case_ref"]
