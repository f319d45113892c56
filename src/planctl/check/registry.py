"""The rule registry: rules are data (ID, family, severity, reference, message keys) plus a check function.

Checks never decide severity or location: they yield `Problem`s (rule, message key + parameters, which
file, JSON Pointer); the engine turns them into `Finding`s using the configured severity and the source
maps. One module per rule family registers its rules explicitly in `planctl.check.rules.ALL_MODULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from planctl.check.findings import Severity

if TYPE_CHECKING:
    from planctl.load.sources import PlanSources
    from planctl.model.types import Plan

Family = Literal["syntax", "integrity", "law", "guide"]
Target = Literal["plan", "regional"]


@dataclass(frozen=True)
class Msg:
    """A translatable message parameter: catalogue key plus its own parameters."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """What a check found, before severity and position are attached."""

    rule: str
    key: str  # message catalogue key
    params: Mapping[str, Any] = field(default_factory=dict)
    pointer: str = ""
    target: Target = "plan"
    at_key: bool = False  # locate on the key rather than on the value
    # A severity for this problem only (e.g. a pending adoption is info under an error rule); a severity
    # configured in planctl.toml for the rule still wins.
    severity: Severity | None = None
    # Explicit location, for problems that come from another stage (e.g. the loader).
    file: str | None = None
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class CheckContext:
    sources: PlanSources
    model: Plan | None
    today: date
    lang: str

    @property
    def plan_data(self) -> Any:
        return self.sources.plan.data

    @property
    def regional_data(self) -> Any:
        return self.sources.regional.data if self.sources.regional is not None else None


Check = Callable[[CheckContext], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    family: Family
    severity: Severity
    reference: str | None  # legal or guidance reference, shown with every finding
    check: Check | None = None  # None: the rule is raised by the loader/schema stage
    needs_model: bool = False  # legal and guidance rules run only when the schema passes


class Registry:
    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> Rule:
        if rule.id in self._rules:
            raise ValueError(f"rule {rule.id} registered twice")
        self._rules[rule.id] = rule
        return rule

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def rules(self) -> list[Rule]:
        return list(self._rules.values())

    def ids(self) -> list[str]:
        return list(self._rules)

    def by_family(self, family: Family) -> list[Rule]:
        return [r for r in self._rules.values() if r.family == family]
