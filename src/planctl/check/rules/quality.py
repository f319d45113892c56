"""Quality checks motivated by the real plans (seed-analysis § 3.2 and § 4.6).

Empty statuses, catch-all owners, conflicting statistics, duplicate measures, dangling "jf. årshjul",
section numbers of the repealed 1992 act, another municipality named in local statements and stale
phrases. Registered in the guidance family (they need the model); each has its own rule ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planctl.check.findings import Severity
from planctl.check.registry import Check, CheckContext, Problem, Registry, Rule
from planctl.check.rules.law import is_municipal, problem_for
from planctl.load.yamlsource import escape_pointer_token
from planctl.model.types import (
    Heading,
    Include,
    ListBlock,
    ListItem,
    Loc,
    Paragraph,
    Plan,
    Quote,
    Section,
    Statistic,
    Table,
    Unit,
)

# ---- text of the plan, with where each piece comes from ---------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    loc: Loc
    suffix: str  # pointer below loc ("" = loc itself)
    origin: str  # "plan" | "regional"


def _items(items: tuple[ListItem, ...]) -> Iterator[str]:
    for item in items:
        yield item.text
        yield from _items(item.items)


def _block_texts(blocks: tuple[object, ...], origin: str) -> Iterator[Text]:
    for block in blocks:
        if isinstance(block, Paragraph | Heading | Quote):
            yield Text(block.text, block.loc, "", origin)
        elif isinstance(block, ListBlock):
            for text in _items(block.items):
                yield Text(text, block.loc, "", origin)
        elif isinstance(block, Table):
            for cell in (block.caption or "", *block.columns, *(c for row in block.rows for c in row)):
                yield Text(cell, block.loc, "", origin)
        elif isinstance(block, Include):
            yield from _block_texts(block.blocks, "regional")


def _section_texts(section: Section) -> Iterator[Text]:
    yield Text(section.title, section.loc, "/title", section.origin)
    yield from _block_texts(section.blocks, section.origin)


def plan_texts(plan: Plan) -> Iterator[Text]:
    """Every text the plan prints: its registries, its document (with included regional blocks and
    sections) and the regional units its document renders (a regional partner's description is text
    of this plan only where a `render: units` block prints it, not where the unit is merely named)."""
    from planctl.check.rules.guide import renders

    printed = {i.removeprefix("regional:") for r in renders(plan, "units") for i in (r.ids or ())}
    for u in (*plan.units, *(u for u in plan.regional_units if u.id in printed)):
        for suffix, value in (("/mandate", u.mandate), ("/description", u.description)):
            if value:
                yield Text(value, u.loc, suffix, u.origin)
    for g in plan.goals:
        yield Text(g.text, g.loc, "/text", "plan")
    for s in plan.strategies:
        if s.text:
            yield Text(s.text, s.loc, "/text", "plan")
    for m in plan.measures:
        for suffix, value in (
            ("/description", m.description),
            ("/details", m.details),
            ("/evaluation", m.evaluation),
            ("/status/label", m.status.label if m.status else None),
        ):
            if value:
                yield Text(value, m.loc, suffix, "plan")
        for i, link in enumerate(m.links):
            yield Text(link.url, m.loc, f"/links/{i}", "plan")
    for a in plan.arenas:
        if a.purpose:
            yield Text(a.purpose, a.loc, "/purpose", "plan")
    for ag in plan.agreements:
        if ag.description:
            yield Text(ag.description, ag.loc, "/description", "plan")
    for pw in plan.pathways:
        if pw.intro:
            yield Text(pw.intro, pw.loc, "/intro", "plan")
        for step in pw.steps:
            for suffix, value in (("/action", step.action), ("/note", step.note)):
                if value:
                    yield Text(value, step.loc, suffix, "plan")
    for item in plan.annual_wheel:
        if item.description:
            yield Text(item.description, item.loc, "/description", "plan")
    for ref in plan.references:
        for suffix, value in (("/text", ref.text), ("/url", ref.url)):
            if value:
                yield Text(value, ref.loc, suffix, "plan")
    for fn in plan.footnotes:
        yield Text(fn.text, fn.loc, "/text", "plan")
    for section in plan.document.sections():
        yield from _section_texts(section)


def _at(ctx: CheckContext, rule: str, key: str, text: Text, **params: object) -> Problem:
    return problem_for(ctx, rule, key, text.loc, text.suffix, **params)


# ---- checks ------------------------------------------------------------------------------------------


def check_empty_status(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for m in ctx.model.measures:
        if m.status is not None and m.status.state == "unknown" and not (m.status.label or "").strip():
            yield problem_for(ctx, "STATUS-EMPTY", "qual.status-empty", m.loc, "/status", name=m.name)


_CATCH_ALL = re.compile(r"^\s*(alle|samtlege|samtlige|all|every|everyone)\b", re.IGNORECASE)


def is_catch_all(unit: Unit) -> bool:
    return any(_CATCH_ALL.match(name) for name in (unit.name, *unit.aliases))


def check_vague_owner(ctx: CheckContext) -> Iterator[Problem]:
    plan = ctx.model
    if plan is None:
        return
    for m in plan.measures:
        units = [u for u in (plan.unit(r) for r in m.responsible) if u is not None and is_municipal(u)]
        if units and all(is_catch_all(u) for u in units):
            yield problem_for(
                ctx,
                "OWNER-VAGUE",
                "qual.owner-vague",
                m.loc,
                "/responsible",
                name=m.name,
                owner=", ".join(u.name for u in units),
            )


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


def check_stat_conflicts(ctx: CheckContext) -> Iterator[Problem]:
    plan = ctx.model
    if plan is None:
        return
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
                    yield problem_for(
                        ctx,
                        "GUIDE-STATISTICS",
                        "qual.stat-conflict",
                        stat.loc,
                        f"/series/{escape_pointer_token(entity)}",
                        entity=entity,
                        period=period,
                        value=_num(value),
                        other=_num(first[0]),
                        other_id=first[1].id,
                    )


def _num(value: float) -> str:
    return (f"{value:g}").replace(".", ",")


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def check_duplicate_measures(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    seen: dict[tuple[str, str], Loc] = {}
    for m in ctx.model.measures:
        key = (_norm(m.name), _norm(m.description))
        first = seen.get(key)
        if first is None:
            seen[key] = m.loc
        else:
            yield problem_for(
                ctx,
                "MEASURE-DUPLICATE",
                "qual.measure-duplicate",
                m.loc,
                name=m.name,
                first_line=first.line if first.line is not None else "?",
            )


_WHEEL = re.compile(r"årshjul|årshjol|annual wheel", re.IGNORECASE)


def check_annual_wheel_refs(ctx: CheckContext) -> Iterator[Problem]:
    plan = ctx.model
    if plan is None or plan.annual_wheel:
        return
    for m in plan.measures:
        for suffix, value in (
            ("/evaluation", m.evaluation),
            ("/status/label", m.status.label if m.status else None),
            ("/description", m.description),
            ("/details", m.details),
        ):
            if value and _WHEEL.search(value):
                yield problem_for(
                    ctx, "ANNUAL-WHEEL-REF", "qual.annual-wheel-ref", m.loc, suffix, name=m.name
                )


# The 1992 act is "barnevernloven" (no s); the 2021 act in force from 1.1.2023 is "barnevernsloven".
_OLD_SECTION = re.compile(r"\bbarnevernloven\w*\s*,?\s*§+\s*(\d{1,2}\s*-\s*\d+\s*[a-z]?)", re.IGNORECASE)
_OLD_URL = re.compile(r"lov/1992-07-17-100(?:/§?\s*([\d-]+))?", re.IGNORECASE)


def check_old_law(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for text in plan_texts(ctx.model):
        found = [m.group(0).strip() for m in _OLD_SECTION.finditer(text.text)]
        found += [m.group(0) for m in _OLD_URL.finditer(text.text)]
        if found:
            yield _at(ctx, "OLD-LAW-SECTION", "qual.old-law", text, found="; ".join(dict.fromkeys(found)))


_STALE = re.compile(r"kommer våren 2021|i skrivende stund|fylkesmann\w*|som kommer i 2021", re.IGNORECASE)


def check_stale(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for text in plan_texts(ctx.model):
        found = list(dict.fromkeys(m.group(0) for m in _STALE.finditer(text.text)))
        if found:
            yield _at(ctx, "STALE-PHRASE", "qual.stale", text, phrase="», «".join(found))


def _short(name: str) -> str:
    return re.sub(r"\s+(kommune|kommun|municipality)$", "", name.strip(), flags=re.IGNORECASE)


def check_other_municipality(ctx: CheckContext) -> Iterator[Problem]:
    """Local statements (text from the plan file) about another municipality of the region: «i Gjøvik»,
    «Gjøvik kommune», «Gjøvik skal/har/bør ...». Partner names that contain a municipality's name (units and
    their aliases, e.g. «Gjøvik og Land barnevern», «Nok.Gjøvik») are not statements about it."""
    plan = ctx.model
    if plan is None or plan.region is None:
        return
    own = _short(plan.info.municipality.name).lower()
    others = [m for m in plan.region.municipalities if _short(m).lower() != own]
    if not others:
        return
    partner_names = sorted(
        {n for u in plan.all_units() for n in (u.name, *u.aliases) if n}, key=len, reverse=True
    )
    partner = (
        re.compile("|".join(re.escape(n) for n in partner_names), re.IGNORECASE) if partner_names else None
    )
    patterns = [
        (
            m,
            re.compile(
                rf"(?<![\w.\-])(?:i|I)\s+{re.escape(m)}(?![\w\-])(?!\s+og\s)(?!\s*,)"
                rf"|(?<![\w.\-]){re.escape(m)}\s+kommune\b"
                rf"|(?:^|[.!?:]\s+){re.escape(m)}\s+(?:skal|har|bør|vil|må|ønsker)\b"
            ),
        )
        for m in others
    ]
    for text in plan_texts(plan):
        if text.origin != "plan":
            continue
        body = partner.sub(" ", text.text) if partner is not None else text.text
        named = [m for m, pattern in patterns if pattern.search(body)]
        if named:
            yield _at(ctx, "OTHER-MUNICIPALITY", "qual.other-municipality", text, names=", ".join(named))


CHECKS: dict[str, tuple[Severity, str, Check]] = {
    "STATUS-EMPTY": (
        Severity.WARNING,
        "barnevernsloven § 15-1 andre ledd (organisering av arbeidet)",
        check_empty_status,
    ),
    "OWNER-VAGUE": (
        Severity.WARNING,
        "barnevernsloven § 15-1 andre ledd: «fordeles mellom etatene i kommunen»",
        check_vague_owner,
    ),
    "MEASURE-DUPLICATE": (
        Severity.WARNING,
        "barnevernsloven § 15-1 første ledd (tiltak)",
        check_duplicate_measures,
    ),
    "ANNUAL-WHEEL-REF": (
        Severity.WARNING,
        "barnevernsloven § 15-3 femte ledd (årlig rapport i årshjulet)",
        check_annual_wheel_refs,
    ),
    "OLD-LAW-SECTION": (
        Severity.WARNING,
        "barnevernsloven (LOV-2021-06-18-97) § 15-1, i kraft 1.1.2023; "
        "barnevernloven 1992 (LOV-1992-07-17-100) er opphevet",
        check_old_law,
    ),
    "OTHER-MUNICIPALITY": (
        Severity.WARNING,
        "barnevernsloven § 15-1 andre ledd: planen beskriver kommunens eget arbeid",
        check_other_municipality,
    ),
    "STALE-PHRASE": (
        Severity.WARNING,
        "barnevernsloven (LOV-2021-06-18-97), i kraft 1.1.2023; statsforvalteren (fylkesmannen til 2021)",
        check_stale,
    ),
}


def register(reg: Registry) -> None:
    for rule_id, (severity, reference, check) in CHECKS.items():
        reg.add(Rule(rule_id, "guide", severity, reference, check, needs_model=True))
