"""`planctl-compliance/1`: the machine format of design.md § 4, extended with title, words, todo, findings
and the guidance findings."""

from __future__ import annotations

import json
from typing import Any

from planctl.check.compliance import FORMAT, ComplianceReport


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
                "reference": r.reference,
                "words": r.words,
                "evidence": [
                    {"text": e.text, "path": e.path, "file": e.file, "line": e.line} for e in r.evidence
                ],
                "findings": [f.to_json() for f in r.findings],
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
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"
