"""Nynorsk and English are complete: every key bokmål has, each language has of its own, so `t()` never
falls back to another language (it quietly would: nn -> nb -> en). Rule titles, messages, explanations, the
words of what a rule rests on, the report's headings and statuses and the citation vocabulary are checked
by name as well, so that a rule added without its translations fails here."""

from __future__ import annotations

from string import Formatter

import pytest

from planctl.check.compliance import STATUSES
from planctl.check.rules import registry
from planctl.messages import LANGUAGES, catalogue, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "nb"])
def test_no_key_falls_back_to_another_language(lang: str) -> None:
    own, nb = set(catalogue()[lang]), set(catalogue()["nb"])
    assert sorted(nb - own) == [], f"{lang} would fall back to bokmål for these"
    assert sorted(own - nb) == [], f"{lang} has keys bokmål lacks"


def _rule_keys() -> list[str]:
    keys = []
    for rule in registry().rules():
        keys += [f"rule.{rule.id}.title", f"rule.{rule.id}.explain"]
        keys += [rule.message_key(m) for m in rule.messages]
        if rule.basis != "quality":
            keys.append(f"rule.{rule.id}.words")
    keys += [f"report.status.{s}" for s in STATUSES] + [f"report.count.{s}" for s in STATUSES]
    keys += [f"basis.{b}" for b in ("law", "guidance", "quality")]
    keys += [
        "report.heading",
        "report.requirements",
        "report.evidence",
        "report.not-counted",
        "report.blocked",
        "report.todo",
        "report.guidance",
        "report.verdict.ok",
        "report.verdict.fail",
        "report.verdict.unassessable",
        "cite.act.bvl",
        "cite.ledd.1",
        "cite.ledd.2",
        "cite.guidance",
        "cite.guidance.read",
        "rules.words.law",
        "rules.words.guidance",
        "rules.no-source",
    ]
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_and_report_text_exists_in_every_language(lang: str) -> None:
    own = catalogue()[lang]
    assert [k for k in _rule_keys() if k not in own] == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "nb"])
def test_translations_take_the_same_fields(lang: str) -> None:
    cat = catalogue()
    differ = {k: v for k, v in cat[lang].items() if k in cat["nb"] and _fields(v) != _fields(cat["nb"][k])}
    assert differ == {}


def test_nynorsk_is_nynorsk_where_it_was_not() -> None:
    """What issue 12 saw: the act's name, «myndet», and «det» for a neuter team."""
    assert t("nn", "cite.act.bvl", section="15-1") == "barnevernslova § 15-1"
    assert "myndet kan ikkje delegerast" in t("nn", "rule.LAW-ADOPTION.body", body="formannskapet")
    assert "kva det skal gjere" in t("nn", "rule.LAW-ORGANISATION.no-mandate", name="Familieteam")
    assert t("nn", "rule.GUIDE-LEVELS.title") != t("nb", "rule.GUIDE-LEVELS.title")
