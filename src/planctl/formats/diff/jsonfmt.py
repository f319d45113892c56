"""`planctl-diff/1`: the machine-readable diff (design.md § 6)."""

from __future__ import annotations

import json
from typing import Any

from planctl.diff.engine import PlanDiff
from planctl.diff.entities import Value
from planctl.formats.escape import json_safe

FORMAT = "planctl-diff/1"


def _json(value: Value) -> Any:
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


def to_data(diff: PlanDiff) -> dict[str, Any]:
    changes: list[dict[str, Any]] = []
    for c in diff.changes:
        entry: dict[str, Any] = {"kind": c.kind, "id": c.id, "change": c.change}
        if c.change == "renamed":
            entry["from"] = c.from_id
        if c.fields:
            entry["fields"] = {
                path: {"old": _json(fc.old), "new": _json(fc.new)} for path, fc in c.fields.items()
            }
        changes.append(entry)
    return {
        "format": FORMAT,
        "old": diff.old_label,
        "new": diff.new_label,
        "changes": changes,
        "summary": diff.summary(),
    }


def render_json(diff: PlanDiff, lang: str = "nb", *, color: bool = False) -> str:
    """The diff as planctl-diff/1 (lang and color are the renderers' common signature: JSON has neither).
    A value JSON cannot hold (a statistic of .nan or .inf, which YAML allows) is null."""
    return json.dumps(json_safe(to_data(diff)), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
