"""Shared fixtures: paths, a CliRunner, a helper to run planctl as a real subprocess, the session's
LibreOffice (tests/libreoffice.py), hypothesis profiles, and the `slow` budget report."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from planctl.messages import use_language
from tests.libreoffice import libreoffice  # noqa: F401  (the session fixture, for every test module)

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
EXAMPLES = Path(__file__).resolve().parent / "examples"
BUNDLED_PLANS = sorted(PLANS.glob("*/plan.yaml"))

# Hypothesis profiles. `dev` (the default) draws new examples each run and remembers failing ones in
# .hypothesis/; `ci` draws the same examples on every run (derandomize: a fixed seed per test), keeps no
# database and prints the reproduce blob, so a red CI run fails the same way on a developer's machine:
#   HYPOTHESIS_PROFILE=ci .venv/bin/python -m pytest tests/test_x.py::test_y
# .ci/run selects `ci`; `--hypothesis-profile=NAME` chooses one on the command line. Neither profile has a
# deadline: the suite makes no timing assertions (a loaded two-core machine would make them flaky).
settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# A test not marked `slow` that takes longer than this is named at the end of the run: `pytest -m "not
# slow"` is the suite a developer runs all day and must stay well under 90 s on a two-core machine.
SLOW_SECONDS = 5.0
_over_budget: list[tuple[str, float]] = []


@pytest.fixture(autouse=True)
def _contents_paged_in_libreoffice_tests_only(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`planctl build docx` lays the document out in LibreOffice to put page numbers in its contents, a
    few seconds a build. A test in this process that is not a LibreOffice test builds as on a machine
    without LibreOffice's Python bridge (the contents without page numbers, and a notice); the LibreOffice
    tests (marked `libreoffice`, tests/test_layout_check.py among them) and real subprocesses page them."""
    if request.node.get_closest_marker("libreoffice") is None:
        monkeypatch.setattr("planctl.soffice.find_uno_python", lambda soffice=None: None)


def png(width: int, height: int, per_metre: int | None = None, colour: bytes = b"\x80\x20\x20") -> bytes:
    """A PNG of width x height pixels of one RGB colour, with a resolution (pHYs, pixels per metre) when
    per_metre is given."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    phys = chunk(b"pHYs", struct.pack(">LLB", per_metre, per_metre, 1)) if per_metre else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">LLBBBBB", width, height, 8, 2, 0, 0, 0))
        + phys
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def as_template(docx_bytes: bytes) -> bytes:
    """A Word document's package as the Word template (.dotx) it could have been saved as: the same parts,
    the main part's content type that of a template."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, blob)
    return out.getvalue()


def plan_header(plan_id: str, title: str, municipality: str) -> dict[str, Any]:
    """The start of a test's plan data: the schema line and a draft plan's header (no adoption record
    needed), for `{**plan_header(...), "measures": ...}`."""
    return {
        "schema": "planctl/1",
        "plan": {
            "id": plan_id,
            "title": title,
            "municipality": {"name": municipality},
            "adoption": {"body": "kommunestyret", "status": "draft"},
        },
    }


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


SUITE_DAY_EPOCH = "1796083200"  # 2026-12-01 00:00 UTC


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in the default language (bokmål), whatever the machine's locale, and leaves
    no language behind for the next (the CLI keeps the chosen one for the process)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # Rules that judge dates (an overdue measure, an ended plan period) read the build date: the suite
    # runs on one fixed day, so that it gives the same verdicts in 2031 as today. A test of the clock
    # itself removes or sets the variable.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SUITE_DAY_EPOCH)
    use_language(None)
    yield
    use_language(None)


def run_planctl(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m planctl` as a real process (what CI and pre-commit do), in bokmål (the default), with
    none of the variables that change its output from outside (language, colour, CI) unless env sets them."""
    full = {**os.environ, "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8"}
    for name in (
        "PLANCTL_DEBUG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "FORCE_COLOR", "CI", "GITHUB_ACTIONS"
    ):  # fmt: skip
        full.pop(name, None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "planctl", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full,
        input=stdin,
        timeout=timeout,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the session's LibreOffice is a LibreOffice test: `-m "not libreoffice"` leaves it out."""
    for item in items:
        if "libreoffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and "slow" not in report.keywords and report.duration > SLOW_SECONDS:
        _over_budget.append((report.nodeid, report.duration))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _over_budget:
        terminalreporter.section(f"not marked slow, over {SLOW_SECONDS:.0f} s (mark slow or make faster)")
        for nodeid, seconds in sorted(_over_budget, key=lambda x: -x[1]):
            terminalreporter.write_line(f"{seconds:6.1f}s {nodeid}")
