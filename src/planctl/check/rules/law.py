"""Legal rules: the six requirements of barnevernsloven § 15-1.

Each requirement is assessed once (`assess`): a status (met / partial / missing / pending), the evidence
found in the plan (what satisfies it, with its location) and the problems. The rule check yields the
problems; the compliance report (planctl.check.compliance) uses the whole assessment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from planctl.check.findings import Severity
from planctl.check.registry import CheckContext, Msg, Problem, Registry, Rule
from planctl.model.types import Loc, Plan, Section, Unit

REF_FIRST = "barnevernsloven § 15-1 første ledd"
REF_SECOND = "barnevernsloven § 15-1 andre ledd"

LAW_RULES = (
    "LAW-MEASURES",
    "LAW-GOALS",
    "LAW-ORGANISATION",
    "LAW-DIVISION",
    "LAW-COLLABORATION",
    "LAW-ADOPTION",
)
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

    def problem(self, key: str, pointer: str, **params: Any) -> None:
        self._add(problem_at(self.ctx, self.rule, key, pointer, "plan", **params))

    def problem_loc(self, key: str, loc: Loc, suffix: str = "", **params: Any) -> None:
        self._add(problem_for(self.ctx, self.rule, key, loc, suffix, **params))

    def _add(self, problem: Problem) -> None:
        severity = PROBLEM_SEVERITY.get(problem.key)
        self.problems.append(replace(problem, severity=severity) if severity is not None else problem)

    def done(self, status: str, todo: str | None = None) -> Assessment:
        return Assessment(
            self.rule, status, tuple(self.evidence), tuple(self.problems), todo if status != "met" else None
        )


# ---- location helpers (shared with the guidance rules) -----------------------------------------------


def problem_at(
    ctx: CheckContext, rule: str, key: str, pointer: str, target: str = "plan", **params: Any
) -> Problem:
    """A problem at pointer; where the pointer does not exist (a missing key), at its nearest ancestor."""
    doc = ctx.sources.plan if target == "plan" else ctx.sources.regional
    pos = None
    if doc is not None:
        p = pointer
        while pos is None:
            pos = doc.source_map.value(p)
            if not p:
                break
            p = p.rsplit("/", 1)[0]
    line, column = pos if pos is not None else (None, None)
    return Problem(
        rule,
        key,
        params,
        pointer,
        target,  # type: ignore[arg-type]
        file=doc.display if doc is not None else None,
        line=line,
        column=column,
    )


def problem_for(ctx: CheckContext, rule: str, key: str, loc: Loc, suffix: str = "", **params: Any) -> Problem:
    """A problem at a model object's location (plan or regional file), optionally at a child pointer."""
    target = "plan" if loc.file == ctx.sources.plan.display else "regional"
    if suffix:
        return problem_at(ctx, rule, key, loc.pointer + suffix, target, **params)
    return Problem(
        rule,
        key,
        params,
        loc.pointer,
        target,  # type: ignore[arg-type]
        file=loc.file,
        line=loc.line,
        column=loc.column,
    )


def covering(plan: Plan, topic: str) -> list[Section]:
    return [s for s in plan.document.sections() if topic in s.covers]


def is_municipal(unit: Unit | None) -> bool:
    return unit is not None and unit.municipal and unit.kind != "external"


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
    b.problem("law.measures.none", "/measures")
    return b.done("missing", "law.todo.measures")


