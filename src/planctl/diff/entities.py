"""Flatten a plan model into comparable entities: kind, id, display name and dotted-path fields.

Field values are plain JSON-like scalars or tuples (list fields). Sections keep their blocks as a sequence of
`BlockText` (text and source pointer) so the engine can align them and the Word renderer can find them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, get_args, get_type_hints

from planctl.model.kinds import KINDS as ENTRY_KINDS
from planctl.model.kinds import display_name
from planctl.model.types import (
    Block,
    Heading,
    Include,
    Link,
    ListBlock,
    ListItem,
    Loc,
    Paragraph,
    Plan,
    Quote,
    Render,
    Section,
    Series,
    Table,
)
from planctl.records import record

# The plan itself, each kind of registry entry, the document's sections.
KINDS = ("plan", *(k.name for k in ENTRY_KINDS), "section")

# List fields whose order carries no meaning (compared as sets); `covers` of a section, `lines` of the cover.
# `responsible` is ordered: the first is the lead.
UNORDERED = frozenset({"covers", "lines"}).union(*(k.unordered for k in ENTRY_KINDS))

# Fields that hold unit ids (shown with the units' names).
UNIT_REFS = frozenset(
    {
        "revision.owner",
        *(field.rsplit("[].", 1)[-1] for k in ENTRY_KINDS for field, to in k.refs if to == "unit"),
    }
)

Value = Any  # str | int | float | bool | None | tuple[Value, ...]


@record(frozen=True)
class BlockText:
    kind: str  # p | heading | list | quote | table | render | include
    text: str
    file: str
    pointer: str


@record
class Entity:
    kind: str
    id: str
    name: str
    fields: dict[str, Value]
    file: str
    pointer: str
    line: int | None = None
    blocks: tuple[BlockText, ...] = ()


def _make(
    kind: str, id: str, name: str, loc: Loc, fields: dict[str, Value], blocks: tuple[BlockText, ...] = ()
) -> Entity:
    return Entity(kind, id, name, fields, loc.file, loc.pointer, loc.line, blocks)


def _link(link: Link) -> str:
    return f"[{link.text}]({link.url})" if link.text else link.url


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The field types of a model class, resolved once."""
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _record_class(hint: Any) -> type | None:
    """The dataclass a field holds (alone, optional or as a list), if any."""
    return next(
        (a for a in (*get_args(hint), hint) if isinstance(a, type) and dataclasses.is_dataclass(a)), None
    )


def _compared(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.name not in ("id", "loc")]


def fields_of(record: object, prefix: str = "") -> dict[str, Value]:
    """A record's fields as dotted paths, in the order its dataclass declares them (`id` and `loc` left out):
    a record within it as `status.state` (each of its fields None when it is absent), a list of records as
    `steps.0.title`, a statistic's series as `series.<name>`, links as markdown."""
    out: dict[str, Value] = {}
    hints = _hints(type(record))
    for name in _compared(type(record)):
        key, value, hint = prefix + name, getattr(record, name), hints[name]
        inner = _record_class(hint)
        if hint == Series:
            out.update((f"{key}.{series}", values) for series, values in value)
        elif hint == tuple[Link, ...]:
            out[key] = tuple(_link(link) for link in value)
        elif inner is None:
            out[key] = value
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                out.update(fields_of(item, f"{key}.{i}."))
        elif value is None:
            out.update((f"{key}.{sub}", None) for sub in _compared(inner))
        else:
            out.update(fields_of(value, f"{key}."))
    return out


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
            yield _make("section", sid, s.title, s.loc, fields, tuple(block_texts(s.blocks)))
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
    for kind in ENTRY_KINDS:
        out[kind.name] = [
            _make(kind.name, e.id, display_name(kind, e), e.loc, fields_of(e))
            for e in plan.entries(kind.registry)
        ]
    out["section"].extend(_sections(plan))
    return out


def names(plan: Plan) -> dict[str, str]:
    """Unit id -> name (plan units shadow regional ones), to show references in plan terms."""
    return {u.id: u.name for u in plan.all_units()}
