"""The command line behaves like its peers (issue 16, point 5): clickable lines, colour as NO_COLOR and
FORCE_COLOR say, --quiet, `-` for standard input, plan folders, -o as a file, the project root from any
subfolder, no summary after a fatal error, inline disables and a baseline, shell completion."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planctl.formats.skeleton import skeleton_text
from tests.conftest import ROOT, run_planctl

NB = skeleton_text("Fjellbygd kommune", year=2026)
LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>feil|advarsel|info) (?P<rule>[A-Z0-9-]+) (?P<message>.+)$"
)


def _project(tmp_path: Path, text: str = NB, name: str = "fjellbygd") -> Path:
    (tmp_path / "planctl.toml").write_text("", encoding="utf-8")
    plan = tmp_path / "plans" / name / "plan.yaml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text(text, encoding="utf-8")
    return plan


BROKEN = NB.replace("responsible: [skole, helsestasjon]", "responsible: [skolen]")


def test_text_lines_are_clickable(tmp_path: Path) -> None:
    plan = _project(tmp_path, BROKEN)
    proc = run_planctl("validate", "plans", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    found = [LINE.match(line) for line in lines[:-1]]
    assert all(found), lines
    unknown = next(m for m in found if m and m["rule"] == "UNKNOWN-REFERENCE")
    assert unknown["path"] == "plans/fjellbygd/plan.yaml" and unknown["severity"] == "feil"
    assert (
        plan.read_text("utf-8")
        .splitlines()[int(unknown["line"]) - 1][int(unknown["col"]) - 1 :]
        .startswith("skolen")
    )
    assert lines[-1].startswith("✖ 1 feil")


def test_path_format_is_the_lines_alone(tmp_path: Path) -> None:
    _project(tmp_path, BROKEN)
    proc = run_planctl("validate", "--format", "path", "--color", "always", "plans", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout and all(LINE.match(line) for line in proc.stdout.splitlines())
    assert "\x1b[" not in proc.stdout


def _tty(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Output of planctl on a real terminal (a pseudo-terminal)."""
    full = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    for name in ("NO_COLOR", "FORCE_COLOR", "CI", "GITHUB_ACTIONS"):
        full.pop(name, None)
    full.update(env)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "planctl", *args], stdout=follower, stderr=follower, cwd=cwd, env=full
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "env", "colour"),
    [
        ([], {}, True),  # a terminal: colour
        ([], {"NO_COLOR": "1"}, False),  # https://no-color.org
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the flag wins
        (["--color", "never"], {}, False),
    ],
)
def test_colour_on_a_terminal(tmp_path: Path, args: list[str], env: dict[str, str], colour: bool) -> None:
    _project(tmp_path, BROKEN)
    out = _tty(["validate", *args, "plans"], env, tmp_path)
    assert "UNKNOWN-REFERENCE" in out
    assert ("\x1b[" in out) is colour


@pytest.mark.parametrize(
    ("env", "args", "colour"),
    [
        ({"FORCE_COLOR": "1"}, [], True),
        ({}, [], False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),
        ({}, ["--color", "always"], True),
    ],
)
def test_colour_on_a_pipe(tmp_path: Path, env: dict[str, str], args: list[str], colour: bool) -> None:
    _project(tmp_path, BROKEN)
    proc = run_planctl("validate", *args, "plans", cwd=tmp_path, env=env)
    assert ("\x1b[" in proc.stdout) is colour


def test_quiet(tmp_path: Path) -> None:
    _project(tmp_path)
    clean = run_planctl("validate", "--quiet", "--strict", "plans", cwd=tmp_path)
    assert clean.returncode == 0
    assert [line for line in clean.stdout.splitlines() if "LAW-ADOPTION" not in line] == []  # no summary
    (tmp_path / "plans" / "fjellbygd" / "plan.yaml").write_text(BROKEN, encoding="utf-8")
    broken = run_planctl("validate", "-q", "plans", cwd=tmp_path)
    assert broken.returncode == 1 and not any(
        line.startswith(("✖", "✔", "!")) for line in broken.stdout.splitlines()
    )
    built = run_planctl("build", "markdown", "-q", "--force", "plans/fjellbygd", "-o", "out", cwd=tmp_path)
    assert built.returncode == 0 and built.stdout == "" and (tmp_path / "out").is_dir()


def test_stdin(tmp_path: Path) -> None:
    _project(tmp_path)
    proc = run_planctl(
        "validate", "-", "--format", "json", cwd=tmp_path / "plans" / "fjellbygd", stdin=BROKEN
    )
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1 and doc["files"] == ["<stdin>"]
    assert [f["rule"] for f in doc["findings"] if f["severity"] == "error"] == ["UNKNOWN-REFERENCE"]
    named = run_planctl(
        "validate",
        "-",
        "--stdin-filename",
        "plans/fjellbygd/plan.yaml",
        "--format",
        "path",
        cwd=tmp_path,
        stdin=BROKEN,
    )
    assert named.stdout.startswith("plans/fjellbygd/plan.yaml:")
    twice = run_planctl("validate", "-", "-", cwd=tmp_path, stdin=NB)
    assert twice.returncode == 2


