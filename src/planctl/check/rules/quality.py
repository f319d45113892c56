"""Quality rules motivated by the real plans (seed-analysis § 3.2 and § 4.6) and by what a reviewer checks
first.

Empty statuses, catch-all and external-only owners, duplicate measures, dangling "jf. årshjul", section
numbers of the repealed 1992 act, another municipality named in the text, stale phrases, and dates that have
passed (a measure past its due date, an ended plan period, a review date gone by). They rest on no legal
text (basis `quality`, no sources): they say what is wrong with the record and why it matters to the
council. They need the model; dates are judged against the build date (`ctx.today`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.check.findings import Severity
from planctl.check.problems import Msg, Problem
from planctl.check.registry import Check, CheckContext, Rule
from planctl.check.rules.queries import Text, fold, is_catch_all, is_municipal, passed, texts, walk_blocks
from planctl.model.types import Heading, Loc, Plan, Table


def _at(rule: str, message: str, text: Text, **params: object) -> Problem:
    return Problem(rule, message, params, text.suffix, loc=text.loc)


# ---- checks ------------------------------------------------------------------------------------------


def check_empty_status(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for m in ctx.model.measures:
        if m.status is not None and m.status.state == "unknown" and not (m.status.label or "").strip():
            yield Problem("STATUS-EMPTY", "empty", {"name": m.name}, "/status", loc=m.loc)


def check_vague_owner(ctx: CheckContext) -> Iterator[Problem]:
    """A measure whose only municipal owners are catch-alls («Alle ansatte», «Tjenestene innenfor 0-24»)."""
    plan = ctx.model
    if plan is None:
        return
    for m in plan.measures:
        units = [u for u in (plan.unit(r) for r in m.responsible) if u is not None and is_municipal(u)]
        if units and all(is_catch_all(u) for u in units):
            owner = ", ".join(u.name for u in units)
            yield Problem("OWNER-VAGUE", "vague", {"name": m.name, "owner": owner}, "/responsible", loc=m.loc)


def check_external_owner(ctx: CheckContext) -> Iterator[Problem]:
    """A measure owned only by bodies outside the municipality (BUP, Bufdir, the police)."""
    plan = ctx.model
    if plan is None:
        return
    for m in plan.measures:
        units = [u for u in (plan.unit(r) for r in m.responsible) if u is not None]
        if units and len(units) == len(m.responsible) and not any(is_municipal(u) for u in units):
            owner = ", ".join(u.name for u in units)
            yield Problem(
                "OWNER-EXTERNAL", "external", {"name": m.name, "owner": owner}, "/responsible", loc=m.loc
            )


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
    shown: bool | None = None  # whether the document shows a wheel, looked for at the first reference
    for m in plan.measures:
        for suffix, value in (
            ("/evaluation", m.evaluation),
            ("/status/label", m.status.label if m.status else None),
            ("/description", m.description),
            ("/details", m.details),
        ):
            if value and _WHEEL.search(value):
                if shown is None:
                    shown = _wheel_in_document(plan)
                if shown:
                    return
                yield Problem("ANNUAL-WHEEL-REF", "no-wheel", {"name": m.name}, suffix, loc=m.loc)


# Old-law references: the 1992 act (barnevernloven / nynorsk barnevernlova, LOV-1992-07-17-100) was replaced
# by barnevernsloven (barnevernslova) from 1 January 2023. Its chapters ran to 10, so «§ 15-1» is never
# old. § 3-1 was the prevention duty (in the 2021 act it is hjelpetiltak) and § 4-4 was hjelpetiltak: they
# are old in any spelling unless the text uses them in their 2021 meaning. Other sections are old when
# the 1992 name is used. § 1-1 (the act's purpose) means the same in both acts.
_ACT = r"(?P<act>barnevern(?:s)?lov(?:en|a)|bvl\.?)"
_SECTION_REF = re.compile(
    _ACT
    + r"(?:\s+av\s+1992)?\s*,?\s*(?:§+\s*)?(?P<section>(?P<chapter>\d{1,2})\s*-\s*\d+)(?:\s?[a-z](?![\w]))?",
    re.IGNORECASE,
)
_OLD_ACT_NAMED = re.compile(
    r"lov(?:data\.no)?/1992-07-17-100(?:/§?\s*[\d-]+)?|LOV-1992-07-17-100"
    r"|lov\s+(?:om\s+barneverntjenester\s+)?(?:av\s+)?17\.?\s*juli\s+1992(?:\s+nr\.?\s*100)?"
    r"|lov\s+om\s+barneverntjenester",
    re.IGNORECASE,
)
_PREVENTION = re.compile(r"forebygg|følge nøye med|oppvekst|omsorgssvikt|a[dt]ferdsproblem", re.IGNORECASE)
_HELP = re.compile(r"hjelpetiltak", re.IGNORECASE)
_SAME_MEANING = {"1-1"}


_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ«])|\n")


def _context(text: str, start: int, end: int) -> str:
    """The sentence around a match («jf.» does not end one)."""
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SENTENCE_BREAK.finditer(text, end)), len(text))
    return text[left:right]


def old_law_references(text: str, folded: str | None = None) -> list[str]:
    """The references to the repealed 1992 act in a text, as written («Barnevernloven § 3-1»); folded is
    fold(text) when the caller has it (the shared text pass makes it once per text).

    Every form of a reference names the act («barnevern…lov…», «bvl») with a section («3-1»), or the year
    1992 or «lov om barneverntjenester»: a text without those words is passed over with substring tests,
    many times faster than the ignore-case patterns (tests/test_check_speed.py: the answers are the same)."""
    low = fold(text) if folded is None else folded
    found: list[str] = []
    if ("bvl" in low or ("barnevern" in low and "lov" in low)) and "-" in text:
        found += _section_references(text)
    if "1992" in text or "barneverntjenester" in low:
        found += _old_act_names(text)
    return list(dict.fromkeys(found))


def _section_references(text: str) -> list[str]:
    found: list[str] = []
    for m in _SECTION_REF.finditer(text):
        act = m.group("act").lower()
        section = re.sub(r"\s+", "", m.group("section"))
        old_name = act.startswith("barnevernlov")
        context = _context(text, m.start(), m.end())
        if int(m.group("chapter")) > 10 or section in _SAME_MEANING:
            continue
        if section == "3-1":
            old = old_name or not _HELP.search(context) or bool(_PREVENTION.search(context))
        elif section == "4-4":
            old = old_name or bool(_HELP.search(context))
        else:
            old = old_name
        if old:
            found.append(m.group(0).strip())
    return found


def _old_act_names(text: str) -> list[str]:
    return [m.group(0).strip() for m in _OLD_ACT_NAMED.finditer(text)]


def check_old_law(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for text in texts(ctx):
        found = old_law_references(text.text, text.folded)
        if found:
            yield _at("OLD-LAW-SECTION", "found", text, found="», «".join(found))


_STALE = re.compile(r"kommer våren 2021|i skrivende stund|fylkesmann\w*|som kommer i 2021", re.IGNORECASE)
# «Fylkesmannens (Statsforvalterens)», «Statsforvalteren (tidligere fylkesmannen)»: already updated.
_UPDATED = re.compile(r"statsforvalter", re.IGNORECASE)


def stale_phrases(text: str, folded: str | None = None) -> list[str]:
    """The stale phrases in a text. Each names 2021, «stund» or «fylkesmann»: a text without those is
    passed over (as in old_law_references)."""
    low = fold(text) if folded is None else folded
    if "2021" not in text and "stund" not in low and "fylkesmann" not in low:
        return []
    return _stale_phrases(text)


def _stale_phrases(text: str) -> list[str]:
    found = []
    for m in _STALE.finditer(text):
        if m.group(0).lower().startswith("fylkesmann"):
            near = text[max(0, m.start() - 40) : m.end() + 40]
            if _UPDATED.search(near):
                continue
        found.append(m.group(0))
    return list(dict.fromkeys(found))


def check_stale(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for text in texts(ctx):
        found = stale_phrases(text.text, text.folded)
        if found:
            yield _at("STALE-PHRASE", "found", text, phrase="», «".join(found))


def _short(name: str) -> str:
    return re.sub(r"\s+(kommune|kommun|municipality)$", "", name.strip(), flags=re.IGNORECASE)


def check_other_municipality(ctx: CheckContext) -> Iterator[Problem]:
    """Statements about another municipality of the region in the text the plan prints, the regional text
    it includes or renders too: «i Gjøvik», «Gjøvik kommune», «Gjøvik skal/har/bør ...». Partner names that
    contain a municipality's name (units and their aliases, e.g. «Gjøvik og Land barnevern», «Nok.Gjøvik»)
    are not statements about it; nor is a list of the region's municipalities («Gjøvik, Nordre Land og …»)."""
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
    # «i Gjøvik, Nordre Land og Søndre Land» lists the region; «i Gjøvik og blant annet …» is about Gjøvik.
    region = "|".join(re.escape(_short(m)) for m in plan.region.municipalities)
    in_a_list = rf"(?!\s*(?:,|og)\s+(?:{region})(?![\w\-]))"
    # The patterns are compiled when a text first names a municipality (most texts name none): compiling
    # them all up front was most of the rule's time on a real plan.
    patterns: dict[str, re.Pattern[str]] = {}
    partner: list[re.Pattern[str] | None] = []

    def statement(m: str) -> re.Pattern[str]:
        if m not in patterns:
            patterns[m] = re.compile(
                rf"(?<![\w.\-])(?:i|I)\s+{re.escape(m)}(?![\w\-]){in_a_list}"
                rf"|(?<![\w.\-]){re.escape(m)}\s+kommune\b"
                rf"|(?:^|[.!?:]\s+){re.escape(m)}\s+(?:skal|har|bør|vil|må|ønsker)\b"
            )
        return patterns[m]

    def without_partners(text: str) -> str:
        if not partner:
            names = "|".join(re.escape(n) for n in partner_names)
            partner.append(re.compile(names, re.IGNORECASE) if partner_names else None)
        pattern = partner[0]
        return pattern.sub(" ", text) if pattern is not None else text

    for text in texts(ctx):
        # every pattern holds the municipality's name as written: a text without it cannot match
        candidates = [m for m in others if m in text.text]
        if not candidates:
            continue
        body = without_partners(text.text)
        named = [m for m in candidates if statement(m).search(body)]
        if named:
            yield _at("OTHER-MUNICIPALITY", "named", text, names=", ".join(named))


