"""The import report as JSON, format `planctl-import/1`.

{"format": "planctl-import/1", "source": "...", "output": "plan.yaml" | null, "written": bool,
 "counts": {kind: n}, "entries": [{"kind", "where": {"paragraph"|"table"|"row": n}, "pointer", "text",
 "guess": {"key", "message"} | null, "detail": str | null}], "guesses": n, "unmapped": n,
 "near_misses": [{"block", "variant", "where", "similarity", "diff"}],
 "images": [{"name", "where", "alt", "written", "problem"}], "notes": [str],
 "findings": [{"rule", "severity", "message", "line", "path"}]}
"""

from __future__ import annotations

import json
from typing import Any

from planctl.importer.report import FORMAT, Entry, ImportReport
from planctl.messages import t


def _entry(entry: Entry, lang: str) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "where": entry.where.as_dict(),
        "pointer": entry.pointer or None,
        "text": entry.text,
        "guess": {"key": entry.guess[0], "message": t(lang, entry.guess[0], **entry.guess[1])}
        if entry.guess
        else None,
        "detail": t(lang, entry.detail[0], **entry.detail[1]) if entry.detail else None,
    }


def render_json(report: ImportReport) -> str:
    lang = report.lang
    data = {
        "format": FORMAT,
        "source": report.source,
        "output": report.output,
        "written": report.written,
        "counts": report.counts(),
        "guesses": len(report.guesses),
        "unmapped": len(report.unmapped),
        "entries": [_entry(e, lang) for e in report.entries],
        "near_misses": [
            {
                "block": n.block,
                "variant": n.variant,
                "where": n.where.as_dict(),
                "similarity": n.similarity,
                "diff": n.diff,
            }
            for n in report.near_misses
        ],
        "images": [
            {
                "name": i.name,
                "where": i.where.as_dict(),
                "alt": i.alt,
                "written": i.written,
                "problem": i.problem,
            }
            for i in report.images
        ],
        "notes": [t(lang, key, **params) for key, params in report.notes],
        "findings": [
            {"rule": f.rule, "severity": f.severity, "message": f.message, "line": f.line, "path": f.path}
            for f in report.findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
