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


def test_dates_judged_against_today() -> None:
    """next_review 2027, period 2024–2027 and a measure planned for 2025-01: nothing has passed on
    2024-07-01; everything has on 2028-01-02, and GUIDE-EVALUATION leaves the passed review to REVIEW-OVERDUE."""
    plan = EXAMPLES / "GUIDE-EVALUATION" / "pass.yaml"
    dated = ("REVIEW-OVERDUE", "PLAN-PERIOD-ENDED", "MEASURE-OVERDUE", "GUIDE-EVALUATION")
    now = check_file(plan, CheckOptions(today=TODAY))
    assert [f for f in now.findings if f.rule in dated] == []
    late = check_file(plan, CheckOptions(today=date(2028, 1, 2)))
    assert sorted((f.rule, f.message) for f in late.findings if f.rule in dated) == [
        ("MEASURE-OVERDUE", "tiltaket «Familieteam» har frist 2025-01, men er fortsatt planlagt"),
        ("PLAN-PERIOD-ENDED", "planperioden 2024–2027 er over"),
        ("REVIEW-OVERDUE", "neste revisjon (2027) er passert"),
    ]
    last_day = check_file(plan, CheckOptions(today=date(2027, 12, 31)))
    assert [f for f in last_day.findings if f.rule in ("REVIEW-OVERDUE", "PLAN-PERIOD-ENDED")] == []


def _real(name: str) -> list:  # type: ignore[type-arg]
    path = PLANS / name / "plan.yaml"
    return check_file(path, CheckOptions(today=TODAY)).findings


def test_real_statistics_only_the_tables_each_plan_prints() -> None:
    """Nordre Land 2020 is 4,8 in Søndre Land's table and 3,9 in Vestre Toten's (regional file), but no plan
    prints both, so no plan is blamed for it; Nordre Land prints no table at all."""
    stats = {
        name: [f for f in _real(name) if f.rule == "GUIDE-STATISTICS"]
        for name in ("sondre-land", "nordre-land", "vestre-toten")
    }
    assert not any("conflict" in f.message or " her, men " in f.message for fs in stats.values() for f in fs)
    assert stats["nordre-land"] == []
    assert [f.message for f in stats["sondre-land"]] == [
        "tabellen «Prosentvis andel barn med barnevernstiltak i fht innbyggere 0-17 år» oppgir ingen kilde, "
        "verken i tabellen eller i teksten planen viser med den",
        "tabellen «Antall barn med hjelpetiltak» oppgir ingen kilde, verken i tabellen eller i teksten planen "
        "viser med den",
        "tabellen «Prosentvis andel barn med undersøkelser i fht antall innbyggere 0-17 år» oppgir ingen kilde, "
        "verken i tabellen eller i teksten planen viser med den",
    ]
    # Vestre Toten's two tables follow «Bufdirs kommunemonitor viser …:»; its third has neither title nor source.
    assert sorted(f.message for f in stats["vestre-toten"]) == [
        "tabellen «vt-omsorg-plassering» har ingen tittel",
        "tabellen «vt-omsorg-plassering» oppgir ingen kilde, verken i tabellen eller i teksten planen viser "
        "med den",
    ]


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


_WHEEL_TABLE = (
    "        - table:\n            columns: [Måned, Aktivitet]\n            rows: [[Januar, Ledermøte]]\n"
)


def test_a_chapter_on_a_wheel_still_to_be_made_is_none() -> None:
    """Vestre Toten's 9.3 «Årshjul» says a wheel should be made, and has none: its measures' «Jf. årshjul»
    are still findings."""
    wheel = [f for f in _real("vestre-toten") if f.rule == "ANNUAL-WHEEL-REF"]
    assert len(wheel) >= 5


@pytest.mark.parametrize(
    "shown",
    [
        "    - id: arshjul\n      title: Årshjul\n      blocks:\n        - p: Aktivitetene gjennom året.\n"
        + _WHEEL_TABLE,
        "    - id: aret\n      title: Året\n      blocks:\n        - heading: Årshjul for oppvekst\n"
        + _WHEEL_TABLE,
        "    - id: aret\n      title: Året\n      blocks:\n"
        + _WHEEL_TABLE.replace("table:", "table:\n            caption: Årshjul", 1),
    ],
    ids=["chapter", "heading", "caption"],
)
def test_an_annual_wheel_the_document_shows_is_one(shown: str, tmp_path: Path) -> None:
    """«Jf. årshjul» with no `annual_wheel` registry is a finding, unless the document shows a wheel of its
    own as a table: in a chapter or after a heading titled «Årshjul», or captioned so (as a plan imported
    from Word keeps it)."""
    source = (EXAMPLES / "ANNUAL-WHEEL-REF" / "fail.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(source, encoding="utf-8")
    before = check_file(plan, CheckOptions(today=TODAY)).findings
    assert [f.rule for f in before].count("ANNUAL-WHEEL-REF") == 1
    plan.write_text(
        source.replace("document:\n  body:\n", "document:\n  body:\n" + shown, 1), encoding="utf-8"
    )
    after = check_file(plan, CheckOptions(today=TODAY)).findings
    assert [f.rule for f in after if f.rule == "ANNUAL-WHEEL-REF"] == []
    assert not [f for f in after if f.rule.startswith(("SCHEMA", "YAML"))], after
