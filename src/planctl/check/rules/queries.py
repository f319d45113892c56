"""What several rule families ask of a plan's model: which sections cover a topic, which units are the
municipality's own services, what a section's prose says and which services it names, which blocks render
what, which statistics the plan prints, and every text it prints with where that text comes from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import field
from functools import cached_property
from typing import Any

from planctl.check.problems import Target
from planctl.check.registry import CheckContext
from planctl.model.types import (
    Block,
    Include,
    ListBlock,
    Loc,
    Paragraph,
    Plan,
    Render,
    Section,
    Statistic,
    Table,
    Unit,
    block_texts,
    item_texts,
    strip_regional,
)
from planctl.records import record


def covering(plan: Plan, topic: str) -> list[Section]:
    return [s for s in plan.document.sections() if topic in s.covers]


def is_municipal(unit: Unit | None) -> bool:
    return unit is not None and unit.municipal and unit.kind != "external"


# ---- dates -------------------------------------------------------------------------------------------


def passed(value: str, today_iso: str) -> bool:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) lies wholly before today, compared at its own precision: «2023»
    has passed in 2024, not on 31 December 2023."""
    return value < today_iso[: len(value)]


def after(value: str, today_iso: str) -> bool:
    """A date lies wholly after today, compared at its own precision: «2027-01» is after 2026-12-01."""
    return value > today_iso[: len(value)]


# ---- services ----------------------------------------------------------------------------------------

# A name that stands for everyone or for a whole sector rather than one service: «Alle ansatte», «Alle
# kommunale tjenester», «Tjenestene innenfor 0-24». Such an owner divides nothing between the services.
_CATCH_ALL = re.compile(
    r"^\s*(?:alle|samtlige|samtlege|all|every|everyone|tjenestene|tenestene|tjenester\s+innenfor"
    r"|tenester\s+innanfor)\b",
    re.IGNORECASE,
)
ORGANISING_KINDS = ("team", "network", "leader_group")


def is_catch_all(unit: Unit) -> bool:
    return any(_CATCH_ALL.match(name) for name in (unit.name, *unit.aliases))


def is_service(unit: Unit | None) -> bool:
    """One of the municipality's own services (an *etat*): kind `service`, municipal, not a catch-all.
    Roles, teams, networks, leader groups, projects and external bodies are not services."""
    return unit is not None and is_municipal(unit) and unit.kind == "service" and not is_catch_all(unit)


def why_not_service(unit: Unit) -> str:
    """Why a unit does not count as a service: external, catch-all, or its kind (role, team, ...)."""
    if not is_municipal(unit):
        return "external"
    if is_catch_all(unit):
        return "catch-all"
    return unit.kind


def member_services(plan: Plan, unit: Unit | None, _seen: frozenset[str] = frozenset()) -> list[Unit]:
    """The services a unit stands for: itself when it is a service; for a team, network or leader group,
    the services among its members (and their members'), in order; else none."""
    if unit is None or unit.id in _seen:
        return []
    if is_service(unit):
        return [unit]
    if unit.kind not in ORGANISING_KINDS or not is_municipal(unit):
        return []
    out: list[Unit] = []
    for member in unit.members:
        for service in member_services(plan, plan.unit(member), _seen | {unit.id}):
            if service not in out:
                out.append(service)
    return out


def services(plan: Plan) -> list[Unit]:
    return [u for u in plan.all_units() if is_service(u)]


def units_in_use(plan: Plan) -> list[Unit]:
    """The plan's own units and the regional units it refers to (as owners, participants, parties, members,
    actors, or in a `render: units` block). A regional partner another plan uses is not this plan's."""
    refs: list[str] = []
    for m in plan.measures:
        refs += m.responsible
    for a in plan.arenas:
        refs += a.participants
    for g in plan.agreements:
        refs += g.parties
    for pw in plan.pathways:
        for step in pw.steps:
            refs += step.actors
    for item in plan.annual_wheel:
        refs += item.responsible
    for r in renders(plan, "units"):
        refs += r.ids or ()
    out = {u.id: u for u in plan.units}
    pending = [strip_regional(r) for r in refs] + [m for u in plan.units for m in u.members]
    while pending:
        unit = plan.unit(pending.pop())
        if unit is not None and unit.id not in out:
            out[unit.id] = unit
            pending += unit.members
    return list(out.values())


