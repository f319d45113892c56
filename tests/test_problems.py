"""locate(): the one place a problem's target and pointer (or model Loc) become file, line and column."""

from __future__ import annotations

from pathlib import Path

from planctl.check.problems import Location, Problem, line_of, locate
from planctl.load.sources import PlanSources
from planctl.load.yamlsource import parse_yaml
from planctl.model.types import Loc

PLAN = """schema: planctl/1
plan:
  id: x
  adoption:
    body: kommunestyret
measures:
  - id: a
    name: A
"""
REGIONAL = """schema: planctl-regional/1
units:
  - id: r
    name: R
"""


def _sources(regional: bool = True) -> PlanSources:
    plan = parse_yaml(PLAN, Path("plans/x/plan.yaml"), "plans/x/plan.yaml")
    reg = parse_yaml(REGIONAL, Path("plans/regional.yaml"), "plans/regional.yaml") if regional else None
    return PlanSources(plan, reg, Path("/"))


def test_value_of_a_pointer() -> None:
    where = locate(Problem("R", "m", pointer="/measures/0/name"), _sources())
    assert where == Location("plans/x/plan.yaml", 8, 11, "/measures/0/name")


def test_at_key_locates_the_key() -> None:
    where = locate(Problem("R", "m", pointer="/plan/adoption/body", at_key=True), _sources())
    assert (where.line, where.column) == (5, 5)
    assert locate(Problem("R", "m", pointer="/plan/adoption/body"), _sources()).column == 11


def test_missing_pointer_goes_to_the_nearest_ancestor() -> None:
    where = locate(Problem("R", "m", pointer="/plan/adoption/date"), _sources())
    assert where == Location("plans/x/plan.yaml", 5, 5, "/plan/adoption/date")  # the adoption mapping
    assert line_of(_sources(), "plan", "/nothing/here/at/all") == 1  # the document itself


def test_regional_target() -> None:
    where = locate(Problem("R", "m", pointer="/units/0/id", target="regional"), _sources())
    assert where == Location("plans/regional.yaml", 3, 9, "/units/0/id")


def test_regional_target_not_loaded_is_named_by_the_plan_without_position() -> None:
    where = locate(Problem("R", "m", pointer="/units/0", target="regional"), _sources(regional=False))
    assert where == Location("plans/x/plan.yaml", None, None, "/units/0")


def test_model_loc_is_used_as_is() -> None:
    loc = Loc("plans/x/plan.yaml", "/measures/0", 42, 7)  # a model object's own position wins
    assert locate(Problem("R", "m", loc=loc), _sources()) == Location(
        "plans/x/plan.yaml", 42, 7, "/measures/0"
    )


def test_model_loc_with_a_suffix_is_located_in_the_loc_file() -> None:
    plan_loc = Loc("plans/x/plan.yaml", "/measures/0", 7, 5)
    assert locate(Problem("R", "m", pointer="/name", loc=plan_loc), _sources()) == Location(
        "plans/x/plan.yaml", 8, 11, "/measures/0/name"
    )
    regional_loc = Loc("plans/regional.yaml", "/units/0", 3, 5)
    assert locate(Problem("R", "m", pointer="/name", loc=regional_loc), _sources()) == Location(
        "plans/regional.yaml", 4, 11, "/units/0/name"
    )


def test_position_known_by_the_loader_is_kept() -> None:
    problem = Problem("YAML-SYNTAX", "text", pointer="/plan", target="plan", line=3, column=9)
    assert locate(problem, _sources()) == Location("plans/x/plan.yaml", 3, 9, "/plan")