def assess_goals(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-GOALS")
    for g in b.plan.goals:
        b.ev("law.ev.goal", g.loc, text=g.text)
    sections = _section_evidence(b, "goals")
    if b.plan.goals:
        return b.done("met")
    if sections:
        b.problem_loc("law.goals.text-only", sections[0].loc)
        return b.done("partial", "law.todo.goals")
    b.problem("law.goals.none", "/goals")
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
            b.problem_loc("law.organisation.no-mandate", u.loc, name=u.name)
        return b.done("partial", "law.todo.organisation")
    b.problem("law.organisation.none", "/units")
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
                b.problem_loc("law.division.external-only", m.loc, "/responsible", name=m.name)
            else:
                b.problem_loc("law.division.no-owner", m.loc, name=m.name)
    for u in carriers.values():
        b.ev("law.ev.carrier", u.loc, name=u.name)
    sections = _section_evidence(b, "division")
    if not plan.measures:
        if sections:
            return b.done("partial", "law.todo.division")
        b.problem("law.division.no-measures", "/measures")
        return b.done("missing", "law.todo.division")
    if len(carriers) < 2:
        b.problem("law.division.single", "/measures", count=len(carriers))
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
            b.problem_loc("law.collaboration.few-municipal", a.loc, "/participants", name=a.name)
        for g in plan.agreements:
            b.problem_loc("law.collaboration.few-municipal", g.loc, "/parties", name=g.title)
        return b.done("partial", "law.todo.collaboration")
    if sections or plan.pathways:
        b.problem("law.collaboration.text-only", "/arenas")
        return b.done("partial", "law.todo.collaboration")
    b.problem("law.collaboration.none", "/arenas")
    return b.done("missing", "law.todo.collaboration")


def lawful_body(body: str) -> bool:
    norm = " ".join(body.lower().split())
    return any(norm == b or norm.startswith(b + " ") for b in LAWFUL_BODIES)


def assess_adoption(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-ADOPTION")
    a = b.plan.info.adoption
    sections = _section_evidence(b, "adoption")
    if not lawful_body(a.body):
        b.problem("law.adoption.body", "/plan/adoption/body", body=a.body)
        return b.done("missing", "law.todo.adoption-body")
    if a.status in PENDING_STATES:
        b.problem("law.adoption.pending", "/plan/adoption/status", state=Msg("adoption-state." + a.status))
        return b.done("pending", "law.todo.adoption-pending")
    if a.status == "unknown":
        b.problem("law.adoption.unknown", "/plan/adoption/status")
        return b.done("missing", "law.todo.adoption-unknown")
    if a.status == "repealed":
        b.problem("law.adoption.repealed", "/plan/adoption/status")
        return b.done("missing", "law.todo.adoption-unknown")
    b.ev("law.ev.adoption", a.loc, body=a.body, date=a.date or "-", case_ref=a.case_ref or "-")
    del sections
    gaps = False
    if not a.date:
        b.problem("law.adoption.no-date", "/plan/adoption/date")
        gaps = True
    if not a.case_ref:
        b.problem("law.adoption.no-case-ref", "/plan/adoption/case_ref")
        gaps = True
    return b.done("partial" if gaps else "met", "law.todo.adoption-record")


ASSESSORS: dict[str, Callable[[CheckContext], Assessment]] = {
    "LAW-MEASURES": assess_measures,
    "LAW-GOALS": assess_goals,
    "LAW-ORGANISATION": assess_organisation,
    "LAW-DIVISION": assess_division,
    "LAW-COLLABORATION": assess_collaboration,
    "LAW-ADOPTION": assess_adoption,
}

# Severity of each problem key (the rule's own severity applies unless listed here): a pending adoption is
# reported for information; a mandate or a section-only description is a partial answer (warning).
PROBLEM_SEVERITY: dict[str, Severity] = {
    "law.adoption.pending": Severity.INFO,
    "law.organisation.no-mandate": Severity.WARNING,
    "law.goals.text-only": Severity.WARNING,
    "law.collaboration.text-only": Severity.WARNING,
    "law.collaboration.few-municipal": Severity.WARNING,
}


def assess(ctx: CheckContext) -> list[Assessment]:
    return [ASSESSORS[rule](ctx) for rule in LAW_RULES]


def _check(rule: str) -> Callable[[CheckContext], Iterator[Problem]]:
    def check(ctx: CheckContext) -> Iterator[Problem]:
        if ctx.model is not None:
            yield from ASSESSORS[rule](ctx).problems

    check.__name__ = "check_" + rule.lower().replace("-", "_")
    return check


def register(reg: Registry) -> None:
    for rule in LAW_RULES:
        reference = REF_FIRST if rule == "LAW-MEASURES" else REF_SECOND
        reg.add(Rule(rule, "law", Severity.ERROR, reference, _check(rule), needs_model=True))
