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


def _registry(ctx: _Ctx, data: Mapping[str, Any], key: str, build: Callable[[_Ctx, dict[str, Any], str], T]
              ) -> tuple[T, ...]:
    items = data.get(key) or []
    return tuple(build(ctx, item, f"/{key}/{i}") for i, item in enumerate(items))


def _status(ctx: _Ctx, value: Any, pointer: str) -> Status | None:
    if not value:
        return None
    return Status(str(value.get("state", "unknown")), _s(value.get("label")), ctx.loc(pointer))


def _unit(ctx: _Ctx, d: dict[str, Any], p: str) -> Unit:
    return Unit(d["id"], d.get("name") or d["id"], d.get("kind") or "service", bool(d.get("municipal", False)),
                _t(d.get("aliases")), _s(d.get("mandate")), _t(d.get("members")), _s(d.get("description")),
                _s(d.get("url")), ctx.origin, ctx.loc(p))


def _goal(ctx: _Ctx, d: dict[str, Any], p: str) -> Goal:
    return Goal(d["id"], d.get("kind") or "sub", d.get("text") or "", _s(d.get("label")), _s(d.get("source")),
                ctx.loc(p))


def _strategy(ctx: _Ctx, d: dict[str, Any], p: str) -> Strategy:
    return Strategy(d["id"], d.get("title") or d["id"], _s(d.get("text")), _t(d.get("goals")),
                    _s(d.get("number")), ctx.loc(p))


def _links(values: Any) -> tuple[Link, ...]:
    out = []
    for v in values or ():
        if isinstance(v, dict):
            out.append(Link(str(v.get("url", "")), _s(v.get("text"))))
        else:
            out.append(Link(str(v), None))
    return tuple(out)


def _measure(ctx: _Ctx, d: dict[str, Any], p: str) -> Measure:
    return Measure(d["id"], d.get("name") or d["id"], _s(d.get("description")), _s(d.get("details")),
                   _t(d.get("levels")), _s(d.get("scope")), _t(d.get("responsible")),
                   _s(d.get("responsible_label")), _status(ctx, d.get("status"), f"{p}/status"),
                   _s(d.get("due")), _s(d.get("evaluation")), _t(d.get("goals")), _t(d.get("arenas")),
                   _links(d.get("links")), ctx.loc(p))


def _arena(ctx: _Ctx, d: dict[str, Any], p: str) -> Arena:
    return Arena(d["id"], d.get("name") or d["id"], _s(d.get("purpose")), _s(d.get("level")),
                 _t(d.get("participants")), _s(d.get("participants_label")), _s(d.get("frequency")),
                 _s(d.get("established")), ctx.loc(p))


def _agreement(ctx: _Ctx, d: dict[str, Any], p: str) -> Agreement:
    return Agreement(d["id"], d.get("title") or d["id"], _t(d.get("parties")),
                     _status(ctx, d.get("status"), f"{p}/status"), _s(d.get("review")),
                     _s(d.get("description")), ctx.loc(p))


def _pathway(ctx: _Ctx, d: dict[str, Any], p: str) -> Pathway:
    steps = tuple(
        PathwayStep(s.get("title") or "", _s(s.get("action")), _t(s.get("actors")), _s(s.get("arena")),
                    _s(s.get("note")), ctx.loc(f"{p}/steps/{i}"))
        for i, s in enumerate(d.get("steps") or ()))
    return Pathway(d["id"], d.get("title") or d["id"], _s(d.get("intro")), _s(d.get("url")), steps, ctx.loc(p))


def _wheel(ctx: _Ctx, d: dict[str, Any], p: str) -> AnnualWheelItem:
    month = d.get("month")
    return AnnualWheelItem(d["id"], d.get("title") or d["id"], month if isinstance(month, int) else None,
                           _t(d.get("responsible")), _s(d.get("kind")), _s(d.get("frequency")),
                           _s(d.get("description")), ctx.loc(p))


def _statistic(ctx: _Ctx, d: dict[str, Any], p: str) -> Statistic:
    src = d.get("source")
    source = Source(_s(src.get("name")), _s(src.get("url")), _s(src.get("retrieved"))) if src else None
    series = tuple((str(name), tuple(v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
                                     for v in values or ()))
                   for name, values in (d.get("series") or {}).items())
    return Statistic(d["id"], _s(d.get("title")), _s(d.get("unit")), source, _t(d.get("periods")), series,
                     _s(d.get("entity_label")), d.get("layout") or "rows", _s(d.get("note")), ctx.origin,
                     ctx.loc(p))


def _reference(ctx: _Ctx, d: dict[str, Any], p: str) -> Reference:
    return Reference(d["id"], _s(d.get("author")), _s(d.get("year")), _s(d.get("title")), _s(d.get("url")),
                     _s(d.get("text")), _s(d.get("accessed")), ctx.origin, ctx.loc(p))


