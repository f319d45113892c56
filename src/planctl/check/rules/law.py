"""Legal rules: the requirements of barnevernsloven § 15-1 (and the coordination duty of § 15-8).

Each requirement is assessed once (`assess`): a status, the evidence that counted (and what did not, with
why), and the problems. The rule check yields the problems; the compliance report
(planctl.check.compliance) uses the whole assessment.

Substance, not tags: a requirement is met by structured evidence (units with a mandate and members, measures
owned by services, arenas and agreements between services). Prose in a section that `covers:` the topic is a
partial answer when it names at least two of the plan's services in statements; a tag over prose that names
fewer, or says only what should be considered, is no answer. Statuses: met, partial, missing, pending
(a draft awaiting adoption) and undocumented (the record does not say whether the council adopted it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from typing import Any

from planctl.check.citations import Law
from planctl.check.findings import Severity
from planctl.check.problems import Msg, Problem
from planctl.check.registry import CheckContext, Rule
from planctl.check.rules.queries import (
    ORGANISING_KINDS,
    Prose,
    after,
    is_conditional,
    is_municipal,
    is_service,
    member_services,
    prose,
    section_sentences,
    units_in_use,
    why_not_service,
)
from planctl.model.types import Loc, Plan, Unit
from planctl.records import record

FIRST = Law("bvl", "15-1", 1)
SECOND = Law("bvl", "15-1", 2)
COORDINATION = Law("bvl", "15-8", 2)

PENDING_STATES = ("draft", "consultation", "submitted")


@record(frozen=True)
class Evidence:
    """One thing in the plan the assessment looked at: what counted (`counts`), or what did not and why."""

    key: str  # message key describing it
    params: dict[str, Any]
    loc: Loc
    counts: bool = True


@record(frozen=True)
class Assessment:
    rule: str
    status: str  # met | partial | missing | pending | undocumented
    evidence: tuple[Evidence, ...] = ()
    problems: tuple[Problem, ...] = ()
    todo: str | None = None  # message key: what to do where it falls short


@record
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

    def not_counted(self, key: str, loc: Loc, **params: Any) -> None:
        self.evidence.append(Evidence(key, params, loc, counts=False))

    def problem(self, message: str, pointer: str, **params: Any) -> None:
        self.problems.append(Problem(self.rule, message, params, pointer))

    def problem_loc(self, message: str, loc: Loc, suffix: str = "", **params: Any) -> None:
        self.problems.append(Problem(self.rule, message, params, suffix, loc=loc))

    def done(self, status: str, todo: str | None = None) -> Assessment:
        return Assessment(
            self.rule, status, tuple(self.evidence), tuple(self.problems), todo if status != "met" else None
        )


def _names(units: list[Unit]) -> str:
    return ", ".join(f"«{u.name}»" for u in units)


def _prose_verdict(b: _Builder, p: Prose, topic: str, todo: str, what: Msg, none_at: str) -> Assessment:
    """The verdict where structured evidence is missing: prose naming two services is partial (warning:
    encode it); a tagged section naming fewer, or only conditional wording, is missing (error); no section
    at all is missing (error at `none_at`)."""
    for s in p.sections:
        b.ev("law.ev.section", s.loc, title=s.title, topic=topic)
    named = list(p.named.values())
    for unit, loc in named:
        b.ev("law.ev.named", loc, name=unit.name)
    if len(named) >= 2:
        b.problem_loc("text-only", p.sections[0].loc, names=_names([u for u, _ in named]), what=what)
        return b.done("partial", todo)
    if p.sections:
        for unit, loc in p.conditional.values():
            b.not_counted("law.ev.conditional", loc, name=unit.name)
        if p.only_conditional or (p.conditional and len(named) + len(p.conditional) >= 2):
            b.problem_loc("conditional", p.sections[0].loc, title=p.sections[0].title)
        else:
            b.problem_loc("few-services", p.sections[0].loc, title=p.sections[0].title, count=len(named))
        return b.done("missing", todo)
    b.problem("none", none_at)
    return b.done("missing", todo)


# ---- the requirements --------------------------------------------------------------------------------


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
    sections = [s for s in b.plan.document.sections() if "goals" in s.covers]
    for s in sections:
        b.ev("law.ev.section", s.loc, title=s.title, topic="goals")
    if b.plan.goals:
        return b.done("met")
    if sections:
        b.problem_loc("text-only", sections[0].loc)
        return b.done("partial", "law.todo.goals")
    b.problem("none", "/goals")
    return b.done("missing", "law.todo.goals")


def assess_organisation(ctx: CheckContext) -> Assessment:
    """Met by municipal teams, networks or leader groups with a mandate and members; one with only one of
    the two is a partial answer; else the prose of the sections covering organisation decides."""
    b = _Builder(ctx, "LAW-ORGANISATION")
    organising = [u for u in units_in_use(b.plan) if u.kind in ORGANISING_KINDS and is_municipal(u)]
    whole = [u for u in organising if u.mandate and u.members]
    half = [u for u in organising if bool(u.mandate) != bool(u.members)]
    for u in whole:
        b.ev("law.ev.unit-mandate", u.loc, name=u.name, members=len(u.members))
    # A unit with only a mandate or only members is a gap a reviewer names, whatever the verdict.
    for u in half:
        b.not_counted("law.ev.unit-half", u.loc, name=u.name)
        b.problem_loc("no-members" if u.mandate else "no-mandate", u.loc, name=u.name)
    if whole:
        for s in (s for s in b.plan.document.sections() if "organisation" in s.covers):
            b.ev("law.ev.section", s.loc, title=s.title, topic="organisation")
        return b.done("met")
    p = prose(b.plan, "organisation")
    if half:
        for s in p.sections:
            b.ev("law.ev.section", s.loc, title=s.title, topic="organisation")
        return b.done("partial", "law.todo.organisation")
    return _prose_verdict(
        b, p, "organisation", "law.todo.organisation", Msg("law.what.organisation"), "/units"
    )


def assess_division(ctx: CheckContext) -> Assessment:
    """Met when measures are owned by at least two of the municipality's services. Owners that are not
    services (roles, catch-alls, teams, projects, external bodies) are shown as not counting; a measure
    owned only by externals or catch-alls is OWNER-EXTERNAL / OWNER-VAGUE, not an error on the law."""
    b = _Builder(ctx, "LAW-DIVISION")
    plan = b.plan
    carriers: dict[str, tuple[Unit, int]] = {}
    others: dict[str, tuple[Unit, int]] = {}
    for m in plan.measures:
        units = [u for u in (plan.unit(r) for r in m.responsible) if u is not None]
        for u in units:
            bucket = carriers if is_service(u) else others
            unit, count = bucket.get(u.id, (u, 0))
            bucket[u.id] = (unit, count + 1)
        if not m.responsible:
            b.problem_loc("no-owner", m.loc, name=m.name)
    for u, count in carriers.values():
        b.ev("law.ev.carrier", u.loc, name=u.name, count=count)
    for u, _count in others.values():
        b.not_counted("law.ev.not-service", u.loc, name=u.name, why=Msg("law.why." + why_not_service(u)))
    if len(carriers) >= 2:
        return b.done("met")
    if not plan.measures:
        b.problem("no-measures", "/measures")
        return b.done("missing", "law.todo.division")
    p = prose(plan, "division")
    if not p.sections:
        b.problem("single", "/measures", count=len(carriers))
        return b.done("missing", "law.todo.division")
    return _prose_verdict(b, p, "division", "law.todo.division", Msg("law.what.division"), "/measures")


def _arena_services(plan: Plan, ids: tuple[str, ...]) -> list[Unit]:
    out: list[Unit] = []
    for ref in ids:
        for service in member_services(plan, plan.unit(ref)):
            if service not in out:
                out.append(service)
    return out


def assess_collaboration(ctx: CheckContext) -> Assessment:
    """Met by an arena or agreement between at least two of the municipality's services (a team among the
    participants stands for its member services); else the prose of the sections covering collaboration."""
    b = _Builder(ctx, "LAW-COLLABORATION")
    plan = b.plan
    found = False
    for a in plan.arenas:
        services = _arena_services(plan, a.participants)
        if len(services) >= 2:
            found = True
            b.ev("law.ev.arena", a.loc, name=a.name, count=len(services))
        else:
            b.not_counted("law.ev.arena-few", a.loc, name=a.name, count=len(services))
            b.problem_loc("few-municipal", a.loc, "/participants", name=a.name)
    for g in plan.agreements:
        services = _arena_services(plan, g.parties)
        if len(services) >= 2:
            found = True
            b.ev("law.ev.agreement", g.loc, name=g.title, count=len(services))
        else:
            b.not_counted("law.ev.agreement-few", g.loc, name=g.title, count=len(services))
            b.problem_loc("few-municipal", g.loc, "/parties", name=g.title)
    if found:
        b.problems = [p for p in b.problems if p.message != "few-municipal"]
        for pw in plan.pathways:
            b.ev("law.ev.pathway", pw.loc, name=pw.title)
        return b.done("met")
    p = prose(plan, "collaboration")
    return _prose_verdict(
        b, p, "collaboration", "law.todo.collaboration", Msg("law.what.collaboration"), "/arenas"
    )


_COORDINATOR_NAME = re.compile(r"koordinator|koordinerende|samordn|coordinat", re.IGNORECASE)
_COORDINATES = re.compile(r"samordn|koordiner|coordinat", re.IGNORECASE)


def assess_coordination(ctx: CheckContext) -> Assessment:
    """§ 15-1 første ledd: the municipality coordinates its services to children and families; § 15-8: where
    needed it decides which body coordinates, and a barnekoordinator coordinates where one is appointed.
    Met by a municipal body or role that coordinates: a coordinator by name (barnekoordinator, koordinerende
    enhet) or one whose mandate says it coordinates; partial when only prose in the sections on organisation
    or collaboration says who coordinates."""
    b = _Builder(ctx, "LAW-COORDINATION")
    plan = b.plan
    for u in units_in_use(plan):
        if not is_municipal(u):
            continue
        if any(_COORDINATOR_NAME.search(n) for n in (u.name, *u.aliases)):
            b.ev("law.ev.coordinator", u.loc, name=u.name)
        elif u.mandate and _COORDINATES.search(u.mandate):
            b.ev("law.ev.coordinating-mandate", u.loc, name=u.name)
    if b.evidence:
        return b.done("met")
    sections = [s for s in plan.document.sections() if {"organisation", "collaboration"} & set(s.covers)]
    for s in sections:
        for sentence in section_sentences(s):
            if _COORDINATES.search(sentence.text) and not is_conditional(sentence.text):
                b.ev("law.ev.coordination-text", sentence.loc, title=s.title)
                b.problem_loc("text-only", sentence.loc)
                return b.done("partial", "law.todo.coordination")
    b.problem("none", "/units")
    return b.done("missing", "law.todo.coordination")


# The municipal council by any of its names: «kommunestyret», «bystyret» (a town's kommunestyre may call
# itself bystyre), «Fjellbygd kommunestyre», «kommunestyret i Fjellbygd»; nynorsk has the same forms;
# English "municipal council", "city council". No other body may adopt the plan (§ 15-1 andre ledd:
# «Kommunestyret selv»), so formannskap, utvalg, rådmann or kommunedirektør are unlawful.
_COUNCIL = re.compile(
    r"^(?:(?P<name>[\w.\- ]+?)\s+)?(?:kommunestyre|bystyre)t?(?:\s+i\s+[\w.\- ]+)?$"
    r"|^(?:the\s+)?(?:[\w.\- ]+?\s+)?(?:municipal|city|town)\s+council(?:\s+of\s+[\w.\- ]+)?$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"formannskap|utval|utvalg|komit|styre|råd|direktør|administrasjon|ordfør|executive|committee|board",
    re.IGNORECASE,
)


def lawful_body(body: str) -> bool:
    norm = " ".join(body.split())
    m = _COUNCIL.match(norm)
    if m is None:
        return False
    name = m.group("name") or ""
    return not _NOT_A_NAME.search(name)


def assess_adoption(ctx: CheckContext) -> Assessment:
    b = _Builder(ctx, "LAW-ADOPTION")
    a = b.plan.info.adoption
    for s in (s for s in b.plan.document.sections() if "adoption" in s.covers):
        b.ev("law.ev.section", s.loc, title=s.title, topic="adoption")
    if not lawful_body(a.body):
        b.problem("body", "/plan/adoption/body", body=a.body)
        return b.done("missing", "law.todo.adoption-body")
    if a.status in PENDING_STATES:
        b.problem("pending", "/plan/adoption/status", state=Msg("adoption-state." + a.status))
        return b.done("pending", "law.todo.adoption-pending")
    if a.status == "unknown":
        b.problem("unknown", "/plan/adoption/status")
        return b.done("undocumented", "law.todo.adoption-unknown")
    if a.status == "repealed":
        b.problem("repealed", "/plan/adoption/status")
        return b.done("missing", "law.todo.adoption-repealed")
    b.ev("law.ev.adoption", a.loc, body=a.body, date=a.date or "-", case_ref=a.case_ref or "-")
    today = ctx.today.isoformat()
    if a.date and after(a.date, today):
        b.problem("future", "/plan/adoption/date", date=a.date, today=today)
        return b.done("partial", "law.todo.adoption-future")
    if not a.case_ref:
        b.problem("no-case-ref", "/plan/adoption/case_ref")
    if not a.date:
        b.problem("no-date", "/plan/adoption/date")
        return b.done("partial", "law.todo.adoption-record")
    return Assessment(
        b.rule,
        "met",
        tuple(b.evidence),
        tuple(b.problems),
        "law.todo.adoption-record" if b.problems else None,
    )


@record(frozen=True)
class Requirement:
    """One legal requirement: its rule and how a plan is assessed against it."""

    rule: Rule
    assess: Callable[[CheckContext], Assessment]


def requirement(
    rule_id: str,
    reference: tuple[Law, ...],
    assess: Callable[[CheckContext], Assessment],
    messages: tuple[str, ...],
    severities: Mapping[str, Severity] | None = None,
    severity: Severity = Severity.ERROR,
) -> Requirement:
    def check(ctx: CheckContext) -> Iterator[Problem]:
        if ctx.model is not None:
            yield from assess(ctx).problems

    rule = Rule(rule_id, "law", severity, reference, messages, check, True, severities or {}, "law")
    return Requirement(rule, assess)


_W = Severity.WARNING
_PROSE = ("none", "text-only", "few-services", "conditional")

# Prose that names two services, a unit with only a mandate or only members, an arena between fewer than
# two services and a missing case number are partial answers or gaps in the record (warnings); a pending
# adoption is reported for information.
REQUIREMENTS = (
    requirement("LAW-MEASURES", (FIRST,), assess_measures, ("none",)),
    requirement("LAW-GOALS", (SECOND,), assess_goals, ("none", "text-only"), {"text-only": _W}),
    requirement(
        "LAW-ORGANISATION",
        (SECOND,),
        assess_organisation,
        (*_PROSE, "no-mandate", "no-members"),
        {"text-only": _W, "no-mandate": _W, "no-members": _W},
    ),
    requirement(
        "LAW-DIVISION",
        (SECOND,),
        assess_division,
        (*_PROSE, "no-owner", "no-measures", "single"),
        {"text-only": _W, "no-owner": _W},
    ),
    requirement(
        "LAW-COLLABORATION",
        (SECOND,),
        assess_collaboration,
        (*_PROSE, "few-municipal"),
        {"text-only": _W, "few-municipal": _W},
    ),
    requirement(
        "LAW-COORDINATION",
        (FIRST, COORDINATION),
        assess_coordination,
        ("none", "text-only"),
        severity=Severity.WARNING,
    ),
    requirement(
        "LAW-ADOPTION",
        (SECOND,),
        assess_adoption,
        ("body", "pending", "unknown", "repealed", "future", "no-date", "no-case-ref"),
        {"pending": Severity.INFO, "no-date": _W, "no-case-ref": _W},
    ),
)

RULES = tuple(r.rule for r in REQUIREMENTS)


def assess(ctx: CheckContext) -> list[Assessment]:
    return [r.assess(ctx) for r in REQUIREMENTS]
