"""Load a plan file and what it includes, confined to the root folder.

Include paths are resolved relative to the including file, through symlinks, and must stay inside the
root (`--root`, default the nearest folder with planctl.toml, else the plan's folder's parent).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planctl.errors import PlanctlError
from planctl.load.config import find_root, resolve_path
from planctl.load.yamlsource import DEFAULT_LIMITS, Limits, YamlDocument, display_path, load_yaml

PLAN_SCHEMA = "planctl/1"
REGIONAL_SCHEMA = "planctl-regional/1"
# Why an include could not be followed (each is a message of the INCLUDE rule).
INCLUDE_REASONS = ("missing", "unreadable", "outside", "cycle", "not-regional")


@dataclass(frozen=True)
class IncludeIssue:
    """An include that could not be followed (the check stage reports it as INCLUDE)."""

    reason: str  # one of INCLUDE_REASONS
    params: dict[str, Any]
    pointer: str


@dataclass
class PlanSources:
    plan: YamlDocument
    regional: YamlDocument | None
    root: Path
    include_issues: list[IncludeIssue] = field(default_factory=list)

    @property
    def is_regional(self) -> bool:
        """True when the main file is itself a regional file (validated on its own)."""
        return isinstance(self.plan.data, dict) and self.plan.data.get("schema") == REGIONAL_SCHEMA


def default_root(plan_path: Path) -> Path:
    folder = resolve_path(plan_path).parent
    return find_root(folder) or folder.parent


def load_sources(path: Path, *, root: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> PlanSources:
    display = display_path(path)
    plan = load_yaml(path, display, limits)
    root = resolve_path(root or default_root(path))
    sources = PlanSources(plan, None, root)
    uses = plan.data.get("uses") if isinstance(plan.data, dict) else None
    ref = uses.get("regional") if isinstance(uses, dict) else None
    if isinstance(ref, str) and ref:
        sources.regional = _load_include(sources, path, ref, limits)
    return sources


def _load_include(sources: PlanSources, including: Path, ref: str, limits: Limits) -> YamlDocument | None:
    pointer = "/uses/regional"
    target = Path(os.path.normpath(including.parent / ref))
    display = display_path(target)

    def problem(reason: str, /, **params: Any) -> None:
        sources.include_issues.append(IncludeIssue(reason, {"path": ref, **params}, pointer))

    try:
        real = target.resolve()
    except (OSError, RuntimeError):  # symlink loops
        problem("unreadable", reason="symlink loop")
        return None
    if not real.is_relative_to(sources.root):
        problem("outside", root=display_path(sources.root))
        return None
    if real == including.resolve():
        problem("cycle")
        return None
    if not real.exists():
        problem("missing")
        return None
    try:
        doc = load_yaml(target, display, limits)
    except PlanctlError as exc:
        problem("unreadable", reason=exc.message)
        return None
    if isinstance(doc.data, dict) and doc.data.get("schema") == PLAN_SCHEMA:
        problem("not-regional")
        return None
    return doc
