"""The same input gives the same output whatever Python's hash seed: no set or frozenset order may reach
what planctl prints or writes (a set of strings iterates in a different order in every process unless
PYTHONHASHSEED fixes it). Each command runs as a real process under two seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BUNDLED_PLANS, run_planctl

pytestmark = pytest.mark.slow

COMMANDS = {
    "validate": ["validate", "--format", "json"],
    "report": ["report", "--format", "json"],
    "markdown": ["build", "markdown", "--force", "-o", "-"],
    "docx": ["build", "docx", "--force", "-o"],  # into a file: the output is its bytes
}


def _output(command: str, plan: Path, seed: str, folder: Path) -> bytes:
    target = folder / seed / "plan.docx"
    args = [*COMMANDS[command], *([str(target)] if command == "docx" else []), str(plan)]
    target.parent.mkdir()
    proc = run_planctl(*args, env={"PYTHONHASHSEED": seed})
    assert proc.returncode in (0, 1), proc.stderr
    return target.read_bytes() if command == "docx" else proc.stdout.encode()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_output_does_not_depend_on_the_hash_seed(plan: Path, command: str, tmp_path: Path) -> None:
    first = _output(command, plan, "1", tmp_path)
    assert first.strip()
    assert _output(command, plan, "2", tmp_path) == first
