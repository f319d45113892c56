"""The plan as YAML text that reads like a hand-written plan: block mappings, short lists of ids and
words on one line, long text on one line (multi-line text as a literal block), the key order of
`planctl init`'s skeleton and design.md § 3, and every guess marked `# importert: sjekk`."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from planctl.check.schema_files import load_schema


def key_order(registry: str | None = None) -> tuple[str, ...]:
    """The keys of the plan file (registry None) or of one entry of a registry (or of `plan`), in the order
    the JSON Schema lists them: the order a hand-written plan and `planctl init`'s skeleton use."""
    schema = load_schema("plan")
    node: dict[str, Any] = schema
    if registry is not None:
        node = schema["properties"][registry]
        node = node.get("items", node)
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return tuple(node.get("properties", {}))


_FLOW_KEYS = {
    "levels",
    "responsible",
    "aliases",
    "members",
    "participants",
    "parties",
    "ids",
    "columns",
    "covers",
    "actors",
    "periods",
    "goals",
    "lines",
}


def dump(
    data: dict[str, Any],
    guessed: dict[int, dict[str, tuple[str, dict[str, Any]]]],
    comment: str,
    header: list[str],
) -> str:
    ordered = {k: data[k] for k in key_order() if k in data and data[k] not in (None, [], {})}
    node = _convert(ordered, guessed, comment, None)
    yaml = YAML()
    yaml.representer.add_representer(type(None), _null)
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(node, buffer)
    text = buffer.getvalue()
    lines = [f"# {x}" if x else "#" for x in header]
    body = _blank_lines(text)
    return "\n".join(lines) + "\n" + body


def _blank_lines(text: str) -> str:
    """An empty line before each top-level key after the first, as hand-written plans have."""
    out: list[str] = []
    for line in text.splitlines():
        if line and not line.startswith((" ", "-", "#")) and out and not line.startswith("schema:"):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _keeps_null(parent: str | None, key: str) -> bool:
    """The nulls a hand-written plan shows (as `planctl init` does): the municipality number, the
    adoption date and case number, a statistic's source fields."""
    return (parent, key) in {
        ("municipality", "number"),
        ("adoption", "date"),
        ("adoption", "case_ref"),
        ("source", "name"),
        ("source", "url"),
    }


def _convert(
    value: Any, guessed: dict[int, dict[str, tuple[str, dict[str, Any]]]], comment: str, key: str | None
) -> Any:
    if isinstance(value, dict):
        node = CommentedMap()
        marks = guessed.get(id(value), {})
        for k, v in value.items():
            if v is None and not _keeps_null(key, k):
                continue
            node[k] = _convert(v, guessed, comment, k)
        for k in marks:
            if k in node:
                node.yaml_add_eol_comment(comment, k)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_convert(v, guessed, comment, None) for v in value)
        scalars = all(isinstance(v, str | int | float) or v is None for v in value)
        short = all(not isinstance(v, str) or (len(v) < 60 and "\n" not in v) for v in value)
        numbers = all(isinstance(v, int | float) or v is None for v in value)
        if scalars and (key in _FLOW_KEYS or numbers or (key is None and short)):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value
