"""Budgets on what a loaded file holds, checked once on the data before any other stage runs: the number
of measures, of text-list items and of inline markers. The loader bounds bytes, depth, nodes and the
expanded size (planctl.load.yamlsource); these bound the work the later stages do per element, so a small
file cannot make a command run for minutes. Each refusal is one line at the place the budget ran out,
naming the `[limits]` key of planctl.toml that raises it.
"""

from __future__ import annotations

from typing import Any

from planctl.errors import PlanctlError
from planctl.load.yamlsource import Limits, YamlDocument, escape_pointer_token, limited
from planctl.messages import Msg

# Characters that open or close inline markup in a text field (planctl.document.inline): emphasis,
# links and footnote markers, autolinks.
INLINE_MARKERS = "*_[<"


def check_budgets(doc: YamlDocument, limits: Limits) -> None:
    """PlanctlError at the first element past a budget; nothing when the file is within all of them."""
    data = doc.data
    if not isinstance(data, dict):
        return
    measures = data.get("measures")
    if isinstance(measures, list) and len(measures) > limits.max_measures:
        what = Msg("limits.measures", {"limit": f"{limits.max_measures:,}"})
        _refuse(doc, f"/measures/{limits.max_measures}", what, "max_measures")
    # The counts only grow as the walk below goes on, so a file whose totals are within the budgets is
    # never refused: the totals (counted without pointers) spare nearly every file the located walk.
    markers, items = totals(data)
    if markers <= limits.max_inline_markers and items <= limits.max_list_items:
        return
    items = markers = 0
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, at = stack.pop()
        if isinstance(node, str):
            markers += sum(map(node.count, INLINE_MARKERS))
            if markers > limits.max_inline_markers:
                what = Msg(
                    "limits.inline-markers",
                    {"limit": f"{limits.max_inline_markers:,}", "markers": " ".join(INLINE_MARKERS)},
                )
                _refuse(doc, at, what, "max_inline_markers")
        elif isinstance(node, dict):
            if "list" in node:
                items += _list_items(node["list"])
                if items > limits.max_list_items:
                    what = Msg("limits.list-items", {"limit": f"{limits.max_list_items:,}"})
                    _refuse(doc, f"{at}/list", what, "max_list_items")
            stack.extend((child, f"{at}/{escape_pointer_token(str(key))}") for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, f"{at}/{i}") for i, child in enumerate(node))


def totals(data: Any) -> tuple[int, int]:
    """(inline markers, text-list items) of the whole data, as the located walk counts them."""
    strings: list[str] = []
    items = 0
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            if "list" in node:
                items += _list_items(node["list"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    text = "".join(strings)
    return sum(map(text.count, INLINE_MARKERS)), items


def _list_items(value: Any) -> int:
    """Items of a `list:` block ([text, ...] or {style, items}), nested `items` included."""
    count = 0
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            current = current.get("items")
        if isinstance(current, list):
            count += len(current)
            pending.extend(item for item in current if isinstance(item, dict))
    return count


def _refuse(doc: YamlDocument, pointer: str, what: Msg, field: str) -> None:
    where = doc.source_map.value(pointer)
    line, column = where if where is not None else (None, None)
    raise PlanctlError(limited(what, field), file=doc.display, line=line, column=column)
