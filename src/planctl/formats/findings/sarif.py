"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, GitLab, IDEs)."""

from __future__ import annotations

import json
from typing import Any

from planctl import DISTRIBUTION, __version__
from planctl.check.rules import registry
from planctl.formats.findings import FindingsReport
from planctl.formats.findings.paths import base, uri
from planctl.messages import has, t

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# Results name files relative to the repository root (SARIF § 3.4.4): uriBaseId SRCROOT, which
# originalUriBaseIds resolves to the root's absolute file: URI.
_BASE_ID = "SRCROOT"


def render(report: FindingsReport) -> str:
    root = base(report)
    rules = registry().rules()
    index = {r.id: i for i, r in enumerate(rules)}
    driver_rules: list[dict[str, Any]] = []
    for r in rules:
        entry: dict[str, Any] = {"id": r.id, "defaultConfiguration": {"level": _LEVEL[r.severity.value]}}
        if has(f"rule.{r.id}.title", "en"):
            entry["shortDescription"] = {"text": t("en", f"rule.{r.id}.title")}
        if has(f"rule.{r.id}.explain", "en"):
            entry["fullDescription"] = {"text": t("en", f"rule.{r.id}.explain")}
        if r.reference:
            entry["properties"] = {"reference": r.reference}
        driver_rules.append(entry)
    results = []
    for f in report.findings:
        region: dict[str, int] = {}
        if f.line is not None:
            region["startLine"] = f.line
            if f.column is not None:
                region["startColumn"] = f.column
        artifact: dict[str, str] = {"uri": uri(f.file, root)}
        if not artifact["uri"].startswith("file:"):
            artifact["uriBaseId"] = _BASE_ID
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
        if region:
            location["physicalLocation"]["region"] = region
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [location],
            "properties": {"path": f.path, **({"reference": f.reference} if f.reference else {})},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        results.append(result)
    doc = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "planctl",
                        "fullName": f"planctl ({DISTRIBUTION})",
                        "version": __version__,
                        "rules": driver_rules,
                    }
                },
                "originalUriBaseIds": {_BASE_ID: {"uri": root.as_uri().rstrip("/") + "/"}},
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": e}} for e in report.errors
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
