"""All rules, registered explicitly, family by family."""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from planctl.check.registry import Registry


@lru_cache(maxsize=1)
def registry() -> Registry:
    from planctl.check.rules import integrity, syntax

    reg = Registry()
    for module in (syntax, integrity, *_optional_families()):
        module.register(reg)
    return reg


def _optional_families() -> tuple[ModuleType, ...]:
    """Legal and guidance families (planctl.check.rules.law, planctl.check.rules.guide) when present."""
    import importlib
    import importlib.util

    out = []
    for name in ("planctl.check.rules.law", "planctl.check.rules.guide", "planctl.check.rules.quality", "planctl.check.rules.build"):
        if importlib.util.find_spec(name) is not None:
            out.append(importlib.import_module(name))
    return tuple(out)
