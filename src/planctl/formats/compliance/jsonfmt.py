"""`planctl-compliance/1`: the machine format of design.md § 4, extended with title, basis, words, todo,
findings, the evidence that does not count (`counts: false`), the integrity errors that make a requirement
unassessable (`blocked_by`) and the guidance findings. Statuses `undocumented` and `unassessable` are
additive values."""

from __future__ import annotations

import json
from typing import Any

from planctl.check.compliance import FORMAT, ComplianceReport
from planctl.formats.escape import json_safe


def as_dict(report: ComplianceReport) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "plan": report.plan_id,
        "file": report.file,
        "files": list(report.files),
        "lang": report.lang,
        "date": report.today,
        "requirements": [
            {
                "id": r.id,
                "title": r.title,
                "status": r.status,
                "basis": r.basis,
                "reference": r.reference,
                "words": r.words,
                "evidence": [
                    {"text": e.text, "path": e.path, "file": e.file, "line": e.line, "counts": e.counts}
                    for e in r.evidence
                ],
                "findings": [f.to_json() for f in r.findings],
                "blocked_by": [f.to_json() for f in r.blocked_by],
                "todo": r.todo,
            }
            for r in report.requirements
        ],
        "guidance": [f.to_json() for f in report.guidance],
        "other": [f.to_json() for f in report.other],
        "summary": {**report.counts(), "guidance": len(report.guidance)},
        "exit_code": report.exit_code(),
    }


def render(report: ComplianceReport) -> str:
    return json.dumps(json_safe(as_dict(report)), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