# ---- what a section's prose says ---------------------------------------------------------------------

# Wording that plans, proposes or recommends rather than states: «vurderes», «bør», «på sikt» (nynorsk
# «vurderast»; English "should", "to be considered"). A sentence with it describes no arrangement yet.
_CONDITIONAL = re.compile(
    r"\b(?:vurderes|vurderast|bør|burde|ønskelig|ønskjeleg|på\s+sikt|eventuelt|tas\s+sikte\s+på"
    r"|should|could|to\s+be\s+considered|will\s+be\s+considered)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def is_conditional(sentence: str) -> bool:
    return _CONDITIONAL.search(sentence) is not None


@record(frozen=True)
class Sentence:
    text: str
    loc: Loc


def block_sentences(blocks: Iterable[Block]) -> Iterator[Sentence]:
    """The sentences of a section's own prose: paragraphs, list items and table cells, included regional
    blocks in place. Quotes are someone else's words (the law, a poem) and headings are not statements."""
    for block in blocks:
        texts: list[str] = []
        if isinstance(block, Paragraph):
            texts = [block.text]
        elif isinstance(block, ListBlock):
            texts = list(item_texts(block.items))
        elif isinstance(block, Table):
            texts = [c for row in block.rows for c in row]
        elif isinstance(block, Include):
            yield from block_sentences(block.blocks)
        for text in texts:
            for part in _SENTENCE_END.split(text):
                if part.strip():
                    yield Sentence(part.strip(), block.loc)


def section_sentences(section: Section) -> Iterator[Sentence]:
    """A section's sentences, its sub-sections' included (a chapter says what its parts say)."""
    for s in section.walk():
        yield from block_sentences(s.blocks)


def _name_pattern(unit: Unit) -> re.Pattern[str] | None:
    """A unit's name or any alias as a word, with the usual Norwegian endings («skolen», «barnehagene»).
    Names of three letters or fewer (PPT, NAV) must match their case."""
    long_names = sorted({n for n in (unit.name, *unit.aliases) if len(n.strip()) > 3}, key=len, reverse=True)
    short_names = sorted({n.strip() for n in (unit.name, *unit.aliases) if 0 < len(n.strip()) <= 3})
    ending = r"(?:s|en|et|ene|a|n|er|ar|ane|ne)?"
    parts = []
    if long_names:
        parts.append("(?i:" + "|".join(re.escape(n.strip()) for n in long_names) + ")" + ending)
    if short_names:
        parts.append("(?:" + "|".join(re.escape(n) for n in short_names) + ")" + ending)
    if not parts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


@record
class Prose:
    """What the sections covering a topic say: the services they name in statements (`named`) and those
    named only in planned or recommended wording (`conditional`), each with where it is first named."""

    sections: list[Section]
    named: dict[str, tuple[Unit, Loc]] = field(default_factory=dict)
    conditional: dict[str, tuple[Unit, Loc]] = field(default_factory=dict)
    sentences: int = 0
    conditional_sentences: int = 0

    @property
    def only_conditional(self) -> bool:
        return self.sentences > 0 and self.sentences == self.conditional_sentences


def prose(plan: Plan, topic: str) -> Prose:
    sections = covering(plan, topic)
    result = Prose(sections)
    patterns = [(u, p) for u in services(plan) if (p := _name_pattern(u)) is not None]
    seen_sections: set[int] = set()
    for section in sections:
        for s in section.walk():
            if id(s) in seen_sections:  # a sub-section that covers the topic itself is read once
                continue
            seen_sections.add(id(s))
            for sentence in block_sentences(s.blocks):
                conditional = is_conditional(sentence.text)
                result.sentences += 1
                result.conditional_sentences += conditional
                found = result.conditional if conditional else result.named
                for unit, pattern in patterns:
                    if unit.id not in found and pattern.search(sentence.text):
                        found[unit.id] = (unit, sentence.loc)
    for unit_id in result.named:
        result.conditional.pop(unit_id, None)
    return result


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


@record(frozen=True)
class PrintedStatistic:
    """A table the plan prints, with what the document says about it: the render block's title or caption
    and the lead-in paragraph right before it when that ends in a colon («Bufdirs kommunemonitor viser …:»)."""

    stat: Statistic
    captions: tuple[str, ...]


def _flat(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, Include):
            yield from _flat(block.blocks)
        else:
            yield block


def printed_statistics(plan: Plan) -> list[PrintedStatistic]:
    """The tables the plan prints: those its `render: statistics` blocks name (all of them for a block
    without `ids`), and its own statistics, which the document always prints. Regional tables that no block
    of this plan renders are another plan's."""
    found: dict[str, PrintedStatistic] = {}
    for section in plan.document.sections():
        lead_in: str | None = None
        for block in _flat(section.blocks):
            if isinstance(block, Render) and block.what == "statistics":
                chosen = (
                    [s for i in block.ids if (s := plan.statistic(i)) is not None]
                    if block.ids is not None
                    else list(plan.all_statistics())
                )
                captions = tuple(c for c in (block.title, block.caption, lead_in) if c)
                for stat in chosen:
                    found.setdefault(stat.id, PrintedStatistic(stat, captions))
            lead_in = (
                block.text if isinstance(block, Paragraph) and block.text.rstrip().endswith(":") else None
            )
    for stat in plan.statistics:
        found.setdefault(stat.id, PrintedStatistic(stat, ()))
    return list(found.values())


def used_statistics(plan: Plan) -> list[Statistic]:
    """The statistics the plan prints (printed_statistics)."""
    return [p.stat for p in printed_statistics(plan)]


# ---- text of the plan, with where each piece comes from ---------------------------------------------


@record(frozen=True)
class Text:
    text: str
    loc: Loc
    suffix: str  # pointer below loc ("" = loc itself)
    origin: str  # "plan" | "regional"

    @cached_property
    def folded(self) -> str:
        """fold(text), made once for every rule that pre-checks a text for a word."""
        return fold(self.text)


def fold(text: str) -> str:
    """text as an ignore-case pattern sees it, for plain substring pre-checks: lower case, with «ſ» (long
    s, which such a pattern matches for «s» and lower() keeps) as «s». Any other letter such a pattern
    matches for a letter a-z lowers to that letter (tests/test_check_speed.py checks every code point)."""
    low = text.lower()
    return low.replace("ſ", "s") if "ſ" in low else low


def _block_texts(blocks: tuple[Block, ...], origin: str) -> Iterator[Text]:
    for block in blocks:
        if isinstance(block, Include):
            yield from _block_texts(block.blocks, "regional")
        else:
            for text in block_texts(block):
                yield Text(text, block.loc, "", origin)


def _section_texts(section: Section) -> Iterator[Text]:
    yield Text(section.title, section.loc, "/title", section.origin)
    yield from _block_texts(section.blocks, section.origin)


def plan_texts(plan: Plan) -> Iterator[Text]:
    """Every text the plan prints: its registries, its document (with included regional blocks and
    sections) and the regional units its document renders (a regional partner's description is text
    of this plan only where a `render: units` block prints it, not where the unit is merely named)."""
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


def texts(ctx: CheckContext) -> tuple[Text, ...]:
    """plan_texts of the checked model, walked once per check and shared by every rule that reads the
    plan's texts (each used to walk them again)."""
    model = ctx.model
    if model is None:
        return ()
    return ctx.shared("plan_texts", lambda: tuple(plan_texts(model)))


def data_strings(ctx: CheckContext, target: Target) -> str:
    """Every string of a file's loaded data, values and mapping keys, joined by newlines: gathered once per
    check, without pointers, for the rules that scan raw data for something rare (characters XML cannot
    hold, footnote markers). They look here first and walk the data with pointers only on a hit."""
    data = ctx.plan_data if target == "plan" else ctx.regional_data
    return ctx.shared(("data_strings", target), lambda: "\n".join(_all_strings(data)))


def _all_strings(data: Any) -> list[str]:
    out: list[str] = []
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            out.extend(key for key in item if isinstance(key, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out
