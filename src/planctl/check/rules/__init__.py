"""All rules: one module per family, each with its `RULES`, registered in the catalogue's family order."""

from __future__ import annotations

from functools import lru_cache

from planctl.check.registry import Registry
from planctl.check.rules import build, guide, integrity, law, quality, syntax

FAMILY_MODULES = (syntax, integrity, build, law, guide, quality)


@lru_cache(maxsize=1)
def registry() -> Registry:
    return Registry(rule for module in FAMILY_MODULES for rule in module.RULES)
