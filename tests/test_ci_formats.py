"""pre-commit and CI that do not miss (issue 16, point 6): SARIF that the OASIS schema accepts, with
URI-encoded, repository-relative paths; GitLab Code Quality; the hook checks the plans that include a
changed regional file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker

from planctl.formats.skeleton import skeleton_text
from tests.conftest import ROOT

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
NB = skeleton_text("Fjellbygd kommune", year=2026)
BROKEN = NB.replace("responsible: [skole, helsestasjon]", "responsible: [skolen]")
REGIONAL = """schema: planctl-regional/1
region: {id: region, name: Regionen, municipalities: [Fjellbygd]}
units:
  - {id: bup, name: BUP, kind: external, municipal: false}
"""


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8"}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "FORCE_COLOR"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "planctl", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose plan lives in a folder with a space, a comma, a percent sign and a colon."""
    root = tmp_path / "repo"
    plan = root / "plans" / "test, 100%: x" / "plan.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text(BROKEN, encoding="utf-8")
    (root / "planctl.toml").write_text("", encoding="utf-8")
    _git(root, "init", "-q")
    return root


def _sarif(repo: Path, cwd: Path) -> dict[str, Any]:
    proc = _run("validate", "--format", "sarif", str(repo / "plans"), cwd=cwd)
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_sarif_is_valid_against_the_oasis_schema(repo: Path) -> None:
    doc = _sarif(repo, repo)
    errors = sorted(Draft4Validator(SARIF_SCHEMA, format_checker=FormatChecker()).iter_errors(doc), key=str)
    assert [e.message for e in errors] == []


def test_sarif_uris_are_encoded_and_relative_to_the_repository_root(repo: Path) -> None:
    for cwd in (repo, repo / "plans"):  # the same from any folder
        run = _sarif(repo, cwd)["runs"][0]
        [location] = {
            json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in run["results"]
        }
        artifact = json.loads(location)
        assert artifact == {"uri": "plans/test%2C%20100%25%3A%20x/plan.yaml", "uriBaseId": "SRCROOT"}
        assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.resolve().as_uri() + "/"
        driver = run["tool"]["driver"]
        assert "informationUri" not in driver or not driver["informationUri"].startswith(
            "https://github.com/planctl/"
        )


def test_a_bad_uri_fails_the_schema_check() -> None:
    """The check itself bites: the format checker rejects the unencoded path this test guards against."""
    assert not FormatChecker().conforms("plans/test, 100%: x/plan.yaml", "uri-reference")
    assert FormatChecker().conforms("plans/test%2C%20100%25%3A%20x/plan.yaml", "uri-reference")


def test_gitlab_code_quality(repo: Path) -> None:
    proc = _run("validate", "--format", "gitlab", str(repo / "plans"), cwd=repo / "plans")
    issues = json.loads(proc.stdout)
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == "plans/test, 100%: x/plan.yaml"
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    error = next(i for i in issues if i["check_name"] == "UNKNOWN-REFERENCE")
    assert error["severity"] == "major" and "skolen" in error["description"]
    ci = (ROOT / "docs" / "ci.md").read_text("utf-8")
    assert "--format gitlab" in ci and "codequality:" in ci


def _regional_project(root: Path) -> tuple[Path, Path]:
    (root / "planctl.toml").write_text("", encoding="utf-8")
    regional = root / "plans" / "region" / "regional.yaml"
    regional.parent.mkdir(parents=True)
    regional.write_text(REGIONAL, encoding="utf-8")
    plan = root / "plans" / "fjellbygd" / "plan.yaml"
    plan.parent.mkdir(parents=True)
    text = NB.replace(
        "# uses: {regional: ../region/regional.yaml}", "uses: {regional: ../region/regional.yaml}"
    )
    text = text.replace(
        "participants: [helsestasjon, skole, barnehage, barnevern]",
        "participants: [helsestasjon, skole, bup]",
    )
    plan.write_text(text, encoding="utf-8")
    return regional, plan


def test_dependents_checks_the_plans_that_include_a_regional_file(tmp_path: Path) -> None:
    regional, plan = _regional_project(tmp_path)
    assert _run("validate", str(plan), cwd=tmp_path).returncode == 0
    regional.write_text(REGIONAL.replace("id: bup", "id: bup-innlandet"), encoding="utf-8")
    alone = _run("validate", "--skip-other-yaml", "plans/region/regional.yaml", cwd=tmp_path)
    assert alone.returncode == 0  # the regional file on its own is fine: this is what the hook missed
    hook = _run(
        "validate",
        "--skip-other-yaml",
        "--dependents",
        "--format",
        "json",
        "plans/region/regional.yaml",
        cwd=tmp_path,
    )
    assert hook.returncode == 1
    doc = json.loads(hook.stdout)
    assert "plans/fjellbygd/plan.yaml" in doc["files"]
    assert [f["rule"] for f in doc["findings"] if f["severity"] == "error"] == ["UNKNOWN-REFERENCE"]


def test_the_hook_definitions_use_dependents() -> None:
    entries = [
        line for line in (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8").splitlines() if "entry:" in line
    ]
    assert len(entries) == 2 and all("--dependents" in line for line in entries)


def test_the_diff_driver_is_a_console_script() -> None:
    script = Path(sys.executable).parent / "planctl-git-diff"
    assert script.is_file() or shutil.which("planctl-git-diff")
    proc = subprocess.run(
        [str(script), "too", "few"], capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"}
    )
    assert proc.returncode == 2 and "planctl-git-diff" in proc.stderr


def test_a_name_that_installs_this_tool() -> None:
    """The distribution is forebyggingsplan (planctl on the index is another project); every install line in
    the docs names it with a pinned version, or installs a local checkout or wheel."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "forebyggingsplan"
    assert set(project["scripts"]) == {"planctl", "planctl-git-diff"}
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / ".pre-commit-hooks.yaml"]
    lines = [
        (p.name, line) for p in docs for line in p.read_text("utf-8").splitlines() if "pip install" in line
    ]
    assert lines
    for name, line in lines:
        if "`pip install planctl`" in line:  # the warning against it
            continue
        assert not re.search(r"pip install (-q )?[\"']?planctl\b", line), (name, line)
        if "forebyggingsplan" in line:
            assert "==" in line or "@v0" in line or ".whl" in line, (name, line)
        else:
            assert (
                re.search(
                    r"pip install (-q |--quiet )*(-e )?(\.|'\.\[test\]'|\"\$PLANCTL\"|-e '\.\[test\]')", line
                )
                or "pip install planctl`" in line
            ), (name, line)
    pinned = [
        line
        for _, text in [(p.name, p.read_text("utf-8")) for p in docs]
        for line in text.splitlines()
        if "PLANCTL:" in line
    ]
    assert pinned and all("@v0.1.0" in line or "==0.1.0" in line for line in pinned)
