"""Guidance rules (GUIDE-*): what good § 15-1 plans do beyond the letter of the law.

Each check is small and works on the model (`ctx.model`); dates are judged against `ctx.today`.
Seed-motivated quality checks live in planctl.check.rules.quality.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.check.findings import Severity
from planctl.check.registry import Check, CheckContext, Msg, Problem, Registry, Rule
from planctl.check.rules.law import covering, problem_at, problem_for
from planctl.model.types import Block, Include, Plan, Render, Statistic, strip_regional

LEVELS = ("universal", "selective", "indicated")
_COUNCIL_WORDS = re.compile(
    r"kommunestyre|tilstandsrapport|municipal council|state of the child", re.IGNORECASE
)

REFERENCES = {
    "GUIDE-LEVELS": (
        "KoRus: forebyggende plan, tiltak på tre forebyggingsnivåer (universelt, selektivt, indikert)"
    ),
    "GUIDE-GOAL-LINKS": "barnevernsloven § 15-1 andre ledd: «hva som er målene for arbeidet»",
    "GUIDE-KNOWLEDGE": "KoRus: forebyggende plan, kunnskap om risiko- og beskyttelsesfaktorer",
    "GUIDE-PARTICIPATION": "FNs barnekonvensjon artikkel 12 (barnets rett til å bli hørt)",
    "GUIDE-EVALUATION": "KoRus: forebyggende plan, hva kan styrkes (evaluering og rullering)",
    "GUIDE-COUNCIL-REPORT": "barnevernsloven § 15-3 femte ledd (årlig tilstandsrapport til kommunestyret)",
    "GUIDE-STATUS": "barnevernsloven § 15-1 andre ledd (organisering og fordeling av arbeidet)",
    "GUIDE-STATISTICS": "KoRus: forebyggende plan, kunnskapsgrunnlag; Bufdir kommunemonitor",
}


def _plan(ctx: CheckContext) -> Plan | None:
    return ctx.model


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, Include):
            yield from walk_blocks(block.blocks)


def renders(plan: Plan, what: str) -> Iterator[Render]:
    for section in plan.document.sections():
        for block in walk_blocks(section.blocks):
            if isinstance(block, Render) and block.what == what:
                yield block


def used_statistics(plan: Plan) -> list[Statistic]:
    """The plan's own statistics plus the regional tables its document renders."""
    out = list(plan.statistics)
    seen = {s.id for s in out}
    for render in renders(plan, "statistics"):
        for ref in render.ids or ():
            stat = plan.statistic(ref)
            if stat is not None and stat.id not in seen and stat.origin == "regional":
                seen.add(stat.id)
                out.append(stat)
    return out


# ---- checks ----------------------------------------------------------------------------------------


def check_levels(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None or not plan.measures:
        return
    present = {level for m in plan.measures for level in m.levels}
    if not present:
        yield problem_at(ctx, "GUIDE-LEVELS", "guide.levels.none", "/measures")
        return
    missing = [level for level in LEVELS if level not in present]
    for level in missing:
        yield problem_at(
            ctx, "GUIDE-LEVELS", "guide.levels.missing", "/measures", level=Msg("level." + level)
        )


def check_goal_links(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None or not plan.goals or not plan.measures:
        return
    linked = {strip_regional(g) for m in plan.measures for g in m.goals}
    if not linked:
        yield problem_at(ctx, "GUIDE-GOAL-LINKS", "guide.goal-links.none", "/measures")
        return
    subs = [g for g in plan.goals if g.kind == "sub"] or list(plan.goals)
    for goal in subs:
        if goal.id not in linked:
            yield problem_for(ctx, "GUIDE-GOAL-LINKS", "guide.goal-links.goal", goal.loc, id=goal.id)
    for m in plan.measures:
        if not m.goals:
            yield problem_for(ctx, "GUIDE-GOAL-LINKS", "guide.goal-links.measure", m.loc, name=m.name)


def check_knowledge(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    if not used_statistics(plan) and not covering(plan, "knowledge"):
        yield problem_at(ctx, "GUIDE-KNOWLEDGE", "guide.knowledge.none", "/statistics")


def check_participation(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    if not covering(plan, "participation"):
        yield problem_at(ctx, "GUIDE-PARTICIPATION", "guide.participation.none", "/document")


def review_passed(value: str, today_iso: str) -> bool:
    """next_review (YYYY, YYYY-MM or YYYY-MM-DD) lies before today (compared at its own precision)."""
    return value < today_iso[: len(value)]


def check_evaluation(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    revision = plan.info.revision
    if revision is None or not revision.next_review:
        yield problem_at(ctx, "GUIDE-EVALUATION", "guide.evaluation.no-review", "/plan/revision/next_review")
    elif review_passed(revision.next_review, ctx.today.isoformat()):
        yield problem_at(
            ctx,
            "GUIDE-EVALUATION",
            "guide.evaluation.review-passed",
            "/plan/revision/next_review",
            date=revision.next_review,
        )
    if not plan.measures:
        return
    without = [m for m in plan.measures if not (m.evaluation or "").strip()]
    if len(without) == len(plan.measures):
        yield problem_at(ctx, "GUIDE-EVALUATION", "guide.evaluation.no-measure", "/measures")
    else:
        for m in without:
            yield problem_for(ctx, "GUIDE-EVALUATION", "guide.evaluation.measure", m.loc, name=m.name)


def check_council_report(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    for item in plan.annual_wheel:
        if item.kind == "report" and _COUNCIL_WORDS.search(f"{item.title} {item.description or ''}"):
            return
    yield problem_at(ctx, "GUIDE-COUNCIL-REPORT", "guide.council-report.none", "/annual_wheel")


def check_status(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    for m in plan.measures:
        if m.status is None:
            yield problem_for(ctx, "GUIDE-STATUS", "guide.status.none", m.loc, name=m.name)
        elif m.status.state == "planned" and not m.due:
            yield problem_for(ctx, "GUIDE-STATUS", "guide.status.no-due", m.loc, "/status", name=m.name)


def check_statistics(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    for stat in used_statistics(plan):
        if stat.source is None or not (stat.source.name or stat.source.url):
            yield problem_for(
                ctx, "GUIDE-STATISTICS", "guide.statistics.no-source", stat.loc, title=stat.title or stat.id
            )
        if not stat.title:
            yield problem_for(ctx, "GUIDE-STATISTICS", "guide.statistics.untitled", stat.loc, id=stat.id)
    # design.md § 4: GUIDE-STATISTICS also covers "the same figure does not differ between tables".
    from planctl.check.rules.quality import check_stat_conflicts

    yield from check_stat_conflicts(ctx)


CHECKS: dict[str, Check] = {
    "GUIDE-LEVELS": check_levels,
    "GUIDE-GOAL-LINKS": check_goal_links,
    "GUIDE-KNOWLEDGE": check_knowledge,
    "GUIDE-PARTICIPATION": check_participation,
    "GUIDE-EVALUATION": check_evaluation,
    "GUIDE-COUNCIL-REPORT": check_council_report,
    "GUIDE-STATUS": check_status,
    "GUIDE-STATISTICS": check_statistics,
}


def register(reg: Registry) -> None:
    for rule_id, check in CHECKS.items():
        reg.add(Rule(rule_id, "guide", Severity.WARNING, REFERENCES[rule_id], check, needs_model=True))
