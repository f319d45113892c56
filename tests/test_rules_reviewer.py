"""Issue 12: the compliance engine judges like a careful reviewer. What the example plans cannot show on their
own: the pieces the rules are made of (the council by any of its names, old-law references, stale phrases,
conditional wording, which requirements an integrity error touches, citations per language, the registry's
refusal of a rule that cites law for guidance), findings in regional text the plan prints, and the verdicts
on the three real plans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.check.citations import Guidance, Law, cite
from planctl.check.compliance import compliance_report, touched_requirements
from planctl.check.findings import Finding, Severity
from planctl.check.pipeline import CheckOptions, check_file
from planctl.check.registry import Registry, Rule
from planctl.check.rules import registry
from planctl.check.rules.law import lawful_body
from planctl.check.rules.quality import old_law_references, stale_phrases
from planctl.check.rules.queries import is_conditional
from planctl.cli.main import cli

ROOT = Path(__file__).parent.parent
PLANS = ROOT / "plans"
EXAMPLES = Path(__file__).parent / "examples"
TODAY = date(2026, 12, 1)  # the build date of the golden documents


def _check(name: str, today: date = TODAY):  # type: ignore[no-untyped-def]
    return check_file(PLANS / name / "plan.yaml", CheckOptions(today=today))


def _report(name: str, lang: str = "nb"):  # type: ignore[no-untyped-def]
    result = check_file(PLANS / name / "plan.yaml", CheckOptions(today=TODAY, lang=lang))
    return compliance_report(result, lang=lang, today=TODAY)


# ---- the pieces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "kommunestyret",
        "Kommunestyret",
        "bystyret",
        "Bystyret",
        "Fjellbygd kommunestyre",
        "Nord-Fron kommunestyre",
        "kommunestyret i Fjellbygd",
        "bystyre",
        "the municipal council",
        "Oslo city council",
    ],
)
def test_the_council_by_any_of_its_names(body: str) -> None:
    assert lawful_body(body)


@pytest.mark.parametrize(
    "body",
    [
        "formannskapet",
        "Hovedutvalg for oppvekst",
        "oppvekstutvalget",
        "kommunedirektøren",
        "rådmannen",
        "kommunestyrets oppvekstutvalg",
        "Formannskapet kommunestyre",
        "ordføreren",
        "executive committee",
    ],
)
def test_other_bodies_cannot_adopt(body: str) -> None:
    assert not lawful_body(body)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Barnevernloven § 3-1 gir kommunen ansvaret for generelle forebyggende tiltak",
            ["Barnevernloven § 3-1"],
        ),
        (
            "hjelpetiltak for barnet og familien, jf. barnevernsloven § 4-4. Alle tiltak",
            ["barnevernsloven § 4-4"],
        ),
        ("Etter barnevernlova § 3-1 skal kommunen følgje med", ["barnevernlova § 3-1"]),
        ("Etter bvl. § 3-1 skal kommunen forebygge", ["bvl. § 3-1"]),
        ("Barnevernloven §4-4 om hjelpetiltak", ["Barnevernloven §4-4"]),
        ("barnevernloven § 6-4 om opplysningsplikt", ["barnevernloven § 6-4"]),
        ("https://lovdata.no/lov/1992-07-17-100/§4-4", ["lov/1992-07-17-100/§4-4"]),
        ("Lov 17. juli 1992 nr. 100 om barneverntjenester", ["Lov 17. juli 1992 nr. 100"]),
        ("Barnevernsloven § 15-1 gir kommunen ansvaret", []),
        ("barnevernloven § 15-1 (kommunestyret selv vedtar planen)", []),
        ("barnevernsloven § 3-1 om hjelpetiltak", []),
        ("barnevernsloven § 4-4 sier noe annet", []),
        ("barnevernloven § 1-1 om lovens formål", []),
        ("https://lovdata.no/lov/2021-06-18-97/§15-1", []),
    ],
)
def test_old_law_references_in_any_form(text: str, found: list[str]) -> None:
    assert old_law_references(text) == found


def test_a_section_number_is_not_glued_to_the_next_word() -> None:
    assert old_law_references("Barnevernloven § 3-1 gir kommunen ansvaret") == ["Barnevernloven § 3-1"]
    assert old_law_references("barnevernloven § 4-4 a om tiltak") == ["barnevernloven § 4-4 a"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Fylkesmannens (Statsforvalterens) veileder", []),
        ("Statsforvalteren (tidligere fylkesmannen) fører tilsyn", []),
        ("drøftet med fylkesmannen i Innlandet", ["fylkesmannen"]),
        ("ny barnevernslov som kommer våren 2021", ["kommer våren 2021"]),
        ("i skrivende stund utarbeides en avtale", ["i skrivende stund"]),
    ],
)
def test_stale_phrases(text: str, found: list[str]) -> None:
    assert stale_phrases(text) == found


@pytest.mark.parametrize(
    ("sentence", "conditional"),
    [
        ("Det bør vurderes å opprette et tverrfaglig team.", True),
        ("Helsestasjonen og skolen skal på sikt samarbeide tettere.", True),
        ("Samarbeidet vurderast årleg.", True),
        ("Teams should be set up.", True),
        ("Helsestasjonen og skolen møtes hver måned.", False),
        ("Barnevernstjenesten kan kontaktes anonymt.", False),
    ],
)
def test_conditional_wording(sentence: str, conditional: bool) -> None:
    assert is_conditional(sentence) is conditional


def test_citations_in_every_language() -> None:
    sources = (Law("bvl", "15-1", 1), Law("bvl", "15-8", 2))
    assert cite(sources, "nb") == "barnevernsloven § 15-1 første ledd; barnevernsloven § 15-8 andre ledd"
    assert cite(sources, "nn") == "barnevernslova § 15-1 første ledd; barnevernslova § 15-8 andre ledd"
    assert cite(sources, "en") == (
        "barnevernsloven (Child Welfare Act) § 15-1 first paragraph; "
        "barnevernsloven (Child Welfare Act) § 15-8 second paragraph"
    )
    doc = Guidance("Bufdir", "Tittel", "2026", read=True)
    assert cite((doc,), "nb") == "Bufdir: «Tittel» (nettside uten dato, lest 2026)"
    assert cite((), "nb") is None
    with pytest.raises(ValueError):
        Law("straffeloven", "1")


def test_every_rule_says_what_it_rests_on() -> None:
    for rule in registry().rules():
        if rule.family == "law":
            assert rule.basis == "law" and rule.reference and "ledd" in rule.reference, rule.id
        elif rule.basis == "guidance":
            assert all(isinstance(s, Guidance) and s.year for s in rule.sources), rule.id
        else:
            assert rule.basis == "quality" and rule.reference is None, rule.id
    assert registry()["GUIDE-GOAL-LINKS"].basis == "quality"  # no longer § 15-1 for what is not law
    assert registry()["ANNUAL-WHEEL-REF"].reference is None  # § 15-3 says nothing of an årshjul


def test_the_registry_refuses_law_for_guidance_and_sources_for_quality() -> None:
    law = Law("bvl", "15-1", 2)
    with pytest.raises(ValueError, match="never law"):
        Registry([Rule("GUIDE-X", "guide", Severity.WARNING, (law,), ("m",), basis="guidance")])
    with pytest.raises(ValueError, match="ledd"):
        Registry([Rule("LAW-X", "law", Severity.ERROR, (Law("bvl", "15-1"),), ("m",), basis="law")])
    with pytest.raises(ValueError, match="cites none"):
        Registry([Rule("Q-X", "quality", Severity.WARNING, (law,), ("m",))])


def test_explain_shows_the_basis_the_source_and_its_own_words() -> None:
    def explain(rule: str, lang: str = "nb") -> str:
        result = CliRunner().invoke(cli, ["explain", rule, "--lang", lang])
        assert result.exit_code == 0
        return result.output

    law = explain("LAW-DIVISION")
    assert "lovkrav" in law and "barnevernsloven § 15-1 andre ledd" in law
    assert "Lovens ord: «Planen skal beskrive hva som er målene" in law
    guide = explain("GUIDE-COUNCIL-REPORT")
    assert (
        "anbefaling" in guide and "Bufdir: «Tilstandsrapportering for kommunale barnevernstjenester»" in guide
    )
    assert "Veiledningens ord: «Fra 1.1.2021 er det lovbestemt at kommunestyret" in guide
    quality = explain("MEASURE-OVERDUE")
    assert "kvalitet" in quality and "Ingen kilde" in quality and "Lovens ord" not in quality
    nn = explain("LAW-ADOPTION", "nn")
    assert "barnevernslova § 15-1 andre ledd" in nn and "myndet kan ikkje delegerast" in nn
    assert "Orda i lova" in nn


def test_integrity_findings_touch_the_requirements_their_data_carries() -> None:
    result = check_file(PLANS / "sondre-land" / "plan.yaml", CheckOptions(today=TODAY))
    plan = result.model
    assert plan is not None

    def touched(path: str, file: str = "plans/sondre-land/plan.yaml") -> set[str]:
        return touched_requirements(
            Finding("UNKNOWN-REFERENCE", Severity.ERROR, "x", file, 1, 1, path),
            plan,
            "plans/sondre-land/plan.yaml",
        )

    assert touched("/measures/3/responsible/0") == {"LAW-MEASURES", "LAW-DIVISION"}
    assert touched("/arenas/0/participants/1") == {"LAW-COLLABORATION"}
    assert touched("/annual_wheel/0/responsible/0") == set()
    assert touched("/units/2/members/0") == {
        "LAW-ORGANISATION",
        "LAW-DIVISION",
        "LAW-COLLABORATION",
        "LAW-COORDINATION",
    }
    # a section tagged goals and organisation, and the regional block it includes
    section = next(s for s in plan.document.sections() if "organisation" in s.covers and "goals" in s.covers)
    assert touched(section.loc.pointer + "/blocks/0") >= {"LAW-GOALS", "LAW-ORGANISATION", "LAW-COORDINATION"}


# ---- regional text the plan prints ---------------------------------------------------------------------


def _findings(name: str, rule: str) -> list[tuple[str, int | None, str]]:
    return [(f.file, f.line, f.message) for f in _check(name).findings if f.rule == rule]


def test_old_law_in_the_regional_text_the_plan_prints() -> None:
    sl = _findings("sondre-land", "OLD-LAW-SECTION")
    assert (
        "plans/gjovikregionen/regional.yaml",
        142,
        "henvisning til den opphevede barnevernloven av 1992: «barnevernsloven § 4-4»",
    ) in sl
    assert not any("§ 3-1 g" in m for _, _, m in sl)
    # edition A of that block is Søndre Land's only
    assert not any(line == 142 for _, line, _ in _findings("vestre-toten", "OLD-LAW-SECTION"))


def test_stale_phrase_leaves_the_updated_name_alone() -> None:
    for name in ("sondre-land", "nordre-land", "vestre-toten"):
        assert not any("Fylkesmannens" in m for _, _, m in _findings(name, "STALE-PHRASE")), name


def test_another_municipality_in_the_regional_appendix_the_plan_prints() -> None:
    """Søndre Land's Vedlegg 2 (the regional partners it renders) keeps Gjøvik's own sentences."""
    sl = _findings("sondre-land", "OTHER-MUNICIPALITY")
    assert [(f, line) for f, line, _ in sl] == [
        ("plans/gjovikregionen/regional.yaml", n) for n in (345, 350, 360, 366, 378)
    ]
    assert _findings("nordre-land", "OTHER-MUNICIPALITY") == []
    assert _findings("vestre-toten", "OTHER-MUNICIPALITY") == []


# ---- the real plans, as a reviewer would read them -------------------------------------------------------


def test_real_plans_verdicts() -> None:
    statuses = {
        name: {r.id: r.status for r in _report(name).requirements}
        for name in ("sondre-land", "nordre-land", "vestre-toten")
    }
    assert statuses["sondre-land"] == {
        "LAW-MEASURES": "met",
        "LAW-GOALS": "met",
        "LAW-ORGANISATION": "met",
        "LAW-DIVISION": "met",
        "LAW-COLLABORATION": "met",
        "LAW-COORDINATION": "met",
        "LAW-ADOPTION": "undocumented",
    }
    assert statuses["nordre-land"] == {
        "LAW-MEASURES": "met",
        "LAW-GOALS": "met",
        "LAW-ORGANISATION": "met",
        "LAW-DIVISION": "missing",
        "LAW-COLLABORATION": "met",
        "LAW-COORDINATION": "met",
        "LAW-ADOPTION": "met",
    }
    assert statuses["vestre-toten"] == {
        "LAW-MEASURES": "met",
        "LAW-GOALS": "met",
        "LAW-ORGANISATION": "partial",
        "LAW-DIVISION": "met",
        "LAW-COLLABORATION": "met",
        "LAW-COORDINATION": "met",
        "LAW-ADOPTION": "undocumented",
    }


def test_real_overdue_measures() -> None:
    sl = [m for _, _, m in _findings("sondre-land", "MEASURE-OVERDUE")]
    assert [m.split("»")[0] for m in sl] == [
        "tiltaket «EPDS",
        "tiltaket «NBO",
        "tiltaket «Barne- og familiekoordinator, individuell plan",
    ]
    vt = _findings("vestre-toten", "MEASURE-OVERDUE")
    assert len(vt) == 10 and all("2023" in m or "2025" in m for _, _, m in vt)
    # «Fra 2023» (TIBIR) is when it started, not a deadline
    assert not any("TIBIR" in m for _, _, m in vt)
    early = [f for f in _check("vestre-toten", date(2023, 6, 1)).findings if f.rule == "MEASURE-OVERDUE"]
    assert early == []


def test_nordre_land_division_shows_what_did_not_count_and_why() -> None:
    division = next(r for r in _report("nordre-land").requirements if r.id == "LAW-DIVISION")
    not_counted = sorted(e.text for e in division.evidence if not e.counts)
    assert not_counted == [
        "«Alle ansatte» teller ikke: samlebetegnelse, ikke én tjeneste",
        "«Familieteam» teller ikke: et team, ikke en tjeneste",
        "«Kommunalsjef 0-24» teller ikke: en rolle, ikke en tjeneste",
        "«Kommunalsjef 24+» teller ikke: en rolle, ikke en tjeneste",
        "«Skolesjef» teller ikke: en rolle, ikke en tjeneste",
    ]
    assert [f.severity for f in division.findings] == [Severity.ERROR]


def test_nynorsk_report_names_the_act_in_nynorsk() -> None:
    rep = _report("sondre-land", "nn")
    assert rep.label("report.requirements") == "Lovkrav i barnevernslova §§ 15-1 og 15-8"
    assert all(r.reference.startswith("barnevernslova § 15-") for r in rep.requirements)
    adoption = next(r for r in rep.requirements if r.id == "LAW-ADOPTION")
    assert rep.label(f"report.status.{adoption.status}") == "ikkje dokumentert"


def test_report_json_over_integrity_errors_is_unassessable() -> None:
    path = EXAMPLES / "foundation" / "DUPLICATE-ID" / "fail-report.yaml"
    result = CliRunner().invoke(cli, ["report", "--format", "json", "--today", "2024-07-01", str(path)])
    doc = json.loads(result.output)
    measures = next(r for r in doc["requirements"] if r["id"] == "LAW-MEASURES")
    assert measures["status"] == "unassessable"
    assert [f["rule"] for f in measures["blocked_by"]] == ["DUPLICATE-ID"]
    assert doc["summary"]["unassessable"] == 2 and result.exit_code == 1
    text = CliRunner().invoke(cli, ["report", "--today", "2024-07-01", str(path)]).output
    assert "KAN IKKE VURDERES" in text and "kan ikke vurderes før feilene i dataene er rettet" in text
    assert "Lovkravene er oppfylt" not in text


# ---- «today» is the build date --------------------------------------------------------------------------


def _overdue(args: list[str], env: dict[str, str] | None = None) -> int:
    plan = str(PLANS / "vestre-toten" / "plan.yaml")
    result = CliRunner().invoke(cli, ["validate", "--format", "json", *args, plan], env=env)
    assert result.exit_code in (0, 1), result.output
    return sum(f["rule"] == "MEASURE-OVERDUE" for f in json.loads(result.output)["findings"])


def test_validate_judges_dates_as_of_today_or_source_date_epoch() -> None:
    assert _overdue(["--today", "2023-06-01"]) == 0
    assert _overdue(["--today", "2026-12-01"]) == 10
    assert _overdue([], env={"SOURCE_DATE_EPOCH": "1685577600"}) == 0  # 2023-06-01
    assert _overdue(["--today", "2026-12-01"], env={"SOURCE_DATE_EPOCH": "1685577600"}) == 10  # --today wins


def test_a_bad_today_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["validate", "--today", "1. desember", str(PLANS / "nordre-land")])
    assert result.exit_code == 2 and "ÅÅÅÅ-MM-DD" in result.output  # click's errors in the default language


def test_build_writes_the_compliance_report_as_of_today(tmp_path: Path) -> None:
    from docx2python import docx2python

    plan = str(PLANS / "vestre-toten" / "plan.yaml")
    args = ["build", "docx", plan, "-o", str(tmp_path), "--force"]
    early = CliRunner().invoke(cli, [*args, "--today", "2023-06-01"])
    assert early.exit_code == 0, early.output
    with docx2python(tmp_path / "vestre-toten-compliance.docx") as doc:  # the council's words: no rule IDs
        assert "men er fortsatt planlagt" not in doc.text and "1. juni 2023" in doc.text
    late = CliRunner().invoke(cli, [*args, "--today", "2026-12-01"])
    assert late.exit_code == 0, late.output
    with docx2python(tmp_path / "vestre-toten-compliance.docx") as doc:
        assert "har frist 2023, men er fortsatt planlagt" in doc.text and "1. desember 2026" in doc.text
