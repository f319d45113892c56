"""Rules raised while reading files and checking their shape (no check function: the loader and the
schema stage raise them)."""

from __future__ import annotations

from planctl.check.findings import Severity
from planctl.check.registry import Registry, Rule


def register(reg: Registry) -> None:
    reg.add(Rule("YAML-SYNTAX", "syntax", Severity.ERROR, None))
    reg.add(Rule("SCHEMA", "syntax", Severity.ERROR, None))
    reg.add(Rule("DUPLICATE-KEY", "syntax", Severity.ERROR, None))
    reg.add(Rule("INCLUDE", "syntax", Severity.ERROR, None))
