"""diff.entities: a plan flattened into comparable entities, driven by the kinds table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planctl.diff.entities import KINDS, fields_of, flatten
from planctl.load.yamlsource import SourceMap, YamlDocument
from planctl.model.build import build_plan
from planctl.model.types import Plan
from tests.conftest import plan_header


def _plan(regional: dict[str, Any] | None = None, **registries: Any) -> Plan:
    data = {
        **plan_header("p", "Plan", "K"),
        **registries,
    }
    shared = (
        YamlDocument(Path("r.yaml"), "r.yaml", regional, SourceMap(), []) if regional is not None else None
    )
    return build_plan(YamlDocument(Path("p.yaml"), "p.yaml", data, SourceMap(), []), shared)


def test_a_measure_lists_its_fields_in_the_diffs_order_with_status_and_links_flattened() -> None:
    plan = _plan(
        measures=[
            {
                "id": "m",
                "name": "Tiltak",
                "responsible": ["u"],
                "links": [{"url": "https://a.no", "text": "A"}, "https://b.no"],
            }
        ]
    )
    fields = fields_of(plan.measures[0])
    assert list(fields) == [
        "name", "status.state", "status.label", "responsible", "responsible_label", "description", "details",
        "levels", "scope", "due", "evaluation", "goals", "arenas", "links",
    ]  # fmt: skip
    assert fields["status.state"] is None and fields["status.label"] is None  # no status: each part None
    assert fields["links"] == ("[A](https://a.no)", "https://b.no")
    assert fields["responsible"] == ("u",)


def test_pathway_steps_and_statistic_series_and_source() -> None:
    plan = _plan(
        pathways=[
            {"id": "p", "title": "Forløp", "steps": [{"title": "Se", "actors": ["u"]}, {"title": "Gjør"}]}
        ],
        statistics=[
            {
                "id": "s",
                "periods": ["2022", "2023"],
                "series": {"Testby": [1, 2.5]},
                "source": {"name": "SSB"},
            }
        ],
    )
    steps = fields_of(plan.pathways[0])
    assert steps["steps.0.title"] == "Se" and steps["steps.0.actors"] == ("u",)
    assert steps["steps.1.title"] == "Gjør" and steps["steps.1.actors"] == ()
    assert "steps.0.loc" not in steps
    stats = fields_of(plan.statistics[0])
    assert list(stats)[-1] == "series.Testby" and stats["series.Testby"] == (1, 2.5)
    assert (stats["source.name"], stats["source.url"]) == ("SSB", None)


def test_flatten_has_every_kind_names_entries_and_lets_plan_entries_shadow_regional_ones() -> None:
    plan = _plan(
        {"references": [{"id": "q", "title": "Regional"}, {"id": "r", "title": "Shadowed"}]},
        goals=[{"id": "g", "text": ""}],
        statistics=[{"id": "s", "periods": [], "series": {}}],
        references=[{"id": "r", "text": "Forfatter (2020)"}],
    )
    entities = flatten(plan)
    assert list(entities) == list(KINDS)
    assert entities["goal"][0].name == ""  # a goal is named by its text, even an empty one
    assert entities["statistics"][0].name == "s"  # no title: its id
    assert [(e.id, e.name, e.fields["origin"]) for e in entities["reference"]] == [
        ("q", "Regional", "regional"),
        ("r", "Forfatter (2020)", "plan"),
    ]
