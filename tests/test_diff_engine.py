"""planctl diff: the hand-made pair of revisions, renderers, filters and linear matching."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from planctl.cli.diff import diff as diff_command
from planctl.diff.engine import DiffOptions, diff_plans
from planctl.diff.sides import load_side
from planctl.formats.diff.jsonfmt import to_data
from planctl.formats.diff.markdown import render_markdown
from planctl.formats.diff.text import render_text
from planctl.load.yamlsource import SourceMap, YamlDocument
from planctl.model.build import build_plan
from tests.conftest import plan_header

FIX = Path(__file__).parent / "fixtures" / "diff"
V1, V2 = str(FIX / "v1.yaml"), str(FIX / "v2.yaml")


def _diff(old: str = V1, new: str = V2, **kw: Any) -> Any:
    a, b = load_side(old), load_side(new)
    return diff_plans(a.model, b.model, old_label="v1", new_label="v2", options=DiffOptions(**kw))


def test_hand_made_pair_lists_exactly_the_changes() -> None:
    data = to_data(_diff())
    assert data["format"] == "planctl-diff/1"
    assert data["old"] == "v1" and data["new"] == "v2"
    assert data["changes"] == [
        {
            "kind": "measure",
            "id": "familiebasen",
            "change": "changed",
            "fields": {
                "status.state": {"old": "active", "new": "ended"},
                "status.label": {"old": "I gang", "new": "Avsluttet"},
                "responsible": {"old": ["helsestasjon"], "new": ["helsestasjon", "nav"]},
            },
        },
        {
            "kind": "measure",
            "id": "foreldrekurs",
            "change": "changed",
            "fields": {"name": {"old": "Foreldrekurs", "new": "Foreldrekurs ICDP"}},
        },
        {"kind": "measure", "id": "leksehjelp", "change": "added"},
        {"kind": "measure", "id": "sommerskole", "change": "removed"},
        {
            "kind": "section",
            "id": "innledning",
            "change": "changed",
            "fields": {
                "blocks.1": {
                    "old": "Kommunen skal fremme gode oppvekstsvilkår gjennom tiltak for å forebygge "
                    "omsorgssvikt og "
                    "atferdsproblemer hos barn og unge.",
                    "new": "Kommunen skal fremme gode oppvekstsvilkår gjennom tiltak som forebygger "
                    "omsorgssvikt og "
                    "atferdsproblemer hos alle barn og unge.",
                }
            },
        },
    ]
    assert data["summary"] == {"added": 1, "removed": 1, "changed": 3, "renamed": 0}


def test_text_is_in_plan_terms() -> None:
    text = render_text(_diff(), "nb")
    assert "Tiltak «Familiebasen»: status I gang → Avsluttet; ansvar + NAV" in text
    assert "Tiltak «Foreldrekurs ICDP»: nytt navn (var «Foreldrekurs»)" in text
    assert "Tiltak «Leksehjelp» er lagt til" in text
    assert "Tiltak «Sommerskole» er fjernet" in text
    assert "[-for-]{+som+}" in text and "{+alle +}" in text
    assert "Arena" not in text  # reordered arenas are not a change
    english = render_text(_diff(), "en")
    assert "Measure 'Familiebasen': status I gang → Avsluttet; responsible + NAV" in english


def test_a_state_change_under_the_same_label_names_the_states(tmp_path: Path) -> None:
    text = (
        Path(V2)
        .read_text("utf-8")
        .replace("status: {state: ended, label: Avsluttet}", "status: {state: active, label: Avsluttet}")
    )
    (tmp_path / "v3.yaml").write_text(text, "utf-8")
    out = render_text(_diff(V2, str(tmp_path / "v3.yaml")), "nb")
    assert "Tiltak «Familiebasen»: status Avsluttet (avsluttet) → Avsluttet (aktiv)" in out, out


def test_footnotes_are_compared(tmp_path: Path) -> None:
    text = Path(V1).read_text("utf-8")
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(text + "footnotes:\n  - {id: ssb, text: Tall fra SSB 2021.}\n", "utf-8")
    new.write_text(text + "footnotes:\n  - {id: ssb, text: Tall fra SSB 2022.}\n", "utf-8")
    data = to_data(_diff(str(old), str(new)))
    assert data["changes"] == [
        {
            "kind": "footnote",
            "id": "ssb",
            "change": "changed",
            "fields": {"text": {"old": "Tall fra SSB 2021.", "new": "Tall fra SSB 2022."}},
        }
    ]


def test_markdown_for_merge_requests() -> None:
    md = render_markdown(_diff(), "nb")
    assert md.startswith("### Endringer fra v1 til v2")
    assert "#### Tiltak" in md and "#### Kapitler og tekst" in md
    assert "~~for~~" in md and "**som**" in md
    assert "**1 lagt til, 1 fjernet, 3 endret, 0 med ny ID**" in md


def test_only_and_ignore() -> None:
    only = to_data(_diff(only=frozenset({"section"})))
    assert [c["kind"] for c in only["changes"]] == ["section"]
    ignored = to_data(_diff(ignore=("status", "responsible", "blocks", "name")))
    assert [(c["id"], c["change"]) for c in ignored["changes"]] == [
        ("leksehjelp", "added"),
        ("sommerskole", "removed"),
    ]


def test_same_file_is_empty_and_exit_codes() -> None:
    runner = CliRunner()
    same = runner.invoke(diff_command, [V1, V1, "--exit-code"])
    assert same.exit_code == 0, same.output
    assert "Ingen endringer" in same.output
    different = runner.invoke(diff_command, [V1, V2, "--exit-code", "--format", "json"])
    assert different.exit_code == 1
    assert json.loads(different.output)["summary"]["added"] == 1
    assert runner.invoke(diff_command, [V1, V2]).exit_code == 0


def test_subprocess_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: planctl/1\nplan: {id: x}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "diff", str(bad), V2, "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "SCHEMA" in proc.stderr and "bad.yaml" in proc.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "diff", V1, str(broken), "--exit-code"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "YAML-SYNTAX" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "diff", V1, str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stderr.startswith("planctl: ")


def test_subprocess_json_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "diff", V1, V2, "--format", "json", "-o", str(out), "--exit-code"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["removed"] == 1


def test_colon_in_file_name_is_a_file(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    odd = tmp_path / "C:plan.yaml"
    odd.write_text((FIX / "v1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    side = load_side("C:plan.yaml")
    assert side.model.info.id == "testkommune"
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "plan.yaml").write_text((FIX / "v2.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_side("x").model.measures[-1].id == "leksehjelp"


# ---- linear time ---------------------------------------------------------------------------------------


def _big(n: int, variant: int) -> Any:
    measures = []
    for i in range(n):
        state = "active" if (variant and i % 10 == 0) else "planned"
        measures.append(
            {
                "id": f"m{i}",
                "name": f"Tiltak {i}",
                "description": f"Beskrivelse {i}",
                "responsible": ["u1"],
                "status": {"state": state, "label": None},
            }
        )
    if variant:
        measures.reverse()
    data = {
        **plan_header("big", "Stor plan", "K"),
        "units": [{"id": "u1", "name": "Enhet", "kind": "service", "municipal": True}],
        "measures": measures,
    }
    return build_plan(YamlDocument(Path("big.yaml"), "big.yaml", data, SourceMap(), []))


def test_matching_is_linear_in_the_number_of_measures() -> None:
    counts = {}
    for n in (500, 5000):
        result = diff_plans(_big(n, 0), _big(n, 1), old_label="a", new_label="b")
        assert result.summary()["changed"] == n // 10
        counts[n] = result.stats.comparisons
    # ten times the measures, about ten times the work (pairwise matching would be a hundred times)
    assert counts[5000] <= 10.5 * counts[500]
    assert counts[5000] < 30 * 5000
