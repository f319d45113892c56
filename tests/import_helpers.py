"""Shared helpers of the import tests: docx paragraphs read with docx2python, models of plans, and the
fixture that writes the «municipal» Word plan."""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from docx2python import docx2python

from planctl.check.pipeline import CheckOptions, check_file
from planctl.messages import t
from planctl.model.types import Measure, Plan

STRUCTURAL = {"YAML-SYNTAX", "SCHEMA", "DUPLICATE-KEY", "DUPLICATE-ID", "UNKNOWN-REFERENCE"}
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def paragraphs(path: Path) -> list[str]:
    """Every non-empty paragraph of the body (table cells included), whitespace collapsed."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            if node.strip():
                out.append(" ".join(node.split()))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    with docx2python(path, duplicate_merged_cells=False) as doc:
        walk(doc.body)
    return out


def identical_share(a: list[str], b: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / max(len(a), len(b), 1)


def load_model(path: Path, root: Path | None = None) -> tuple[Plan, list[str]]:
    """The plan's model and the rules of its structural findings (which must be none)."""
    result = check_file(path, CheckOptions(root=root))
    assert result.model is not None, [f.message for f in result.findings]
    return result.model, [f"{f.rule}: {f.message}" for f in result.findings if f.rule in STRUCTURAL]


def printed_measures(plan: Plan) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """Each measure as the council document prints it: name, description, responsible, status, levels."""
    out = []
    for m in plan.measures:
        out.append(
            (m.name, m.description or "", _responsible(plan, m), _status(plan, m), tuple(sorted(m.levels)))
        )
    return sorted(out)


def _responsible(plan: Plan, m: Measure) -> str:
    if m.responsible_label is not None:
        return m.responsible_label
    names = []
    for uid in m.responsible:
        unit = plan.unit(uid)
        names.append(unit.name if unit is not None else uid)
    return "\n".join(names)


def _status(plan: Plan, m: Measure) -> str:
    if m.status is None:
        return ""
    if m.status.label is not None:
        return m.status.label
    word = t(plan.info.language, f"diff.value.state.{m.status.state}")
    return word[:1].upper() + word[1:]


def municipal_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_municipal_fixture", FIXTURES / "municipal.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module
