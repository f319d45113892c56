"""planctl diff with git revisions REV:PATH: read with git show, includes resolved at the same revision."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planctl.diff.engine import diff_plans
from planctl.diff.sides import load_side
from planctl.errors import PlanctlError
from planctl.formats.diff.jsonfmt import to_data

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PLAN = """schema: planctl/1
uses: {{regional: ../region/regional.yaml}}
plan:
  id: x
  title: Plan
  municipality: {{name: X kommune}}
  adoption: {{body: kommunestyret, status: draft}}
units:
  - {{id: helse, name: Helsestasjonen, kind: service, municipal: true}}
measures:
  - {{id: kurs, name: Kurs, responsible: [helse], status: {{state: {state}, label: null}}}}
document:
  body:
    - id: innledning
      title: Innledning
      blocks:
        - include: regional:intro
"""
REGIONAL = """schema: planctl-regional/1
region: {{id: region, name: Regionen, municipalities: [X]}}
blocks:
  intro:
    - p: "{text}"
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.org")
    _git(tmp_path, "config", "user.name", "T")
    (tmp_path / "plans" / "x").mkdir(parents=True)
    (tmp_path / "plans" / "region").mkdir()
    (tmp_path / "planctl.toml").write_text("", encoding="utf-8")
    for state, text in (
        ("planned", "Regionen samarbeider om tidlig innsats."),
        ("active", "Regionen samarbeider tett om tidlig innsats."),
    ):
        (tmp_path / "plans" / "x" / "plan.yaml").write_text(PLAN.format(state=state), encoding="utf-8")
        (tmp_path / "plans" / "region" / "regional.yaml").write_text(
            REGIONAL.format(text=text), encoding="utf-8"
        )
        _git(tmp_path, "add", "-A")
        _git(tmp_path, "commit", "-q", "-m", state)
    # the working tree moves on: a third state that neither revision has
    (tmp_path / "plans" / "region" / "regional.yaml").write_text(
        REGIONAL.format(text="Noe helt annet."), encoding="utf-8"
    )
    return tmp_path


def test_revisions_with_regional_include_at_each_revision(repo: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(repo)
    old = load_side("HEAD~1:plans/x/plan.yaml")
    new = load_side("HEAD:plans/x")  # a folder at a revision: its plan.yaml
    assert (
        old.sources.regional is not None
        and old.sources.regional.display == "HEAD~1:plans/region/regional.yaml"
    )
    data = to_data(diff_plans(old.model, new.model, old_label=old.label, new_label=new.label))
    assert data["changes"] == [
        {
            "kind": "measure",
            "id": "kurs",
            "change": "changed",
            "fields": {"status.state": {"old": "planned", "new": "active"}},
        },
        {
            "kind": "section",
            "id": "innledning",
            "change": "changed",
            "fields": {
                "blocks.0": {
                    "old": "Regionen samarbeider om tidlig innsats.",
                    "new": "Regionen samarbeider tett om tidlig innsats.",
                }
            },
        },
    ]


def test_revision_against_working_tree_from_another_folder(repo: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(repo / "plans")
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "diff", "HEAD:x/plan.yaml", "x/plan.yaml", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    fields = json.loads(proc.stdout)["changes"][0]["fields"]
    assert fields == {
        "blocks.0": {"old": "Regionen samarbeider tett om tidlig innsats.", "new": "Noe helt annet."}
    }


def test_git_errors(repo: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(repo)
    with pytest.raises(PlanctlError, match="git"):
        load_side("nosuchrev:plans/x/plan.yaml", lang="en")
    with pytest.raises(PlanctlError, match="does not exist in revision"):
        load_side("HEAD:plans/y/plan.yaml", lang="en")
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "diff", "HEAD~5:plans/x/plan.yaml", "plans/x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_git_driver_console_script(repo: Path) -> None:
    """The driver is installed with the package (`planctl-git-diff`, a console script beside planctl)."""
    script = Path(sys.executable).parent / "planctl-git-diff"
    assert script.is_file(), "pip install -e . installs the planctl-git-diff console script"
    _git(repo, "config", "diff.planctl.command", "planctl-git-diff")
    (repo / ".gitattributes").write_text("plans/**/*.yaml diff=planctl\n", encoding="utf-8")
    plan = repo / "plans" / "x" / "plan.yaml"
    plan.write_text(PLAN.format(state="ended"), encoding="utf-8")
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(repo),
    }
    out = subprocess.run(
        ["git", "-C", str(repo), "diff", "--", "plans/x/plan.yaml"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    assert "Tiltak «Kurs»: status aktiv → avsluttet" in out
