"""The example plans: every rule has a folder of failing and passing plans that say what they must produce.

Folders: tests/examples/foundation/<RULE>/ (syntax and integrity) and tests/examples/rules/<RULE>/ (law,
guidance, quality). In a folder, an example is `fail*.yaml` or `pass*.yaml`, or `plan.yaml` in a sub-folder
named `fail*` or `pass*` (for a plan that needs files beside it). Other files (`_regional.yaml`, `regional/`)
are what the examples include.

One marker syntax, in any YAML comment (on its own line or after a value):

    # expect: RULE LINE:COLUMN [error|warning|info]

says that the file gives a finding of RULE at that line and column (1-based), with that severity (default:
the rule's own). The findings a file gives, of its folder's rule, of every rule its markers name, and of the
foundation (syntax and integrity) rules, must be exactly its markers: no more, no fewer. A `pass` example
has no markers, so it gives none. Files that examples include are held to their own markers the same way.

Every example runs end to end through the CLI, all in one `planctl validate --format json` process (a real
subprocess, as CI and pre-commit run it), judged on 1 July 2024 (SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from planctl.check.rules import registry

EXAMPLES = Path(__file__).resolve().parent / "examples"
ROOTS = (EXAMPLES / "foundation", EXAMPLES / "rules")
TODAY_EPOCH = "1719835200"  # 2024-07-01 12:00 UTC: the day the examples' dates are judged against
FOUNDATION_FAMILIES = ("syntax", "integrity")

MARKER = re.compile(
    r"#\s*expect:\s*(?P<rule>[A-Z][A-Z0-9-]*)\s+(?P<line>\d+):(?P<column>\d+)"
    r"(?:\s+(?P<severity>error|warning|info))?\s*$"
)
LOOKS_LIKE_A_MARKER = re.compile(r"#.*\bexpect\s*:")


class MarkerError(ValueError):
    """A comment that looks like a marker but does not follow the syntax, or names no known rule."""


@dataclass(frozen=True, order=True)
class Expect:
    rule: str
    line: int
    column: int
    severity: str

    def __str__(self) -> str:
        return f"{self.rule} {self.line}:{self.column} {self.severity}"


def parse_markers(text: str, where: str = "<text>") -> list[Expect]:
    """The markers in a YAML file's text, in order. MarkerError names the first malformed one."""
    rules = registry()
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not LOOKS_LIKE_A_MARKER.search(line):
            continue
        m = MARKER.search(line)
        if m is None:
            raise MarkerError(
                f"{where}:{number}: not `# expect: RULE LINE:COLUMN [severity]`: {line.strip()}"
            )
        if m["rule"] not in rules.ids():
            raise MarkerError(f"{where}:{number}: no rule {m['rule']} in the registry")
        severity = m["severity"] or rules[m["rule"]].severity.value
        out.append(Expect(m["rule"], int(m["line"]), int(m["column"]), severity))
    return out


@dataclass(frozen=True)
class Example:
    rule: str  # the folder's rule
    path: Path
    kind: str  # "fail", "pass", or "included" (a file the examples include)

    @property
    def id(self) -> str:
        return str(self.path.relative_to(EXAMPLES))

    def markers(self) -> list[Expect]:
        return parse_markers(self.path.read_text("utf-8"), self.id)

    def scope(self) -> set[str]:
        """The rules whose findings in this file must be exactly the markers."""
        foundation = {r.id for r in registry().rules() if r.family in FOUNDATION_FAMILIES}
        return {self.rule, *foundation, *(e.rule for e in self.markers())}


def _kind(folder: Path, path: Path) -> str:
    parts = path.relative_to(folder).parts
    if len(parts) == 1:
        name = path.name
    elif len(parts) == 2 and path.name == "plan.yaml":
        name = parts[0]  # a plan in its own folder, with the files it includes
    else:
        return "included"
    return next((kind for kind in ("fail", "pass") if name.startswith(kind)), "included")


def folder_of(rule: str) -> Path | None:
    found = [root / rule for root in ROOTS if (root / rule).is_dir()]
    assert len(found) <= 1, f"{rule} has examples in two places: {found}"
    return found[0] if found else None


@cache
def examples() -> tuple[Example, ...]:
    """Every YAML file under the example folders (examples and what they include), sorted."""
    out = []
    for root in ROOTS:
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            for path in sorted(folder.rglob("*.yaml")):
                out.append(Example(folder.name, path, _kind(folder, path)))
    return tuple(out)


@dataclass(frozen=True)
class Run:
    returncode: int
    stderr: str
    findings: dict[Path, list[Expect]]  # by file, every rule


@cache
def run_all() -> Run:
    """`planctl validate --format json` over every example at once (one process for the whole suite)."""
    paths = [str(e.path) for e in examples() if e.kind != "included"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    env.pop("PLANCTL_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "validate", "--format", "json", *paths],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["format"] == "planctl-findings/1"
    findings: dict[Path, list[Expect]] = {}
    for f in doc["findings"]:
        found = Expect(f["rule"], int(f["line"] or 0), int(f["column"] or 0), f["severity"])
        findings.setdefault(Path(f["file"]).resolve(), []).append(found)
    return Run(proc.returncode, proc.stderr, findings)


def judge(example: Example) -> tuple[list[Expect], list[Expect]]:
    """(expected, found) for the example's file, both sorted; the test asserts they are equal."""
    scope = example.scope()
    found = [f for f in run_all().findings.get(example.path.resolve(), []) if f.rule in scope]
    if example.kind == "included":
        # a file included by several examples is reported once for each: count each finding once
        found = list(Counter(found))
    return sorted(example.markers()), sorted(found)
