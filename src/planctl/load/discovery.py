"""Which files a folder walk checks: YAML files that declare a planctl schema, found recursively."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

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