def test_build_and_report_take_a_plan_folder_and_o_takes_a_file(tmp_path: Path) -> None:
    _project(tmp_path)
    built = run_planctl("build", "markdown", "plans/fjellbygd", "-o", "out/plan.md", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "plan.md").is_file() and not (tmp_path / "out" / "plan.md").is_dir()
    into = run_planctl("build", "markdown", "plans/fjellbygd", "-o", "folder", cwd=tmp_path)
    assert into.returncode == 0 and len(list((tmp_path / "folder").glob("*.md"))) == 1
    report = run_planctl("report", "plans/fjellbygd", cwd=tmp_path)
    assert report.returncode == 0 and "§ 15-1" in report.stdout


def test_the_project_root_is_found_from_any_subfolder(tmp_path: Path) -> None:
    _project(tmp_path, BROKEN)
    deep = tmp_path / "plans" / "fjellbygd"
    proc = run_planctl("validate", "--format", "json", cwd=deep)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["files"] == ["plan.yaml"]


def test_no_project_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_planctl("validate", cwd=tmp_path)
    assert proc.returncode == 2 and "plans/" in proc.stderr


def test_a_fatal_error_prints_no_summary(tmp_path: Path) -> None:
    proc = run_planctl("validate", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2
    assert "filen finnes ikke" in proc.stdout
    assert (
        "0 filer" not in proc.stdout + proc.stderr and "✔" not in proc.stdout and "0 feil" not in proc.stdout
    )


def test_inline_disable_on_a_line_and_on_a_block(tmp_path: Path) -> None:
    on_line = BROKEN.replace(
        "responsible: [skolen]", "responsible: [skolen]  # planctl: disable=UNKNOWN-REFERENCE -- avtalt"
    )
    plan = _project(tmp_path, on_line)
    assert run_planctl("validate", "plans", cwd=tmp_path).returncode == 0
    block = BROKEN.replace(
        "  - id: drofting\n",
        "  # planctl: disable=UNKNOWN-REFERENCE,GUIDE-LEVELS -- under arbeid\n  - id: drofting\n",
    )
    plan.write_text(block, encoding="utf-8")
    assert run_planctl("validate", "plans", cwd=tmp_path).returncode == 0
    other_rule = BROKEN.replace(
        "responsible: [skolen]", "responsible: [skolen]  # planctl: disable=GUIDE-LEVELS"
    )
    plan.write_text(other_rule, encoding="utf-8")
    assert run_planctl("validate", "plans", cwd=tmp_path).returncode == 1
    # the block ends where the next list item starts
    next_item = BROKEN.replace(
        "  - id: foreldreveiledning\n", "  # planctl: disable=UNKNOWN-REFERENCE\n  - id: foreldreveiledning\n"
    )
    plan.write_text(next_item, encoding="utf-8")
    assert run_planctl("validate", "plans", cwd=tmp_path).returncode == 1


def test_baseline_fails_only_on_new_findings(tmp_path: Path) -> None:
    plan = _project(tmp_path, BROKEN)
    wrote = run_planctl("validate", "--write-baseline", "planctl-baseline.json", "plans", cwd=tmp_path)
    assert wrote.returncode == 0
    baseline = json.loads((tmp_path / "planctl-baseline.json").read_text("utf-8"))
    assert baseline["format"] == "planctl-baseline/1" and baseline["findings"]
    assert (
        run_planctl("validate", "--baseline", "planctl-baseline.json", "plans", cwd=tmp_path).returncode == 0
    )
    # lines above move: the known finding still matches
    plan.write_text("# en kommentar\n" + BROKEN, encoding="utf-8")
    moved = run_planctl("validate", "--baseline", "planctl-baseline.json", "plans", cwd=tmp_path)
    assert moved.returncode == 0 and "kjente funn" in moved.stdout
    # a new problem fails
    plan.write_text(
        BROKEN.replace("responsible: [barnevern, helsestasjon]", "responsible: [barnevernet]"),
        encoding="utf-8",
    )
    new = run_planctl(
        "validate", "--baseline", "planctl-baseline.json", "--format", "json", "plans", cwd=tmp_path
    )
    assert new.returncode == 1
    assert [f["message"] for f in json.loads(new.stdout)["findings"] if f["severity"] == "error"] == [
        "ukjent tjeneste/enhet «barnevernet»; mente du «barnevern»?"
    ]
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert run_planctl("validate", "--baseline", str(bad), "plans", cwd=tmp_path).returncode == 2


def test_shell_completion_is_documented_and_works() -> None:
    proc = run_planctl(env={"_PLANCTL_COMPLETE": "bash_source"})
    assert proc.returncode == 0 and "complete" in proc.stdout and "_PLANCTL_COMPLETE" in proc.stdout
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "_PLANCTL_COMPLETE=bash_source" in readme and "zsh_source" in readme and "fish_source" in readme
