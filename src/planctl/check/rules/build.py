"""Rules about what the council document can hold.

BUILD-TEXT: text with characters that XML 1.0 (and so a .docx) cannot store. It runs on whatever parsed
(also in `planctl validate`), so the finding points at the exact value; the renderers strip the characters
(`planctl.xmltext.clean`), never crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planctl.check.findings import Severity
from planctl.check.problems import Problem, Target
from planctl.check.registry import CheckContext, Rule
from planctl.load.yamlsource import walk_strings
from planctl.xmltext import illegal_chars


def check_text(ctx: CheckContext) -> Iterable[Problem]:
    targets: list[tuple[Target, Any]] = [("plan", ctx.plan_data)]
    if ctx.regional_data is not None:
        targets.append(("regional", ctx.regional_data))
    for target, data in targets:
        for pointer, text in walk_strings(data, keys=True):
            found = illegal_chars(text)
            if found:
                chars = ", ".join(f"U+{ord(c):04X}" for c in found)
                yield Problem("BUILD-TEXT", "control-chars", {"chars": chars}, pointer, target)


RULES = (Rule("BUILD-TEXT", "build", Severity.WARNING, (), ("control-chars",), check_text),)
