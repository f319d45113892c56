"""`planctl init`: a new plan from the shipped, commented skeleton (in nb, nn or en), and the JSON Schema
beside it that the skeleton's `$schema` line names, so that an editor completes and explains the plan
in a fresh repository."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path

from planctl.check.schema_files import load_schema
from planctl.errors import PlanctlError
from planctl.formats.output import write_text_atomic
from planctl.messages import Msg
from planctl.model.ids import ID_PATTERN, slugify

SCHEMA_FILE = "plan.schema.json"  # beside the plan; the skeleton's first line names it

__all__ = ["SCHEMA_FILE", "init_plan", "schema_text", "skeleton_text", "slugify"]


def skeleton_text(
    municipality: str, plan_id: str | None = None, year: int | None = None, lang: str = "nb"
) -> str:
    year = year or date.today().year
    text = files("planctl").joinpath("skeleton", f"plan.{lang}.yaml").read_text(encoding="utf-8")
    quoted = json.dumps(municipality, ensure_ascii=False)  # a JSON string is a valid YAML scalar
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
    """FOLDER/plan.yaml (never overwritten) and FOLDER/plan.schema.json (written, or brought up to date)."""
    if plan_id is not None and not ID_PATTERN.fullmatch(plan_id):
        raise PlanctlError(Msg("cli.init.bad-id", {"id": plan_id, "suggestion": slugify(plan_id)}))
    target = folder / "plan.yaml"
    if target.exists():
        raise PlanctlError(Msg("cli.init.exists"), file=str(target))
    if folder.exists() and not folder.is_dir():
        raise PlanctlError(Msg("cli.init.not-folder"), file=str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    schema = folder / SCHEMA_FILE
    write_text_atomic(schema, schema_text("plan"))
    write_text_atomic(target, skeleton_text(municipality, plan_id, year, lang))
    return target, schema
