"""Project configuration: `planctl.toml` at the root (the nearest folder upward that has one).

```toml
[rules]
GUIDE-LEVELS = "off"        # error | warning | info | off

[limits]                    # what planctl reads before it refuses an input (planctl.load.yamlsource.Limits)
measures = 40000
```
"""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path

from planctl.errors import PlanctlError
from planctl.load.yamlsource import DEFAULT_LIMITS, SETTINGS, Limits
from planctl.messages import Msg
from planctl.records import record

CONFIG_NAME = "planctl.toml"
_LEVELS_SHOWN = ("error", "warning", "info", "off")
_LEVELS = set(_LEVELS_SHOWN)
_MAX_CONFIG_BYTES = 1024 * 1024


@record(frozen=True)
class Config:
    severities: dict[str, str] = field(default_factory=dict)  # rule id -> error|warning|info|off
    path: Path | None = None
    limits: Limits = DEFAULT_LIMITS

    def level(self, rule_id: str) -> str | None:
        """The level configured for rule_id (error | warning | info | off), or None when not configured."""
        return self.severities.get(rule_id)


def resolve_path(path: Path) -> Path:
    """path.resolve(), with a symlink loop as a clean error (Python < 3.13 raises RuntimeError)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        raise PlanctlError(Msg("load.symlink-loop"), file=str(path)) from None


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
    import tomllib  # start-up: ~1.5 ms, only for a project that has a planctl.toml

    path = root / CONFIG_NAME
    try:
        with open(path, "rb") as fh:  # is_file above: a regular file, not a FIFO or a device
            raw = fh.read(_MAX_CONFIG_BYTES + 1)
        if len(raw) > _MAX_CONFIG_BYTES:
            raise PlanctlError(Msg("config.too-large", {"limit": f"{_MAX_CONFIG_BYTES:,}"}), file=str(path))
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise PlanctlError(
            Msg("config.unreadable", {"reason": str(exc.strerror or exc)}), file=str(path)
        ) from None
    except UnicodeDecodeError as exc:
        raise PlanctlError(Msg("config.unreadable", {"reason": str(exc)}), file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PlanctlError(Msg("config.toml", {"reason": str(exc)}), file=str(path)) from None
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise PlanctlError(Msg("config.rules-table"), file=str(path))
    severities: dict[str, str] = {}
    for rule_id, level in rules.items():
        if rule_id not in known_rules:
            import difflib  # start-up: only to suggest a name for a misspelt one

            close = difflib.get_close_matches(str(rule_id).upper(), known_rules, n=1)
            hint = Msg("config.hint", {"suggestion": close[0]}) if close else ""
            raise PlanctlError(
                Msg("config.unknown-rule", {"rule": _shown(rule_id), "hint": hint}), file=str(path)
            )
        # a list or a table is not a level (and not hashable: test the type before the set)
        if not isinstance(level, str) or level not in _LEVELS:
            raise PlanctlError(
                Msg(
                    "config.level",
                    {"rule": rule_id, "level": _shown(level), "levels": " | ".join(_LEVELS_SHOWN)},
                ),
                file=str(path),
            )
        severities[rule_id] = level
    return Config(severities, path, _limits(data.get("limits", {}), path))


def _limits(table: object, path: Path) -> Limits:
    """The [limits] table over the defaults: each key a positive integer."""
    if not isinstance(table, dict):
        raise PlanctlError(Msg("limits.table"), file=str(path))
    values: dict[str, int] = {}
    for key, value in table.items():
        if key not in SETTINGS:
            raise PlanctlError(
                Msg("limits.unknown", {"key": _shown(key), "known": ", ".join(SETTINGS)}), file=str(path)
            )
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise PlanctlError(Msg("limits.value", {"key": key, "value": _shown(value)}), file=str(path))
        values[SETTINGS[key]] = value
    return replace(DEFAULT_LIMITS, **values)


def _shown(value: object, limit: int = 60) -> str:
    """A configured value as a message shows it: one line, at most `limit` characters (text as it is,
    anything else as Python writes it)."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
