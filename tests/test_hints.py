"""Hints that fix the slip: each message says what to write instead (issue 16, point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planctl.check.findings import Finding
from planctl.check.pipeline import CheckOptions, check_file
from planctl.formats.skeleton import skeleton_text

NN = skeleton_text("Fjellbygd kommune", year=2026, lang="nn")


def _check(tmp_path: Path, text: str, lang: str = "nn") -> list[Finding]:
    plan = tmp_path / "plans" / "x" / "plan.yaml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text(text, encoding="utf-8")
    return check_file(plan, CheckOptions(lang=lang)).findings


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def _replace(old: str, new: str) -> str:
    assert old in NN, old
    return NN.replace(old, new, 1)


def test_the_skeleton_is_clean(tmp_path: Path) -> None:
    assert _errors(_check(tmp_path, NN)) == []


def test_a_municipality_number_gets_the_quoted_value_to_write(tmp_path: Path) -> None:
    [f] = _errors(_check(tmp_path, _replace("number: null", "number: 4650")))
    assert (f.rule, f.line) == ("SCHEMA", 17)
    assert 'number: "4650"' in f.message and "hermeteikn" in f.message


def test_a_municipality_number_keeps_its_leading_zero(tmp_path: Path) -> None:
    [f] = _errors(_check(tmp_path, _replace("number: null", "number: 0301")))
    assert 'number: "0301"' in f.message


def test_a_value_with_colon_space_gets_the_quoted_value_to_write(tmp_path: Path) -> None:
    text = _replace("    mandate: Samordnar", "    mandate: Mandat: samordnar")
    [f] = _errors(_check(tmp_path, text))
    assert f.rule == "YAML-SYNTAX"
    assert 'mandate: "Mandat: samordnar det førebyggjande arbeidet og følgjer opp planen."' in f.message
    assert "mapping values" not in f.message


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nn", "ÅÅÅÅ-MM-DD, t.d. 2026-03-12"),
        ("nb", "ÅÅÅÅ-MM-DD, f.eks. 2026-03-12"),
        ("en", "YYYY-MM-DD, e.g. 2026-03-12"),
    ],
)
def test_a_norwegian_date_gets_the_iso_date(tmp_path: Path, lang: str, words: str) -> None:
    text = _replace(
        "    date: null                     # når", "    date: 12.03.2026                     # når"
    )
    [f] = _errors(_check(tmp_path, text, lang))
    assert f.rule == "SCHEMA" and words in f.message
    assert "\\d" not in f.message  # no regular expression


@pytest.mark.parametrize(
    ("old", "new", "mapped"),
    [
        ("status: draft", "status: vedtatt", "«vedtatt» → adopted"),
        ("status: draft", "status: vedteken", "«vedteken» → adopted"),
        (
            "{state: active, label: I gang}   #",
            "{state: i_gang, label: I gang}   #",
            "«i_gang» → in_progress",
        ),
        ("level: both", "level: begge", "«begge» → both"),
    ],
)
def test_norwegian_words_for_enum_values_map_to_the_value(
    tmp_path: Path, old: str, new: str, mapped: str
) -> None:
    [f] = _errors(_check(tmp_path, _replace(old, new)))
    assert f.rule == "SCHEMA" and mapped in f.message


@pytest.mark.parametrize(
    ("bad", "slug"), [("Helse Stasjon", "helse-stasjon"), ("skule_bø", "skule-bo"), ("Årshjul", "arshjul")]
)
def test_a_bad_id_gets_a_slug(tmp_path: Path, bad: str, slug: str) -> None:
    text = _replace("- id: familieteam", f'- id: "{bad}"')
    found = [f for f in _errors(_check(tmp_path, text)) if f.rule == "SCHEMA"]
    assert found and f"forslag: {slug}" in found[0].message
    assert "[a-z0-9]" not in found[0].message


def test_a_forgotten_dash_is_one_finding_that_says_so(tmp_path: Path) -> None:
    text = _replace("  - id: familieteam\n", "    id: familieteam\n")
    findings = _errors(_check(tmp_path, text))
    duplicate = [f for f in findings if f.rule == "DUPLICATE-KEY"]
    assert len(duplicate) == 1, [f.message for f in findings]
    assert "manglar du `- `" in duplicate[0].message
    assert duplicate[0].line == text.splitlines().index("    id: familieteam") + 1


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "  - id: familieteam\n    name: Familieteam\n",
            "  - id: familieteam\n\tname: Familieteam\n",
            "tabulatorteikn",
        ),
        ('    due: "2030"', '    due: "2030', "hermeteiknet som byrjar her"),
        ("    scope: individual", "   scope: individual", "innrykket"),
    ],
)
def test_yaml_parser_messages_are_plain_norwegian(tmp_path: Path, old: str, new: str, words: str) -> None:
    [f] = _errors(_check(tmp_path, _replace(old, new)))
    assert f.rule == "YAML-SYNTAX" and words in f.message
    for english in ("while scanning", "mapping values", "could not find", "did not find", "expected"):
        assert english not in f.message


def test_no_law_finding_is_stacked_on_an_unknown_reference(tmp_path: Path) -> None:
    text = _replace("responsible: [skule, helsestasjon]", "responsible: [skulen]")
    findings = _errors(_check(tmp_path, text))
    assert [f.rule for f in findings] == ["UNKNOWN-REFERENCE"]
    assert "meinte du «skule»" in findings[0].message


def test_a_plan_wide_law_finding_stays_beside_an_unknown_reference(tmp_path: Path) -> None:
    # every measure owned by one unknown unit: the plan as a whole has no division between services
    text = (
        NN.replace("responsible: [helsestasjon, barnehage]", "responsible: [ukjend]")
        .replace("responsible: [skule, helsestasjon]", "responsible: [ukjend]")
        .replace("responsible: [barnevern, helsestasjon]", "responsible: [ukjend]")
    )
    rules = {f.rule for f in _errors(_check(tmp_path, text))}
    assert "UNKNOWN-REFERENCE" in rules and "LAW-DIVISION" in rules
