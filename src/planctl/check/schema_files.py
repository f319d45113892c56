"""Access to the shipped JSON Schemas of the planctl source format v1.

``schema/plan.schema.json`` (``planctl/1``) and ``schema/regional.schema.json`` (``planctl-regional/1``)
are shipped inside the package as ``planctl/schema/``. The regional schema refers to the definitions of
the plan schema (``plan.schema.json#/$defs/...``, resolved against its ``$id``), so validators need the
:func:`registry` that holds both.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
import pathlib
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import referencing

SCHEMA_NAMES: tuple[str, ...] = ("plan", "regional")


def _resource(name: str) -> Traversable:
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")
    return importlib.resources.files("planctl").joinpath("schema", f"{name}.schema.json")


def schema_path(name: str) -> pathlib.Path:
    """The shipped file of schema ``name`` ("plan" or "regional") as a file-system path."""
    resource = _resource(name)
    if not isinstance(resource, pathlib.Path):
        raise RuntimeError(f"planctl is not installed on a file system; cannot give a path for {resource}")
    return resource


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema ``name`` ("plan" or "regional"); cached, do not mutate."""
    data = json.loads(_resource(name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"schema {name!r} is not a JSON object")
    return data


@functools.cache
def schema_digest(name: str) -> str:
    """The sha256 of the shipped file of schema ``name`` (what its ahead-of-time compiled code was made from)."""
    return hashlib.sha256(_resource(name).read_bytes()).hexdigest()


@functools.cache
def registry() -> referencing.Registry[Any]:
    """A registry holding both schemas under their ``$id``."""
    import referencing  # start-up: only jsonschema's validators need it (planctl.check.schema)
    import referencing.jsonschema

    resources = []
    for name in SCHEMA_NAMES:
        schema = load_schema(name)
        resource = referencing.jsonschema.DRAFT202012.create_resource(schema)
        resources.append((str(schema["$id"]), resource))
    return referencing.Registry().with_resources(resources).crawl()
