"""Load a plan file and what it includes, confined to the root folder.

One include policy for every source a plan can come from (the file system, a file named as if it were
elsewhere for `diff --as`, or a git revision: `planctl.load.git`): the include path is resolved relative to
the including file, through symlinks, and its real path must stay inside the root (`--root`, default the
nearest folder with planctl.toml, else the plan's own folder: never wider than what the plan or the
project says); only a regular file within the size limit is read (checked before reading); what cannot be
followed is an `IncludeIssue` (the check stage reports it as INCLUDE). Every file read is held to the
budgets of planctl.load.budgets.
"""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from typing import Any, Protocol

from planctl.errors import PlanctlError
from planctl.load.budgets import check_budgets
from planctl.load.config import find_root, resolve_path
from planctl.load.yamlsource import (
    DEFAULT_LIMITS,
    Limits,
    YamlDocument,
    display_path,
    load_yaml,
    parse_bytes,
    too_large,
)
from planctl.messages import Msg
from planctl.records import record

PLAN_SCHEMA = "planctl/1"
REGIONAL_SCHEMA = "planctl-regional/1"
PLAN_NAMES = ("plan.yaml", "plan.yml")  # the plan file of a plan folder
# Why an include could not be followed (each is a message of the INCLUDE rule).
INCLUDE_REASONS = ("missing", "unreadable", "outside", "cycle", "not-regional")
_INCLUDE_POINTER = "/uses/regional"
MAX_INCLUDE_PATH = 255  # characters of an include path, as a file name on most file systems
_SHOWN_PATH = 80  # characters of an include path that a message repeats


@record(frozen=True)
class IncludeIssue:
    """An include that could not be followed (the check stage reports it as INCLUDE)."""

    reason: str  # one of INCLUDE_REASONS
    params: dict[str, Any]
    pointer: str


@record
class PlanSources:
    plan: YamlDocument
    regional: YamlDocument | None
    root: Path
    include_issues: list[IncludeIssue] = field(default_factory=list)

    @property
    def is_regional(self) -> bool:
        """True when the main file is itself a regional file (validated on its own)."""
        return isinstance(self.plan.data, dict) and self.plan.data.get("schema") == REGIONAL_SCHEMA


class SymlinkLoop(Exception):
    """A path's symlinks never end."""


class Source(Protocol):
    """Where plan files are read from: the file system (`FileSource`) or a git revision."""

    def resolve(self, path: Path) -> Path:
        """The real path of path, every symlink on the way followed; SymlinkLoop when they never end."""
        ...

    def exists(self, real: Path) -> bool: ...

    def load(self, real: Path, display: str, limits: Limits) -> YamlDocument:
        """Read and parse a regular file within the size limit (checked before reading); otherwise
        PlanctlError with the reason."""
        ...

    def display(self, path: Path) -> str:
        """How messages name the file at path."""
        ...


class FileSource:
    def resolve(self, path: Path) -> Path:
        try:
            return path.resolve()
        except (OSError, RuntimeError):  # Python < 3.13 raises RuntimeError for a symlink loop
            raise SymlinkLoop(str(path)) from None

    def exists(self, real: Path) -> bool:
        try:
            return real.exists()
        except OSError:  # e.g. a name too long for the file system: not a file it holds
            return False

    def load(self, real: Path, display: str, limits: Limits) -> YamlDocument:
        return load_yaml(real, display, limits)

    def display(self, path: Path) -> str:
        return display_path(path)


def default_root(plan_path: Path) -> Path:
    """The nearest folder upward with planctl.toml, else the plan's own folder: a plan that no project
    configures includes nothing beside or above its folder (a plan directly in /tmp does not get /)."""
    folder = resolve_path(plan_path).parent
    return find_root(folder) or folder


def plan_file(folder: Path) -> Path:
    """The plan file of a plan folder (plan.yaml, else plan.yml; plan.yaml when there is neither)."""
    for name in PLAN_NAMES:
        if (folder / name).is_file():
            return folder / name
    return folder / PLAN_NAMES[0]


def load_sources(
    path: Path, *, root: Path | None = None, limits: Limits = DEFAULT_LIMITS, as_path: Path | None = None
) -> PlanSources:
    """The plan at path and its regional include. `as_path`: read path, but name it and resolve its
    include as if it were at as_path (git's diff driver hands over temporary files)."""
    named = as_path if as_path is not None else path
    plan = load_yaml(path, display_path(named), limits)
    check_budgets(plan, limits)
    if as_path is not None:
        plan = YamlDocument(as_path, plan.display, plan.data, plan.source_map, plan.problems, plan.disables)
    sources = PlanSources(plan, None, resolve_path(root or default_root(named)))
    including = as_path.absolute() if as_path is not None else path
    follow_include(sources, including, FileSource(), limits)
    return sources


def sources_from_bytes(
    raw: bytes, display: str, *, as_path: Path, root: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> PlanSources:
    """A plan read from bytes (standard input) named display, its include resolved as if it were at
    as_path (`planctl validate -`: the working folder)."""
    refused = too_large(len(raw), limits)
    if refused is not None:
        raise PlanctlError(refused, file=display)
    plan = parse_bytes(raw, as_path, display, limits)
    check_budgets(plan, limits)
    sources = PlanSources(plan, None, resolve_path(root or default_root(as_path)))
    follow_include(sources, as_path.absolute(), FileSource(), limits)
    return sources


def follow_include(sources: PlanSources, including: Path, source: Source, limits: Limits) -> None:
    """Load the regional file the plan names in `uses: regional:` into sources.regional, or record why
    it cannot be followed in sources.include_issues."""
    data = sources.plan.data
    uses = data.get("uses") if isinstance(data, dict) else None
    ref = uses.get("regional") if isinstance(uses, dict) else None
    if not isinstance(ref, str) or not ref:
        return

    def problem(reason: str, /, **params: Any) -> None:
        shown = ref if len(ref) <= _SHOWN_PATH else ref[: _SHOWN_PATH - 1] + "…"
        sources.include_issues.append(IncludeIssue(reason, {"path": shown, **params}, _INCLUDE_POINTER))

    if "\0" in ref:
        problem("unreadable", reason=Msg("include.nul"))
        return
    if len(ref) > MAX_INCLUDE_PATH:
        problem(
            "unreadable",
            reason=Msg("include.too-long", {"length": f"{len(ref):,}", "limit": MAX_INCLUDE_PATH}),
        )
        return
    target = Path(os.path.normpath(including.parent / ref))
    display = source.display(target)
    try:
        real = source.resolve(target)
        own = source.resolve(including)
    except SymlinkLoop:
        problem("unreadable", reason=Msg("load.symlink-loop"))
        return
    if not real.is_relative_to(sources.root):
        # the default root of a plan no project configures is its own folder: say how to widen it
        default = sources.root == own.parent and find_root(sources.root) is None
        problem("outside", root=display_path(sources.root), hint=Msg("include.no-project") if default else "")
        return
    if real == own:
        problem("cycle")
        return
    if not source.exists(real):
        problem("missing")
        return
    try:
        doc = source.load(real, display, limits)
    except PlanctlError as exc:
        problem("unreadable", reason=exc.message)
        return
    if isinstance(doc.data, dict) and doc.data.get("schema") == PLAN_SCHEMA:
        problem("not-regional")
        return
    check_budgets(doc, limits)
    sources.regional = doc
