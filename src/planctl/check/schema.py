"""JSON Schema validation, one problem per violation, located on the offending node."""

from __future__ import annotations

import copy
import difflib
import json
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
from planctl.messages import Msg
from planctl.model.ids import slugify

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
    text = f"«{value}»" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_VALUE_SHOWN else text[: _MAX_VALUE_SHOWN - 1] + "…"


def _to_problems(error: Any, target: Target) -> Iterator[Problem]:
    pointer = _pointer(error.absolute_path)
    kind = error.validator
    if kind in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {}))
        for key in sorted(_unexpected(error)):
            yield Problem(
                "SCHEMA",
                "text",
                {"text": Msg("schema.unknown-key", {"key": key, "hint": _key_hint(key, known)})},
                f"{pointer}/{escape_pointer_token(key)}",
                target,
                at_key=True,
            )
        return
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        for key in missing:
            yield Problem(
                "SCHEMA", "text", {"text": Msg("schema.required", {"key": key})}, pointer, target, at_key=True
            )
        return
    yield Problem("SCHEMA", "text", {"text": _describe(error)}, pointer, target)


def _unexpected(error: Any) -> list[str]:
    props = set(error.schema.get("properties", {}))
    patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
    return [k for k in error.instance if k not in props and not any(p.search(k) for p in patterns)]


# Norwegian key names people write for the format's English ones.
_NORWEGIAN_KEYS = {
    "navn": "name",
    "tittel": "title",
    "beskrivelse": "description",
    "ansvar": "responsible",
    "ansvarlig": "responsible",
    "tiltak": "measures",
    "mål": "goals",
    "maal": "goals",
    "enheter": "units",
    "arenaer": "arenas",
    "deltakere": "participants",
    "deltakarar": "participants",
    "kommune": "municipality",
    "nummer": "number",
    "språk": "language",
    "dato": "date",
    "frist": "due",
    "nivå": "levels",
    "formål": "purpose",
    "hyppighet": "frequency",
    "vedtak": "adoption",
    "kapitler": "body",
    "kilde": "source",
    "tekst": "text",
}


def _key_hint(key: str, known: list[str]) -> Msg:
    mapped = _NORWEGIAN_KEYS.get(key.lower())
    if mapped in known:
        return Msg("schema.hint.norwegian", {"word": key, "value": mapped})
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return Msg("schema.hint.did-you-mean", {"suggestion": close[0]})
    return Msg("schema.hint.known-keys", {"known": ", ".join(known)})


