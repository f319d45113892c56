"""Baselines (`planctl-baseline/1`): the findings a plan had when a municipality adopted planctl, so
that `validate --baseline FILE` fails only on new ones.

A known finding matches a new one by rule and file (relative to the repository root) and by either its
JSON Pointer or its message: a finding keeps matching when lines above it move (the pointer is the same),
and when an item is inserted before it in a list (the message is the same). Each known finding absorbs
one finding, so a second, new occurrence of the same problem still fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planctl.check.findings import Finding
from planctl.errors import PlanctlError
from planctl.formats.findings.paths import relative
from planctl.messages import Msg

FORMAT = "planctl-baseline/1"


def render(findings: list[Finding], root: Path) -> str:
    entries = [
        {"rule": f.rule, "file": relative(f.file, root), "path": f.path, "message": f.message}
        for f in findings
    ]
    return json.dumps({"format": FORMAT, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def read(path: Path) -> list[dict[str, str]]:
    try:
        doc: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PlanctlError(Msg("cli.baseline.unreadable", {"reason": reason}), file=str(path)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("findings"), list):
        raise PlanctlError(Msg("cli.baseline.not-baseline"), file=str(path))
    entries = [e for e in doc["findings"] if isinstance(e, dict)]
    return [{k: str(e.get(k, "")) for k in ("rule", "file", "path", "message")} for e in entries]


def subtract(findings: list[Finding], known: list[dict[str, str]], root: Path) -> tuple[list[Finding], int]:
    """The findings the baseline does not know, and how many it absorbed."""
    by_place: dict[tuple[str, str], list[dict[str, str]]] = {}
    for known_entry in known:
        by_place.setdefault((known_entry["rule"], known_entry["file"]), []).append(known_entry)
    new: list[Finding] = []
    absorbed = 0
    pending: list[tuple[Finding, list[dict[str, str]]]] = []
    for f in findings:  # exact pointer matches first, so a moved message cannot take another's entry
        candidates = by_place.get((f.rule, relative(f.file, root)), [])
        same_place = _first(candidates, "path", f.path)
        if same_place is not None:
            candidates.remove(same_place)
            absorbed += 1
        else:
            pending.append((f, candidates))
    for f, candidates in pending:
        same_words = _first(candidates, "message", f.message)
        if same_words is not None:
            candidates.remove(same_words)
            absorbed += 1
        else:
            new.append(f)
    return new, absorbed


def _first(entries: list[dict[str, str]], key: str, value: str) -> dict[str, str] | None:
    return next((e for e in entries if e[key] == value), None)
