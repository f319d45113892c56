"""Regional text (--regional): runs of paragraphs that are word for word a regional block (or one of its
variants) become `include: regional:<id>` with that variant; paragraphs that are close to a regional
paragraph but not the same are left as the municipality's own text and reported with the difference, the
drift between the plan and the region.

Texts are compared as the council document prints them (inline markup and footnote markers removed,
whitespace collapsed; a quote with its source as planctl prints it). The longest matching block wins, then
the block's default variant. Near-misses are found through the paragraphs' longer words, so the cost stays
proportional to the document, not to document × region.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Any

from planctl.document.inline import text_of
from planctl.importer.body import Item
from planctl.importer.context import Context
from planctl.importer.report import NearMiss

NEAR = 0.8
Signature = tuple[str, str]


def _norm(text: str) -> str:
    return " ".join(text_of(text).split())


def _quote(q: Any) -> str:
    if isinstance(q, str):
        return _norm(q)
    text = _norm(str(q.get("text", "")))
    source = q.get("source")
    if source and q.get("style") not in ("poem", "epigraph"):
        stop = "" if text.rstrip().endswith((".", "!", "?")) else "."
        return f"{text} ({' '.join(str(source).split())}){stop}"
    return text


def _items(value: Any) -> list[str]:
    out: list[str] = []
    for item in value or ():
        if isinstance(item, dict):
            out.append(_norm(str(item.get("text", ""))))
            out.extend(_items(item.get("items")))
        else:
            out.append(_norm(str(item)))
    return out


def block_signature(block: dict[str, Any]) -> Signature | None:
    if "p" in block:
        return ("p", _norm(str(block["p"])))
    if "quote" in block:
        return ("quote", _quote(block["quote"]))
    if "list" in block:
        value = block["list"]
        items = value.get("items") if isinstance(value, dict) else value
        return ("list", " | ".join(_items(items)))
    if "heading" in block:
        return ("heading", _norm(str(block["heading"])))
    return None


def item_signature(item: Item) -> Signature | None:
    if item.kind == "heading":
        return ("heading", " ".join(item.text.split()))
    if item.block is None:
        return None
    return block_signature(item.block)


def _candidates(regional: dict[str, Any]) -> list[tuple[str, str | None, bool, list[Signature]]]:
    out: list[tuple[str, str | None, bool, list[Signature]]] = []
    for block_id, entry in (regional.get("blocks") or {}).items():
        if isinstance(entry, list):
            variants: list[tuple[str | None, Any, bool]] = [(None, entry, True)]
        elif isinstance(entry, dict):
            default = entry.get("default")
            variants = [
                (str(name), blocks, name == default) for name, blocks in (entry.get("variants") or {}).items()
            ]
        else:
            continue
        for name, blocks, is_default in variants:
            sigs = [block_signature(b) if isinstance(b, dict) else None for b in blocks or ()]
            if sigs and all(s is not None for s in sigs):
                out.append((str(block_id), name, is_default, [s for s in sigs if s is not None]))
    return out


def match(items: list[Item], regional: dict[str, Any], ctx: Context) -> list[Item]:
    candidates = _candidates(regional)
    by_first: dict[Signature, list[tuple[str, str | None, bool, list[Signature]]]] = defaultdict(list)
    for cand in candidates:
        by_first[cand[3][0]].append(cand)
    sigs = [item_signature(i) for i in items]
    out: list[Item] = []
    i = 0
    while i < len(items):
        sig = sigs[i]
        best = None
        if sig is not None:
            for cand in by_first.get(sig, ()):
                n = len(cand[3])
                if sigs[i : i + n] == cand[3] and (
                    best is None or n > len(best[3]) or (n == len(best[3]) and cand[2] and not best[2])
                ):
                    best = cand
        if best is None:
            out.append(items[i])
            i += 1
            continue
        block_id, variant, is_default, parts = best
        block: dict[str, Any] = {"include": f"regional:{block_id}"}
        if variant is not None and not is_default:
            block["variant"] = variant
        first = items[i]
        out.append(
            Item(
                "block",
                first.where,
                block=block,
                text=first.text,
                level=first.level if first.kind == "heading" else 0,
            )
        )
        ctx.report.add(
            "include",
            items[i].where,
            "",
            items[i].text,
            detail=("import.detail.include", {"block": block_id, "variant": variant or "-"}),
        )
        i += len(parts)
    _near_misses(out, candidates, ctx)
    return out


def _words(text: str) -> list[str]:
    return text.split()


def _near_misses(
    items: list[Item], candidates: list[tuple[str, str | None, bool, list[Signature]]], ctx: Context
) -> None:
    pool: list[tuple[str, str | None, str]] = []
    index: dict[str, set[int]] = defaultdict(set)
    seen: set[str] = set()
    for block_id, variant, _, sigs in candidates:
        for kind, text in sigs:
            if kind not in ("p", "quote") or text in seen or len(_words(text)) < 8:
                continue
            seen.add(text)
            pool.append((block_id, variant, text))
            for word in {w for w in _words(text.lower()) if len(w) >= 7}:
                index[word].add(len(pool) - 1)
    for item in items:
        sig = item_signature(item)
        if sig is None or sig[0] not in ("p", "quote") or len(_words(sig[1])) < 8:
            continue
        words = {w for w in _words(sig[1].lower()) if len(w) >= 7}
        hits: dict[int, int] = defaultdict(int)
        for word in words:
            for k in index.get(word, ()):
                hits[k] += 1
        best: tuple[float, int] | None = None
        for k, count in sorted(hits.items(), key=lambda kv: -kv[1])[:5]:
            other = {w for w in _words(pool[k][2].lower()) if len(w) >= 7}
            if count < 0.5 * max(len(words), len(other), 1):
                continue
            ratio = difflib.SequenceMatcher(None, _words(sig[1]), _words(pool[k][2]), autojunk=False).ratio()
            if NEAR <= ratio < 1.0 and (best is None or ratio > best[0]):
                best = (ratio, k)
        if best is not None:
            block_id, variant, text = pool[best[1]]
            ctx.report.near_misses.append(
                NearMiss(block_id, variant, item.where, round(best[0], 3), word_diff(text, sig[1]))
            )


def word_diff(region: str, plan: str) -> str:
    """«- region's words + plan's words» for each difference, word by word."""
    a, b = _words(region), _words(plan)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        parts.append(" ".join(x for x in (f"- «{old}»" if old else "", f"+ «{new}»" if new else "") if x))
    return "; ".join(parts)


def regional_statistics(stats: list[dict[str, Any]], regional: dict[str, Any]) -> dict[str, str]:
    """Plan statistics equal to a regional one (title, periods, series): plan id -> regional id."""
    out: dict[str, str] = {}
    for stat in stats:
        for entry in regional.get("statistics") or ():
            if not isinstance(entry, dict):
                continue
            same = (
                entry.get("title") == stat.get("title")
                and [str(p) for p in entry.get("periods") or ()] == [str(p) for p in stat.get("periods", ())]
                and {str(k): list(v) for k, v in (entry.get("series") or {}).items()} == stat.get("series")
            )
            if same:
                out[stat["id"]] = str(entry.get("id"))
                break
    return out
