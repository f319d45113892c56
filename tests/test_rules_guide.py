"""Guidance (GUIDE-*) and quality rules beyond their examples (tests/test_rules_examples.py runs those):
dates judged against today, messages in every language, and checks against the real plans of the Gjøvik
region."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planctl.check.pipeline import CheckOptions, check_file

EXAMPLES = Path(__file__).parent / "examples" / "rules"
PLANS = Path(__file__).parent.parent / "plans"
TODAY = date(2024, 7, 1)


def test_clean_plan_has_no_guidance_findings() -> None:
    result = check_file(EXAMPLES / "GUIDE-LEVELS" / "pass.yaml", CheckOptions(today=TODAY))
    assert result.findings == []


def test_review_date_judged_against_today() -> None:
    plan = EXAMPLES / "GUIDE-EVALUATION" / "pass.yaml"  # next_review 2027
    late = check_file(plan, CheckOptions(today=date(2028, 1, 2)))
    assert [f.message for f in late.findings if f.rule == "GUIDE-EVALUATION"] == [
        "neste revisjon (2027) er passert"
    ]


def _real(name: str) -> list:  # type: ignore[type-arg]
    path = PLANS / name / "plan.yaml"
    return check_file(path, CheckOptions(today=TODAY)).findings


def test_real_statistics_conflict_nordre_land_2020() -> None:
    conflicts = [
        f for f in _real("sondre-land") if f.rule == "GUIDE-STATISTICS" and "Nordre Land 2020" in f.message
    ]
    assert conflicts, "NL 2020: 4,8 (SL table) vs 3,9 (VT table)"
    assert all("Nordre Land 2020" in f.message for f in conflicts)
    assert {("4,8" in f.message and "3,9" in f.message) for f in conflicts} == {True}


def test_real_vague_owners_nordre_land() -> None:
    vague = [f for f in _real("nordre-land") if f.rule == "OWNER-VAGUE"]
    assert len(vague) == 8 and all("Alle ansatte" in f.message for f in vague)


def test_real_partner_names_are_not_other_municipalities() -> None:
    others = [f for f in _real("nordre-land") if f.rule == "OTHER-MUNICIPALITY"]
    assert not any("Gjøvik" in f.message for f in others)


def test_real_old_law_and_stale_phrases() -> None:
    findings = _real("sondre-land")
    assert any(f.rule == "OLD-LAW-SECTION" and "1992-07-17-100" in f.message for f in findings)
    assert any(f.rule == "STALE-PHRASE" and "fylkesmann" in f.message.lower() for f in findings)
    assert any(f.rule == "STATUS-EMPTY" and "Ungdoms-LOS" in f.message for f in findings)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_message_renders_in_every_language(lang: str) -> None:
    for path in sorted(EXAMPLES.glob("*/fail*.yaml")):
        result = check_file(path, CheckOptions(today=TODAY, lang=lang))
        assert all(f.message and "{" not in f.message for f in result.findings), path
