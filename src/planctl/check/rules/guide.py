"""Guidance rules (GUIDE-*): what good § 15-1 plans do beyond the letter of the law.

Each check is small and works on the model (`ctx.model`). Most follow a guidance document (basis
`guidance`, citing it, never the law); GUIDE-GOAL-LINKS, GUIDE-STATUS and GUIDE-STATISTICS are about the
quality of the record and cite nothing (basis `quality`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.check.citations import (
    BUFDIR_PREVENTION,
    BUFDIR_STATE_REPORT,
    FOREBYGGING_NO_LEVELS,
    KMD_CHILDREN_IN_PLANNING,
    Basis,
    Guidance,
)
from planctl.check.findings import Severity
from planctl.check.problems import Msg, Problem
from planctl.check.registry import Check, CheckContext, Rule
from planctl.check.rules.queries import covering, printed_statistics, used_statistics
from planctl.load.yamlsource import escape_pointer_token
from planctl.model.types import Plan, Statistic, strip_regional

LEVELS = ("universal", "selective", "indicated")
# The annual report of § 15-3 femte ledd is on the state of the child-welfare *service* (tilstandsrapport),
# not the prevention plan: «present the plan to the council» is not it.
_STATE_REPORT = re.compile(
    r"tilstandsrapport|tilstanden\s+i\s+barnevern|redegjørelse\s+om\s+tilstanden|utgreiing\s+om\s+tilstanden"
    r"|state\s+of\s+the\s+child[- ]welfare",
    re.IGNORECASE,
)
_COUNCIL = re.compile(r"kommunestyre|bystyre|municipal council|city council", re.IGNORECASE)
# A table's own words that name where its figures come from.
_SOURCE_NAMED = re.compile(
    r"\bkilde|\bkjelde|\bsource\b|kommunemonitor|\bSSB\b|statistisk sentralbyrå|\bKOSTRA\b|\bBufdir"
    r"|\bUngdata\b|folkehelseprofil|folkehelseinstitutt|\bFHI\b|\bUdir\b|skoleporten|\bNAV\b",
    re.IGNORECASE,
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


def check_evaluation(ctx: CheckContext) -> Iterator[Problem]:
    """A next review date, and measures that say how they are evaluated. A review date that has passed is
    REVIEW-OVERDUE's."""
    plan = _plan(ctx)
    if plan is None:
        return
    revision = plan.info.revision
    if revision is None or not revision.next_review:
        yield Problem("GUIDE-EVALUATION", "no-review", pointer="/plan/revision/next_review")
    if not plan.measures:
        return
    without = [m for m in plan.measures if not (m.evaluation or "").strip()]
    if len(without) == len(plan.measures):
        yield Problem("GUIDE-EVALUATION", "no-measure", pointer="/measures")
    else:
        for m in without:
            yield Problem("GUIDE-EVALUATION", "measure", {"name": m.name}, loc=m.loc)


def check_council_report(ctx: CheckContext) -> Iterator[Problem]:
    """The yearly cycle holds the report on the state of the child-welfare service (tilstandsrapport).
    An item that only brings something else to the council (the plan itself) is named as not being it."""
    plan = _plan(ctx)
    if plan is None:
        return
    near_misses = []
    for item in plan.annual_wheel:
        text = f"{item.title} {item.description or ''}"
        if _STATE_REPORT.search(text):
            return
        if _COUNCIL.search(text):
            near_misses.append(item)
    for item in near_misses:
        yield Problem("GUIDE-COUNCIL-REPORT", "not-state-report", {"title": item.title}, loc=item.loc)
    if not near_misses:
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


def has_source(stat: Statistic, captions: tuple[str, ...] = ()) -> bool:
    """The table names where its figures come from: its `source`, or its own note, or the caption or
    lead-in the document prints with it («Bufdirs kommunemonitor viser …:»)."""
    if stat.source is not None and (stat.source.name or stat.source.url):
        return True
    return any(_SOURCE_NAMED.search(text) for text in (stat.note or "", *captions))


def check_statistics(ctx: CheckContext) -> Iterator[Problem]:
    """Only the tables this plan prints: a regional table another plan prints is that plan's concern."""
    plan = _plan(ctx)
    if plan is None:
        return
    printed = printed_statistics(plan)
    for p in printed:
        stat = p.stat
        if not has_source(stat, p.captions):
            yield Problem("GUIDE-STATISTICS", "no-source", {"title": stat.title or stat.id}, loc=stat.loc)
        if not stat.title:
            yield Problem("GUIDE-STATISTICS", "untitled", {"id": stat.id}, loc=stat.loc)
    # design.md § 4: GUIDE-STATISTICS also covers "the same figure does not differ between tables".
    yield from _stat_conflicts([p.stat for p in printed])


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


def _stat_conflicts(stats: list[Statistic]) -> Iterator[Problem]:
    seen: dict[tuple[tuple[str, ...], str, str], tuple[float, Statistic]] = {}
    for stat in stats:
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


def _rule(
    rule_id: str,
    sources: tuple[Guidance, ...],
    messages: tuple[str, ...],
    check: Check,
    basis: Basis = "guidance",
) -> Rule:
    return Rule(rule_id, "guide", Severity.WARNING, sources, messages, check, True, {}, basis)


RULES = (
    _rule("GUIDE-LEVELS", (FOREBYGGING_NO_LEVELS,), ("none", "missing"), check_levels),
    _rule("GUIDE-GOAL-LINKS", (), ("none", "goal", "measure"), check_goal_links, "quality"),
    _rule("GUIDE-KNOWLEDGE", (BUFDIR_PREVENTION,), ("none",), check_knowledge),
    _rule("GUIDE-PARTICIPATION", (KMD_CHILDREN_IN_PLANNING,), ("none",), check_participation),
    _rule("GUIDE-EVALUATION", (BUFDIR_PREVENTION,), ("no-review", "no-measure", "measure"), check_evaluation),
    _rule("GUIDE-COUNCIL-REPORT", (BUFDIR_STATE_REPORT,), ("none", "not-state-report"), check_council_report),
    _rule("GUIDE-STATUS", (), ("none", "no-due"), check_status, "quality"),
    _rule("GUIDE-STATISTICS", (), ("no-source", "untitled", "conflict"), check_statistics, "quality"),
)
