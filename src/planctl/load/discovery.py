"""Which files a run checks: YAML files that declare a planctl schema, found recursively; the plans that
include a regional file; the project's plans/ folder and repository root from any folder in it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from planctl.load.config import find_root
from planctl.load.sources import PLAN_NAMES, PLAN_SCHEMA, REGIONAL_SCHEMA


def is_planctl_file(path: Path) -> bool:
    """For folder walks: YAML files that declare a planctl schema (others, e.g. CI files, are skipped)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return True  # let the check report it
    return PLAN_SCHEMA.encode() in head or REGIONAL_SCHEMA.encode() in head or path.name in PLAN_NAMES


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to check: files as given; folders walked for planctl YAML files, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for pattern in ("*.yaml", "*.yml")
                for p in path.rglob(pattern)
                if p.is_file() and not any(part.startswith(".") for part in p.parts[len(path.parts) :])
            )
            out.extend(p for p in found if is_planctl_file(p))
        else:
            out.append(path)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve() if p.exists() else p
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def default_plans(start: Path) -> Path | None:
    """What `planctl validate` checks when given no path, from any folder of the project: the plans/
    folder of the project root (the nearest folder upward with planctl.toml; the root itself when it has
    no plans/), else the nearest plans/ folder upward (or the plans/ folder start is in)."""
    start = start.resolve()
    root = find_root(start)
    if root is not None:
        return root / "plans" if (root / "plans").is_dir() else root
    for folder in (start, *start.parents):
        if folder.name == "plans" and folder.is_dir():
            return folder
        if (folder / "plans").is_dir():
            return folder / "plans"
    return None


def repository_root(start: Path) -> Path:
    """The git work tree that holds start (the nearest folder upward with .git), else the project root
    (planctl.toml), else start: what code-scanning reports name files relative to."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return find_root(start) or start


_USES_REGIONAL = re.compile(rb"\bregional:\s+[\"']?([^\s\"'#,}]+)")


def including_plans(regional_files: Iterable[Path], search: Path) -> list[Path]:
    """Plan files under search whose `uses: regional:` names one of regional_files: a change to a regional
    file is checked in every plan that includes it (the pre-commit hook passes only the changed files)."""
    wanted = {p.resolve() for p in regional_files}
    if not wanted:
        return []
    found: list[Path] = []
    for plan in collect_paths([search]):
        try:
            with open(plan, "rb") as fh:
                head = fh.read(16384)
        except OSError:
            continue
        if PLAN_SCHEMA.encode() not in head:
            continue
        for match in _USES_REGIONAL.finditer(head):
            target = (plan.parent / match.group(1).decode("utf-8", "replace")).resolve()
            if target in wanted:
                found.append(plan)
                break
    return found


def is_regional_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return REGIONAL_SCHEMA.encode() in fh.read(4096)
    except OSError:
        return False
