"""The check pipeline: load -> schema -> rules on the data -> model -> rules on the model -> findings.

Collects every finding before returning; never prints. Rules without `needs_model` (integrity, build) run
on whatever parsed; the others (law, guide, quality) only when nothing blocks building the model. Every
problem is located (`locate`) and given its configured severity in `to_finding`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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
from planctl.load.yamlsource import DEFAULT_LIMITS, Limits
from planctl.messages import t
from planctl.model.build import build_plan
from planctl.model.types import Plan


@dataclass
class CheckResult:
    sources: PlanSources
    findings: list[Finding]
    model: Plan | None = None
    files: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.sources.plan.display


@dataclass(frozen=True)
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
    lang = options.lang or _plan_language(sources.plan.data)
    problems: list[Problem] = list(loader_problems(sources))
    plan_ok = sources.plan.parsed and sources.plan.data is not None
    if plan_ok:
        schema = "regional" if sources.is_regional else "plan"
        problems.extend(schema_problems(sources.plan.data, schema, "plan"))
    if sources.regional is not None and sources.regional.data is not None:
        problems.extend(schema_problems(sources.regional.data, "regional", "regional"))

    rules = [r for r in registry().rules() if r.family in options.families]
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
    files = [sources.plan.display] + ([sources.regional.display] if sources.regional is not None else [])
    return CheckResult(sources, sort_findings(findings), model, files)


def _run(rules: list[Rule], ctx: CheckContext) -> Iterator[Problem]:
    for rule in rules:
        if rule.check is not None:
            yield from rule.check(ctx)


def _plan_language(data: Any) -> str:
    if isinstance(data, dict):
        plan = data.get("plan")
        if isinstance(plan, dict) and plan.get("language") in ("nb", "nn", "en"):
            return str(plan["language"])
    return "nb"


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
    """The options to check path with: the planctl.toml configuration that applies to it, lang, today."""
    return CheckOptions(root=root, config=config_for(path, root, registry().ids()), lang=lang, today=today)
