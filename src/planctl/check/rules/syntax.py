"""Rules raised while reading files and checking their shape: the loader raises YAML-SYNTAX,
DUPLICATE-KEY and INCLUDE (and SCHEMA for non-string keys), the schema stage SCHEMA. They have no check
function; `loader_problems` turns what the loader reported into problems."""

from __future__ import annotations

from collections.abc import Iterator

from planctl.check.findings import Severity
from planctl.check.problems import Problem, Target
from planctl.check.registry import Rule
from planctl.load.sources import INCLUDE_REASONS, PlanSources
from planctl.load.yamlsource import YamlDocument

RULES = (
    Rule("YAML-SYNTAX", "syntax", Severity.ERROR, (), ("text",)),
    Rule("SCHEMA", "syntax", Severity.ERROR, (), ("text",)),
    Rule("DUPLICATE-KEY", "syntax", Severity.ERROR, (), ("text",)),
    Rule("INCLUDE", "syntax", Severity.ERROR, (), INCLUDE_REASONS),
)

# The rules whose findings keep a plan from being read into the model.
BLOCKING = frozenset(rule.id for rule in RULES)


def loader_problems(sources: PlanSources) -> Iterator[Problem]:
    """What the loader found in the plan file, its regional file and the include between them."""
    targets: tuple[tuple[Target, YamlDocument | None], ...] = (
        ("plan", sources.plan),
        ("regional", sources.regional),
    )
    for target, doc in targets:
        if doc is None:
            continue
        for p in doc.problems:
            yield Problem(
                p.rule, "text", {"text": p.message}, p.pointer, target, line=p.line, column=p.column
            )
    for issue in sources.include_issues:
        yield Problem("INCLUDE", issue.reason, issue.params, issue.pointer)
