"""The benchmark scripts run: a tiny corpus is generated and valid, and run.py --quick completes.

No timing assertions: the numbers live in benchmarks/RESULTS.md, not in the test suite.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planctl.check.pipeline import CheckOptions, check_file
from planctl.check.run import _MIN_BYTES_PER_WORKER
from planctl.load import budgets as load_budgets

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"

pytestmark = pytest.mark.slow


def _generate(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(BENCH / "generate_corpus.py"),
            "--out",
            str(out),
            "--count",
            "3",
            "--big",
            "40",
            "--small",
            "2",
            "--series",
            "10",
            "--lists",
            "30",
            "--markers",
            "40",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_generator_writes_valid_deterministic_plans(tmp_path: Path) -> None:
    proc = _generate(tmp_path / "a")
    assert proc.returncode == 0, proc.stderr
    plans = sorted((tmp_path / "a").rglob("plan.yaml"))
    assert sorted(p.relative_to(tmp_path / "a").as_posix() for p in plans) == [
        "big/40-rev/plan.yaml",
        "big/40/plan.yaml",
        "budgets/list-30-rev/plan.yaml",
        "budgets/list-30/plan.yaml",
        "budgets/markers-40-rev/plan.yaml",
        "budgets/markers-40/plan.yaml",
        "plans/kommune-001/plan.yaml",
        "plans/kommune-002/plan.yaml",
        "plans/kommune-003/plan.yaml",
        "series/10-rev/plan.yaml",
        "series/10/plan.yaml",
        "small/kommune-001/plan.yaml",
        "small/kommune-002/plan.yaml",
    ]
    for plan in plans:
        result = check_file(plan, CheckOptions(families=("syntax", "integrity")))
        assert [f for f in result.findings if f.severity.value == "error"] == [], plan
    big = check_file(tmp_path / "a" / "big" / "40" / "plan.yaml", CheckOptions(families=("syntax",)))
    rev = check_file(tmp_path / "a" / "big" / "40-rev" / "plan.yaml", CheckOptions(families=("syntax",)))
    assert big.model is not None and rev.model is not None
    assert len(big.model.measures) == 40
    assert big.sources.plan.data["measures"] != rev.sources.plan.data["measures"]
    series = check_file(tmp_path / "a" / "series" / "10" / "plan.yaml", CheckOptions(families=("syntax",)))
    assert series.model is not None and len(series.model.measures) == 10
    lists = check_file(
        tmp_path / "a" / "budgets" / "list-30" / "plan.yaml", CheckOptions(families=("syntax",))
    )
    assert len(lists.sources.plan.data["document"]["body"][1]["blocks"][0]["list"]) == 30
    marked = check_file(
        tmp_path / "a" / "budgets" / "markers-40" / "plan.yaml", CheckOptions(families=("syntax",))
    )
    paragraphs = [b["p"] for b in marked.sources.plan.data["document"]["body"][1]["blocks"]]
    assert all(sum(p.count(c) for c in "*_[<") == 8 for p in paragraphs)
    # n markers in the whole plan, as the loader counts them (so the largest n is its budget)
    assert 40 - 8 < load_budgets.totals(marked.sources.plan.data)[0] <= 40
    # the same seed gives the same bytes; another seed does not
    assert _generate(tmp_path / "b").returncode == 0
    assert (tmp_path / "a" / "big" / "40-rev" / "plan.yaml").read_bytes() == (
        tmp_path / "b" / "big" / "40-rev" / "plan.yaml"
    ).read_bytes()
    assert _generate(tmp_path / "c", "--seed", "99").returncode == 0
    assert (tmp_path / "a" / "big" / "40" / "plan.yaml").read_bytes() != (
        tmp_path / "c" / "big" / "40" / "plan.yaml"
    ).read_bytes()


def test_run_quick_completes_and_reports_every_section(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--results", str(results)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    for heading in (
        "## The table of issue 15",
        "## Time per measure",
        "## List items and inline markers",
        "## Where validate's time goes",
        "## Where the build of a small plan spends its time (Søndre Land)",
        "## Every measurement",
    ):
        assert heading in text
    # the fixed-cost steps, each measured (a failed command would show its error instead of a CPU time)
    steps = [
        "| python -c pass | ",
        "| python: the libraries a build uses",
        "| planctl build docx Søndre Land",
    ]
    for step in steps + (["| pandoc, the same content | "] if shutil.which("pandoc") else []):
        line = next(line for line in text.splitlines() if line.startswith(step))
        assert " ms | " in line or " s | " in line, line
    for row in (
        "`build docx` Søndre Land",
        "`validate` 4-plan corpus vs check-jsonschema",
        "`validate` 3 small plans vs check-jsonschema",
        "vs a bare ruamel.yaml C parse",
        "`diff --format json` 100 measures vs deepdiff",
        "`planctl --help` over `python -c pass`",
        "`planctl validate` of one small plan over `python -c pass`",
        "peak memory of `build docx`",
    ):
        assert row in text, row
    for row in (
        "| validate |",
        "| build docx without LibreOffice |",
        "| diff --format json |",
        "| build docx (LibreOffice",
    ):
        assert row in text, row
    assert "Traceback" not in proc.stdout + proc.stderr


def test_parallel_validation_reports_exactly_what_sequential_does(tmp_path: Path) -> None:
    """validate spreads many files over worker processes; the report must not change (PLANCTL_JOBS)."""
    import os

    proc = subprocess.run(
        # 110 plans, ~9 MB: enough to read for two workers (planctl.check.run._MIN_BYTES_PER_WORKER)
        [
            sys.executable,
            str(BENCH / "generate_corpus.py"),
            "--out",
            str(tmp_path),
            "--count",
            "110",
            "--small",
            "0",
            "--big",
            "--series",
            "--lists",
            "--markers",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    size = sum(p.stat().st_size for p in (tmp_path / "plans").glob("*/plan.yaml"))
    assert size >= 2 * _MIN_BYTES_PER_WORKER  # so that -j 2 does use two workers
    # one plan with errors, so the report has findings of every kind of ordering to keep
    broken = tmp_path / "plans" / "kommune-007" / "plan.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace('"tiltak-00001"', '"tiltak-00002"'), encoding="utf-8"
    )
    outputs = []
    for jobs in ("1", "2"):
        env = {**os.environ, "PLANCTL_JOBS": jobs}
        run = subprocess.run(
            [sys.executable, "-m", "planctl", "validate", "--format", "json", str(tmp_path / "plans")],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
            env=env,
        )
        assert run.returncode == 1, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert '"kommune-007' in outputs[0] or "kommune-007" in outputs[0]


def test_help_imports_no_heavy_library() -> None:
    """`planctl --help` stays fast by importing lazily: none of rich, docx, jsonschema, ruamel (importtime)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "planctl", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = {
        line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")
    }
    assert "planctl.cli.main" in modules
    heavy = sorted(
        m for m in modules if m.split(".")[0] in ("rich", "docx", "jsonschema", "ruamel", "fastjsonschema")
    )
    assert heavy == []
