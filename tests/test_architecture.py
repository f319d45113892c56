"""The import graph of src/planctl, read with `ast` (nothing is imported): data flows one way.

    base (errors, records, xmltext, clock, soffice, messages) < load < model < check < document < diff | importer
    < formats < cli

A module may import its own layer and the layers below it, never one above. diff/ and importer/ are two
wings on one floor (a comparison of two plans; a Word or markdown plan read into plan data) and do not
import each other; formats renders what both produce.
No import cycles between modules. No import inside a function, except with a comment on the same or the
previous line that says why (start-up speed: `planctl --help` must not load python-docx).

Every import counts, the ones inside functions and under `if TYPE_CHECKING:` too: an upward import hidden in a
function is still an upward dependency, and a cycle through one is still a cycle.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "planctl"

# The layers, lowest first; the value is the first component of the module name below planctl.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("__init__", "errors", "records", "xmltext", "clock", "soffice", "messages"),
    "load": ("load",),
    "model": ("model",),
    "check": ("check",),
    "document": ("document",),
    "diff": ("diff",),
    "importer": ("importer",),  # a core wing beside diff: a Word or markdown plan -> plan data + report
    "formats": ("formats", "templates"),  # templates/make_default.py writes the Word template
    "cli": ("cli",),
    "entry": ("__main__",),
}
ORDER = list(LAYERS)
# What each layer may import besides itself: the layers below it; diff and importer are two wings on one
# floor and do not import each other.
ALLOWED: dict[str, frozenset[str]] = {layer: frozenset(ORDER[: ORDER.index(layer)]) for layer in ORDER}
ALLOWED["importer"] = ALLOWED["importer"] - {"diff"}

PRAGMAS = ("noqa", "type:", "pragma", "fmt:")


@dataclass(frozen=True)
class Import:
    source: str  # module doing the import
    target: str  # planctl module imported (a module, not a name in it)
    line: int
    in_function: bool

    def where(self) -> str:
        return f"{_path_of(self.source)}:{self.line}"


@cache
def modules() -> dict[str, Path]:
    """planctl module name -> file (a package is its __init__.py)."""
    out = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _path_of(module: str) -> str:
    return str(modules()[module].relative_to(SRC.parent))


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else "__init__"
    return next((layer for layer, names in LAYERS.items() if first in names), None)


def _resolve(source: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The planctl modules an import statement loads (for `from a import b`: a.b when b is a module)."""
    known = modules()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                yield alias.name
        return
    if node.level:
        package = source if modules()[source].name == "__init__.py" else source.rpartition(".")[0]
        base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        name = f"{base}.{node.module}" if node.module else base
    else:
        name = node.module or ""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return
    subs = [f"{name}.{alias.name}" for alias in node.names if f"{name}.{alias.name}" in known]
    yield from subs
    if len(subs) < len(node.names):
        yield name


def _function_nodes(tree: ast.Module) -> set[int]:
    """ids of import nodes inside a function (at any depth)."""
    inside: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(n) for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom))
    return inside


@cache
def imports() -> tuple[Import, ...]:
    out = []
    for module, path in modules().items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        inside = _function_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _resolve(module, node):
                    out.append(Import(module, target, node.lineno, id(node) in inside))
    return tuple(out)


def _comments(path: Path) -> dict[int, str]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
    return {t.start[0]: t.string.lstrip("#").strip() for t in tokens if t.type == tokenize.COMMENT}


def _says_why(comment: str | None) -> bool:
    """A comment that is a sentence, not only a linter or type-checker pragma."""
    if not comment:
        return False
    words = [w for w in comment.split() if not w.startswith(PRAGMAS)]
    return len(words) >= 2


def test_the_graph_is_read() -> None:
    """The test sees the package (guards against a path change that would make every check vacuous)."""
    found = {i.target for i in imports()}
    assert {"planctl.errors", "planctl.messages", "planctl.cli.main"} <= found
    assert len(modules()) > 30


def test_every_module_belongs_to_a_layer() -> None:
    orphans = sorted(m for m in modules() if layer_of(m) is None)
    assert not orphans, f"modules in no layer (add them to LAYERS in {Path(__file__).name}): {orphans}"


def test_no_layer_imports_upward() -> None:
    upward = []
    for i in imports():
        here, there = layer_of(i.source), layer_of(i.target)
        if here is None or there is None or here == there:
            continue
        if there not in ALLOWED[here]:
            upward.append(f"{i.where()}: {i.source} ({here}) imports {i.target} ({there})")
    assert not upward, "imports that run up a layer:\n" + "\n".join(sorted(upward))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, or a module importing itself (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    assert _cycles({"a": {"a"}}) == [["a"]]


def test_no_import_cycles() -> None:
    edges: dict[str, set[str]] = {}
    lines: dict[tuple[str, str], str] = {}
    for i in imports():
        edges.setdefault(i.source, set()).add(i.target)
        lines.setdefault((i.source, i.target), i.where())
    report = []
    for component in _cycles(edges):
        members = set(component)
        links = sorted(
            f"  {lines[(a, b)]}: {a} -> {b}" for a in component for b in edges.get(a, ()) if b in members
        )
        report.append(" <-> ".join(component) + "\n" + "\n".join(links))
    assert not report, "import cycles:\n" + "\n".join(report)


def test_in_function_imports_say_why() -> None:
    unexplained = []
    for module, path in modules().items():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        comments = _comments(path)
        inside = _function_nodes(tree)
        nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) and id(n) in inside]
        import_lines = {line for n in nodes for line in range(n.lineno, (n.end_lineno or n.lineno) + 1)}
        for node in nodes:
            # The comment stands on the import's line, or above the block of imports it belongs to.
            line = node.lineno
            explained = _says_why(comments.get(line))
            while not explained and line - 1 in import_lines:
                line -= 1
                explained = _says_why(comments.get(line))
            if not (explained or _says_why(comments.get(line - 1))):
                unexplained.append((_path_of(module), node.lineno, ast.unparse(node)))
    assert not unexplained, (
        "imports inside functions without a comment saying why (on their line or above their block):\n"
        + "\n".join(f"{path}:{line}: {code}" for path, line, code in sorted(unexplained))
    )