_TYPE_KEYS = {
    "string": "schema.type.string",
    "integer": "schema.type.integer",
    "number": "schema.type.number",
    "boolean": "schema.type.boolean",
    "object": "schema.type.object",
    "array": "schema.type.array",
    "null": "schema.type.null",
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

_DATE_PATTERNS = frozenset((r"^\d{4}-\d{2}(-\d{2})?$", r"^\d{4}(-\d{2}(-\d{2})?)?$"))
_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_REGIONAL_PATTERN = r"^regional:[a-z0-9][a-z0-9-]*$"
_NORWEGIAN_DATE = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")

# Norwegian words (bokmål and nynorsk) for the format's enum values; a suggestion is made only when the
# value is one the field takes.
_NORWEGIAN_VALUES: dict[str, tuple[str, ...]] = {
    "utkast": ("draft",),
    "kladd": ("draft",),
    "høring": ("consultation",),
    "på høring": ("consultation",),
    "høyring": ("consultation",),
    "på høyring": ("consultation",),
    "lagt fram": ("submitted",),
    "fremlagt": ("submitted",),
    "framlagt": ("submitted",),
    "vedtatt": ("adopted",),
    "vedteken": ("adopted",),
    "vedtatt av kommunestyret": ("adopted",),
    "opphevet": ("repealed",),
    "oppheva": ("repealed",),
    "ukjent": ("unknown",),
    "ukjend": ("unknown",),
    "planlagt": ("planned",),
    "i gang": ("in_progress", "active"),
    "igang": ("in_progress", "active"),
    "under arbeid": ("in_progress",),
    "oppstart": ("in_progress",),
    "pågår": ("in_progress", "active"),
    "etablert": ("active",),
    "aktiv": ("active",),
    "løpende": ("continuous",),
    "kontinuerlig": ("continuous",),
    "fast": ("continuous",),
    "fullført": ("completed",),
    "ferdig": ("completed",),
    "gjennomført": ("completed",),
    "avsluttet": ("ended",),
    "avslutta": ("ended",),
    "universell": ("universal",),
    "universelt": ("universal",),
    "universelle": ("universal",),
    "selektert": ("selective",),
    "selektiv": ("selective",),
    "selekterte": ("selective",),
    "indikert": ("indicated",),
    "indikerte": ("indicated",),
    "kommunenivå": ("municipality",),
    "kommune": ("municipality",),
    "tjenestenivå": ("service",),
    "tenestenivå": ("service",),
    "tjeneste": ("service",),
    "teneste": ("service",),
    "individnivå": ("individual",),
    "individ": ("individual",),
    "systemnivå": ("system",),
    "system": ("system",),
    "begge": ("both",),
    "etat": ("service",),
    "nettverk": ("network",),
    "ledergruppe": ("leader_group",),
    "leiargruppe": ("leader_group",),
    "rolle": ("role",),
    "prosjekt": ("project",),
    "ekstern": ("external",),
    "hovedmål": ("main",),
    "hovudmål": ("main",),
    "delmål": ("sub",),
    "rapport": ("report",),
    "kartlegging": ("survey",),
    "undersøkelse": ("survey",),
    "undersøking": ("survey",),
    "evaluering": ("evaluation",),
    "møte": ("meeting",),
    "planlegging": ("planning",),
    "annet": ("other",),
    "anna": ("other",),
    "prosent": ("percent",),
    "antall": ("count",),
    "tal": ("count",),
    "bokmål": ("nb",),
    "nynorsk": ("nn",),
    "engelsk": ("en",),
    "no": ("nb",),
    "nob": ("nb",),
    "nno": ("nn",),
}


def _type_of(value: Any) -> str:
    for py_type, schema_type in _PY_TYPES:
        if isinstance(value, py_type):
            return schema_type
    return "string"


def _where(error: Any) -> str:
    path = list(error.absolute_path)
    if not path:
        return "/"
    if isinstance(path[-1], int):
        return f"{path[-2]}[{path[-1]}]" if len(path) > 1 else f"[{path[-1]}]"
    return str(path[-1])


def _describe(error: Any) -> Msg:
    kind, value, expected = error.validator, error.instance, error.validator_value
    where = _where(error)
    shown = _show(value)
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        wanted = [Msg(_TYPE_KEYS.get(str(t), "schema.type.string")) for t in types if t != "null"] or [
            Msg("schema.type.null")
        ]
        params: dict[str, Any] = {
            "where": where,
            "expected": wanted[0],
            "actual": Msg(_TYPE_KEYS[_type_of(value)]),
        }
        if "string" in types and isinstance(value, (int, float)) and not isinstance(value, bool):
            shown = _plain(value)
            if error.schema.get("pattern") == r"^\d{4}$" and isinstance(value, int):
                shown = shown.zfill(4)  # YAML read 0301 as the number 301: the leading zero is the slip
            return Msg("schema.type-quote", {**params, "example": f'{where}: "{shown}"'})
        if "string" in types and isinstance(value, bool):
            return Msg("schema.type-quote", {**params, "example": f'{where}: "{str(value).lower()}"'})
        if "string" in types and isinstance(value, dict) and len(value) == 1:
            inner_key, inner = next(iter(value.items()))
            example = f'{where}: "{inner_key}: {_plain(inner)}"'
            return Msg("schema.type-colon", {**params, "example": example})
        return Msg("schema.type", params)
    if kind == "enum":
        return _enum(where, value, [e for e in expected if e is not None])
    if kind == "const":
        return Msg("schema.const", {"where": where, "expected": _show(expected), "value": shown})
    if kind == "pattern":
        if expected in _DATE_PATTERNS and isinstance(value, str):
            return Msg("schema.date", {"where": where, "value": shown, "example": _date_example(value)})
        if expected == _ID_PATTERN and isinstance(value, str):
            suggestion = slugify(value)
            if suggestion:
                return Msg("schema.slug", {"where": where, "value": shown, "suggestion": suggestion})
            return Msg("schema.slug-none", {"where": where, "value": shown})
        if expected == _REGIONAL_PATTERN and isinstance(value, str):
            suggestion = "regional:" + slugify(value.removeprefix("regional:"))
            return Msg("schema.regional-ref", {"where": where, "value": shown, "suggestion": suggestion})
        if expected == r"^\d{4}$":
            return Msg("schema.four-digits", {"where": where, "value": shown})
        return Msg("schema.pattern", {"where": where, "value": shown, "pattern": expected})
    if kind in ("minItems", "minLength", "minProperties"):
        return Msg("schema.empty", {"where": where})
    if kind in ("maxItems", "maxLength", "maxProperties"):
        return Msg("schema.too-long", {"where": where, "limit": expected})
    if kind in ("minimum", "exclusiveMinimum"):
        return Msg("schema.too-small", {"where": where, "value": shown, "limit": expected})
    if kind in ("maximum", "exclusiveMaximum"):
        return Msg("schema.too-large", {"where": where, "value": shown, "limit": expected})
    if kind in ("oneOf", "anyOf"):
        best = _best_context(error)
        if best is not None:
            return _describe(best)
    if kind == "not":
        return Msg("schema.not", {"where": where})
    if kind == "propertyNames":
        return Msg("schema.property-names", {"where": where})
    return Msg("schema.other", {"where": where, "detail": _clip(str(error.message))})


def _enum(where: str, value: Any, expected: list[Any]) -> Msg:
    allowed = [str(e) for e in expected]
    params = {"where": where, "value": _show(value), "allowed": ", ".join(allowed)}
    if isinstance(value, str):
        word = " ".join(value.replace("_", " ").replace("-", " ").lower().split())
        mapped = [v for v in _NORWEGIAN_VALUES.get(word, ()) if v in allowed]
        if mapped:
            hint = Msg("schema.hint.norwegian", {"word": value, "value": mapped[0]})
            if len(mapped) > 1:
                hint = Msg(
                    "schema.hint.norwegian-two", {"word": value, "value": mapped[0], "other": mapped[1]}
                )
            return Msg("schema.enum", {**params, "hint": hint})
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
        if close:
            return Msg(
                "schema.enum", {**params, "hint": Msg("schema.hint.did-you-mean", {"suggestion": close[0]})}
            )
    return Msg("schema.enum", {**params, "hint": ""})


def _date_example(value: str) -> str:
    match = _NORWEGIAN_DATE.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return "2026-03-12"


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clip(text: str) -> str:
    return text if len(text) <= 200 else text[:199] + "…"


def _best_context(error: Any) -> Any:
    return best_match(error.context) if error.context else None
