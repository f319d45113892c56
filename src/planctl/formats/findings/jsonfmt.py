"""`planctl-findings/1`: the machine format of design.md § 4."""

from __future__ import annotations

import json

from planctl.formats.findings import FindingsReport

FORMAT = "planctl-findings/1"


def render(report: FindingsReport) -> str:
    s = report.summary
    doc = {
        "format": FORMAT,
        "files": report.files,
        "findings": [f.to_json() for f in report.findings],
        "errors": report.errors,
        "summary": {"errors": s.errors, "warnings": s.warnings, "infos": s.infos},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
