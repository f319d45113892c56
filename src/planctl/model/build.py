"""Build the immutable model from schema-valid plan (and regional) data.

Assumes the JSON Schema passed, so shapes are right; references may still be unknown (the integrity rules
report them), so look-ups here never fail: an unknown include resolves to no blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Literal, TypeVar

from planctl.load.yamlsource import SourceMap, YamlDocument
from planctl.model.types import (
    REGIONAL_PREFIX,
    Adoption,
    Agreement,
    AnnualWheelItem,
    Arena,
    Block,
    DiagramFigure,
    DiagramItem,
    Document,
    Footnote,
    Front,
    Goal,
    Heading,
    ImageFigure,
    Include,
    Link,
    ListBlock,
    ListItem,
    Loc,
    Measure,
    Municipality,
    Paragraph,
    Pathway,
    PathwayStep,
    Plan,
    PlanInfo,
    Quote,
    Reference,
    Region,
    Render,
    Revision,
    Section,
    Source,
    Statistic,
    Status,
    Strategy,
    Table,
    Unit,
)

T = TypeVar("T")
Origin = Literal["plan", "regional"]
MAX_INCLUDE_DEPTH = 8


def _s(value: Any) -> str | None:
    """Optional scalar as text (years and numbers written unquoted become strings)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _t(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


class _Ctx:
    def __init__(self, doc: YamlDocument, origin: Origin) -> None:
        self.file = doc.display
        self.source_map: SourceMap = doc.source_map
        self.origin: Origin = origin

    def loc(self, pointer: str) -> Loc:
        pos = self.source_map.value(pointer)
        return Loc(self.file, pointer, *(pos or (None, None)))


def _registry(
    ctx: _Ctx, data: Mapping[str, Any], key: str, build: Callable[[_Ctx, dict[str, Any], str], T]
) -> tuple[T, ...]:
    items = data.get(key) or []
    return tuple(build(ctx, item, f"/{key}/{i}") for i, item in enumerate(items))


def _status(ctx: _Ctx, value: Any, pointer: str) -> Status | None:
    if not value:
        return None
    return Status(str(value.get("state", "unknown")), _s(value.get("label")), ctx.loc(pointer))


def _unit(ctx: _Ctx, d: dict[str, Any], p: str) -> Unit:
    return Unit(
        id=d["id"],
        name=d.get("name") or d["id"],
        kind=d.get("kind") or "service",
        municipal=bool(d.get("municipal", False)),
        aliases=_t(d.get("aliases")),
        mandate=_s(d.get("mandate")),
        members=_t(d.get("members")),
        description=_s(d.get("description")),
        url=_s(d.get("url")),
        origin=ctx.origin,
        loc=ctx.loc(p),
    )


def _goal(ctx: _Ctx, d: dict[str, Any], p: str) -> Goal:
    return Goal(
        id=d["id"],
        kind=d.get("kind") or "sub",
        text=d.get("text") or "",
        label=_s(d.get("label")),
        source=_s(d.get("source")),
        loc=ctx.loc(p),
    )


def _strategy(ctx: _Ctx, d: dict[str, Any], p: str) -> Strategy:
    return Strategy(
        id=d["id"],
        title=d.get("title") or d["id"],
        text=_s(d.get("text")),
        goals=_t(d.get("goals")),
        number=_s(d.get("number")),
        loc=ctx.loc(p),
    )


def _links(values: Any) -> tuple[Link, ...]:
    out = []
    for v in values or ():
        if isinstance(v, dict):
            out.append(Link(url=str(v.get("url", "")), text=_s(v.get("text"))))
        else:
            out.append(Link(url=str(v), text=None))
    return tuple(out)


def _measure(ctx: _Ctx, d: dict[str, Any], p: str) -> Measure:
    return Measure(
        id=d["id"],
        name=d.get("name") or d["id"],
        status=_status(ctx, d.get("status"), f"{p}/status"),
        responsible=_t(d.get("responsible")),
        responsible_label=_s(d.get("responsible_label")),
        description=_s(d.get("description")),
        details=_s(d.get("details")),
        levels=_t(d.get("levels")),
        scope=_s(d.get("scope")),
        due=_s(d.get("due")),
        evaluation=_s(d.get("evaluation")),
        goals=_t(d.get("goals")),
        arenas=_t(d.get("arenas")),
        links=_links(d.get("links")),
        loc=ctx.loc(p),
    )


def _arena(ctx: _Ctx, d: dict[str, Any], p: str) -> Arena:
    return Arena(
        id=d["id"],
        name=d.get("name") or d["id"],
        purpose=_s(d.get("purpose")),
        level=_s(d.get("level")),
        participants=_t(d.get("participants")),
        participants_label=_s(d.get("participants_label")),
        frequency=_s(d.get("frequency")),
        established=_s(d.get("established")),
        loc=ctx.loc(p),
    )


def _agreement(ctx: _Ctx, d: dict[str, Any], p: str) -> Agreement:
    return Agreement(
        id=d["id"],
        title=d.get("title") or d["id"],
        parties=_t(d.get("parties")),
        status=_status(ctx, d.get("status"), f"{p}/status"),
        review=_s(d.get("review")),
        description=_s(d.get("description")),
        loc=ctx.loc(p),
    )


def _step(ctx: _Ctx, d: dict[str, Any], p: str) -> PathwayStep:
    return PathwayStep(
        title=d.get("title") or "",
        action=_s(d.get("action")),
        actors=_t(d.get("actors")),
        arena=_s(d.get("arena")),
        note=_s(d.get("note")),
        loc=ctx.loc(p),
    )


def _pathway(ctx: _Ctx, d: dict[str, Any], p: str) -> Pathway:
    return Pathway(
        id=d["id"],
        title=d.get("title") or d["id"],
        intro=_s(d.get("intro")),
        url=_s(d.get("url")),
        steps=tuple(_step(ctx, s, f"{p}/steps/{i}") for i, s in enumerate(d.get("steps") or ())),
        loc=ctx.loc(p),
    )


def _wheel(ctx: _Ctx, d: dict[str, Any], p: str) -> AnnualWheelItem:
    month = d.get("month")
    return AnnualWheelItem(
        id=d["id"],
        title=d.get("title") or d["id"],
        month=month if isinstance(month, int) else None,
        responsible=_t(d.get("responsible")),
        kind=_s(d.get("kind")),
        frequency=_s(d.get("frequency")),
        description=_s(d.get("description")),
        loc=ctx.loc(p),
    )


def _source(d: dict[str, Any] | None) -> Source | None:
    if not d:
        return None
    return Source(name=_s(d.get("name")), url=_s(d.get("url")), retrieved=_s(d.get("retrieved")))


def _number(value: Any) -> int | float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _statistic(ctx: _Ctx, d: dict[str, Any], p: str) -> Statistic:
    return Statistic(
        id=d["id"],
        title=_s(d.get("title")),
        unit=_s(d.get("unit")),
        source=_source(d.get("source")),
        periods=_t(d.get("periods")),
        entity_label=_s(d.get("entity_label")),
        layout=d.get("layout") or "rows",
        note=_s(d.get("note")),
        origin=ctx.origin,
        series=tuple(
            (str(name), tuple(_number(v) for v in values or ()))
            for name, values in (d.get("series") or {}).items()
        ),
        loc=ctx.loc(p),
    )


def _reference(ctx: _Ctx, d: dict[str, Any], p: str) -> Reference:
    return Reference(
        id=d["id"],
        author=_s(d.get("author")),
        year=_s(d.get("year")),
        title=_s(d.get("title")),
        url=_s(d.get("url")),
        text=_s(d.get("text")),
        accessed=_s(d.get("accessed")),
        origin=ctx.origin,
        loc=ctx.loc(p),
    )


def _footnote(ctx: _Ctx, d: dict[str, Any], p: str) -> Footnote:
    return Footnote(id=d["id"], text=d.get("text") or "", origin=ctx.origin, loc=ctx.loc(p))


class _DocumentBuilder:
    """Builds sections and blocks; resolves `include: regional:<id>` against the regional file."""

    def __init__(self, plan_ctx: _Ctx, regional: tuple[_Ctx, dict[str, Any]] | None) -> None:
        self.plan_ctx = plan_ctx
        self.regional = regional

    def sections(self, ctx: _Ctx, items: Any, pointer: str, depth: int = 0) -> tuple[Section, ...]:
        out: list[Section] = []
        for i, item in enumerate(items or ()):
            p = f"{pointer}/{i}"
            if "include" in item and "title" not in item:
                section = self._regional_section(str(item["include"]), ctx.loc(p), depth)
                if section is not None:
                    out.append(section)
                continue
            out.append(self.section(ctx, item, p, depth))
        return tuple(out)

    def section(self, ctx: _Ctx, d: dict[str, Any], p: str, depth: int) -> Section:
        return Section(
            id=str(d.get("id", "")),
            title=str(d.get("title", "")),
            number=_s(d.get("number")),
            kind=_s(d.get("kind")),
            unnumbered=bool(d.get("unnumbered", False)),
            covers=_t(d.get("covers")),
            blocks=self.blocks(ctx, d.get("blocks"), f"{p}/blocks", depth),
            children=self.sections(ctx, d.get("children"), f"{p}/children", depth),
            origin=ctx.origin,
            loc=ctx.loc(p),
            orientation=_s(d.get("orientation")),
        )

    def _regional_section(self, ref: str, loc: Loc, depth: int) -> Section | None:
        if self.regional is None or depth > MAX_INCLUDE_DEPTH or not ref.startswith(REGIONAL_PREFIX):
            return None
        rctx, rdata = self.regional
        key = ref[len(REGIONAL_PREFIX) :]
        section = (rdata.get("sections") or {}).get(key)
        if section is None:
            return None
        built = self.section(rctx, section, f"/sections/{key}", depth + 1)
        # A regional section is named by its key in the `sections` mapping; `id` inside is optional.
        return built if built.id else replace(built, id=key)

    def blocks(self, ctx: _Ctx, items: Any, pointer: str, depth: int) -> tuple[Block, ...]:
        out: list[Block] = []
        for i, item in enumerate(items or ()):
            block = self.block(ctx, item, f"{pointer}/{i}", depth)
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self, ctx: _Ctx, d: dict[str, Any], p: str, depth: int) -> Block | None:
        loc = ctx.loc(p)
        if "p" in d:
            return Paragraph(str(d["p"]), loc)
        if "heading" in d:
            return Heading(str(d["heading"]), int(d.get("level") or 1), loc)
        if "list" in d:
            value = d["list"]
            if isinstance(value, dict):
                return ListBlock(str(value.get("style") or "bullet"), _items(value.get("items")), loc)
            return ListBlock(str(d.get("style") or "bullet"), _items(value), loc)
        if "quote" in d:
            q = d["quote"]
            if isinstance(q, str):
                return Quote(q, None, None, loc)
            return Quote(str(q.get("text", "")), _s(q.get("source")), _s(q.get("style")), loc)
        if "table" in d:
            t = d["table"]
            return Table(
                caption=_s(t.get("caption")),
                columns=_t(t.get("columns")),
                rows=tuple(_t(row) for row in t.get("rows") or ()),
                loc=loc,
            )
        if "include" in d:
            return self._include(str(d["include"]), _s(d.get("variant")), loc, depth)
        if isinstance(d.get("figure"), dict) and "image" in d["figure"]:
            fig = d["figure"]
            return ImageFigure(str(fig["image"]), _s(fig.get("alt")), _s(fig.get("caption")), loc)
        if isinstance(d.get("figure"), dict) and "diagram" in d["figure"]:
            fig = d["figure"]
            items = tuple(
                DiagramItem(str(i), None, None)
                if not isinstance(i, dict)
                else DiagramItem(str(i.get("label", "")), _s(i.get("text")), _s(i.get("color")))
                for i in fig.get("items") or ()
            )
            return DiagramFigure(str(fig["diagram"]), items, _s(fig.get("caption")), _s(fig.get("alt")), loc)
        if "render" in d or "figure" in d:
            return _render(d, loc)
        return None

    def _include(self, ref: str, variant: str | None, loc: Loc, depth: int) -> Include:
        blocks: tuple[Block, ...] = ()
        if self.regional is not None and ref.startswith(REGIONAL_PREFIX) and depth <= MAX_INCLUDE_DEPTH:
            rctx, rdata = self.regional
            key = ref[len(REGIONAL_PREFIX) :]
            entry = (rdata.get("blocks") or {}).get(key)
            if isinstance(entry, list):
                blocks = self.blocks(rctx, entry, f"/blocks/{key}", depth + 1)
            elif isinstance(entry, dict):
                name = variant or _s(entry.get("default"))
                chosen = (entry.get("variants") or {}).get(name) if name else None
                if chosen is not None:
                    blocks = self.blocks(rctx, chosen, f"/blocks/{key}/variants/{name}", depth + 1)
        return Include(ref, variant, blocks, loc)


