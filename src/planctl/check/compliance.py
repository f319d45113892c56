"""The compliance report of design.md § 4: the legal requirements (barnevernsloven § 15-1, and the coordination
duty of § 15-8), each with status, the law's own words, the evidence (what counted and what did not, with
file and line) and what to do; then the guidance and quality findings.

Statuses: `met`, `partial`, `missing`, `pending` (a draft awaiting adoption), `undocumented` (the record does
not say whether the council adopted the plan: «ikke dokumentert») and `unassessable` («kan ikke vurderes»:
integrity errors, such as a duplicate ID or a reference to nothing, touch the data the requirement is judged
on, so no verdict is given). The last two extend planctl-compliance/1 (additive).

`compliance_report(result)` computes a `ComplianceReport` value from a CheckResult; renderers in
planctl.formats.compliance turn it into text, markdown, json or docx. Never prints.
"""

from __future__ import annotations

from datetime import date

from planctl.check.citations import basis_label
from planctl.check.findings import Finding, Severity
from planctl.check.pipeline import CheckResult, render_message
from planctl.check.registry import CheckContext, Family
from planctl.check.rules import registry
from planctl.check.rules.law import assess
from planctl.check.rules.queries import walk_blocks
from planctl.errors import PlanctlError
from planctl.messages import t
from planctl.model.types import Include, Plan, Section
from planctl.records import record

FORMAT = "planctl-compliance/1"
STATUSES = ("met", "partial", "missing", "pending", "undocumented", "unassessable")
GUIDANCE_FAMILIES: tuple[Family, ...] = ("guide", "quality")  # the report's "guidance and quality" part

# Which requirements an integrity error touches, by where it is: the registry it sits in, or the topics
# (`covers`) of the section it sits in.
_BY_REGISTRY = {
    "units": ("LAW-ORGANISATION", "LAW-DIVISION", "LAW-COLLABORATION", "LAW-COORDINATION"),
    "measures": ("LAW-MEASURES", "LAW-DIVISION"),
    "goals": ("LAW-GOALS",),
    "strategies": ("LAW-GOALS",),
    "arenas": ("LAW-COLLABORATION",),
    "agreements": ("LAW-COLLABORATION",),
    "pathways": ("LAW-COLLABORATION",),
}
_BY_TOPIC = {
    "goals": ("LAW-GOALS",),
    "organisation": ("LAW-ORGANISATION", "LAW-COORDINATION"),
    "division": ("LAW-DIVISION",),
    "collaboration": ("LAW-COLLABORATION", "LAW-COORDINATION"),
    "adoption": ("LAW-ADOPTION",),
}


@record(frozen=True)
class EvidenceItem:
    text: str
    file: str
    line: int | None
    path: str
    counts: bool = True  # False: looked at, and does not count (the text says why)


@record(frozen=True)
class Requirement:
    id: str
    title: str
    status: str  # one of STATUSES
    reference: str
    words: str  # the law's own words
    evidence: tuple[EvidenceItem, ...]
    findings: tuple[Finding, ...]
    todo: str | None
    blocked_by: tuple[Finding, ...] = ()  # the integrity errors that make it unassessable
    basis: str = "law"

    @property
    def failing(self) -> bool:
        """Counts against the plan: it cannot be assessed, or one of its findings is an error."""
        return self.status == "unassessable" or any(f.severity == Severity.ERROR for f in self.findings)


@record(frozen=True)
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

    def basis_of(self, rule_id: str) -> str:
        """«lovkrav», «anbefaling» or «kvalitet» for a rule, in the report's language."""
        return basis_label(registry()[rule_id].basis, self.lang)


def touched_requirements(finding: Finding, plan: Plan, plan_file: str) -> set[str]:
    """The requirements whose data an integrity finding sits in."""
    tokens = finding.path.split("/")[1:]
    head = tokens[0] if tokens else ""
    regional = finding.file != plan_file
    if head in _BY_REGISTRY and (not regional or head == "units"):
        return set(_BY_REGISTRY[head])
    out: set[str] = set()
    for section in plan.document.sections():
        if _holds(section, finding, regional):
            for topic in section.covers:
                out.update(_BY_TOPIC.get(topic, ()))
    return out


def _under(pointer: str, prefix: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix + "/")


def _holds(section: Section, finding: Finding, regional: bool) -> bool:
    """The finding sits in this section: in its own text, or in regional material it includes."""
    if section.loc.file == finding.file and _under(finding.path, section.loc.pointer):
        return True
    for block in walk_blocks(section.blocks):
        if block.loc.file == finding.file and _under(finding.path, block.loc.pointer):
            return True
        if regional and isinstance(block, Include):
            key = block.ref.removeprefix("regional:")
            if _under(finding.path, f"/blocks/{key}") or _under(finding.path, f"/sections/{key}"):
                return True
    return False


def compliance_report(result: CheckResult, *, lang: str, today: date) -> ComplianceReport:
    """The report for a checked plan. A plan whose syntax or schema fails cannot be judged: PlanctlError."""
    if result.model is None:
        blocking = [f for f in result.findings if f.severity == Severity.ERROR]
        first = blocking[0] if blocking else None
        where = f"{first.file}:{first.line}: {first.message}" if first is not None else result.file
        raise PlanctlError(t(lang, "report.cannot-judge", where=where, count=len(blocking)), file=result.file)
    plan = result.model
    reg = registry()
    integrity_ids = {r.id for r in reg.by_family("integrity")}
    integrity = [f for f in result.findings if f.rule in integrity_ids and f.severity == Severity.ERROR]
    touched = {id(f): touched_requirements(f, plan, result.file) for f in integrity}
    ctx = CheckContext(result.sources, plan, today, lang)
    requirements = []
    for assessment in assess(ctx):
        rule = reg[assessment.rule]
        evidence = tuple(
            EvidenceItem(
                render_message(lang, e.key, e.params), e.loc.file, e.loc.line, e.loc.pointer, e.counts
            )
            for e in assessment.evidence
        )
        findings = tuple(f for f in result.findings if f.rule == assessment.rule)
        blocked = tuple(f for f in integrity if assessment.rule in touched[id(f)])
        status, todo = assessment.status, assessment.todo
        if blocked:
            status, todo = "unassessable", "report.todo.unassessable"
        requirements.append(
            Requirement(
                assessment.rule,
                t(lang, f"rule.{assessment.rule}.title"),
                status,
                rule.reference_in(lang) or "",
                t(lang, f"rule.{assessment.rule}.words"),
                evidence,
                findings,
                t(lang, todo) if todo else None,
                blocked,
                rule.basis,
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
