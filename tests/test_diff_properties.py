"""Property tests for planctl diff: identity, symmetry, and generated edits reported exactly."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.diff.engine import PlanDiff, diff_plans
from planctl.formats.diff.jsonfmt import to_data
from planctl.load.yamlsource import SourceMap, YamlDocument
from planctl.model.build import build_plan
from tests.conftest import plan_header

STATES = ["planned", "in_progress", "active", "completed", "ended"]
UNITS = ["u0", "u1", "u2", "u3", "u4"]
WORDS = ["barn", "unge", "familier", "hjelp", "tidlig", "innsats", "skole", "samarbeid", "tiltak", "plan"]


def _plan(data: dict[str, Any]) -> Any:
    return build_plan(YamlDocument(Path("p.yaml"), "p.yaml", data, SourceMap(), []))


@st.composite
def plans(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(min_value=8, max_value=20))
    measures = []
    for i in range(n):
        measures.append(
            {
                "id": f"m{i}",
                "name": f"Tiltak nummer {i}",
                "description": " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))),
                "responsible": draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True)),
                "status": {"state": draw(st.sampled_from(STATES)), "label": None},
            }
        )
    # Distinct paragraphs: with two equal ones, a reworded copy may be aligned with either, and both answers
    # are right (the test could not say which one it expects).
    paragraphs = list(
        dict.fromkeys(
            " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12)))
            for _ in range(draw(st.integers(min_value=1, max_value=4)))
        )
    )
    return {
        **plan_header("k", "Plan", "K"),
        "units": [{"id": u, "name": f"Enhet {u}", "kind": "service", "municipal": True} for u in UNITS],
        "measures": measures,
        "arenas": [{"id": f"a{i}", "name": f"Arena {i}", "participants": ["u0", "u1"]} for i in range(3)],
        "document": {
            "body": [{"id": "innledning", "title": "Innledning", "blocks": [{"p": p} for p in paragraphs]}]
        },
    }


def _keys(diff: PlanDiff) -> set[tuple[str, str, str, str | None, frozenset[str]]]:
    return {
        (c["kind"], c["id"], c["change"], c.get("from"), frozenset(c.get("fields", {})))
        for c in to_data(diff)["changes"]
    }


@settings(max_examples=40, deadline=None)
@given(plans())
def test_diff_of_a_plan_with_itself_is_empty(data: dict[str, Any]) -> None:
    result = diff_plans(_plan(data), _plan(copy.deepcopy(data)), old_label="a", new_label="a")
    assert result.empty and result.summary() == {"added": 0, "removed": 0, "changed": 0, "renamed": 0}


@st.composite
def edited(draw: Any) -> tuple[dict[str, Any], dict[str, Any], set[Any]]:
    base = draw(plans())
    new = copy.deepcopy(base)
    ms = new["measures"]
    targets = draw(st.permutations(list(range(len(ms)))))
    expected: set[Any] = set()
    ops = draw(
        st.lists(
            st.sampled_from(["status", "retitle", "reid", "remove", "add", "owner", "reword"]),
            unique=True,
            min_size=0,
            max_size=7,
        )
    )
    removed: list[str] = []
    for k, op in enumerate(ops):
        m = ms[targets[k]]
        if op == "status":
            m["status"]["state"] = next(s for s in STATES if s != m["status"]["state"])
            expected.add(("measure", m["id"], "changed", None, frozenset({"status.state"})))
        elif op == "retitle":
            m["name"] = m["name"] + " (nytt)"
            expected.add(("measure", m["id"], "changed", None, frozenset({"name"})))
        elif op == "reid":
            old_id = m["id"]
            m["id"] = old_id + "-ny"
            expected.add(("measure", m["id"], "renamed", old_id, frozenset()))
        elif op == "remove":
            removed.append(m["id"])
            expected.add(("measure", m["id"], "removed", None, frozenset()))
        elif op == "owner":
            extra = next(u for u in UNITS if u not in m["responsible"])
            m["responsible"] = [*m["responsible"], extra]
            expected.add(("measure", m["id"], "changed", None, frozenset({"responsible"})))
        elif op == "add":
            ms.append(
                {
                    "id": "ny-tiltak",
                    "name": "Et helt nytt tiltak",
                    "responsible": ["u0"],
                    "status": {"state": "planned", "label": None},
                }
            )
            expected.add(("measure", "ny-tiltak", "added", None, frozenset()))
        elif op == "reword":
            blocks = new["document"]["body"][0]["blocks"]
            i = draw(st.integers(min_value=0, max_value=len(blocks) - 1))
            blocks[i]["p"] = blocks[i]["p"] + " omformulert"
            expected.add(("section", "innledning", "changed", None, frozenset({f"blocks.{i}"})))
    new["measures"] = [m for m in ms if m["id"] not in removed]
    # reordering measures and arenas is never a change
    new["measures"] = draw(st.permutations(new["measures"]))
    new["arenas"] = list(reversed(new["arenas"]))
    return base, new, expected


@settings(max_examples=60, deadline=None)
@given(edited())
def test_generated_edits_are_reported_exactly(case: tuple[dict[str, Any], dict[str, Any], set[Any]]) -> None:
    old, new, expected = case
    result = diff_plans(_plan(old), _plan(new), old_label="a", new_label="b")
    assert _keys(result) == expected


@settings(max_examples=60, deadline=None)
@given(edited())
def test_diff_mirrors_when_sides_swap(case: tuple[dict[str, Any], dict[str, Any], set[Any]]) -> None:
    a, b, _ = case
    forward = to_data(diff_plans(_plan(a), _plan(b), old_label="a", new_label="b"))
    backward = to_data(diff_plans(_plan(b), _plan(a), old_label="b", new_label="a"))
    flip = {"added": "removed", "removed": "added", "changed": "changed", "renamed": "renamed"}

    def mirrored(c: dict[str, Any]) -> tuple[Any, ...]:
        cid, src = (c["from"], c["id"]) if c["change"] == "renamed" else (c["id"], None)
        fields = {k: (v["new"], v["old"]) for k, v in c.get("fields", {}).items()}
        return (c["kind"], cid, flip[c["change"]], src, repr(sorted(fields.items())))

    def plain(c: dict[str, Any]) -> tuple[Any, ...]:
        fields = {k: (v["old"], v["new"]) for k, v in c.get("fields", {}).items()}
        return (c["kind"], c["id"], c["change"], c.get("from"), repr(sorted(fields.items())))

    assert sorted(map(mirrored, forward["changes"])) == sorted(map(plain, backward["changes"]))
    s, r = forward["summary"], backward["summary"]
    assert (s["added"], s["removed"], s["changed"], s["renamed"]) == (
        r["removed"],
        r["added"],
        r["changed"],
        r["renamed"],
    )