def _items(values: Any) -> tuple[ListItem, ...]:
    out = []
    for v in values or ():
        if isinstance(v, dict):
            out.append(ListItem(str(v.get("text", "")), _items(v.get("items"))))
        else:
            out.append(ListItem(str(v), ()))
    return tuple(out)


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in (value or {}).items())


def _render(d: dict[str, Any], loc: Loc) -> Render:
    if "figure" in d:
        fig = d["figure"] if isinstance(d["figure"], dict) else {"generate": d["figure"]}
        return Render(
            what=str(fig.get("generate")),
            ids=None,
            levels=None,
            scope=None,
            group_by=None,
            columns=None,
            labels=(),
            group_labels=(),
            title=None,
            caption=_s(fig.get("caption")),
            alt=_s(fig.get("alt")),
            loc=loc,
        )

    def opt(key: str) -> tuple[str, ...] | None:
        return _t(d[key]) if d.get(key) is not None else None

    return Render(
        what=str(d["render"]),
        ids=opt("ids"),
        levels=opt("levels"),
        scope=_s(d.get("scope")),
        group_by=_s(d.get("group_by")),
        columns=opt("columns"),
        labels=_pairs(d.get("labels")),
        group_labels=_pairs(d.get("group_labels")),
        title=_s(d.get("title")),
        caption=_s(d.get("caption")),
        alt=_s(d.get("alt")),
        loc=loc,
    )


