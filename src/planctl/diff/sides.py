"""Load one side of a diff: a plan file, a plan folder (its plan.yaml), or a git revision `REV:PATH`.

This module chooses the source and checks the side; reading (and the include policy) is planctl.load's.
`REV:PATH` is only taken as git when the argument does not exist as a file or folder as given (so `C:foo`,
or a file with ':' in its name, still works). Each side is checked with the schema stage of the check
pipeline; a side that does not parse, fails the schema or has a broken include is a one-line error (exit 2).
"""

from __future__ import annotations

from pathlib import Path

from planctl.check.findings import Severity
from planctl.check.pipeline import CheckOptions, check_sources
from planctl.check.rules import registry
from planctl.check.rules.syntax import BLOCKING
from planctl.errors import PlanctlError
from planctl.load.config import config_for
from planctl.load.git import load_revision
from planctl.load.sources import PlanSources, load_sources, plan_file
from planctl.load.yamlsource import Limits
from planctl.messages import t
from planctl.model.types import Plan
from planctl.records import record


@record
class Side:
    label: str  # as shown in the output: the argument as given
    sources: PlanSources
    model: Plan
    limits: Limits  # planctl.toml's [limits] for the side (the redline's layout-size too)


def load_side(
    spec: str,
    *,
    root: Path | None = None,
    lang: str = "nb",
    as_path: Path | None = None,
    label: str | None = None,
    limits: Limits | None = None,
) -> Side:
    """Load and schema-check one side. `as_path`: read `spec` but name it and resolve its include as if it
    were at `as_path` (git's diff driver hands over temporary files). limits: default those of the
    planctl.toml that applies to the side (its [limits] table)."""
    given = Path(spec)
    if given.exists():
        path = plan_file(given) if given.is_dir() else given
        limits = limits or _limits(as_path or path, root)
        sources = load_sources(path, root=root, limits=limits, as_path=as_path)
    elif ":" in spec:
        rev, _, rel = spec.partition(":")
        limits = limits or _limits(Path(rel or "."), root)
        sources = load_revision(rev, rel, root=root, lang=lang, limits=limits)
    else:
        raise PlanctlError(t(lang, "diff.error.no-such-side"), file=spec)
    model = _checked_model(sources, lang)
    return Side(label or spec, sources, model, limits)


def _limits(path: Path, root: Path | None) -> Limits:
    """The limits of the planctl.toml that applies to path (the work tree's, for a git side)."""
    return config_for(path.absolute(), root, registry().ids()).limits


def _checked_model(sources: PlanSources, lang: str) -> Plan:
    if sources.is_regional:
        raise PlanctlError(t(lang, "diff.error.regional-side"), file=sources.plan.display)
    result = check_sources(sources, CheckOptions(root=sources.root, lang=lang, families=("syntax",)))
    blocking = [f for f in result.findings if f.rule in BLOCKING and f.severity == Severity.ERROR]
    if blocking:
        first = blocking[0]
        more = len(blocking) - 1
        message = t(lang, "diff.error.invalid-side", rule=first.rule, message=first.message)
        if more:
            message += t(lang, "diff.error.more", count=more)
        raise PlanctlError(message, file=first.file, line=first.line, column=first.column)
    if result.model is None:  # e.g. not a mapping at all
        raise PlanctlError(t(lang, "diff.error.not-a-plan"), file=sources.plan.display)
    return result.model
