"""Flatten a plan model into comparable entities: kind, id, display name and dotted-path fields.

Field values are plain JSON-like scalars or tuples (list fields). Sections keep their blocks as a sequence of
`BlockText` (text and source pointer) so the engine can align them and the Word renderer can find them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from planctl.model.types import (
    Block,
    Heading,
    Include,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Plan,
    Quote,
    Render,
    Section,
    Status,
    Table,
)

KINDS = (
    "plan",
    "unit",
    "goal",
    "strategy",
    "measure",
    "arena",
    "agreement",
    "pathway",
    "annual_wheel",
    "statistics",
    "reference",
    "footnote",  # an extension of design.md § 6 (footnotes are an extension of the format)
    "section",
)

# List fields whose order carries no meaning (compared as sets).
# `responsible` is ordered: the first is the lead.
UNORDERED = frozenset(
    {"levels", "goals", "arenas", "aliases", "covers", "participants", "parties", "members", "links", "lines"}
)

# List fields that hold unit ids (shown with the units' names).
UNIT_REFS = frozenset({"responsible", "members", "participants", "parties", "actors", "revision.owner"})

Value = Any  # str | int | float | bool | None | tuple[Value, ...]


@dataclass(frozen=True)
class BlockText:
    kind: str  # p | heading | list | quote | table | render | include
    text: str
    file: str
    pointer: str


@dataclass
class Entity:
    kind: str
    id: str
    name: str
    fields: dict[str, Value]
    file: str
    pointer: str
    line: int | None = None
    blocks: tuple[BlockText, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _status(prefix: str, status: Status | None) -> dict[str, Value]:
    if status is None:
        return {f"{prefix}.state": None, f"{prefix}.label": None}
    return {f"{prefix}.state": status.state, f"{prefix}.label": status.label}


def _link(link: Link) -> str:
    return f"[{link.text}]({link.url})" if link.text else link.url


def _make(kind: str, id: str, name: str, loc: Any, fields: dict[str, Value], **kw: Any) -> Entity:
    return Entity(kind, id, name, fields, loc.file, loc.pointer, loc.line, **kw)


def _list_text(items: tuple[ListItem, ...], depth: int = 0) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines.append("  " * depth + "- " + item.text)
        lines.extend(_list_text(item.items, depth + 1))
    return lines


def _render_text(r: Render) -> str:
    parts = [f"render: {r.what}"]
    for key, value in (
        ("ids", r.ids),
        ("levels", r.levels),
        ("scope", r.scope),
        ("group_by", r.group_by),
        ("columns", r.columns),
        ("title", r.title),
        ("caption", r.caption),
        ("alt", r.alt),
    ):
        if value:
            parts.append(f"{key}: {', '.join(value) if isinstance(value, tuple) else value}")
    for key, pairs in (("labels", r.labels), ("group_labels", r.group_labels)):
        if pairs:
            parts.append(f"{key}: " + ", ".join(f"{k}={v}" for k, v in pairs))
    return "[" + "; ".join(parts) + "]"


def block_texts(blocks: tuple[Block, ...]) -> Iterator[BlockText]:
    """Blocks as comparable text; includes are expanded into the blocks they resolve to (at this revision)."""
    for b in blocks:
        loc = b.loc
        if isinstance(b, Paragraph):
            yield BlockText("p", b.text, loc.file, loc.pointer)
        elif isinstance(b, Heading):
            yield BlockText("heading", b.text, loc.file, loc.pointer)
        elif isinstance(b, ListBlock):
            yield BlockText("list", "\n".join(_list_text(b.items)), loc.file, loc.pointer)
        elif isinstance(b, Quote):
            text = b.text + (f"\n— {b.source}" if b.source else "")
            yield BlockText("quote", text, loc.file, loc.pointer)
        elif isinstance(b, Table):
            rows = [" | ".join(b.columns)] if b.columns else []
            rows.extend(" | ".join(row) for row in b.rows)
            yield BlockText(
                "table", "\n".join(([b.caption] if b.caption else []) + rows), loc.file, loc.pointer
            )
        elif isinstance(b, Render):
            yield BlockText("render", _render_text(b), loc.file, loc.pointer)
        elif isinstance(b, Include):
            if b.blocks:
                yield from block_texts(b.blocks)
            else:
                yield BlockText("include", f"[include: {b.ref}]", loc.file, loc.pointer)


def _sections(plan: Plan) -> Iterator[Entity]:
    def walk(sections: tuple[Section, ...], parent: str | None, part: str) -> Iterator[Entity]:
        for s in sections:
            sid = s.key
            fields: dict[str, Value] = {
                "title": s.title,
                "number": s.number,
                "kind": s.kind,
                "unnumbered": s.unnumbered,
                "covers": s.covers,
                "parent": parent,
                "part": part,
            }
            yield _make("section", sid, s.title, s.loc, fields, blocks=tuple(block_texts(s.blocks)))
            yield from walk(s.children, sid, part)

    yield from walk(plan.document.body, None, "body")
    yield from walk(plan.document.appendices, None, "appendices")


def flatten(plan: Plan) -> dict[str, list[Entity]]:
    """Entities of each kind, in the plan's order."""
    info = plan.info
    doc = plan.document
    plan_fields: dict[str, Value] = {
        "id": info.id,
        "title": info.title,
        "subtitle": info.subtitle,
        "municipality.name": info.municipality.name,
        "municipality.number": info.municipality.number,
        "language": info.language,
        "version": info.version,
        "date": info.date,
        "period.start": info.period[0] if info.period else None,
        "period.end": info.period[1] if info.period else None,
        "adoption.body": info.adoption.body,
        "adoption.status": info.adoption.status,
        "adoption.date": info.adoption.date,
        "adoption.case_ref": info.adoption.case_ref,
        "adoption.label": info.adoption.label,
        "revision.next_review": info.revision.next_review if info.revision else None,
        "revision.cycle": info.revision.cycle if info.revision else None,
        "revision.owner": info.revision.owner if info.revision else None,
        "region": plan.region.id if plan.region else None,
        "document.front.subtitle": doc.front.subtitle,
        "document.front.date_label": doc.front.date_label,
        "document.front.lines": doc.front.lines,
        "document.numbering": doc.numbering,
        "document.toc": doc.toc,
    }
    out: dict[str, list[Entity]] = {k: [] for k in KINDS}
    out["plan"].append(_make("plan", info.id, info.title, info.loc, plan_fields))
    for u in plan.all_units():
        out["unit"].append(
            _make(
                "unit",
                u.id,
                u.name,
                u.loc,
                {
                    "name": u.name,
                    "kind": u.kind,
                    "municipal": u.municipal,
                    "aliases": u.aliases,
                    "mandate": u.mandate,
                    "members": u.members,
                    "description": u.description,
                    "url": u.url,
                    "origin": u.origin,
                },
            )
        )
    for g in plan.goals:
        out["goal"].append(
            _make(
                "goal",
                g.id,
                g.text,
                g.loc,
                {"kind": g.kind, "text": g.text, "label": g.label, "source": g.source},
            )
        )
    for s in plan.strategies:
        out["strategy"].append(
            _make(
                "strategy",
                s.id,
                s.title,
                s.loc,
                {"title": s.title, "text": s.text, "goals": s.goals, "number": s.number},
            )
        )
    for m in plan.measures:
        out["measure"].append(
            _make(
                "measure",
                m.id,
                m.name,
                m.loc,
                {
                    "name": m.name,
                    **_status("status", m.status),
                    "responsible": m.responsible,
                    "responsible_label": m.responsible_label,
                    "description": m.description,
                    "details": m.details,
                    "levels": m.levels,
                    "scope": m.scope,
                    "due": m.due,
                    "evaluation": m.evaluation,
                    "goals": m.goals,
                    "arenas": m.arenas,
                    "links": tuple(_link(link) for link in m.links),
                },
            )
        )
    for a in plan.arenas:
        out["arena"].append(
            _make(
                "arena",
                a.id,
                a.name,
                a.loc,
                {
                    "name": a.name,
                    "purpose": a.purpose,
                    "level": a.level,
                    "participants": a.participants,
                    "participants_label": a.participants_label,
                    "frequency": a.frequency,
                    "established": a.established,
                },
            )
        )
    for ag in plan.agreements:
        out["agreement"].append(
            _make(
                "agreement",
                ag.id,
                ag.title,
                ag.loc,
                {
                    "title": ag.title,
                    "parties": ag.parties,
                    **_status("status", ag.status),
                    "review": ag.review,
                    "description": ag.description,
                },
            )
        )
    for p in plan.pathways:
        fields: dict[str, Value] = {"title": p.title, "intro": p.intro, "url": p.url}
        for i, step in enumerate(p.steps):
            fields.update(
                {
                    f"steps.{i}.title": step.title,
                    f"steps.{i}.action": step.action,
                    f"steps.{i}.actors": step.actors,
                    f"steps.{i}.arena": step.arena,
                    f"steps.{i}.note": step.note,
                }
            )
        out["pathway"].append(_make("pathway", p.id, p.title, p.loc, fields))
    for w in plan.annual_wheel:
        out["annual_wheel"].append(
            _make(
                "annual_wheel",
                w.id,
                w.title,
                w.loc,
                {
                    "title": w.title,
                    "month": w.month,
                    "responsible": w.responsible,
                    "kind": w.kind,
                    "frequency": w.frequency,
                    "description": w.description,
                },
            )
        )
    for st in plan.all_statistics():
        sfields: dict[str, Value] = {
            "title": st.title,
            "unit": st.unit,
            "source.name": st.source.name if st.source else None,
            "source.url": st.source.url if st.source else None,
            "source.retrieved": st.source.retrieved if st.source else None,
            "periods": st.periods,
            "entity_label": st.entity_label,
            "layout": st.layout,
            "note": st.note,
            "origin": st.origin,
        }
        for name, values in st.series:
            sfields[f"series.{name}"] = values
        out["statistics"].append(_make("statistics", st.id, st.title or st.id, st.loc, sfields))
    plan_refs = {r.id for r in plan.references}
    for r in (*(r for r in plan.regional_references if r.id not in plan_refs), *plan.references):
        out["reference"].append(
            _make(
                "reference",
                r.id,
                r.title or r.text or r.id,
                r.loc,
                {
                    "author": r.author,
                    "year": r.year,
                    "title": r.title,
                    "url": r.url,
                    "text": r.text,
                    "accessed": r.accessed,
                    "origin": r.origin,
                },
            )
        )
    plan_notes = {f.id for f in plan.footnotes}
    for f in (*(f for f in plan.regional_footnotes if f.id not in plan_notes), *plan.footnotes):
        out["footnote"].append(_make("footnote", f.id, f.id, f.loc, {"text": f.text, "origin": f.origin}))
    out["section"].extend(_sections(plan))
    return out


def names(plan: Plan) -> dict[str, str]:
    """Unit id -> name (plan units shadow regional ones), to show references in plan terms."""
    return {u.id: u.name for u in plan.all_units()}
