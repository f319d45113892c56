"""Which files a run checks: YAML files that declare a planctl schema, found recursively; the plans that
include a regional file; the project's plans/ folder and repository root from any folder in it.

A walk reads only what lies in the folder it was given: a symlink whose target lies outside that folder is
refused (an error naming it), not followed; a folder it cannot read is an error too, never a silent skip.
Hidden files and folders (a name starting with '.') are left out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path

from planctl.errors import PlanctlError
from planctl.load.config import find_root
from planctl.load.sources import PLAN_NAMES, PLAN_SCHEMA, REGIONAL_SCHEMA
from planctl.load.yamlsource import cannot_read
from planctl.messages import Msg
from planctl.records import record

_SUFFIXES = (".yaml", ".yml")


def is_planctl_file(path: Path) -> bool:
    """For folder walks: YAML files that declare a planctl schema (others, e.g. CI files, are skipped)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return True  # let the check report it
    return PLAN_SCHEMA.encode() in head or REGIONAL_SCHEMA.encode() in head or path.name in PLAN_NAMES


@record
class Walk:
    """What a run checks: the files, and the one-line errors for what a folder walk could not read."""

    files: list[Path] = field(default_factory=list)
    errors: list[PlanctlError] = field(default_factory=list)


def walk_paths(paths: Iterable[Path]) -> Walk:
    """Files as given; folders walked for planctl YAML files (sorted, each once)."""
    walk = Walk()
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in _walk_folder(path, walk.errors) if is_planctl_file(p))
        else:
            out.append(path)
    seen: set[Path] = set()
    for p in out:
        key = p.resolve() if p.exists() else p
        if key not in seen:
            seen.add(key)
            walk.files.append(p)
    return walk


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """The files of walk_paths (its errors left out)."""
    return walk_paths(paths).files


def _walk_folder(top: Path, errors: list[PlanctlError]) -> list[Path]:
    real_top = top.resolve()
    found: list[Path] = []
    visited: set[Path] = set()
    pending = [top]
    while pending:
        folder = pending.pop()
        real = folder.resolve()
        if real in visited:  # a symlink back into the walk: each folder once
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            errors.append(
                PlanctlError(Msg("walk.folder", {"reason": str(exc.strerror or exc)}), file=str(folder))
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir()  # follows a symlink
                is_yaml_file = not is_dir and entry.name.endswith(_SUFFIXES) and entry.is_file()
            except OSError as exc:
                errors.append(PlanctlError(cannot_read(str(exc.strerror or exc)), file=str(path)))
                continue
            if is_link and not is_dir and not is_yaml_file and entry.name.endswith(_SUFFIXES):
                errors.append(PlanctlError(Msg("walk.dangling"), file=str(path)))
                continue
            if not (is_dir or is_yaml_file):
                continue
            if is_link and not _inside(path, real_top):
                errors.append(PlanctlError(Msg("walk.symlink-out"), file=str(path)))
                continue
            if is_dir:
                pending.append(path)
            else:
                found.append(path)
    return sorted(found)


def _inside(path: Path, top: Path) -> bool:
    try:
        return path.resolve().is_relative_to(top)
    except (OSError, RuntimeError):  # a symlink loop: nothing inside the folder
        return False


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
