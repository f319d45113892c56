"""The check pipeline: load -> schema -> integrity -> model -> legal and guidance rules.

Collects every finding before returning; never prints. Integrity rules run on whatever parsed; legal and
guidance rules run only when the schema passes (they need the model).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from planctl.check.findings import Finding, Severity, sort_findings
from planctl.check.registry import CheckContext, Msg, Problem
from planctl.check.rules import registry
from planctl.check.schema import schema_problems
from planctl.clock import build_date
from planctl.load.config import Config
from planctl.load.sources import PlanSources, load_sources
from planctl.load.yamlsource import DEFAULT_LIMITS, Limits, YamlDocument
from planctl.messages import t
from planctl.model.types import Plan

_BLOCKING = {"YAML-SYNTAX", "SCHEMA", "DUPLICATE-KEY", "INCLUDE"}


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
    families: tuple[str, ...] = ("syntax", "integrity", "law", "guide")


def check_file(path: Path, options: CheckOptions = CheckOptions()) -> CheckResult:
    sources = load_sources(path, root=options.root, limits=options.limits)
    return check_sources(sources, options)


def check_sources(sources: PlanSources, options: CheckOptions = CheckOptions()) -> CheckResult:
    lang = options.lang or _plan_language(sources.plan.data)
    problems: list[Problem] = []
    problems.extend(_syntax_problems(sources.plan, "plan"))
    if sources.regional is not None:
        problems.extend(_syntax_problems(sources.regional, "regional"))
    problems.extend(Problem("INCLUDE", i.key, i.params, i.pointer) for i in sources.include_issues)

    plan_ok = sources.plan.parsed and sources.plan.data is not None
    if plan_ok:
        schema = "regional" if sources.is_regional else "plan"
        problems.extend(schema_problems(sources.plan.data, schema, "plan"))
    if sources.regional is not None and sources.regional.data is not None:
        problems.extend(schema_problems(sources.regional.data, "regional", "regional"))

    reg = registry()
    ctx = CheckContext(sources, None, build_date(options.today), lang)
    if plan_ok and "integrity" in options.families:
        for rule in reg.by_family("integrity"):
            if rule.check is not None:
                problems.extend(rule.check(ctx))

    model: Plan | None = None
    blocked = any(p.rule in _BLOCKING for p in problems)
    if plan_ok and not blocked and not sources.is_regional:
        from planctl.model.build import build_plan

        model = build_plan(sources.plan, sources.regional)
        ctx = CheckContext(sources, model, ctx.today, lang)
        for rule in reg.rules():
            if rule.needs_model and rule.check is not None and rule.family in options.families:
                problems.extend(rule.check(ctx))

    findings = [f for f in (to_finding(p, sources, options.config, lang) for p in problems) if f is not None]
    files = [sources.plan.display] + ([sources.regional.display] if sources.regional is not None else [])
    return CheckResult(sources, sort_findings(findings), model, files)


def _plan_language(data: Any) -> str:
    if isinstance(data, dict):
        plan = data.get("plan")
        if isinstance(plan, dict) and plan.get("language") in ("nb", "nn", "en"):
            return str(plan["language"])
    return "nb"


def _syntax_problems(doc: YamlDocument, target: str) -> Iterable[Problem]:
    for p in doc.problems:
        yield Problem(p.rule, "raw", {"text": p.message}, p.pointer, target,  # type: ignore[arg-type]
                      file=doc.display, line=p.line, column=p.column)


def render_message(lang: str, key: str, params: Any) -> str:
    resolved = {k: (render_message(lang, v.key, v.params) if isinstance(v, Msg) else v) for k, v in params.items()}
    return t(lang, key, **resolved)


def to_finding(problem: Problem, sources: PlanSources, config: Config, lang: str) -> Finding | None:
    rule = registry()[problem.rule]
    level = config.level(rule.id)
    if level == "off":
        return None
    severity = rule.severity if level is None else Severity(level)
    if problem.severity is not None and rule.id not in config.severities:
        severity = problem.severity
    doc = sources.plan if problem.target == "plan" else sources.regional
    file = problem.file or (doc.display if doc is not None else sources.plan.display)
    line, column = problem.line, problem.column
    if line is None and doc is not None:
        pos = doc.source_map.key(problem.pointer) if problem.at_key else doc.source_map.value(problem.pointer)
        if pos is not None:
            line, column = pos
    message = render_message(lang, problem.key, problem.params)
    return Finding(rule.id, severity, message, file, line, column, problem.pointer,
                   rule.reference if rule.family in ("law", "guide") else None)


def exit_code(findings: list[Finding], *, strict: bool = False) -> int:
    if any(f.severity == Severity.ERROR for f in findings):
        return 1
    if strict and any(f.severity == Severity.WARNING for f in findings):
        return 1
    return 0
