"""Shared fixtures: paths, a CliRunner, and a helper to run planctl as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
EXAMPLES = Path(__file__).resolve().parent / "examples"
BUNDLED_PLANS = sorted(PLANS.glob("*/plan.yaml"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_planctl(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python -m planctl` as a real process (what CI and pre-commit do)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PLANCTL_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "planctl", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, env=env)