def _info(ctx: _Ctx, p: dict[str, Any]) -> PlanInfo:
    adoption = p.get("adoption") or {}
    period = p.get("period")
    revision = p.get("revision")
    return PlanInfo(
        id=str(p["id"]),
        title=str(p["title"]),
        subtitle=_s(p.get("subtitle")),
        municipality=Municipality(
            name=str(p["municipality"]["name"]), number=_s(p["municipality"].get("number"))
        ),
        language=str(p.get("language") or "nb"),
        version=_s(p.get("version")),
        date=_s(p.get("date")),
        period=(period.get("start"), period.get("end")) if period else None,
        adoption=Adoption(
            body=str(adoption.get("body", "")),
            status=str(adoption.get("status", "")),
            date=_s(adoption.get("date")),
            case_ref=_s(adoption.get("case_ref")),
            label=_s(adoption.get("label")),
            loc=ctx.loc("/plan/adoption"),
        ),
        revision=Revision(
            next_review=_s(revision.get("next_review")),
            cycle=_s(revision.get("cycle")),
            owner=_s(revision.get("owner")),
        )
        if revision
        else None,
        loc=ctx.loc("/plan"),
        keywords=_t(p.get("keywords")),
    )


def _document(ctx: _Ctx, builder: _DocumentBuilder, d: dict[str, Any] | None) -> Document:
    if not d:
        return Document(
            front=Front(subtitle=None, date_label=None, lines=()),
            numbering="decimal",
            toc=True,
            body=(),
            appendices=(),
            present=False,
        )
    front = d.get("front") or {}
    return Document(
        front=Front(
            subtitle=_s(front.get("subtitle")),
            date_label=_s(front.get("date_label")),
            lines=_t(front.get("lines")),
        ),
        numbering=str(d.get("numbering") or "decimal"),
        toc=bool(d.get("toc", True)),
        body=builder.sections(ctx, d.get("body"), "/document/body"),
        appendices=builder.sections(ctx, d.get("appendices"), "/document/appendices"),
        present=True,
        level_colors=tuple((str(k), str(v)) for k, v in (d.get("level_colors") or {}).items() if v),
    )