def _wheel_in_document(plan: Plan) -> bool:
    """Whether the document shows an annual wheel of its own, as a table: one captioned «Årshjul», or one in
    a chapter or after a heading so titled (a plan imported from Word keeps its wheel so). A chapter on the
    wheel without a table is not one: it may say that a wheel is still to be made (Vestre Toten's 9.3)."""
    for section in plan.document.sections():
        titled = bool(_WHEEL.search(section.title or ""))
        for block in walk_blocks(section.blocks):  # (included regional blocks in their place)
            if isinstance(block, Heading):
                titled = bool(_WHEEL.search(block.text))
            elif isinstance(block, Table) and (titled or _WHEEL.search(block.caption or "")):
                return True
    return False


_ACTIVE_STATES = ("planned", "in_progress")


def check_overdue(ctx: CheckContext) -> Iterator[Problem]:
    """A measure still planned or in progress whose due date has passed."""
    if ctx.model is None:
        return
    today = ctx.today.isoformat()
    for m in ctx.model.measures:
        if m.status is not None and m.status.state in _ACTIVE_STATES and m.due and passed(m.due, today):
            params = {"name": m.name, "due": m.due, "state": Msg("measure-state." + m.status.state)}
            yield Problem("MEASURE-OVERDUE", "overdue", params, "/due", loc=m.loc)


