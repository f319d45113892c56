"""check/ and load/ import only the layers below them (read from the source with ast, so an import inside
a function counts too): load imports no other planctl layer; check none of document, formats, diff, cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "planctl"
FORBIDDEN = {
    "load": ("model", "check", "document", "diff", "formats", "cli"),
    "check": ("document", "diff", "formats", "cli"),
}


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(layer: str) -> None:
    files = sorted((SRC / layer).rglob("*.py"))
    assert files
    wrong = {
        f"{path.relative_to(SRC)}: {module}"
        for path in files
        for module in _imports(path)
        if any(
            module == f"planctl.{above}" or module.startswith(f"planctl.{above}.")
            for above in FORBIDDEN[layer]
        )
    }
    assert wrong == set()