def build_plan(doc: YamlDocument, regional_doc: YamlDocument | None = None) -> Plan:
    data: dict[str, Any] = doc.data
    ctx = _Ctx(doc, "plan")
    rctx = (
        _Ctx(regional_doc, "regional")
        if regional_doc is not None and isinstance(regional_doc.data, dict)
        else None
    )
    rdata: dict[str, Any] = regional_doc.data if rctx is not None and regional_doc is not None else {}

    builder = _DocumentBuilder(ctx, (rctx, rdata) if rctx is not None else None)
    region = None
    if rctx is not None and isinstance(rdata.get("region"), dict):
        r = rdata["region"]
        region = Region(
            id=str(r.get("id", "")),
            name=_s(r.get("name")),
            municipalities=_t(r.get("municipalities")),
            file=rctx.file,
        )

    return Plan(
        file=doc.display,
        info=_info(ctx, data["plan"]),
        units=_registry(ctx, data, "units", _unit),
        goals=_registry(ctx, data, "goals", _goal),
        strategies=_registry(ctx, data, "strategies", _strategy),
        measures=_registry(ctx, data, "measures", _measure),
        arenas=_registry(ctx, data, "arenas", _arena),
        agreements=_registry(ctx, data, "agreements", _agreement),
        pathways=_registry(ctx, data, "pathways", _pathway),
        annual_wheel=_registry(ctx, data, "annual_wheel", _wheel),
        statistics=_registry(ctx, data, "statistics", _statistic),
        references=_registry(ctx, data, "references", _reference),
        footnotes=_registry(ctx, data, "footnotes", _footnote),
        document=_document(ctx, builder, data.get("document")),
        region=region,
        regional_units=_registry(rctx, rdata, "units", _unit) if rctx else (),
        regional_statistics=_registry(rctx, rdata, "statistics", _statistic) if rctx else (),
        regional_references=_registry(rctx, rdata, "references", _reference) if rctx else (),
        regional_footnotes=_registry(rctx, rdata, "footnotes", _footnote) if rctx else (),
    )