def _footnote(ctx: _Ctx, d: dict[str, Any], p: str) -> Footnote:
    return Footnote(d["id"], d.get("text") or "", ctx.origin, ctx.loc(p))


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
            id=str(d.get("id", "")), title=str(d.get("title", "")), number=_s(d.get("number")),
            kind=_s(d.get("kind")), unnumbered=bool(d.get("unnumbered", False)), covers=_t(d.get("covers")),
            blocks=self.blocks(ctx, d.get("blocks"), f"{p}/blocks", depth),
            children=self.sections(ctx, d.get("children"), f"{p}/children", depth),
            origin=ctx.origin, loc=ctx.loc(p))

    def _regional_section(self, ref: str, loc: Loc, depth: int) -> Section | None:
        if self.regional is None or depth > MAX_INCLUDE_DEPTH or not ref.startswith(REGIONAL_PREFIX):
            return None
        rctx, rdata = self.regional
        key = ref[len(REGIONAL_PREFIX):]
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
            return Table(_s(t.get("caption")), _t(t.get("columns")),
                         tuple(_t(row) for row in t.get("rows") or ()), loc)
        if "include" in d:
            return self._include(str(d["include"]), _s(d.get("variant")), loc, depth)
        if isinstance(d.get("figure"), dict) and "image" in d["figure"]:
            fig = d["figure"]
            return ImageFigure(str(fig["image"]), _s(fig.get("alt")), _s(fig.get("caption")), loc)
        if "render" in d or "figure" in d:
            return _render(d, loc)
        return None

    def _include(self, ref: str, variant: str | None, loc: Loc, depth: int) -> Include:
        blocks: tuple[Block, ...] = ()
        if self.regional is not None and ref.startswith(REGIONAL_PREFIX) and depth <= MAX_INCLUDE_DEPTH:
            rctx, rdata = self.regional
            key = ref[len(REGIONAL_PREFIX):]
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
        return Render(str(fig.get("generate")), None, None, None, None, None, (), (), None,
                      _s(fig.get("caption")), _s(fig.get("alt")), loc)

    def opt(key: str) -> tuple[str, ...] | None:
        return _t(d[key]) if d.get(key) is not None else None

    return Render(str(d["render"]), opt("ids"), opt("levels"), _s(d.get("scope")), _s(d.get("group_by")),
                  opt("columns"), _pairs(d.get("labels")), _pairs(d.get("group_labels")), _s(d.get("title")),
                  _s(d.get("caption")), _s(d.get("alt")), loc)


def build_plan(doc: YamlDocument, regional_doc: YamlDocument | None = None) -> Plan:
    data: dict[str, Any] = doc.data
    ctx = _Ctx(doc, "plan")
    rctx = _Ctx(regional_doc, "regional") if regional_doc is not None and isinstance(regional_doc.data, dict) \
        else None
    rdata: dict[str, Any] = regional_doc.data if rctx is not None and regional_doc is not None else {}

    p = data["plan"]
    adoption = p.get("adoption") or {}
    period = p.get("period")
    revision = p.get("revision")
    info = PlanInfo(
        id=str(p["id"]), title=str(p["title"]), subtitle=_s(p.get("subtitle")),
        municipality=Municipality(str(p["municipality"]["name"]), _s(p["municipality"].get("number"))),
        language=str(p.get("language") or "nb"), version=_s(p.get("version")), date=_s(p.get("date")),
        period=(period.get("start"), period.get("end")) if period else None,
        adoption=Adoption(str(adoption.get("body", "")), str(adoption.get("status", "")), _s(adoption.get("date")),
                          _s(adoption.get("case_ref")), _s(adoption.get("label")), ctx.loc("/plan/adoption")),
        revision=Revision(_s(revision.get("next_review")), _s(revision.get("cycle")), _s(revision.get("owner")))
        if revision else None,
        loc=ctx.loc("/plan"))

    builder = _DocumentBuilder(ctx, (rctx, rdata) if rctx is not None else None)
    doc_data = data.get("document")
    if doc_data:
        front = doc_data.get("front") or {}
        document = Document(
            Front(_s(front.get("subtitle")), _s(front.get("date_label")), _t(front.get("lines"))),
            str(doc_data.get("numbering") or "decimal"), bool(doc_data.get("toc", True)),
            builder.sections(ctx, doc_data.get("body"), "/document/body"),
            builder.sections(ctx, doc_data.get("appendices"), "/document/appendices"), True)
    else:
        document = Document(Front(None, None, ()), "decimal", True, (), (), False)

    region = None
    if rctx is not None and isinstance(rdata.get("region"), dict):
        r = rdata["region"]
        region = Region(str(r.get("id", "")), _s(r.get("name")), _t(r.get("municipalities")), rctx.file)

    return Plan(
        file=doc.display, info=info,
        units=_registry(ctx, data, "units", _unit), goals=_registry(ctx, data, "goals", _goal),
        strategies=_registry(ctx, data, "strategies", _strategy),
        measures=_registry(ctx, data, "measures", _measure), arenas=_registry(ctx, data, "arenas", _arena),
        agreements=_registry(ctx, data, "agreements", _agreement),
        pathways=_registry(ctx, data, "pathways", _pathway),
        annual_wheel=_registry(ctx, data, "annual_wheel", _wheel),
        statistics=_registry(ctx, data, "statistics", _statistic),
        references=_registry(ctx, data, "references", _reference),
        footnotes=_registry(ctx, data, "footnotes", _footnote),
        document=document, region=region,
        regional_units=_registry(rctx, rdata, "units", _unit) if rctx else (),
        regional_statistics=_registry(rctx, rdata, "statistics", _statistic) if rctx else (),
        regional_references=_registry(rctx, rdata, "references", _reference) if rctx else (),
        regional_footnotes=_registry(rctx, rdata, "footnotes", _footnote) if rctx else (),
    )
