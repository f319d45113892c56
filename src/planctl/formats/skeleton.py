"""`planctl init`: a new plan from the shipped, commented skeleton."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files
from pathlib import Path

from planctl.errors import PlanctlError
from planctl.formats.output import write_text_atomic
from planctl.model.ids import slugify


def skeleton_text(municipality: str, plan_id: str | None = None, year: int | None = None) -> str:
    year = year or date.today().year
    text = files("planctl").joinpath("skeleton", "plan.yaml").read_text(encoding="utf-8")
    quoted = json.dumps(municipality, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    replacements = {
        "__MUNICIPALITY_PLAIN__": quoted,
        "__MUNICIPALITY__": quoted,
        "__ID__": plan_id or slugify(municipality.removesuffix(" kommune")),
        "__YEAR__": str(year),
        "__END__": str(year + 4),
        "__PREV__": str(year - 1),
    }
    for token, value in replacements.items():
        text = text.replace(token, value)
    return text


def init_plan(folder: Path, municipality: str, plan_id: str | None = None, year: int | None = None) -> Path:
    if plan_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", plan_id):
        raise PlanctlError(f"--id {plan_id!r} must be a lowercase slug (a-z, 0-9, -)")
    target = folder / "plan.yaml"
    if target.exists():
        raise PlanctlError("already exists; planctl init never overwrites a plan", file=str(target))
    if folder.exists() and not folder.is_dir():
        raise PlanctlError("exists and is not a folder", file=str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, skeleton_text(municipality, plan_id, year))
    return target
