"""`planctl validate` and `planctl init` end to end: CliRunner and real subprocesses."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli.main import cli
from tests.conftest import BUNDLED_PLANS, EXAMPLES, PLANS, ROOT, run_planctl

FAIL = EXAMPLES / "foundation" / "UNKNOWN-REFERENCE" / "fail.yaml"
# A plan that meets every rule: the `planctl init` skeleton (kept in the package, tested below).
PASS = EXAMPLES / "clean" / "plan.yaml"
STRUCTURAL = {"YAML-SYNTAX", "SCHEMA", "DUPLICATE-KEY", "DUPLICATE-ID", "UNKNOWN-REFERENCE", "INCLUDE"}


def test_bundled_plans_have_no_schema_or_integrity_findings() -> None:
    assert len(BUNDLED_PLANS) == 3
    proc = run_planctl("validate", "--format", "json", str(PLANS))
    doc = json.loads(proc.stdout)
    assert [f for f in doc["findings"] if f["rule"] in STRUCTURAL] == []
    assert doc["errors"] == []
    assert any(f.endswith("regional.yaml") for f in doc["files"])


def test_json_format_shape() -> None:
    proc = run_planctl("validate", "--format", "json", str(FAIL))
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["format"] == "planctl-findings/1"
    assert set(doc["summary"]) == {"errors", "warnings", "infos"}
    first = doc["findings"][0]
    assert set(first) >= {"rule", "severity", "message", "file", "line", "column", "path"}
    lines = [f["line"] for f in doc["findings"]]
    assert lines == sorted(lines)


def test_text_format_without_colour_when_piped() -> None:
    proc = run_planctl("validate", str(FAIL), str(PASS))
    assert proc.returncode == 1
    assert "\x1b[" not in proc.stdout
    assert str(FAIL.relative_to(ROOT)) in proc.stdout or FAIL.name in proc.stdout
    assert "UNKNOWN-REFERENCE" in proc.stdout
    assert "feil" in proc.stdout.splitlines()[-1]


def test_github_annotations() -> None:
    proc = run_planctl("validate", "--format", "github", str(FAIL))
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::error ")]
    assert annotations
    assert any("line=16,col=36,title=UNKNOWN-REFERENCE::" in a for a in annotations)


def test_sarif_output() -> None:
    proc = run_planctl("validate", "--format", "sarif", str(FAIL))
    doc = json.loads(proc.stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "UNKNOWN-REFERENCE" in ids and "SCHEMA" in ids
    result = next(r for r in run["results"] if r["ruleId"] == "UNKNOWN-REFERENCE")
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 16, "startColumn": 36}
    assert ids[result["ruleIndex"]] == "UNKNOWN-REFERENCE"


def test_clean_file_exits_zero(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(PASS)])
    assert result.exit_code == 0, result.output
    assert "0 feil, 0 advarsler" in result.output  # the draft's pending adoption is an info


def test_strict_fails_on_warnings(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "planctl.toml").write_text('[rules]\nGUIDE-LEVELS = "warning"\n', encoding="utf-8")
    plan = tmp_path / "p" / "plan.yaml"
    plan.parent.mkdir()
    # the clean plan without its indicated measure: one GUIDE-LEVELS warning, no errors
    text = PASS.read_text("utf-8").replace("levels: [indicated]", "levels: [selective]")
    plan.write_text(text, encoding="utf-8")
    assert runner.invoke(cli, ["validate", str(plan), "--format", "json"]).exit_code == 0
    strict = runner.invoke(cli, ["validate", str(plan), "--strict", "--format", "json"])
    assert strict.exit_code == 1
    assert {f["severity"] for f in json.loads(strict.output)["findings"]} >= {"warning"}


def test_config_can_switch_a_rule_off_and_rejects_unknown_rules(tmp_path: Path, runner: CliRunner) -> None:
    plan = tmp_path / "p" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(FAIL.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "planctl.toml").write_text('[rules]\nUNKNOWN-REFERENCE = "off"\n', encoding="utf-8")
    doc = json.loads(runner.invoke(cli, ["validate", str(plan), "--format", "json"]).output)
    assert not [f for f in doc["findings"] if f["rule"] == "UNKNOWN-REFERENCE"]
    (tmp_path / "planctl.toml").write_text('[rules]\nNO-SUCH-RULE = "off"\n', encoding="utf-8")
    proc = run_planctl("validate", str(plan))
    assert proc.returncode == 2
    assert "NO-SUCH-RULE" in proc.stdout + proc.stderr and "Traceback" not in proc.stderr


def test_unreadable_input_is_exit_2_but_other_files_are_still_checked(tmp_path: Path) -> None:
    proc = run_planctl("validate", "--format", "json", str(tmp_path / "missing.yaml"), str(FAIL))
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    assert doc["errors"] and "finnes ikke" in doc["errors"][0]
    assert doc["findings"]


def test_no_path_validates_plans_folder(tmp_path: Path) -> None:
    proc = run_planctl("validate", cwd=tmp_path)
    assert proc.returncode == 2 and "plans/" in proc.stderr
    (tmp_path / "plans" / "x").mkdir(parents=True)
    (tmp_path / "plans" / "x" / "plan.yaml").write_text(PASS.read_text("utf-8"), encoding="utf-8")
    proc = run_planctl("validate", "--format", "json", cwd=tmp_path)
    assert json.loads(proc.stdout)["files"] == [os.path.join("plans", "x", "plan.yaml")]


def test_folder_walk_skips_other_yaml_and_skip_flag(tmp_path: Path) -> None:
    (tmp_path / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(PASS.read_text("utf-8"), encoding="utf-8")
    proc = run_planctl("validate", "--format", "json", str(tmp_path))
    assert [Path(f).name for f in json.loads(proc.stdout)["files"]] == ["plan.yaml"]
    proc = run_planctl("validate", "--skip-other-yaml", str(tmp_path / "ci.yml"))
    assert proc.returncode == 0
    proc = run_planctl("validate", str(tmp_path / "ci.yml"))
    assert proc.returncode == 1  # given explicitly, it is checked as a plan


def test_output_file_is_written_atomically(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "findings.json"
    result = runner.invoke(cli, ["validate", str(FAIL), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    assert json.loads(out.read_text("utf-8"))["format"] == "planctl-findings/1"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]


def test_lang_switches_messages(runner: CliRunner) -> None:
    nb = json.loads(runner.invoke(cli, ["validate", str(FAIL), "--format", "json"]).output)
    en = json.loads(runner.invoke(cli, ["validate", str(FAIL), "--format", "json", "--lang", "en"]).output)
    nn = json.loads(runner.invoke(cli, ["validate", str(FAIL), "--format", "json", "--lang", "nn"]).output)

    def unknown_ref(doc: dict[str, list[dict[str, str]]]) -> str:
        return next(f["message"] for f in doc["findings"] if f["rule"] == "UNKNOWN-REFERENCE")

    assert "ukjent" in unknown_ref(nb)
    assert "unknown" in unknown_ref(en)
    assert "ukjend" in unknown_ref(nn)


def test_clean_example_is_the_init_skeleton() -> None:
    from planctl.formats.skeleton import skeleton_text

    assert PASS.read_text("utf-8") == skeleton_text("Eksempel kommune", "eksempel", 2026)


def test_init_writes_a_clean_commented_plan(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "ny"
    result = runner.invoke(cli, ["init", str(target), "--municipality", "Søndre Land kommune"])
    assert result.exit_code == 0, result.output
    text = (target / "plan.yaml").read_text("utf-8")
    assert "# " in text and "id: sondre-land" in text and '"Søndre Land kommune"' in text
    proc = run_planctl("validate", "--format", "json", str(target / "plan.yaml"))
    doc = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert [f for f in doc["findings"] if f["severity"] != "info"] == []
    again = run_planctl("init", str(target))
    assert again.returncode == 2 and "overskriver aldri" in again.stderr
    assert (target / "plan.yaml").read_text("utf-8") == text


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["init", "--help"]])
def test_help(args: list[str]) -> None:
    proc = run_planctl(*args)
    assert proc.returncode == 0 and "Bruk:" in proc.stdout


def test_usage_error_is_exit_2() -> None:
    proc = run_planctl("validate", "--format", "nope", str(PASS))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
