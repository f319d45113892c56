"""Legal rules: the six requirements of barnevernsloven § 15-1.

Each requirement is assessed once (`assess`): a status (met / partial / missing / pending), the evidence
found in the plan (what satisfies it, with its location) and the problems. The rule check yields the
problems; the compliance report (planctl.check.compliance) uses the whole assessment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from planctl.check.findings import Severity
from planctl.check.problems import Msg, Problem
from planctl.check.registry import CheckContext, Rule
from planctl.check.rules.queries import covering, is_municipal
from planctl.model.types import Loc, Plan, Section, Unit

REF_FIRST = "barnevernsloven § 15-1 første ledd"
REF_SECOND = "barnevernsloven § 15-1 andre ledd"

ORGANISING_KINDS = ("team", "network", "leader_group")
LAWFUL_BODIES = ("kommunestyret", "kommunestyre", "municipal council")
PENDING_STATES = ("draft", "consultation", "submitted")


@dataclass(frozen=True)
class Evidence:
    """One thing in the plan that (partly) satisfies a requirement."""

    key: str  # message key describing it
    params: dict[str, Any]
    loc: Loc


@dataclass(frozen=True)
class Assessment:
    rule: str
    status: str  # met | partial | missing | pending
    evidence: tuple[Evidence, ...] = ()
    problems: tuple[Problem, ...] = ()
    todo: str | None = None  # message key: what to do where it falls short


@dataclass
class _Builder:
    ctx: CheckContext
    rule: str
    evidence: list[Evidence] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def plan(self) -> Plan:
        assert self.ctx.model is not None
        return self.ctx.model

    def ev(self, key: str, loc: Loc, **params: Any) -> None:
        self.evidence.append(Evidence(key, params, loc))

    def problem(self, message: str, pointer: str, **params: Any) -> None:
        self.problems.append(Problem(self.rule, message, params, pointer))

    def problem_loc(self, message: str, loc: Loc, suffix: str = "", **params: Any) -> None:
        self.problems.append(Problem(self.rule, message, params, suffix, loc=loc))

    def done(self, status: str, todo: str | None = None) -> Assessment:
        return Assessment(
            self.rule, status, tuple(self.evidence), tuple(self.problems), todo if status != "met" else None
        )


def _section_evidence(b: _Builder, topic: str) -> list[Section]:
    sections = covering(b.plan, topic)
    for s in sections:
        b.ev("law.ev.section", s.loc, title=s.title, topic=topic)
    return sections


# ---- the six requirements ----------------------------------------------------------------------------


def assess_measures(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-MEASURES")
    for m in b.plan.measures:
        b.ev("law.ev.measure", m.loc, name=m.name)
    if b.plan.measures:
        return b.done("met")
    b.problem("none", "/measures")
    return b.done("missing", "law.todo.measures")


def assess_goals(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-GOALS")
    for g in b.plan.goals:
        b.ev("law.ev.goal", g.loc, text=g.text)
    sections = _section_evidence(b, "goals")
    if b.plan.goals:
        return b.done("met")
    if sections:
        b.problem_loc("text-only", sections[0].loc)
        return b.done("partial", "law.todo.goals")
    b.problem("none", "/goals")
    return b.done("missing", "law.todo.goals")


def assess_organisation(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-ORGANISATION")
    organising = [u for u in b.plan.all_units() if u.kind in ORGANISING_KINDS and is_municipal(u)]
    with_mandate = [u for u in organising if u.mandate]
    for u in with_mandate:
        b.ev("law.ev.unit-mandate", u.loc, name=u.name)
    sections = _section_evidence(b, "organisation")
    if with_mandate or sections:
        return b.done("met")
    if organising:
        for u in organising:
            b.problem_loc("no-mandate", u.loc, name=u.name)
        return b.done("partial", "law.todo.organisation")
    b.problem("none", "/units")
    return b.done("missing", "law.todo.organisation")


def assess_division(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-DIVISION")
    plan = b.plan
    carriers: dict[str, Unit] = {}
    lacking = 0
    for m in plan.measures:
        units = [plan.unit(r) for r in m.responsible]
        municipal = [u for u in units if u is not None and is_municipal(u)]
        for u in municipal:
            carriers.setdefault(u.id, u)
        if not municipal:
            lacking += 1
            if m.responsible:
                b.problem_loc("external-only", m.loc, "/responsible", name=m.name)
            else:
                b.problem_loc("no-owner", m.loc, name=m.name)
    for u in carriers.values():
        b.ev("law.ev.carrier", u.loc, name=u.name)
    sections = _section_evidence(b, "division")
    if not plan.measures:
        if sections:
            return b.done("partial", "law.todo.division")
        b.problem("no-measures", "/measures")
        return b.done("missing", "law.todo.division")
    if len(carriers) < 2:
        b.problem("single", "/measures", count=len(carriers))
    if not carriers:
        return b.done("missing", "law.todo.division")
    if lacking or len(carriers) < 2:
        return b.done("partial", "law.todo.division")
    return b.done("met")


def assess_collaboration(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-COLLABORATION")
    plan = b.plan
    found = False
    for a in plan.arenas:
        n = sum(1 for p in a.participants if is_municipal(plan.unit(p)))
        if n >= 2:
            found = True
            b.ev("law.ev.arena", a.loc, name=a.name, count=n)
    for g in plan.agreements:
        n = sum(1 for p in g.parties if is_municipal(plan.unit(p)))
        if n >= 2:
            found = True
            b.ev("law.ev.agreement", g.loc, name=g.title, count=n)
    for pw in plan.pathways:
        b.ev("law.ev.pathway", pw.loc, name=pw.title)
    sections = _section_evidence(b, "collaboration")
    if found:
        return b.done("met")
    if plan.arenas or plan.agreements:
        for a in plan.arenas:
            b.problem_loc("few-municipal", a.loc, "/participants", name=a.name)
        for g in plan.agreements:
            b.problem_loc("few-municipal", g.loc, "/parties", name=g.title)
        return b.done("partial", "law.todo.collaboration")
    if sections or plan.pathways:
        b.problem("text-only", "/arenas")
        return b.done("partial", "law.todo.collaboration")
    b.problem("none", "/arenas")
    return b.done("missing", "law.todo.collaboration")


def lawful_body(body: str) -> bool:
    norm = " ".join(body.lower().split())
    return any(norm == b or norm.startswith(b + " ") for b in LAWFUL_BODIES)


def assess_adoption(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-ADOPTION")
    a = b.plan.info.adoption
    _section_evidence(b, "adoption")  # evidence only: sections cannot adopt a plan
    if not lawful_body(a.body):
        b.problem("body", "/plan/adoption/body", body=a.body)
        return b.done("missing", "law.todo.adoption-body")
    if a.status in PENDING_STATES:
        b.problem("pending", "/plan/adoption/status", state=Msg("adoption-state." + a.status))
        return b.done("pending", "law.todo.adoption-pending")
    if a.status == "unknown":
        b.problem("unknown", "/plan/adoption/status")
        return b.done("missing", "law.todo.adoption-unknown")
    if a.status == "repealed":
        b.problem("repealed", "/plan/adoption/status")
        return b.done("missing", "law.todo.adoption-unknown")
    b.ev("law.ev.adoption", a.loc, body=a.body, date=a.date or "-", case_ref=a.case_ref or "-")
    gaps = False
    if not a.date:
        b.problem("no-date", "/plan/adoption/date")
        gaps = True
    if not a.case_ref:
        b.problem("no-case-ref", "/plan/adoption/case_ref")
        gaps = True
    return b.done("partial" if gaps else "met", "law.todo.adoption-record")


@dataclass(frozen=True)
class Requirement:
    """One requirement of § 15-1: its rule and how a plan is assessed against it."""

    rule: Rule
    assess: Callable[[CheckContext], Assessment]


def requirement(
    rule_id: str,
    reference: str,
    assess: Callable[[CheckContext], Assessment],
    messages: tuple[str, ...],
    severities: Mapping[str, Severity] | None = None,
) -> Requirement:
    def check(ctx: CheckContext) -> Iterator[Problem]:
        if ctx.model is not None:
            yield from assess(ctx).problems

    rule = Rule(rule_id, "law", Severity.ERROR, reference, messages, check, True, severities or {})
    return Requirement(rule, assess)


# A mandate or a section-only description is a partial answer (warning); a pending adoption is reported for
# information.
REQUIREMENTS = (
    requirement("LAW-MEASURES", REF_FIRST, assess_measures, ("none",)),
    requirement(
        "LAW-GOALS", REF_SECOND, assess_goals, ("none", "text-only"), {"text-only": Severity.WARNING}
    ),
    requirement(
        "LAW-ORGANISATION",
        REF_SECOND,
        assess_organisation,
        ("none", "no-mandate"),
        {"no-mandate": Severity.WARNING},
    ),
    requirement(
        "LAW-DIVISION", REF_SECOND, assess_division, ("no-owner", "external-only", "no-measures", "single")
    ),
    requirement(
        "LAW-COLLABORATION",
        REF_SECOND,
        assess_collaboration,
        ("none", "text-only", "few-municipal"),
        {"text-only": Severity.WARNING, "few-municipal": Severity.WARNING},
    ),
    requirement(
        "LAW-ADOPTION",
        REF_SECOND,
        assess_adoption,
        ("body", "pending", "unknown", "repealed", "no-date", "no-case-ref"),
        {"pending": Severity.INFO},
    ),
)

RULES = tuple(r.rule for r in REQUIREMENTS)


def assess(ctx: CheckContext) -> list[Assessment]:
    return [r.assess(ctx) for r in REQUIREMENTS]
