"""The rule registry: each rule is data (ID, family, severity, reference, message names) plus a check.

Checks never decide severity or location: they yield `Problem`s (rule, message name + parameters, where in
which file); the pipeline locates them (`planctl.check.problems.locate`) and applies the configured
severity. A rule's texts live in the message catalogue under its ID: `rule.<ID>.title`, `rule.<ID>.explain`
and `rule.<ID>.<message>` for each of its messages; the words of what it rests on, where it rests on a text,
are `rule.<ID>.words`. One module per family in `planctl.check.rules` defines its `RULES`.

What a rule rests on is its `basis` (law, guidance or quality) and its `sources` (planctl.check.citations):
a law rule cites the paragraph and ledd it enforces, a guidance rule the document it follows, a
data-quality rule nothing. The registry refuses a rule that breaks this.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import field
from datetime import date
from typing import Any, Literal, TypeVar, cast

from planctl.check.citations import Basis, Guidance, Law, Source, cite
from planctl.check.findings import Severity
from planctl.check.problems import Problem
from planctl.load.sources import PlanSources
from planctl.model.types import Plan
from planctl.records import record

Family = Literal["syntax", "integrity", "build", "law", "guide", "quality"]
# The order the rule catalogue lists the families in.
FAMILIES: tuple[Family, ...] = ("syntax", "integrity", "build", "law", "guide", "quality")


T = TypeVar("T")


@record(frozen=True)
class CheckContext:
    sources: PlanSources
    model: Plan | None
    today: date
    lang: str
    # What several rules ask of the same plan (its texts, its strings), computed once per check: see shared().
    _shared: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), once per context under key: the first rule that asks pays, the others reuse it; a
        disabled rule never asks, so nothing is computed for it."""
        if key not in self._shared:
            self._shared[key] = compute()
        return cast(T, self._shared[key])

    @property
    def plan_data(self) -> Any:
        return self.sources.plan.data

    @property
    def regional_data(self) -> Any:
        return self.sources.regional.data if self.sources.regional is not None else None


Check = Callable[[CheckContext], Iterable[Problem]]


@record(frozen=True)
class Rule:
    id: str
    family: Family
    severity: Severity
    sources: tuple[Source, ...]  # what it rests on: law provisions or guidance documents; () for quality
    messages: tuple[str, ...]  # names of its finding messages (catalogue keys rule.<ID>.<name>)
    check: Check | None = None  # None: the loader or the schema stage raises it
    needs_model: bool = False  # runs on the model, only when the schema passes; else on whatever parsed
    # A severity of its own for some messages (e.g. a pending adoption is info under an error rule); a
    # severity configured in planctl.toml for the rule still wins.
    severities: Mapping[str, Severity] = field(default_factory=dict, compare=False)
    basis: Basis = "quality"

    @property
    def reference(self) -> str | None:
        """Its sources written out in bokmål (machine formats, SARIF rule metadata)."""
        return cite(self.sources, "nb")

    def reference_in(self, lang: str) -> str | None:
        return cite(self.sources, lang)

    def message_key(self, message: str) -> str:
        if message not in self.messages:
            raise KeyError(f"rule {self.id} has no message {message!r}")
        return f"rule.{self.id}.{message}"

    def severity_of(self, message: str) -> Severity:
        return self.severities.get(message, self.severity)


class Registry:
    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> Rule:
        if rule.id in self._rules:
            raise ValueError(f"rule {rule.id} registered twice")
        unknown = set(rule.severities) - set(rule.messages)
        if unknown:
            raise ValueError(f"rule {rule.id}: severities for unknown messages {sorted(unknown)}")
        _check_basis(rule)
        self._rules[rule.id] = rule
        return rule

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def rules(self) -> list[Rule]:
        return list(self._rules.values())

    def ids(self) -> list[str]:
        return list(self._rules)

    def by_family(self, *families: Family) -> list[Rule]:
        return [r for r in self._rules.values() if r.family in families]


def _check_basis(rule: Rule) -> None:
    """Law cites the paragraph and ledd it enforces; guidance cites the document it follows; quality cites
    nothing (design.md § 4)."""
    laws = [s for s in rule.sources if isinstance(s, Law)]
    guides = [s for s in rule.sources if isinstance(s, Guidance)]
    if rule.basis == "law" and (not laws or guides or any(s.ledd is None for s in laws)):
        raise ValueError(f"rule {rule.id}: a law rule cites law provisions with their ledd, and only those")
    if rule.basis == "guidance" and (not guides or laws):
        raise ValueError(f"rule {rule.id}: a guidance rule cites the guidance document it follows, never law")
    if rule.basis == "quality" and rule.sources:
        raise ValueError(f"rule {rule.id}: a data-quality rule rests on no text and cites none")
