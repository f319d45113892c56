"""JSON Schema validation, one problem per violation, located on the offending node."""

from __future__ import annotations

import copy
import difflib
import os
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from planctl.check.problems import Problem, Target
from planctl.check.schema_files import load_schema, registry
from planctl.load.yamlsource import escape_pointer_token

_MAX_VALUE_SHOWN = 60


@cache
def _validator(name: str) -> Any:
    return Draft202012Validator(load_schema(name), registry=registry())


# Optional accelerated path (measured in benchmarks/RESULTS.md: the JSON Schema stage was the largest share
# of `validate` on a corpus, and fastjsonschema's compiled check is ~10x faster than jsonschema's).
# fastjsonschema only answers "valid?"; every document it rejects is validated again by jsonschema, which
# gives the located, detailed errors, so the findings are jsonschema's in every case. Compiling costs
# 0.1-0.3 s and saves ~10 ms per document, so it pays only over many documents: the first _FAST_AFTER
# documents of a run use jsonschema alone.
# PLANCTL_NO_FASTJSONSCHEMA=1 turns the path off (benchmarks compare both).
_FAST_AFTER = 10
_seen: dict[str, int] = {}


@cache
def _fast_validator(name: str) -> Callable[[Any], Any] | None:
    if os.environ.get("PLANCTL_NO_FASTJSONSCHEMA"):
        return None
    import fastjsonschema  # start-up: only a run over more than _FAST_AFTER documents compiles a validator

    # fastjsonschema rewrites the $refs of the schema it is given: it gets private copies, never the
    # cached schemas that jsonschema and everything else use.
    schemas = {schema["$id"]: schema for schema in map(load_schema, ("plan", "regional"))}

    def local_only(uri: str) -> Any:  # the schemas refer to each other by $id; never fetch anything
        return copy.deepcopy(schemas[uri.split("#", 1)[0]])

    try:
        validate: Callable[[Any], Any] = fastjsonschema.compile(
            copy.deepcopy(load_schema(name)),
            handlers={"https": local_only, "http": local_only},
            use_default=False,
            use_formats=False,
        )
    except Exception:  # a schema construct it cannot compile: jsonschema alone, as without it
        return None
    return validate


def _fast_says_valid(data: Any, name: str) -> bool:
    _seen[name] = _seen.get(name, 0) + 1
    if _seen[name] <= _FAST_AFTER:
        return False
    validate = _fast_validator(name)
    if validate is None:
        return False
    try:
        validate(data)
    except Exception:  # JsonSchemaValueException, or anything else: let jsonschema decide and explain
        return False
    return True


def schema_problems(data: Any, name: str, target: Target) -> Iterator[Problem]:
    """Validate data against schema name ('plan' | 'regional')."""
    if _fast_says_valid(data, name):
        return
    validator = _validator(name)
    for error in validator.iter_errors(data):
        yield from _to_problems(error, target)


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(str(p))}" for p in path)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_VALUE_SHOWN else text[: _MAX_VALUE_SHOWN - 1] + "…"


def _to_problems(error: Any, target: Target) -> Iterator[Problem]:
    pointer = _pointer(error.absolute_path)
    kind = error.validator
    if kind in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {}))
        for key in sorted(_unexpected(error)):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
            yield Problem(
                "SCHEMA",
                "text",
                {"text": f"unknown key '{key}'{hint}"},
                f"{pointer}/{escape_pointer_token(key)}",
                target,
                at_key=True,
            )
        return
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        for key in missing:
            yield Problem(
                "SCHEMA", "text", {"text": f"missing required key '{key}'"}, pointer, target, at_key=True
            )
        return
    yield Problem("SCHEMA", "text", {"text": _describe(error)}, pointer, target)


def _unexpected(error: Any) -> list[str]:
    props = set(error.schema.get("properties", {}))
    patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
    return [k for k in error.instance if k not in props and not any(p.search(k) for p in patterns)]


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true/false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


# JSON Schema type of a loaded value; bool before int (a bool is an int in Python)
_PY_TYPES: tuple[tuple[type, str], ...] = (
    (type(None), "null"),
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def _type_of(value: Any) -> str:
    for py_type, schema_type in _PY_TYPES:
        if isinstance(value, py_type):
            return _TYPE_NAMES[schema_type]
    return type(value).__name__


def _describe(error: Any) -> str:
    kind, value, expected = error.validator, error.instance, error.validator_value
    path = list(error.absolute_path)
    if not path:
        where = "document"
    elif isinstance(path[-1], int):
        where = f"{path[-2]}[{path[-1]}]" if len(path) > 1 else f"[{path[-1]}]"
    else:
        where = str(path[-1])
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in types)
        return f"'{where}' must be {wanted}, not {_type_of(value)}"
    if kind == "enum":
        close = difflib.get_close_matches(str(value), [str(e) for e in expected], n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"'{where}': {_show(value)} is not one of {', '.join(map(str, expected))}{hint}"
    if kind == "const":
        return f"'{where}' must be {expected!r}, not {_show(value)}"
    if kind == "pattern":
        return f"'{where}': {_show(value)} does not have the expected form ({expected})"
    if kind in ("minItems", "minLength", "minProperties"):
        return f"'{where}' must not be empty"
    if kind in ("maxItems", "maxLength", "maxProperties"):
        return f"'{where}' is too long ({error.message[:80]})"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"'{where}': {_show(value)} is out of range ({kind} {expected})"
    if kind in ("oneOf", "anyOf"):
        best = _best_context(error)
        if best is not None:
            return _describe(best)
    if kind == "not":
        return f"'{where}' has a form that is not allowed here: {error.message[:120]}"
    message: str = error.message
    return message if len(message) <= 200 else message[:199] + "…"


def _best_context(error: Any) -> Any:
    return best_match(error.context) if error.context else None
