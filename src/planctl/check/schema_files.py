"""Access to the shipped JSON Schemas of the planctl source format v1.

``schema/plan.schema.json`` (``planctl/1``) and ``schema/regional.schema.json`` (``planctl-regional/1``)
are shipped inside the package as ``planctl/schema/``. The regional schema refers to the definitions of
the plan schema (``plan.schema.json#/$defs/...``, resolved against its ``$id``), so validators need the
:func:`registry` that holds both.
"""

from __future__ import annotations

import functools
import json
import pathlib
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import referencing

SCHEMA_NAMES: tuple[str, ...] = ("plan", "regional")


# The package folder, found from this file rather than with importlib.resources: planctl is installed on a
# file system (its templates and schema_path need one), and importlib.resources would add ~4 ms to the
# start-up of every `planctl validate` (it imports tempfile, zipfile, random ...).
_PACKAGE = pathlib.Path(__file__).parent.parent


def _resource(name: str) -> pathlib.Path:
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")
    return _PACKAGE / "schema" / f"{name}.schema.json"


def schema_path(name: str) -> pathlib.Path:
    """The shipped file of schema ``name`` ("plan" or "regional") as a file-system path."""
    return _resource(name)


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema ``name`` ("plan" or "regional"); cached, do not mutate."""
    data = json.loads(_resource(name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"schema {name!r} is not a JSON object")
    return data


@functools.cache
def schema_fingerprint(name: str) -> str:
    """Size and CRC-32 of the shipped file of schema ``name``: tells whether the code compiled ahead of time
    (planctl.check.compiled) was made from it. A change detector, not a seal (zlib loads in a fraction of
    the time hashlib does; tests compare the compiled code itself)."""
    data = _resource(name).read_bytes()
    return f"{len(data)}:{zlib.crc32(data):08x}"


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
