"""The check pipeline: load -> schema -> rules on the data -> model -> rules on the model -> findings.

Collects every finding before returning; never prints. Rules without `needs_model` (integrity, build) run
on whatever parsed; the others (law, guide, quality) only when nothing blocks building the model. Every
problem is located (`locate`) and given its configured severity in `to_finding`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import Any

from planctl.check.findings import Finding, Severity, sort_findings
from planctl.check.problems import Msg, Problem, locate
from planctl.check.registry import FAMILIES, CheckContext, Family, Rule
from planctl.check.rules import registry
from planctl.check.rules.syntax import BLOCKING, loader_problems
from planctl.check.schema import schema_problems
from planctl.clock import build_date
from planctl.load.config import Config, config_for
from planctl.load.sources import PlanSources, load_sources
from planctl.load.yamlsource import DEFAULT_LIMITS, Limits, YamlDocument
from planctl.messages import current_language, t
from planctl.model.build import build_plan
from planctl.model.types import Plan
from planctl.records import record


@record
class CheckResult:
    sources: PlanSources
    findings: list[Finding]
    model: Plan | None = None
    files: list[str] = field(default_factory=list)
    lang: str = "nb"  # of the messages
    suppressed: list[Finding] = field(default_factory=list)  # by `# planctl: disable=` comments

    @property
    def file(self) -> str:
        return self.sources.plan.display


@record(frozen=True)
class CheckOptions:
    root: Path | None = None
    config: Config = field(default_factory=Config)
    lang: str | None = None  # None: the plan's own language
    today: date | None = None
    limits: Limits = DEFAULT_LIMITS
    families: tuple[Family, ...] = FAMILIES


def check_file(path: Path, options: CheckOptions = CheckOptions()) -> CheckResult:
    sources = load_sources(path, root=options.root, limits=options.limits)
    return check_sources(sources, options)


def check_sources(sources: PlanSources, options: CheckOptions = CheckOptions()) -> CheckResult:
    lang = (
        options.lang or _plan_language(sources.plan.data) or sources.plan.language_hint or current_language()
    )
    problems: list[Problem] = list(loader_problems(sources))
    plan_ok = sources.plan.parsed and sources.plan.data is not None
    if plan_ok:
        schema = "regional" if sources.is_regional else "plan"
        problems.extend(schema_problems(sources.plan.data, schema, "plan"))
    if sources.regional is not None and sources.regional.data is not None:
        problems.extend(schema_problems(sources.regional.data, "regional", "regional"))

    # A rule switched off in planctl.toml is not run at all (its findings would be dropped anyway), so
    # nothing it alone needs (the shared text pass, say) is computed.
    rules = [
        r for r in registry().rules() if r.family in options.families and options.config.level(r.id) != "off"
    ]
    ctx = CheckContext(sources, None, build_date(options.today), lang)
    if plan_ok:
        problems.extend(_run([r for r in rules if not r.needs_model], ctx))

    model: Plan | None = None
    blocked = any(p.rule in BLOCKING for p in problems)
    if plan_ok and not blocked and not sources.is_regional:
        model = build_plan(sources.plan, sources.regional)
        ctx = CheckContext(sources, model, ctx.today, lang)
        problems.extend(_run([r for r in rules if r.needs_model], ctx))

    findings = [f for f in (to_finding(p, sources, options.config, lang) for p in problems) if f is not None]
    findings = drop_stacked(findings, {r.id: r.family for r in rules})
    kept, suppressed = apply_disables(
        findings, [d for d in (sources.plan, sources.regional) if d is not None]
    )
    files = [sources.plan.display] + ([sources.regional.display] if sources.regional is not None else [])
    return CheckResult(sources, sort_findings(kept), model, files, lang, sort_findings(suppressed))


# An integrity finding (an unknown or repeated id) explains what the law, guidance and quality rules
# then find at the same place: `responsible: [skulen]` is an unknown reference, and not also a measure
# without a municipal owner. Those findings on the node that holds the reference are dropped; findings
# on the plan's top-level lists (`/measures`) stay, since they judge the whole plan.
_STACKED_FAMILIES = frozenset(("law", "guide", "quality"))
_INTEGRITY = frozenset(("UNKNOWN-REFERENCE", "DUPLICATE-ID"))


def drop_stacked(findings: list[Finding], families: dict[str, str]) -> list[Finding]:
    reported = {(f.file, f.path) for f in findings if f.rule in _INTEGRITY}
    if not reported:
        return findings

    def stacked(f: Finding) -> bool:
        if families.get(f.rule) not in _STACKED_FAMILIES or f.path.count("/") < 2:
            return False
        return any(file == f.file and (p == f.path or p.startswith(f.path + "/")) for file, p in reported)

    return [f for f in findings if not stacked(f)]


def apply_disables(findings: list[Finding], docs: list[YamlDocument]) -> tuple[list[Finding], list[Finding]]:
    """Findings split into those kept and those a `# planctl: disable=RULE` comment turns off (on the
    finding's line, or on the block that holds it)."""
    spans = {doc.display: doc.disables for doc in docs if doc.disables}
    if not spans:
        return findings, []
    kept: list[Finding] = []
    off: list[Finding] = []
    for f in findings:
        disabled = f.line is not None and any(
            d.first_line <= f.line <= d.last_line and f.rule in d.rules for d in spans.get(f.file, ())
        )
        (off if disabled else kept).append(f)
    return kept, off


def _run(rules: list[Rule], ctx: CheckContext) -> Iterator[Problem]:
    for rule in rules:
        if rule.check is not None:
            yield from rule.check(ctx)


def _plan_language(data: Any) -> str | None:
    if isinstance(data, dict):
        plan = data.get("plan")
        if isinstance(plan, dict) and plan.get("language") in ("nb", "nn", "en"):
            return str(plan["language"])
    return None


def render_message(lang: str, key: str, params: Any) -> str:
    resolved = {
        k: (render_message(lang, v.key, v.params) if isinstance(v, Msg) else v) for k, v in params.items()
    }
    return t(lang, key, **resolved)


def to_finding(problem: Problem, sources: PlanSources, config: Config, lang: str) -> Finding | None:
    rule = registry()[problem.rule]
    level = config.level(rule.id)
    if level == "off":
        return None
    severity = rule.severity_of(problem.message) if level is None else Severity(level)
    where = locate(problem, sources)
    message = render_message(lang, rule.message_key(problem.message), problem.params)
    return Finding(
        rule.id,
        severity,
        message,
        where.file,
        where.line,
        where.column,
        where.pointer,
        rule.reference_in(lang),
        rule.basis if rule.family in ("law", "guide", "quality") else None,
    )


def exit_code(findings: list[Finding], *, strict: bool = False) -> int:
    if any(f.severity == Severity.ERROR for f in findings):
        return 1
    if strict and any(f.severity == Severity.WARNING for f in findings):
        return 1
    return 0


def options_for(
    path: Path, *, root: Path | None = None, lang: str | None = None, today: date | None = None
) -> CheckOptions:
    """The options to check path with: the planctl.toml configuration that applies to it (its rule
    levels and limits), lang, today."""
    config = config_for(path, root, registry().ids())
    return CheckOptions(root=root, config=config, lang=lang, today=today, limits=config.limits)
