"""Project configuration: `planctl.toml` at the root (the nearest folder upward that has one).

```toml
[rules]
GUIDE-LEVELS = "off"        # error | warning | info | off
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from planctl.errors import PlanctlError

CONFIG_NAME = "planctl.toml"
_LEVELS = {"error", "warning", "info", "off"}


@dataclass(frozen=True)
class Config:
    severities: dict[str, str] = field(default_factory=dict)  # rule id -> error|warning|info|off
    path: Path | None = None

    def level(self, rule_id: str) -> str | None:
        """The level configured for rule_id (error | warning | info | off), or None when not configured."""
        return self.severities.get(rule_id)


def resolve_path(path: Path) -> Path:
    """path.resolve(), with a symlink loop as a clean error (Python < 3.13 raises RuntimeError)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        raise PlanctlError("cannot resolve the path (a symlink loop?)", file=str(path)) from None


def config_for(path: Path, root: Path | None, known_rules: list[str]) -> Config:
    """The configuration that applies to the plan at path: root's planctl.toml, else the nearest one."""
    return load_config(root or find_root(resolve_path(path).parent), known_rules)


def find_root(start: Path) -> Path | None:
    """Nearest folder from start upward that holds planctl.toml."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_config(root: Path | None, known_rules: list[str]) -> Config:
    if root is None or not (root / CONFIG_NAME).is_file():
        return Config()
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PlanctlError(f"cannot read configuration: {exc}", file=str(path)) from None
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise PlanctlError("[rules] must be a table", file=str(path))
    severities: dict[str, str] = {}
    for rule_id, level in rules.items():
        if rule_id not in known_rules:
            raise PlanctlError(f"unknown rule {rule_id!r} in [rules]", file=str(path))
        if level not in _LEVELS:
            raise PlanctlError(
                f"{rule_id}: severity must be one of {sorted(_LEVELS)}, not {level!r}", file=str(path)
            )
        severities[rule_id] = level
    return Config(severities, path)
