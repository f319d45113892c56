"""The compliance report of design.md § 4: the six § 15-1 requirements, each with status, the law's own
words, the evidence (file and line) and what to do; then the guidance findings.

`compliance_report(result)` computes a `ComplianceReport` value from a CheckResult; renderers in
planctl.formats.compliance turn it into text, markdown, json or docx. Never prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planctl.check.findings import Finding, Severity
from planctl.check.pipeline import CheckResult, render_message
from planctl.check.registry import CheckContext, Family
from planctl.check.rules import registry
from planctl.check.rules.law import assess
from planctl.errors import PlanctlError
from planctl.messages import t

FORMAT = "planctl-compliance/1"
STATUSES = ("met", "partial", "missing", "pending")
GUIDANCE_FAMILIES: tuple[Family, ...] = ("guide", "quality")  # the report's "guidance and quality" part


@dataclass(frozen=True)
class EvidenceItem:
    text: str
    file: str
    line: int | None
    path: str


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    status: str  # met | partial | missing | pending
    reference: str
    words: str  # the law's own words
    evidence: tuple[EvidenceItem, ...]
    findings: tuple[Finding, ...]
    todo: str | None

    @property
    def failing(self) -> bool:
        """Counts against the plan: missing, or partial with an error finding."""
        if self.status == "missing":
            return True
        return self.status == "partial" and any(f.severity == Severity.ERROR for f in self.findings)


@dataclass(frozen=True)
class ComplianceReport:
    plan_id: str
    title: str
    municipality: str
    file: str
    files: tuple[str, ...]
    lang: str
    today: str
    requirements: tuple[Requirement, ...]
    guidance: tuple[Finding, ...]  # guidance and quality findings (not LAW-*), sorted by file and line
    other: tuple[Finding, ...]  # integrity findings (e.g. unknown references), for completeness

    def exit_code(self) -> int:
        return 1 if any(r.failing for r in self.requirements) else 0

    def label(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for r in self.requirements if r.status == s) for s in STATUSES}


def compliance_report(result: CheckResult, *, lang: str, today: date) -> ComplianceReport:
    """The report for a checked plan. A plan whose syntax or schema fails cannot be judged: PlanctlError."""
    if result.model is None:
        blocking = [f for f in result.findings if f.severity == Severity.ERROR]
        first = blocking[0] if blocking else None
        where = f"{first.file}:{first.line}: {first.message}" if first is not None else result.file
        raise PlanctlError(t(lang, "report.cannot-judge", where=where, count=len(blocking)), file=result.file)
    plan = result.model
    reg = registry()
    ctx = CheckContext(result.sources, plan, today, lang)
    requirements = []
    for assessment in assess(ctx):
        rule = reg[assessment.rule]
        evidence = tuple(
            EvidenceItem(render_message(lang, e.key, e.params), e.loc.file, e.loc.line, e.loc.pointer)
            for e in assessment.evidence
        )
        findings = tuple(f for f in result.findings if f.rule == assessment.rule)
        requirements.append(
            Requirement(
                assessment.rule,
                t(lang, f"rule.{assessment.rule}.title"),
                assessment.status,
                rule.reference or "",
                t(lang, f"law.words.{assessment.rule}"),
                evidence,
                findings,
                t(lang, assessment.todo) if assessment.todo else None,
            )
        )
    guide_ids = {r.id for r in reg.by_family(*GUIDANCE_FAMILIES)}
    law_ids = {r.id for r in reg.by_family("law")}
    guidance = tuple(f for f in result.findings if f.rule in guide_ids)
    other = tuple(f for f in result.findings if f.rule not in guide_ids and f.rule not in law_ids)
    return ComplianceReport(
        plan.info.id,
        plan.info.title,
        plan.info.municipality.name,
        result.file,
        tuple(result.files),
        lang,
        today.isoformat(),
        tuple(requirements),
        guidance,
        other,
    )
