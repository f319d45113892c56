"""GitLab Code Quality report (a JSON array of issues), for `artifacts: reports: codequality:`.

https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format: each issue has a
description, check_name, fingerprint (unique, stable), severity (info | minor | major | critical |
blocker) and location.path (relative to the repository root) with lines.begin."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from planctl.formats.findings import FindingsReport
from planctl.formats.findings.paths import base, relative

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(report: FindingsReport) -> str:
    root = base(report)
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for f in report.findings:
        path = relative(f.file, root)
        identity = "\0".join((f.rule, path, f.path, f.message))
        seen[identity] = seen.get(identity, 0) + 1
        fingerprint = hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest()
        description = f.message + (f" ({f.reference})" if f.reference else "")
        issues.append(
            {
                "description": description,
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": _SEVERITY[f.severity.value],
                "location": {"path": path, "lines": {"begin": f.line or 1}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