def check_period(ctx: CheckContext) -> Iterator[Problem]:
    """The plan's period has ended."""
    if ctx.model is None or ctx.model.info.period is None:
        return
    start, end = ctx.model.info.period
    if end is not None and end < ctx.today.year:
        params = {"start": start if start is not None else "", "end": end}
        yield Problem("PLAN-PERIOD-ENDED", "ended", params, "/plan/period/end")


def check_review(ctx: CheckContext) -> Iterator[Problem]:
    """The date set for the next review has passed."""
    revision = ctx.model.info.revision if ctx.model is not None else None
    if revision is not None and revision.next_review and passed(revision.next_review, ctx.today.isoformat()):
        yield Problem(
            "REVIEW-OVERDUE", "passed", {"date": revision.next_review}, "/plan/revision/next_review"
        )


def _rule(rule_id: str, messages: tuple[str, ...], check: Check) -> Rule:
    return Rule(rule_id, "quality", Severity.WARNING, (), messages, check, needs_model=True)


RULES = (
    _rule("STATUS-EMPTY", ("empty",), check_empty_status),
    _rule("OWNER-VAGUE", ("vague",), check_vague_owner),
    _rule("OWNER-EXTERNAL", ("external",), check_external_owner),
    _rule("MEASURE-DUPLICATE", ("duplicate",), check_duplicate_measures),
    _rule("ANNUAL-WHEEL-REF", ("no-wheel",), check_annual_wheel_refs),
    _rule("OLD-LAW-SECTION", ("found",), check_old_law),
    _rule("OTHER-MUNICIPALITY", ("named",), check_other_municipality),
    _rule("STALE-PHRASE", ("found",), check_stale),
    _rule("MEASURE-OVERDUE", ("overdue",), check_overdue),
    _rule("PLAN-PERIOD-ENDED", ("ended",), check_period),
    _rule("REVIEW-OVERDUE", ("passed",), check_review),
)
