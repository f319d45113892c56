"""All rules, registered explicitly, family by family."""

from __future__ import annotations

from functools import lru_cache

from planctl.check.registry import Registry
from planctl.check.rules import build, guide, integrity, law, quality, syntax

FAMILIES = (syntax, integrity, law, guide, quality, build)


@lru_cache(maxsize=1)
def registry() -> Registry:
    reg = Registry()
    for module in FAMILIES:
        module.register(reg)
    return reg
