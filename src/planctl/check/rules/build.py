"""Rules about what the council document can hold and what it shows.

BUILD-TEXT: text with characters that XML 1.0 (and so a .docx) cannot store. It runs on whatever parsed
(also in `planctl validate`), so the finding points at the exact value; the renderers strip the characters
(`planctl.xmltext.clean`), never crash.

BUILD-UNPLACED: an entry of the plan's own whose content (a mandate, members, a description, a purpose
...) the built document shows nowhere: no `render:` block prints it and the chapters' text does not say it
(`planctl.model.placement`, the same answer the layout uses). There is no automatic appendix: without this
warning such content would be lost without a word. A unit that is only a name (in a responsibility column)
has no content of its own and is shown already.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from planctl.check.findings import Severity
from planctl.check.problems import Msg, Problem, Target
from planctl.check.registry import CheckContext, Rule
from planctl.check.rules.queries import data_strings
from planctl.load.yamlsource import walk_strings
from planctl.model.kinds import display_name
from planctl.model.placement import unplaced
from planctl.model.types import FOOTNOTE_REF
from planctl.xmltext import illegal_chars


def check_text(ctx: CheckContext) -> Iterable[Problem]:
    targets: list[tuple[Target, Any]] = [("plan", ctx.plan_data)]
    if ctx.regional_data is not None:
        targets.append(("regional", ctx.regional_data))
    for target, data in targets:
        if not illegal_chars(data_strings(ctx, target)):  # nearly always: no need to locate anything
            continue
        for pointer, text in walk_strings(data, keys=True):
            found = illegal_chars(text)
            if found:
                chars = ", ".join(f"U+{ord(c):04X}" for c in found)
                yield Problem("BUILD-TEXT", "control-chars", {"chars": chars}, pointer, target)


def check_unplaced(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.model is None:
        return
    for u in unplaced(ctx.model):
        fields = [Msg(f"build.field.{f}") for f in u.fields]
        params = {
            "kind": Msg(u.kind.label),
            "name": FOOTNOTE_REF.sub("", display_name(u.kind, u.entry)).strip(),
            "fields": Msg(f"build.fields.{len(fields)}", dict(zip("abcd", fields, strict=False))),
            "render": u.kind.render,
        }
        if u.anywhere:
            yield Problem("BUILD-UNPLACED", "fields", params, f"/{u.fields[0]}", loc=u.entry.loc)
        else:
            yield Problem("BUILD-UNPLACED", "entry", params, loc=u.entry.loc)


RULES = (
    Rule("BUILD-TEXT", "build", Severity.WARNING, (), ("control-chars",), check_text),
    Rule(
        "BUILD-UNPLACED", "build", Severity.WARNING, (), ("entry", "fields"), check_unplaced, needs_model=True
    ),
)
