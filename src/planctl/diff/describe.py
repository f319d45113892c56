"""Describe changes in plan terms (shared by the text, markdown and Word renderers).

A change becomes a headline ("Tiltak «Familiebasen»: status I gang → Avsluttet; ansvar + NAV") made of
parts, plus word diffs for the prose that changed. Every word the user reads comes from the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Literal

from planctl.diff.engine import Change, FieldChange, PlanDiff
from planctl.diff.entities import UNIT_REFS, UNORDERED, Value
from planctl.diff.prose import Segment, is_prose, word_diff
from planctl.messages import has, t
from planctl.records import record

PartKind = Literal["value", "list", "reorder", "prose", "retitled", "block-added", "block-removed"]

NAME_FIELD = {
    "unit": "name",
    "strategy": "title",
    "measure": "name",
    "arena": "name",
    "agreement": "title",
    "pathway": "title",
    "annual_wheel": "title",
    "statistics": "title",
    "reference": "title",
    "section": "title",
    "plan": "title",
}
_STEP = re.compile(r"^steps\.(\d+)\.(.+)$")
_BLOCK = re.compile(r"^blocks\.(\d+)$")


@record
class Part:
    kind: PartKind
    label: str
    path: str
    old: str = ""
    new: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


@record
class Described:
    change: Change
    kind_label: str
    name: str
    parts: list[Part]

    @property
    def prose(self) -> list[Part]:
        return [p for p in self.parts if p.segments]


def kind_label(lang: str, kind: str, plural: bool = False) -> str:
    return t(lang, f"diff.kinds.{kind}" if plural else f"diff.kind.{kind}")


def field_label(lang: str, kind: str, path: str) -> str:
    m = _BLOCK.match(path)
    if m:
        return t(lang, "diff.field.block", n=int(m.group(1)) + 1)
    m = _STEP.match(path)
    if m:
        return t(lang, "diff.field.step", n=int(m.group(1)) + 1) + " " + field_label(lang, kind, m.group(2))
    if path.startswith("series."):
        return t(lang, "diff.field.series", name=path[len("series.") :])
    for key in (f"diff.field.{kind}.{path}", f"diff.field.{path}"):
        if has(key, lang) or has(key, "nb"):
            return t(lang, key)
    return path


def _leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def format_item(lang: str, diff: PlanDiff, path: str, value: Value) -> str:
    leaf = _leaf(path)
    if value is None:
        return t(lang, "diff.value.none")
    if isinstance(value, bool):
        return t(lang, "diff.value.true" if value else "diff.value.false")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if leaf in UNIT_REFS or path in UNIT_REFS:
        return diff.unit_name(text)
    key = f"diff.value.{leaf}.{text}"
    if has(key, lang) or has(key, "nb"):
        return t(lang, key)
    return text


def format_value(lang: str, diff: PlanDiff, path: str, value: Value) -> str:
    if isinstance(value, tuple):
        if not value:
            return t(lang, "diff.value.empty")
        return ", ".join(format_item(lang, diff, path, v) for v in value)
    return format_item(lang, diff, path, value)


def _status_text(lang: str, diff: PlanDiff, fields: dict[str, Value], prefix: str) -> str:
    label = fields.get(f"{prefix}.label")
    if label:
        return str(label)
    return format_item(lang, diff, f"{prefix}.state", fields.get(f"{prefix}.state"))


def describe(lang: str, diff: PlanDiff, change: Change) -> Described:
    parts: list[Part] = []
    done: set[str] = set()
    name_field = NAME_FIELD.get(change.kind)
    for path, fc in change.fields.items():
        if path in done:
            continue
        label = field_label(lang, change.kind, path)
        if path.startswith("status.") and change.old is not None and change.new is not None:
            done.update(("status.state", "status.label"))
            before = _status_text(lang, diff, change.old.fields, "status")
            after = _status_text(lang, diff, change.new.fields, "status")
            if before == after:  # the printed label stayed, the state changed: name the states too
                state = "status.state"
                before += f" ({format_item(lang, diff, state, change.old.fields.get(state))})"
                after += f" ({format_item(lang, diff, state, change.new.fields.get(state))})"
            parts.append(Part("value", field_label(lang, change.kind, "status"), "status", before, after))
            continue
        if path == name_field and isinstance(fc.old, str) and isinstance(fc.new, str):
            parts.append(Part("retitled", label, path, fc.old, fc.new))
            continue
        if _BLOCK.match(path):
            parts.append(_block_part(label, path, fc))
            continue
        if isinstance(fc.old, tuple) or isinstance(fc.new, tuple):
            parts.append(_list_part(lang, diff, label, path, fc))
            continue
        if is_prose(fc.old, fc.new):
            assert isinstance(fc.old, str) and isinstance(fc.new, str)
            parts.append(Part("prose", label, path, fc.old, fc.new, segments=word_diff(fc.old, fc.new)))
            continue
        parts.append(
            Part(
                "value",
                label,
                path,
                format_value(lang, diff, path, fc.old),
                format_value(lang, diff, path, fc.new),
            )
        )
    return Described(change, kind_label(lang, change.kind), change.name, parts)


def _block_part(label: str, path: str, fc: FieldChange) -> Part:
    if fc.old is None:
        return Part("block-added", label, path, "", str(fc.new))
    if fc.new is None:
        return Part("block-removed", label, path, str(fc.old), "")
    return Part("prose", label, path, str(fc.old), str(fc.new), segments=word_diff(str(fc.old), str(fc.new)))


def _list_part(lang: str, diff: PlanDiff, label: str, path: str, fc: FieldChange) -> Part:
    old = fc.old if isinstance(fc.old, tuple) else (() if fc.old is None else (fc.old,))
    new = fc.new if isinstance(fc.new, tuple) else (() if fc.new is None else (fc.new,))
    old_set, new_set = set(map(str, old)), set(map(str, new))
    added = [format_item(lang, diff, path, v) for v in new if str(v) not in old_set]
    removed = [format_item(lang, diff, path, v) for v in old if str(v) not in new_set]
    if not added and not removed and _leaf(path) not in UNORDERED:
        return Part(
            "reorder", label, path, format_value(lang, diff, path, old), format_value(lang, diff, path, new)
        )
    return Part("list", label, path, added=added, removed=removed)


def part_text(lang: str, part: Part) -> str:
    """A part as plain text for a headline."""
    if part.kind == "value":
        return t(lang, "diff.part.value", label=part.label, old=part.old, new=part.new)
    if part.kind == "retitled":
        return t(lang, "diff.part.retitled", label=part.label, old=part.old, new=part.new)
    if part.kind == "reorder":
        return t(lang, "diff.part.reorder", label=part.label, old=part.old, new=part.new)
    if part.kind == "list":
        bits = []
        if part.added:
            bits.append(t(lang, "diff.part.list-added", items=", ".join(part.added)))
        if part.removed:
            bits.append(t(lang, "diff.part.list-removed", items=", ".join(part.removed)))
        return t(lang, "diff.part.list", label=part.label, changes=" ".join(bits))
    if part.kind == "block-added":
        return t(lang, "diff.part.block-added", label=part.label)
    if part.kind == "block-removed":
        return t(lang, "diff.part.block-removed", label=part.label)
    return t(lang, "diff.part.prose", label=part.label)


def headline(lang: str, d: Described) -> str:
    c = d.change
    parts = "; ".join(part_text(lang, p) for p in d.parts)
    if c.change == "added":
        return t(lang, "diff.line.added", kind=d.kind_label, name=d.name, id=c.id)
    if c.change == "removed":
        return t(lang, "diff.line.removed", kind=d.kind_label, name=d.name, id=c.id)
    if c.change == "renamed":
        line = t(lang, "diff.line.renamed", kind=d.kind_label, name=d.name, id=c.id, from_id=c.from_id)
        return line + (t(lang, "diff.line.more", parts=parts) if parts else "")
    return t(lang, "diff.line.changed", kind=d.kind_label, name=d.name, parts=parts)


def trim(segments: list[Segment], context: int = 8) -> list[Segment]:
    """Shorten long unchanged stretches to `context` words on each side of a change."""
    out: list[Segment] = []
    for i, s in enumerate(segments):
        if s.op != "equal":
            out.append(s)
            continue
        words = re.split(r"(\s+)", s.text)
        if len(words) <= 4 * context + 1:
            out.append(s)
            continue
        head = "".join(words[: 2 * context]) if i > 0 else ""
        tail = "".join(words[-2 * context :]) if i < len(segments) - 1 else ""
        if not head and not tail:
            out.append(s)
            continue
        text = (head + " … " + tail) if head and tail else ((head + " …") if head else ("… " + tail))
        out.append(Segment("equal", text))
    return out
