"""What the diff's text, markdown and Word renderers share: changes grouped by kind, the summary line."""

from __future__ import annotations

from planctl.diff.describe import Described, describe
from planctl.diff.engine import PlanDiff
from planctl.diff.entities import KINDS
from planctl.messages import t


def grouped(lang: str, diff: PlanDiff) -> list[tuple[str, list[Described]]]:
    groups: dict[str, list[Described]] = {}
    for c in diff.changes:
        groups.setdefault(c.kind, []).append(describe(lang, diff, c))
    return [(kind, groups[kind]) for kind in KINDS if kind in groups]


def summary_text(lang: str, diff: PlanDiff) -> str:
    return t(lang, "diff.summary", **diff.summary())
