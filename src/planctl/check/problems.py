"""What a check finds (`Problem`), its translatable parameters (`Msg`) and the one place that turns a
problem's target and JSON Pointer (or a model object's `Loc`) into file, line and column: `locate()`.

Checks never compute positions and never decide severity: they say which rule, which of its messages, and
where in the data; the pipeline locates the problem and applies the configured severity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any, Literal

from planctl.load.sources import PlanSources
from planctl.load.yamlsource import YamlDocument
from planctl.messages import Msg as Msg  # re-exported: the rules build their messages with it
from planctl.model.types import Loc
from planctl.records import record

Target = Literal["plan", "regional"]


@record(frozen=True)
class Problem:
    """What a check found, before severity and position are attached.

    Where it is: `pointer` in the `target` file; or, with `loc`, below a model object (`pointer` is then a
    suffix of the object's own pointer, "" for the object itself). `at_key` locates on the mapping key
    rather than its value. `line`/`column` are for positions the loader already knows (syntax problems).
    """

    rule: str
    message: str  # one of the rule's message names: catalogue key rule.<ID>.<message>
    params: Mapping[str, Any] = field(default_factory=dict)
    pointer: str = ""
    target: Target = "plan"
    loc: Loc | None = None
    at_key: bool = False
    line: int | None = None
    column: int | None = None


@record(frozen=True)
class Location:
    file: str
    line: int | None
    column: int | None
    pointer: str


def document(sources: PlanSources, target: Target) -> YamlDocument | None:
    return sources.plan if target == "plan" else sources.regional


def locate(problem: Problem, sources: PlanSources) -> Location:
    """File, line, column and full JSON Pointer of a problem. A pointer that does not exist (a missing key)
    is located at its nearest ancestor; a target that was not loaded is named by the plan file."""
    loc = problem.loc
    if loc is not None and not problem.pointer:
        return Location(loc.file, loc.line, loc.column, loc.pointer)
    if loc is not None:
        target: Target = "plan" if loc.file == sources.plan.display else "regional"
        pointer = loc.pointer + problem.pointer
    else:
        target, pointer = problem.target, problem.pointer
    doc = document(sources, target)
    file = doc.display if doc is not None else sources.plan.display
    if problem.line is not None:
        return Location(file, problem.line, problem.column, pointer)
    line, column = _position(doc, pointer, at_key=problem.at_key)
    return Location(file, line, column, pointer)


def line_of(sources: PlanSources, target: Target, pointer: str) -> int | None:
    """The line of the value at pointer (for messages that name where something first appeared)."""
    return _position(document(sources, target), pointer, at_key=False)[0]


def _position(doc: YamlDocument | None, pointer: str, *, at_key: bool) -> tuple[int | None, int | None]:
    pos = None
    if doc is not None:
        pos = doc.source_map.key(pointer) if at_key else doc.source_map.value(pointer)
    return pos if pos is not None else (None, None)
