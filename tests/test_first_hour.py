"""The first hour of a new municipality, scripted (issue 16, «Done when»): `planctl init` in nynorsk in an
empty git repository, five typical slips each fixed by following the message alone, validate clean, build,
and the real `pre-commit` tool rejecting a commit that breaks a regional reference.

«Following the message alone»: each fix below is read off the message (the value to write, the word it
maps to, the slug it suggests, where the missing `- ` goes), never from knowing the format.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>\S+) (?P<rule>[A-Z0-9-]+) (?P<message>.+)$",
    re.M,
)


def _env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / ".pre-commit"),
    }
    for name in (
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
        "NO_COLOR",
        "FORCE_COLOR",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
    ):
        env.pop(name, None)
    env.update(
        {
            "GIT_AUTHOR_NAME": "Fjellbygd",
            "GIT_AUTHOR_EMAIL": "post@fjellbygd.kommune.no",
            "GIT_COMMITTER_NAME": "Fjellbygd",
            "GIT_COMMITTER_EMAIL": "post@fjellbygd.kommune.no",
        }
    )
    return env


class Municipality:
    """A plan owner at a terminal in the repository."""

    def __init__(self, repo: Path, home: Path) -> None:
        self.repo = repo
        self.env = _env(home)
        self.plan = repo / "plans" / "fjellbygd" / "plan.yaml"

    def planctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "planctl", *args],
            capture_output=True,
            text=True,
            cwd=self.repo,
            env=self.env,
            timeout=300,
        )

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=self.repo, env=self.env, timeout=300
        )

    def edit(self, old: str, new: str) -> None:
        text = self.plan.read_text("utf-8")
        assert text.count(old) == 1, old
        self.plan.write_text(text.replace(old, new), encoding="utf-8")

    def the_error(self) -> re.Match[str]:
        """Validate (with no path, from the repository) and read the one error."""
        proc = self.planctl("validate")
        assert proc.returncode == 1, proc.stdout + proc.stderr
        errors = [m for m in LINE.finditer(proc.stdout) if m["severity"] == "feil"]
        assert len(errors) == 1, proc.stdout
        return errors[0]

    def line(self, number: int) -> str:
        return self.plan.read_text("utf-8").splitlines()[number - 1]

    def set_line(self, number: int, text: str) -> None:
        lines = self.plan.read_text("utf-8").splitlines(keepends=True)
        lines[number - 1] = text + "\n"
        self.plan.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def fjellbygd(tmp_path: Path) -> Municipality:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "fjellbygd"
    repo.mkdir()
    town = Municipality(repo, tmp_path)
    assert town.git("init", "-q").returncode == 0
    return town


def _quoted_fix(message: str) -> str:
    """The `key: "value"` a message tells the reader to write (after «hermeteikn: »)."""
    return message.rsplit("hermeteikn: ", 1)[1]


@pytest.mark.slow  # a whole scripted hour as real processes, pre-commit included: ~5 s
def test_the_first_hour(fjellbygd: Municipality) -> None:
    town = fjellbygd

    # 1. init in nynorsk: a plan and the schema its first line names
    init = town.planctl("init", "plans/fjellbygd", "--lang", "nn", "--municipality", "Fjellbygd kommune")
    assert init.returncode == 0 and init.stdout.startswith("skreiv plans/fjellbygd/plan.yaml")
    assert (town.plan.parent / "plan.schema.json").is_file()
    assert town.planctl("validate").returncode == 0

    # 2. five slips, each fixed by what its message says
    # (a) the kommunenummer, unquoted
    town.edit("number: null", "number: 4650")
    error = town.the_error()
    assert error["rule"] == "SCHEMA"
    line = int(error["line"])
    town.set_line(line, town.line(line).replace("number: 4650", _quoted_fix(error["message"])))
    assert town.planctl("validate").returncode == 0
    assert 'number: "4650"' in town.plan.read_text("utf-8")

    # (b) a date the Norwegian way
    due = re.search(r'due: "(\d{4})"', town.plan.read_text("utf-8"))
    assert due is not None
    year = due.group(1)
    town.edit(due.group(0), f"due: 01.09.{year}")
    error = town.the_error()
    written = re.search(r"t\.d\. (\d{4}-\d{2}-\d{2})", error["message"])
    assert error["rule"] == "SCHEMA" and written is not None
    town.edit(f"due: 01.09.{year}", f"due: {written.group(1)}")
    assert written.group(1) == f"{year}-09-01"

    # (c) a state in Norwegian
    town.edit("{state: active, label: I gang}   #", "{state: i_gang, label: I gang}   #")
    error = town.the_error()
    mapped = re.search(r"«i_gang» → (\w+)", error["message"])
    assert mapped is not None
    town.edit("state: i_gang", f"state: {mapped.group(1)}")

    # (d) an id with capitals and æøå
    town.edit("- id: familieteam", "- id: Familieteam-Bø")
    error = town.the_error()
    slug = re.search(r"forslag: (\S+)", error["message"])
    assert slug is not None
    town.edit("- id: Familieteam-Bø", f"- id: {slug.group(1)}")
    assert slug.group(1) == "familieteam-bo"

    # (e) a forgotten `- ` before a measure
    town.edit("  - id: drofting\n", "    id: drofting\n")
    error = town.the_error()
    assert error["rule"] == "DUPLICATE-KEY" and "manglar du `- `" in error["message"]
    line = int(error["line"])
    town.set_line(line, "  - " + town.line(line).lstrip())

    # 3. clean
    clean = town.planctl("validate")
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.splitlines()[-1].endswith("0 feil, 0 åtvaringar, 1 info i 1 fil")

    # 4. build the council document from the plan folder
    built = town.planctl("build", "docx", "plans/fjellbygd", "-o", "ut/")
    assert built.returncode == 0, built.stderr
    assert len(list((town.repo / "ut").glob("*.docx"))) == 2  # the document and its compliance report

    # 5. a regional file, the pre-commit hook, and a commit that breaks a reference
    regional = town.repo / "plans" / "region" / "regional.yaml"
    regional.parent.mkdir()
    regional.write_text(
        "schema: planctl-regional/1\nregion: {id: region, name: Regionen, municipalities: [Fjellbygd]}\n"
        "units:\n  - {id: bup, name: BUP Innlandet, kind: external, municipal: false}\n",
        encoding="utf-8",
    )
    town.edit("# uses: {regional: ../region/regional.yaml}", "uses: {regional: ../region/regional.yaml}")
    town.edit(
        "participants: [helsestasjon, skule, barnehage, barnevern]",
        "participants: [helsestasjon, skule, barnehage, barnevern, bup]",
    )
    # a plan no project configures includes nothing outside its own folder; the message says what to do
    outside = town.planctl("validate")
    assert outside.returncode == 1 and "legg ein planctl.toml i mappa som held planane" in outside.stdout
    (town.repo / "plans" / "planctl.toml").write_text("", encoding="utf-8")
    assert town.planctl("validate").returncode == 0
    _install_hook(town)
    assert town.git("add", "-A").returncode == 0
    first = town.git("commit", "-q", "-m", "Plan for Fjellbygd")
    assert first.returncode == 0, first.stdout + first.stderr

    regional.write_text(
        regional.read_text("utf-8").replace("id: bup,", "id: bup-innlandet,"), encoding="utf-8"
    )
    town.git("add", "plans/region/regional.yaml")
    rejected = town.git("commit", "-m", "Nytt namn på BUP")
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert "planctl validate" in output and "Failed" in output
    assert re.search(r"plans/fjellbygd/plan\.yaml:\d+:\d+: feil UNKNOWN-REFERENCE .*«bup»", output), output
    assert town.git("log", "--oneline").stdout.count("\n") == 1  # the broken commit did not land


def _install_hook(town: Municipality) -> None:
    """.pre-commit-config.yaml with the hook this repository publishes (.pre-commit-hooks.yaml) as a local
    hook run by the interpreter under test (a remote repository would be fetched and installed anew)."""
    if subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode != 0:
        pytest.skip("needs pre-commit (pip install -e '.[test]')")
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "planctl-validate")
    entry = hook["entry"].replace("planctl ", f"{sys.executable} -m planctl ", 1)
    config = {
        "repos": [
            {
                "repo": "local",
                "hooks": [{**hook, "entry": entry, "language": "system"}],
            }
        ]
    }
    yaml = YAML()
    with open(town.repo / ".pre-commit-config.yaml", "w", encoding="utf-8") as fh:
        yaml.dump(config, fh)
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        capture_output=True,
        text=True,
        cwd=town.repo,
        env=town.env,
    )
    assert install.returncode == 0, install.stdout + install.stderr
