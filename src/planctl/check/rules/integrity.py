"""Integrity rules: DUPLICATE-ID and UNKNOWN-REFERENCE.

They run on whatever parsed (raw data, before or without a passing schema), so every access here is
defensive: a wrong type is the schema's finding, not a crash here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from planctl.check.findings import Severity
from planctl.check.problems import Msg, Problem, Target, line_of
from planctl.check.registry import CheckContext, Rule
from planctl.check.rules.queries import data_strings
from planctl.load.yamlsource import escape_pointer_token, walk_strings
from planctl.model.kinds import KINDS
from planctl.model.types import FOOTNOTE_REF, REGIONAL_PREFIX

# Registry key -> kind name used in messages and by UNKNOWN-REFERENCE.
REGISTRIES = {k.registry: k.name for k in KINDS}
REGIONAL_REGISTRIES = tuple(k.registry for k in KINDS if k.regional)
_REGIONAL_KINDS = {"unit", "statistics", "reference", "footnote"}

# (registry, field, kind referred to); field may be "steps[].actors"-style for nested lists.
REFERENCE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("units", "members", "unit"),
    ("strategies", "goals", "goal"),
    ("measures", "responsible", "unit"),
    ("measures", "goals", "goal"),
    ("measures", "arenas", "arena"),
    ("arenas", "participants", "unit"),
    ("agreements", "parties", "unit"),
    ("pathways", "steps[].actors", "unit"),
    ("pathways", "steps[].arena", "arena"),
    ("annual_wheel", "responsible", "unit"),
)

# render target -> kind its `ids` refer to
RENDER_KINDS = {k.render: k.name for k in KINDS}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ids(data: Any, registry: str) -> dict[str, str]:
    """id -> pointer of its entry (first occurrence)."""
    out: dict[str, str] = {}
    for i, item in enumerate(_list(_dict(data).get(registry))):
        ident = _dict(item).get("id")
        if isinstance(ident, str) and ident not in out:
            out[ident] = f"/{registry}/{i}"
    return out


def _sections(items: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    for i, item in enumerate(_list(items)):
        if isinstance(item, dict):
            p = f"{pointer}/{i}"
            yield item, p
            yield from _sections(item.get("children"), f"{p}/children")


def _document_sections(data: Any) -> Iterator[tuple[dict[str, Any], str]]:
    document = _dict(_dict(data).get("document"))
    yield from _sections(document.get("body"), "/document/body")
    yield from _sections(document.get("appendices"), "/document/appendices")


def check_duplicate_ids(ctx: CheckContext) -> Iterator[Problem]:
    targets: tuple[tuple[Target, Any], ...] = (("plan", ctx.plan_data), ("regional", ctx.regional_data))
    for target, data in targets:
        if not isinstance(data, dict):
            continue
        for registry, kind in REGISTRIES.items():
            entries = ((item, f"/{registry}/{i}") for i, item in enumerate(_list(data.get(registry))))
            yield from _duplicates(ctx, target, kind, entries)
        if target == "plan":
            yield from _duplicates(ctx, "plan", "section", _document_sections(data))


def _duplicates(
    ctx: CheckContext, target: Target, kind: str, entries: Iterator[tuple[Any, str]]
) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for item, pointer in entries:
        ident = _dict(item).get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            first = line_of(ctx.sources, target, seen[ident])
            yield Problem(
                "DUPLICATE-ID",
                "duplicate",
                {"kind": Msg("kind." + kind), "id": ident, "first_line": first or "?"},
                f"{pointer}/id",
                target,
            )
        else:
            seen[ident] = pointer


# Name comparisons (each unknown name against each known one) that suggestions may cost in one file: a
# comparison of two similar names costs SequenceMatcher some 15 µs, so at most about 3 s.
SUGGESTION_COMPARISONS = 200_000


class _Known:
    """IDs available to references, per kind: the plan's plus the regional file's shared registries."""

    def __init__(self, plan: Any, regional: Any) -> None:
        self.ids: dict[str, set[str]] = {}
        for registry, kind in REGISTRIES.items():
            ids = set(_ids(plan, registry))
            if registry in REGIONAL_REGISTRIES:
                ids |= set(_ids(regional, registry))
            self.ids[kind] = ids
        self.has_regional = isinstance(regional, dict)
        # The plan names a regional file that could not be loaded (INCLUDE reports it): ids that could live
        # there are not reported again as unknown.
        uses = _dict(_dict(plan).get("uses")).get("regional")
        self.regional_unavailable = isinstance(uses, str) and not self.has_regional
        reg = _dict(regional)
        self.blocks = _dict(reg.get("blocks"))
        self.sections = _dict(reg.get("sections"))
        self._candidates: dict[str, list[str]] = {}  # pool -> its names, sorted
        self._suggested: dict[tuple[str, str], str | None] = {}
        self._comparisons_left = SUGGESTION_COMPARISONS

    def suggestion(self, pool: str, names: Callable[[], Iterable[str]], ident: str) -> str | None:
        """The name of pool closest to ident (difflib, 0.6), or None. Each unknown name is compared with
        every name of its pool: once per distinct name, and for all of them together at most
        SUGGESTION_COMPARISONS comparisons, so that thousands of unknown names among thousands of known
        ones (each a finding of its own) cost seconds, not minutes; past that, findings go without a
        suggestion."""
        if (pool, ident) in self._suggested:
            return self._suggested[(pool, ident)]
        candidates = self._candidates.get(pool)
        if candidates is None:
            candidates = self._candidates[pool] = sorted(names())
        self._comparisons_left -= len(candidates)
        close = None
        if self._comparisons_left >= 0:
            import difflib  # start-up: only to suggest a name for a misspelt one

            close = next(iter(difflib.get_close_matches(ident, candidates, n=1, cutoff=0.6)), None)
        self._suggested[(pool, ident)] = close
        return close


def check_references(ctx: CheckContext) -> Iterator[Problem]:
    plan, regional = ctx.plan_data, ctx.regional_data
    if isinstance(plan, dict) and not ctx.sources.is_regional:
        known = _Known(plan, regional)
        yield from _field_refs(plan, known, "plan")
        owner = _dict(_dict(_dict(plan.get("plan")).get("revision"))).get("owner")
        if isinstance(owner, str):
            yield from _ref(known, "unit", owner, "/plan/revision/owner", "plan")
        yield from _document_refs(plan, known, "plan")
        if "[^" in data_strings(ctx, "plan"):
            yield from _footnote_refs(plan, known, "plan")
    if isinstance(regional, dict) or ctx.sources.is_regional:
        reg = regional if isinstance(regional, dict) else plan
        known = _Known({}, reg)
        target: Target = "regional" if isinstance(regional, dict) else "plan"
        yield from _field_refs(reg, known, target, registries=("units",))
        yield from _regional_document_refs(reg, known, target)
        if "[^" in data_strings(ctx, target):
            yield from _footnote_refs(reg, known, target)


def _field_refs(
    data: dict[str, Any], known: _Known, target: Target, registries: tuple[str, ...] | None = None
) -> Iterator[Problem]:
    for registry, field, kind in REFERENCE_FIELDS:
        if registries is not None and registry not in registries:
            continue
        for i, item in enumerate(_list(data.get(registry))):
            base = f"/{registry}/{i}"
            if "[]." in field:
                outer, inner = field.split("[].")
                for j, sub in enumerate(_list(_dict(item).get(outer))):
                    yield from _refs_in(
                        known, kind, _dict(sub).get(inner), f"{base}/{outer}/{j}/{inner}", target
                    )
            else:
                yield from _refs_in(known, kind, _dict(item).get(field), f"{base}/{field}", target)


def _refs_in(known: _Known, kind: str, value: Any, pointer: str, target: Target) -> Iterator[Problem]:
    if isinstance(value, str):
        yield from _ref(known, kind, value, pointer, target)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                yield from _ref(known, kind, v, f"{pointer}/{i}", target)


_HINT = "rule.UNKNOWN-REFERENCE.hint"  # "; did you mean ...?"


def _ref(known: _Known, kind: str, ref: str, pointer: str, target: Target) -> Iterator[Problem]:
    ident = ref[len(REGIONAL_PREFIX) :] if ref.startswith(REGIONAL_PREFIX) else ref
    ids = known.ids.get(kind, set())
    if ident in ids or (known.regional_unavailable and kind in _REGIONAL_KINDS):
        return
    close = known.suggestion(kind, lambda: ids, ident)
    yield Problem(
        "UNKNOWN-REFERENCE",
        "unknown",
        {
            "kind": Msg("kind." + kind),
            "id": ref,
            "hint": Msg(_HINT, {"suggestion": close}) if close else "",
        },
        pointer,
        target,
    )


def _document_refs(plan: dict[str, Any], known: _Known, target: Target) -> Iterator[Problem]:
    document = _dict(plan.get("document"))
    for name in ("body", "appendices"):
        for i, item in enumerate(_list(document.get(name))):
            item_d = _dict(item)
            if "include" in item_d and "title" not in item_d:
                yield from _regional_ref(
                    known, item_d.get("include"), None, f"/document/{name}/{i}/include", target, sections=True
                )
    for section, pointer in _document_sections(plan):
        yield from _section_block_refs(section, pointer, known, target)


def _regional_document_refs(reg: dict[str, Any], known: _Known, target: Target) -> Iterator[Problem]:
    for key, section in _dict(reg.get("sections")).items():
        for sub, pointer in _sections([section], f"/sections/{escape_pointer_token(key)}"):
            # _sections numbers the root "/0"; strip it so pointers match the mapping layout
            fixed = pointer.replace(
                f"/sections/{escape_pointer_token(key)}/0", f"/sections/{escape_pointer_token(key)}", 1
            )
            yield from _section_block_refs(sub, fixed, known, target)
    for key, entry in _dict(reg.get("blocks")).items():
        base = f"/blocks/{escape_pointer_token(key)}"
        if isinstance(entry, list):
            yield from _block_refs(entry, base, known, target)
        elif isinstance(entry, dict):
            variants = _dict(entry.get("variants"))
            default = entry.get("default")
            if isinstance(default, str) and default not in variants:
                yield Problem(
                    "UNKNOWN-REFERENCE",
                    "unknown-variant",
                    {"variant": default, "block": key, "known": ", ".join(sorted(variants)) or "-"},
                    f"{base}/default",
                    target,
                )
            for name, blocks in variants.items():
                yield from _block_refs(blocks, f"{base}/variants/{escape_pointer_token(name)}", known, target)


def _section_block_refs(
    section: dict[str, Any], pointer: str, known: _Known, target: Target
) -> Iterator[Problem]:
    yield from _block_refs(section.get("blocks"), f"{pointer}/blocks", known, target)


def _block_refs(blocks: Any, pointer: str, known: _Known, target: Target) -> Iterator[Problem]:
    for i, block in enumerate(_list(blocks)):
        b = _dict(block)
        p = f"{pointer}/{i}"
        if "include" in b:
            variant = b.get("variant")
            yield from _regional_ref(
                known,
                b.get("include"),
                variant if isinstance(variant, str) else None,
                f"{p}/include",
                target,
                sections=False,
            )
        if "render" in b and isinstance(b.get("render"), str):
            kind = RENDER_KINDS.get(b["render"])
            if kind is not None:
                yield from _refs_in(known, kind, b.get("ids"), f"{p}/ids", target)


def _regional_ref(
    known: _Known, ref: Any, variant: str | None, pointer: str, target: Target, *, sections: bool
) -> Iterator[Problem]:
    if not isinstance(ref, str) or not ref.startswith(REGIONAL_PREFIX):
        return  # the schema reports the shape
    key = ref[len(REGIONAL_PREFIX) :]
    if known.regional_unavailable:
        return
    if not known.has_regional:
        yield Problem("UNKNOWN-REFERENCE", "no-regional", {"ref": ref}, pointer, target)
        return
    # membership without joining blocks and sections into a new dict for every include (2n includes of
    # a regional file of n blocks cost n² to validate)
    if key not in known.sections and (sections or key not in known.blocks):
        if sections:
            close = known.suggestion("regional sections", lambda: known.sections, key)
        else:
            close = known.suggestion("regional", lambda: {**known.blocks, **known.sections}, key)
        yield Problem(
            "UNKNOWN-REFERENCE",
            "unknown-regional",
            {"ref": ref, "hint": Msg(_HINT, {"suggestion": "regional:" + close}) if close else ""},
            pointer,
            target,
        )
        return
    entry = known.blocks.get(key)
    if variant is None:
        return
    variant_pointer = pointer.rsplit("/", 1)[0] + "/variant"
    if isinstance(entry, dict) and isinstance(entry.get("variants"), dict):
        if variant not in entry["variants"]:
            yield Problem(
                "UNKNOWN-REFERENCE",
                "unknown-variant",
                {"variant": variant, "block": key, "known": ", ".join(sorted(entry["variants"]))},
                variant_pointer,
                target,
            )
    else:
        yield Problem(
            "UNKNOWN-REFERENCE",
            "variant-not-variants",
            {"variant": variant, "block": key},
            variant_pointer,
            target,
        )


def _footnote_refs(data: dict[str, Any], known: _Known, target: Target) -> Iterator[Problem]:
    """`[^id]` markers in any text must name a footnote (called when data_strings holds a marker)."""
    footnotes = known.ids.get("footnote", set())
    for pointer, value in walk_strings(data):
        if "[^" in value:
            for match in FOOTNOTE_REF.finditer(value):
                if match.group(1) not in footnotes:
                    yield Problem(
                        "UNKNOWN-REFERENCE",
                        "unknown",
                        {"kind": Msg("kind.footnote"), "id": match.group(1), "hint": ""},
                        pointer,
                        target,
                    )


RULES = (
    Rule("DUPLICATE-ID", "integrity", Severity.ERROR, (), ("duplicate",), check_duplicate_ids),
    Rule(
        "UNKNOWN-REFERENCE",
        "integrity",
        Severity.ERROR,
        (),
        ("unknown", "hint", "unknown-regional", "no-regional", "unknown-variant", "variant-not-variants"),
        check_references,
    ),
)
