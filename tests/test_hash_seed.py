"""The same input gives the same output whatever Python's hash seed: no set or frozenset order may reach
what planctl prints or writes (a set of strings iterates in a different order in every process unless
PYTHONHASHSEED fixes it). Each command runs as a real process under two seeds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import BUNDLED_PLANS, SUITE_DAY_EPOCH

pytestmark = pytest.mark.slow

COMMANDS = {
    "validate": ["validate", "--format", "json"],
    "report": ["report", "--format", "json"],
    "markdown": ["build", "markdown", "--force", "-o", "-"],
    "docx": ["build", "docx", "--force", "-o", "-"],  # the bytes of the .docx (latin-1: one char a byte)
}


def _run(args: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": SUITE_DAY_EPOCH, "LANG": "C.UTF-8"}
    proc = subprocess.run([sys.executable, "-m", "planctl", *args], capture_output=True, env=env, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    return proc.stdout.decode("latin-1")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_output_does_not_depend_on_the_hash_seed(plan: object, command: str) -> None:
    args = [*COMMANDS[command], str(plan)]
    first = _run(args, "1")
    assert first.strip()
    assert _run(args, "2") == first
