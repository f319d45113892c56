"""`planctl init`: a new plan from the shipped, commented skeleton (in nb, nn or en), and the JSON Schema
beside it that the skeleton's `$schema` line names, so that an editor completes and explains the plan
in a fresh repository."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from importlib.resources import files
from pathlib import Path

from planctl.check.schema_files import load_schema
from planctl.errors import PlanctlError
from planctl.formats.output import create_new, write_text_atomic
from planctl.messages import Msg
from planctl.model.ids import ID_PATTERN, slugify

SCHEMA_FILE = "plan.schema.json"  # beside the plan; the skeleton's first line names it

__all__ = ["SCHEMA_FILE", "init_plan", "schema_text", "skeleton_text", "slugify"]


def skeleton_text(
    municipality: str, plan_id: str | None = None, year: int | None = None, lang: str = "nb"
) -> str:
    year = year or date.today().year
    text = files("planctl").joinpath("skeleton", f"plan.{lang}.yaml").read_text(encoding="utf-8")
    quoted = yaml_string(municipality)
    suffix = " municipality" if lang == "en" else " kommune"
    replacements = {
        "__MUNICIPALITY_PLAIN__": quoted,
        "__MUNICIPALITY__": quoted,
        "__ID__": plan_id or slugify(municipality.removesuffix(suffix).removesuffix(" kommune")),
        "__YEAR__": str(year),
        "__END__": str(year + 4),
        "__PREV__": str(year - 1),
    }
    for token, value in replacements.items():
        text = text.replace(token, value)
    return text


# Characters a YAML file cannot hold as they are (outside its printable set: C0 and C1 controls, DEL,
# U+FFFE/U+FFFF) or that YAML reads as line breaks (NEL, U+2028, U+2029): written as \u escapes.
_NOT_RAW_IN_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def yaml_string(text: str) -> str:
    """text as a double-quoted YAML scalar that reads back as text (JSON's escapes are YAML's too)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_RAW_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def schema_text(name: str = "plan") -> str:
    """The shipped schema ("plan" or "regional") as a file for editors. The regional schema refers to the
    plan schema's definitions as `plan.schema.json#...`: without its `$id`, an editor resolves that
    beside the file rather than on the web."""
    schema = dict(load_schema(name))
    if name == "regional":
        schema.pop("$id", None)
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def init_plan(
    folder: Path, municipality: str, plan_id: str | None = None, year: int | None = None, lang: str = "nb"
) -> tuple[Path, Path]:
    """FOLDER/plan.yaml (never written over, nor anything at its name: a symlink, even one to nothing)
    and FOLDER/plan.schema.json (written, or brought up to date)."""
    if plan_id is not None and not ID_PATTERN.fullmatch(plan_id):
        raise PlanctlError(Msg("cli.init.bad-id", {"id": plan_id, "suggestion": slugify(plan_id)}))
    try:
        municipality.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 arrive as lone surrogates
        raise PlanctlError(Msg("init.not-utf8", {"value": _shown(municipality)})) from None
    target = folder / "plan.yaml"
    if os.path.lexists(target):
        raise PlanctlError(Msg("cli.init.exists"), file=str(target))
    if folder.exists() and not folder.is_dir():
        raise PlanctlError(Msg("cli.init.not-folder"), file=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanctlError(
            Msg("init.mkdir", {"reason": str(exc.strerror or exc)}), file=str(folder)
        ) from None
    schema = folder / SCHEMA_FILE
    write_text_atomic(schema, schema_text("plan"))
    create_new(target, skeleton_text(municipality, plan_id, year, lang).encode("utf-8"))
    return target, schema


def _shown(value: str) -> str:
    """A value as a message repeats it: escaped to one line of at most 60 characters."""
    text = ascii(value)
    return text if len(text) <= 60 else text[:59] + "…"
