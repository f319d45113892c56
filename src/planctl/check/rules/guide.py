"""Guidance rules (GUIDE-*): what good § 15-1 plans do beyond the letter of the law.

Each check is small and works on the model (`ctx.model`); dates are judged against `ctx.today`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.check.findings import Severity
from planctl.check.problems import Msg, Problem
from planctl.check.registry import Check, CheckContext, Rule
from planctl.check.rules.queries import covering, used_statistics
from planctl.load.yamlsource import escape_pointer_token
from planctl.model.types import Plan, Statistic, strip_regional

LEVELS = ("universal", "selective", "indicated")
_COUNCIL_WORDS = re.compile(
    r"kommunestyre|tilstandsrapport|municipal council|state of the child", re.IGNORECASE
)


def _plan(ctx: CheckContext) -> Plan | None:
    return ctx.model


# ---- checks ----------------------------------------------------------------------------------------


def check_levels(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None or not plan.measures:
        return
    present = {level for m in plan.measures for level in m.levels}
    if not present:
        yield Problem("GUIDE-LEVELS", "none", pointer="/measures")
        return
    missing = [level for level in LEVELS if level not in present]
    for level in missing:
        yield Problem("GUIDE-LEVELS", "missing", {"level": Msg("level." + level)}, "/measures")


def check_goal_links(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None or not plan.goals or not plan.measures:
        return
    linked = {strip_regional(g) for m in plan.measures for g in m.goals}
    if not linked:
        yield Problem("GUIDE-GOAL-LINKS", "none", pointer="/measures")
        return
    subs = [g for g in plan.goals if g.kind == "sub"] or list(plan.goals)
    for goal in subs:
        if goal.id not in linked:
            yield Problem("GUIDE-GOAL-LINKS", "goal", {"id": goal.id}, loc=goal.loc)
    for m in plan.measures:
        if not m.goals:
            yield Problem("GUIDE-GOAL-LINKS", "measure", {"name": m.name}, loc=m.loc)


def check_knowledge(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    if not used_statistics(plan) and not covering(plan, "knowledge"):
        yield Problem("GUIDE-KNOWLEDGE", "none", pointer="/statistics")


def check_participation(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    if not covering(plan, "participation"):
        yield Problem("GUIDE-PARTICIPATION", "none", pointer="/document")


def review_passed(value: str, today_iso: str) -> bool:
    """next_review (YYYY, YYYY-MM or YYYY-MM-DD) lies before today (compared at its own precision)."""
    return value < today_iso[: len(value)]


def check_evaluation(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    revision = plan.info.revision
    if revision is None or not revision.next_review:
        yield Problem("GUIDE-EVALUATION", "no-review", pointer="/plan/revision/next_review")
    elif review_passed(revision.next_review, ctx.today.isoformat()):
        yield Problem(
            "GUIDE-EVALUATION", "review-passed", {"date": revision.next_review}, "/plan/revision/next_review"
        )
    if not plan.measures:
        return
    without = [m for m in plan.measures if not (m.evaluation or "").strip()]
    if len(without) == len(plan.measures):
        yield Problem("GUIDE-EVALUATION", "no-measure", pointer="/measures")
    else:
        for m in without:
            yield Problem("GUIDE-EVALUATION", "measure", {"name": m.name}, loc=m.loc)


def check_council_report(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    for item in plan.annual_wheel:
        if item.kind == "report" and _COUNCIL_WORDS.search(f"{item.title} {item.description or ''}"):
            return
    yield Problem("GUIDE-COUNCIL-REPORT", "none", pointer="/annual_wheel")


def check_status(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    for m in plan.measures:
        if m.status is None:
            yield Problem("GUIDE-STATUS", "none", {"name": m.name}, loc=m.loc)
        elif m.status.state == "planned" and not m.due:
            yield Problem("GUIDE-STATUS", "no-due", {"name": m.name}, "/status", loc=m.loc)


def check_statistics(ctx: CheckContext) -> Iterator[Problem]:
    plan = _plan(ctx)
    if plan is None:
        return
    for stat in used_statistics(plan):
        if stat.source is None or not (stat.source.name or stat.source.url):
            yield Problem("GUIDE-STATISTICS", "no-source", {"title": stat.title or stat.id}, loc=stat.loc)
        if not stat.title:
            yield Problem("GUIDE-STATISTICS", "untitled", {"id": stat.id}, loc=stat.loc)
    # design.md § 4: GUIDE-STATISTICS also covers "the same figure does not differ between tables".
    yield from _stat_conflicts(plan)


_ABBREVIATIONS = ((re.compile(r"\bi\s+fht\b|\bift\b|\bi\s+forhold\s+til\b"), " ift "),)
_FILLER = {"antall", "av", "med", "i", "til", "for", "the", "of", "number"}


def indicator_key(stat: Statistic) -> tuple[str, ...] | None:
    if not stat.title:
        return None
    title = stat.title.lower()
    for pattern, replacement in _ABBREVIATIONS:
        title = pattern.sub(replacement, title)
    words = re.findall(r"[\wæøå]+(?:-[\wæøå]+)*", title)
    return (stat.unit or "", *sorted(set(words) - _FILLER))


def _stat_conflicts(plan: Plan) -> Iterator[Problem]:
    seen: dict[tuple[tuple[str, ...], str, str], tuple[float, Statistic]] = {}
    for stat in plan.all_statistics():
        key = indicator_key(stat)
        if key is None:
            continue
        for entity, values in stat.series:
            for period, value in zip(stat.periods, values, strict=False):
                if value is None:
                    continue
                cell = (key, entity.strip().lower(), period.strip())
                first = seen.get(cell)
                if first is None:
                    seen[cell] = (value, stat)
                elif first[1].id != stat.id and abs(first[0] - value) > 1e-9:
                    params = {
                        "entity": entity,
                        "period": period,
                        "value": _num(value),
                        "other": _num(first[0]),
                        "other_id": first[1].id,
                    }
                    suffix = f"/series/{escape_pointer_token(entity)}"
                    yield Problem("GUIDE-STATISTICS", "conflict", params, suffix, loc=stat.loc)


def _num(value: float) -> str:
    return (f"{value:g}").replace(".", ",")


def _rule(rule_id: str, reference: str, messages: tuple[str, ...], check: Check) -> Rule:
    return Rule(rule_id, "guide", Severity.WARNING, reference, messages, check, needs_model=True)


RULES = (
    _rule(
        "GUIDE-LEVELS",
        "KoRus: forebyggende plan, tiltak på tre forebyggingsnivåer (universelt, selektivt, indikert)",
        ("none", "missing"),
        check_levels,
    ),
    _rule(
        "GUIDE-GOAL-LINKS",
        "barnevernsloven § 15-1 andre ledd: «hva som er målene for arbeidet»",
        ("none", "goal", "measure"),
        check_goal_links,
    ),
    _rule(
        "GUIDE-KNOWLEDGE",
        "KoRus: forebyggende plan, kunnskap om risiko- og beskyttelsesfaktorer",
        ("none",),
        check_knowledge,
    ),
    _rule(
        "GUIDE-PARTICIPATION",
        "FNs barnekonvensjon artikkel 12 (barnets rett til å bli hørt)",
        ("none",),
        check_participation,
    ),
    _rule(
        "GUIDE-EVALUATION",
        "KoRus: forebyggende plan, hva kan styrkes (evaluering og rullering)",
        ("no-review", "review-passed", "no-measure", "measure"),
        check_evaluation,
    ),
    _rule(
        "GUIDE-COUNCIL-REPORT",
        "barnevernsloven § 15-3 femte ledd (årlig tilstandsrapport til kommunestyret)",
        ("none",),
        check_council_report,
    ),
    _rule(
        "GUIDE-STATUS",
        "barnevernsloven § 15-1 andre ledd (organisering og fordeling av arbeidet)",
        ("none", "no-due"),
        check_status,
    ),
    _rule(
        "GUIDE-STATISTICS",
        "KoRus: forebyggende plan, kunnskapsgrunnlag; Bufdir kommunemonitor",
        ("no-source", "untitled", "conflict"),
        check_statistics,
    ),
)
