"""The shipped JSON Schemas compiled ahead of time by fastjsonschema (scripts/compile_schemas.py), and the
two exceptions their code raises.

The generated code imports its exceptions from here, not from fastjsonschema: importing fastjsonschema
loads its compilers and compiles their patterns (~5-8 ms, a tenth of `planctl validate`'s start-up budget),
and the shipped code needs none of that. A rejection is only a "no" to planctl.check.schema, which then has
jsonschema explain it; the exceptions keep fastjsonschema's signatures so the generated code runs unchanged.
"""

from __future__ import annotations

from typing import Any


class JsonSchemaValueException(ValueError):
    """The data does not match the schema (raised as fastjsonschema's exception of the same name is)."""

    def __init__(
        self,
        message: str,
        value: Any = None,
        name: str | None = None,
        definition: Any = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.name = name
        self.definition = definition
        self.rule = rule


class JsonSchemaValuesException(ValueError):
    """Several mismatches at once (fastjsonschema raises it only without fast_fail, which planctl keeps)."""

    def __init__(self, errors: list[JsonSchemaValueException]) -> None:
        super().__init__(errors)
        self.errors = errors
