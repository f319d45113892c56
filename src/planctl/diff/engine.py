"""Match the entities of two plans by kind and ID and compare their fields into a `PlanDiff`.

Linear in the size of the plans: entities are matched through dicts keyed by id, probable renames through
dicts keyed by normalised name; nothing is compared pairwise; a section's blocks are aligned by
`diff.matching` (linear also when many blocks are equal). `DiffStats.comparisons` counts the work done
(look-ups and field comparisons) so that tests can check the growth without timing anything.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from planctl.diff.entities import KINDS, UNORDERED, BlockText, Entity, Value, flatten, names
from planctl.diff.matching import opcodes
from planctl.model.types import Plan
from planctl.records import record

ChangeKind = Literal["added", "removed", "changed", "renamed"]


@record(frozen=True)
class FieldChange:
    old: Value
    new: Value


@record
class Change:
    kind: str
    id: str
    change: ChangeKind
    fields: dict[str, FieldChange] = field(default_factory=dict)
    from_id: str | None = None
    old: Entity | None = None
    new: Entity | None = None
    # section blocks: field path -> (old block, new block) for the Word renderer
    blocks: dict[str, tuple[BlockText | None, BlockText | None]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        entity = self.new or self.old
        return entity.name if entity is not None else self.id


@record
class DiffStats:
    comparisons: int = 0


@record(frozen=True)
class DiffOptions:
    only: frozenset[str] = frozenset()  # kinds to keep (empty: all)
    ignore: tuple[str, ...] = ()  # dotted field paths (a prefix ignores everything below it)


@record
class PlanDiff:
    old_label: str
    new_label: str
    changes: list[Change]
    old_units: dict[str, str] = field(default_factory=dict)
    new_units: dict[str, str] = field(default_factory=dict)
    stats: DiffStats = field(default_factory=DiffStats)
    old_plan: Plan | None = None
    new_plan: Plan | None = None
    options: DiffOptions = field(default_factory=DiffOptions)  # the filters the changes went through

    @property
    def empty(self) -> bool:
        return not self.changes

    def summary(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "changed": 0, "renamed": 0}
        for c in self.changes:
            counts[c.change] += 1
        return counts

    def unit_name(self, unit_id: str) -> str:
        return self.new_units.get(unit_id) or self.old_units.get(unit_id) or unit_id


def norm_name(name: str) -> str:
    return " ".join(name.casefold().split())


def _ignored(path: str, ignore: tuple[str, ...]) -> bool:
    return any(path == ig or path.startswith(ig + ".") for ig in ignore)


class _Engine:
    def __init__(self, options: DiffOptions) -> None:
        self.options = options
        self.stats = DiffStats()

    def same(self, path: str, a: Value, b: Value) -> bool:
        self.stats.comparisons += 1
        if isinstance(a, tuple) and isinstance(b, tuple) and path.rsplit(".", 1)[-1] in UNORDERED:
            return sorted(map(str, a)) == sorted(map(str, b))
        if isinstance(a, bool) or isinstance(b, bool):
            return type(a) is type(b) and a == b
        return bool(a == b)

    def compare(self, old: Entity, new: Entity, change: Change) -> None:
        ignore = self.options.ignore
        keys = list(new.fields)
        keys.extend(k for k in old.fields if k not in new.fields)
        for key in keys:
            if key == "id" or _ignored(key, ignore):
                continue
            a, b = old.fields.get(key), new.fields.get(key)
            if not self.same(key, a, b):
                change.fields[key] = FieldChange(a, b)
        if (old.blocks or new.blocks) and not _ignored("blocks", ignore):
            self.compare_blocks(old.blocks, new.blocks, change)
        if old.kind == "plan" and old.id != new.id and not _ignored("id", ignore):
            change.fields["id"] = FieldChange(old.id, new.id)

    def compare_blocks(self, old: tuple[BlockText, ...], new: tuple[BlockText, ...], change: Change) -> None:
        a = [b.text for b in old]
        b = [b.text for b in new]
        self.stats.comparisons += len(a) + len(b)
        for tag, i1, i2, j1, j2 in opcodes(a, b):
            if tag == "equal":
                continue
            pairs = max(i2 - i1, j2 - j1)
            for k in range(pairs):
                ob = old[i1 + k] if i1 + k < i2 else None
                nb = new[j1 + k] if j1 + k < j2 else None
                index = j1 + k if nb is not None else i1 + k
                path = f"blocks.{index}"
                if path in change.fields:  # a deletion and an insertion at the same index
                    prev_old, prev_new = change.blocks[path]
                    ob, nb = ob or prev_old, nb or prev_new
                change.fields[path] = FieldChange(ob.text if ob else None, nb.text if nb else None)
                change.blocks[path] = (ob, nb)

    def diff_kind(self, kind: str, old: list[Entity], new: list[Entity]) -> list[Change]:
        old_by_id: dict[str, Entity] = {}
        for e in old:
            old_by_id.setdefault(e.id, e)
        if kind == "plan" and old and new:  # one plan per side: always the same entity
            old_by_id = {new[0].id: old[0]}
        changes: list[Change] = []
        matched: set[str] = set()
        unmatched_new: list[Entity] = []
        seen_new: set[str] = set()
        for e in new:
            self.stats.comparisons += 1
            if e.id in seen_new:
                continue
            seen_new.add(e.id)
            o = old_by_id.get(e.id)
            if o is None:
                unmatched_new.append(e)
                continue
            matched.add(e.id)
            change = Change(kind, e.id, "changed", old=o, new=e)
            self.compare(o, e, change)
            if change.fields:
                changes.append(change)
        unmatched_old = [e for e in old_by_id.values() if e.id not in matched]
        self.stats.comparisons += len(old_by_id)

        # probable renames: same name, new id (only where the name is unambiguous on both sides)
        old_by_name: dict[str, list[Entity]] = {}
        for e in unmatched_old:
            old_by_name.setdefault(norm_name(e.name), []).append(e)
        new_name_count: dict[str, int] = {}
        for e in unmatched_new:
            key = norm_name(e.name)
            new_name_count[key] = new_name_count.get(key, 0) + 1
        renamed_old: set[str] = set()
        for e in unmatched_new:
            key = norm_name(e.name)
            self.stats.comparisons += 1
            candidates = old_by_name.get(key, [])
            if key and len(candidates) == 1 and new_name_count[key] == 1:
                o = candidates[0]
                renamed_old.add(o.id)
                change = Change(kind, e.id, "renamed", from_id=o.id, old=o, new=e)
                self.compare(o, e, change)
                changes.append(change)
            else:
                changes.append(Change(kind, e.id, "added", new=e))
        changes.extend(Change(kind, o.id, "removed", old=o) for o in unmatched_old if o.id not in renamed_old)
        return changes


def diff_entities(
    old: dict[str, list[Entity]], new: dict[str, list[Entity]], options: DiffOptions = DiffOptions()
) -> tuple[list[Change], DiffStats]:
    engine = _Engine(options)
    changes: list[Change] = []
    for kind in KINDS:
        if options.only and kind not in options.only:
            continue
        changes.extend(engine.diff_kind(kind, old.get(kind, []), new.get(kind, [])))
    return changes, engine.stats


def diff_plans(
    old: Plan, new: Plan, *, old_label: str, new_label: str, options: DiffOptions = DiffOptions()
) -> PlanDiff:
    changes, stats = diff_entities(flatten(old), flatten(new), options)
    return PlanDiff(old_label, new_label, changes, names(old), names(new), stats, old, new, options)
