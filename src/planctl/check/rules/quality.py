"""Quality rules motivated by the real plans (seed-analysis § 3.2 and § 4.6).

Empty statuses, catch-all owners, duplicate measures, dangling "jf. årshjul", section numbers of the
repealed 1992 act, another municipality named in local statements and stale phrases. They need the model;
each has its own rule ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.check.findings import Severity
from planctl.check.problems import Problem
from planctl.check.registry import Check, CheckContext, Rule
from planctl.check.rules.queries import Text, is_municipal, plan_texts
from planctl.model.types import Loc, Unit


def _at(rule: str, message: str, text: Text, **params: object) -> Problem:
    return Problem(rule, message, params, text.suffix, loc=text.loc)


# ---- checks ------------------------------------------------------------------------------------------


def check_empty_status(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for m in ctx.model.measures:
        if m.status is not None and m.status.state == "unknown" and not (m.status.label or "").strip():
            yield Problem("STATUS-EMPTY", "empty", {"name": m.name}, "/status", loc=m.loc)


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
            owner = ", ".join(u.name for u in units)
            yield Problem("OWNER-VAGUE", "vague", {"name": m.name, "owner": owner}, "/responsible", loc=m.loc)


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
            first_line = first.line if first.line is not None else "?"
            yield Problem(
                "MEASURE-DUPLICATE", "duplicate", {"name": m.name, "first_line": first_line}, loc=m.loc
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
                yield Problem("ANNUAL-WHEEL-REF", "no-wheel", {"name": m.name}, suffix, loc=m.loc)


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
            yield _at("OLD-LAW-SECTION", "found", text, found="; ".join(dict.fromkeys(found)))


_STALE = re.compile(r"kommer våren 2021|i skrivende stund|fylkesmann\w*|som kommer i 2021", re.IGNORECASE)


def check_stale(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for text in plan_texts(ctx.model):
        found = list(dict.fromkeys(m.group(0) for m in _STALE.finditer(text.text)))
        if found:
            yield _at("STALE-PHRASE", "found", text, phrase="», «".join(found))


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
            yield _at("OTHER-MUNICIPALITY", "named", text, names=", ".join(named))


def _rule(rule_id: str, reference: str, messages: tuple[str, ...], check: Check) -> Rule:
    return Rule(rule_id, "quality", Severity.WARNING, reference, messages, check, needs_model=True)


RULES = (
    _rule(
        "STATUS-EMPTY",
        "barnevernsloven § 15-1 andre ledd (organisering av arbeidet)",
        ("empty",),
        check_empty_status,
    ),
    _rule(
        "OWNER-VAGUE",
        "barnevernsloven § 15-1 andre ledd: «fordeles mellom etatene i kommunen»",
        ("vague",),
        check_vague_owner,
    ),
    _rule(
        "MEASURE-DUPLICATE",
        "barnevernsloven § 15-1 første ledd (tiltak)",
        ("duplicate",),
        check_duplicate_measures,
    ),
    _rule(
        "ANNUAL-WHEEL-REF",
        "barnevernsloven § 15-3 femte ledd (årlig rapport i årshjulet)",
        ("no-wheel",),
        check_annual_wheel_refs,
    ),
    _rule(
        "OLD-LAW-SECTION",
        "barnevernsloven (LOV-2021-06-18-97) § 15-1, i kraft 1.1.2023; "
        "barnevernloven 1992 (LOV-1992-07-17-100) er opphevet",
        ("found",),
        check_old_law,
    ),
    _rule(
        "OTHER-MUNICIPALITY",
        "barnevernsloven § 15-1 andre ledd: planen beskriver kommunens eget arbeid",
        ("named",),
        check_other_municipality,
    ),
    _rule(
        "STALE-PHRASE",
        "barnevernsloven (LOV-2021-06-18-97), i kraft 1.1.2023; statsforvalteren (fylkesmannen til 2021)",
        ("found",),
        check_stale,
    ),
)
