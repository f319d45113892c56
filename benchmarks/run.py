"""Measure planctl against the tools a user would otherwise use, in one run, and print ratios.

    .venv/bin/pip install -r benchmarks/requirements.txt   # check-jsonschema, deepdiff
    apt-get install -y pandoc                              # the build peer
    .venv/bin/python benchmarks/run.py [--runs 5] [--results benchmarks/RESULTS.md]
    .venv/bin/python benchmarks/run.py --quick             # a tiny corpus, one run each, no RESULTS.md

Every number is the wall-clock median of several runs of a real process (time.perf_counter around
subprocess.run), so interpreter start-up is counted for planctl and its peers alike. The corpus comes from
benchmarks/generate_corpus.py (generated first if missing). A peer that is not installed is reported as
skipped, as is a planctl command that this checkout does not have yet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
BIN = Path(PY).parent
FORBIDDEN_AT_START = ("rich", "docx", "jsonschema", "ruamel")
NOTES_MARKER = "<!-- notes: kept when run.py rewrites this file -->"

sys.path.insert(0, str(HERE))
import generate_corpus  # noqa: E402


@dataclass
class Timing:
    label: str
    seconds: float | None  # None: skipped or failed
    note: str = ""


def measure(
    label: str,
    cmd: Sequence[str],
    runs: int,
    ok: Sequence[int] = (0, 1),
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
) -> Timing:
    """Median wall-clock time of a command; a warm-up run first (page cache, .pyc files)."""
    times: list[float] = []
    for i in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.run(
            list(cmd), capture_output=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1", **(env or {})}
        )
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok:
            last = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()[-1:]
            return Timing(label, None, f"failed (exit {proc.returncode}): {' '.join(last)[:200]}")
        if i:
            times.append(elapsed)
    return Timing(label, statistics.median(times))


def in_process(label: str, fn: Callable[[], object], runs: int) -> Timing:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return Timing(label, statistics.median(times))


def planctl_has(*command: str) -> bool:
    out = subprocess.run(
        [PY, "-m", "planctl", *command[:-1], "--help"], capture_output=True, text=True, cwd=REPO
    ).stdout
    section = out.split("Commands:", 1)[1] if "Commands:" in out else ""
    return any(line.split()[:1] == [command[-1]] for line in section.splitlines())


def tool(name: str) -> str | None:
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def fmt(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def ratio(a: Timing, b: Timing) -> str:
    if a.seconds is None or b.seconds is None or a.seconds == 0:
        return "—"
    return f"{b.seconds / a.seconds:.2f}×"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def table(self, rows: list[Timing]) -> None:
        self.add("| what | median | note |")
        self.add("|---|---:|---|")
        for row in rows:
            self.add(f"| {row.label} | {fmt(row.seconds)} | {row.note} |")
        self.add()


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}; Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.release()}"
    )


def bench_validate(rep: Report, corpus: Path, runs: int) -> None:
    files = sorted(str(p) for p in (corpus / "plans").glob("*/plan.yaml"))
    size = sum(Path(f).stat().st_size for f in files)
    rep.add(f"## validate: {len(files)} plans, {size / 1e6:.1f} MB")
    rep.add()
    planctl = measure(
        "planctl validate corpus/plans", [PY, "-m", "planctl", "validate", str(corpus / "plans")], runs
    )
    parse_script = (
        "import sys\nfrom ruamel.yaml import YAML\ny = YAML(typ='safe')\n"
        "for f in sys.argv[1:]:\n    with open(f, 'rb') as fh: y.load(fh)\n"
    )
    bare = measure(
        "ruamel.yaml safe load of the same files (one process, C parser)",
        [PY, "-c", parse_script, *files],
        runs,
        ok=(0,),
    )
    cj = tool("check-jsonschema")
    peer = (
        measure(
            "check-jsonschema --schemafile schema/plan.schema.json (same files)",
            [cj, "--schemafile", str(REPO / "schema" / "plan.schema.json"), *files],
            runs,
        )
        if cj
        else Timing("check-jsonschema", None, "not installed (pip install -r benchmarks/requirements.txt)")
    )
    planctl.note = "YAML + positions + schema + integrity + legal and guidance rules"
    try:
        import fastjsonschema  # noqa: F401

        planctl.note += " (fastjsonschema installed: accelerated schema path)"
        slow = measure(
            "planctl validate corpus/plans, jsonschema only (PLANCTL_NO_FASTJSONSCHEMA=1)",
            [PY, "-m", "planctl", "validate", str(corpus / "plans")],
            runs,
            env={"PLANCTL_NO_FASTJSONSCHEMA": "1"},
        )
    except ImportError:
        slow = None
    single = measure(
        "planctl validate corpus/plans, one process (PLANCTL_JOBS=1)",
        [PY, "-m", "planctl", "validate", str(corpus / "plans")],
        runs,
        env={"PLANCTL_JOBS": "1"},
    )
    rep.table([planctl, single, *([slow] if slow else []), peer, bare])
    rep.add(f"- check-jsonschema / planctl: **{ratio(planctl, peer)}** (target ≥ 2×)")
    if slow is not None:
        rep.add(f"- check-jsonschema / planctl without fastjsonschema: **{ratio(slow, peer)}**")
    rep.add(f"- check-jsonschema / planctl in one process: **{ratio(single, peer)}**")
    rep.add(
        f"- planctl / bare YAML parsing: **{ratio(bare, planctl)}** (target ≤ 3×); "
        f"in one process: **{ratio(bare, single)}**"
    )
    rep.add()
    # the pure parser is slow: the in-process breakdown uses a sample of the corpus
    stage_breakdown(rep, files[:: max(1, len(files) // 60)], runs)


def stage_breakdown(rep: Report, files: list[str], runs: int) -> None:
    """In-process: where planctl's time goes, and the C parser against the pure one."""
    sys.path.insert(0, str(REPO / "src"))
    from ruamel.yaml import YAML

    from planctl.check import schema as schemacheck
    from planctl.load import yamlsource
    from planctl.check.pipeline import CheckOptions, check_file

    texts = [(Path(f), Path(f).read_text(encoding="utf-8")) for f in files]
    docs = [yamlsource.parse_yaml(text, path, str(path)) for path, text in texts]
    original = yamlsource._events

    def pure_events(text: str):  # type: ignore[no-untyped-def]
        return iter(YAML(typ="safe", pure=True).parse(text))

    def parse_all() -> None:
        for path, text in texts:
            yamlsource.parse_yaml(text, path, str(path))

    def parse_all_pure() -> None:
        yamlsource._events = pure_events
        try:
            parse_all()
        finally:
            yamlsource._events = original

    def bare_load() -> None:
        y = YAML(typ="safe")
        for _, text in texts:
            y.load(text)

    def bare_load_pure() -> None:
        y = YAML(typ="safe", pure=True)
        for _, text in texts:
            y.load(text)

    def schema_jsonschema() -> None:
        validator = schemacheck._validator("plan")
        for doc in docs:
            list(validator.iter_errors(doc.data))

    def schema_fast() -> None:
        validate = schemacheck._fast_validator("plan")
        for doc in docs:
            try:
                validate(doc.data)
            except Exception:
                list(schemacheck._validator("plan").iter_errors(doc.data))

    def schema_stage() -> None:
        for doc in docs:
            list(schemacheck.schema_problems(doc.data, "plan", "plan"))

    def check_all() -> None:
        for path, _ in texts:
            check_file(path, CheckOptions())

    rows = [
        in_process("planctl loader (events → data + positions), C parser", parse_all, runs),
        in_process("planctl loader, pure-Python parser", parse_all_pure, runs),
        in_process("ruamel.yaml safe load, C", bare_load, runs),
        in_process("ruamel.yaml safe load, pure", bare_load_pure, runs),
        in_process("JSON Schema: jsonschema (cached validator)", schema_jsonschema, runs),
        *(
            [
                in_process(
                    "JSON Schema: fastjsonschema verdict (+ jsonschema for rejections)", schema_fast, runs
                )
            ]
            if schemacheck._fast_validator("plan") is not None
            else []
        ),
        in_process("JSON Schema stage as planctl runs it (schema_problems)", schema_stage, runs),
        in_process("whole check pipeline (check_file)", check_all, runs),
    ]
    rep.add(f"In-process breakdown ({len(files)} of the files, no interpreter start-up):")
    rep.add()
    rep.table(rows)
    rep.add(f"- pure / C parser in the planctl loader: **{ratio(rows[0], rows[1])}**")
    rep.add()


def bench_build(rep: Report, corpus: Path, runs: int, work: Path) -> None:
    rep.add("## build docx")
    rep.add()
    if not planctl_has("build", "docx"):
        rep.add("skipped: `planctl build docx` is not in this checkout yet")
        rep.add()
        return
    real = max(REPO.glob("plans/*/plan.yaml"), key=lambda p: p.stat().st_size)
    plans = [(f"largest real plan ({real.parent.name})", real)]
    plans += [(f"{n:,} measures", corpus / "big" / str(n) / "plan.yaml") for n in sizes(corpus)]
    pandoc = tool("pandoc")
    rows: list[Timing] = []
    per_measure: list[str] = []
    for label, plan in plans:
        out = work / f"build-{plan.parent.name}"
        out.mkdir(parents=True, exist_ok=True)
        ours = measure(
            f"planctl build docx, {label}",
            [PY, "-m", "planctl", "build", "docx", str(plan), "-o", str(out), "--force"],
            runs,
            ok=(0,),
        )
        rows.append(ours)
        peer: Timing
        if pandoc is None:
            peer = Timing(f"pandoc markdown → docx, {label}", None, "pandoc not installed")
        elif not planctl_has("build", "markdown"):
            peer = Timing(f"pandoc markdown → docx, {label}", None, "`planctl build markdown` missing")
        else:
            md_dir = work / f"md-{plan.parent.name}"
            md_dir.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [PY, "-m", "planctl", "build", "markdown", str(plan), "-o", str(md_dir), "--force"],
                capture_output=True,
                cwd=REPO,
            )
            md = sorted(md_dir.glob("*.md"))
            peer = (
                measure(
                    f"pandoc markdown → docx, {label}",
                    [pandoc, str(md[0]), "-o", str(work / "pandoc.docx")],
                    runs,
                    ok=(0,),
                )
                if md
                else Timing(f"pandoc, {label}", None, "no markdown was built")
            )
        rows.append(peer)
        ours.note = f"pandoc / planctl {ratio(ours, peer)}"
        if label.endswith("measures") and ours.seconds is not None:
            n = int(label.split()[0].replace(",", ""))
            per_measure.append(f"{n:,}: {ours.seconds / n * 1e6:,.0f} µs per measure")
    rep.table(rows)
    if per_measure:
        rep.add("- time per measure (linear if flat): " + "; ".join(per_measure))
        rep.add()


def sizes(corpus: Path) -> list[int]:
    return sorted(int(p.name) for p in (corpus / "big").iterdir() if p.name.isdigit())


def bench_diff(rep: Report, corpus: Path, runs: int) -> None:
    rep.add("## diff of two revisions")
    rep.add()
    if not planctl_has("diff"):
        rep.add("skipped: `planctl diff` is not in this checkout yet")
        rep.add()
        return
    script = (
        "import sys\nfrom ruamel.yaml import YAML\nfrom deepdiff import DeepDiff\ny = YAML(typ='safe')\n"
        "old, new = (y.load(open(f, 'rb')) for f in sys.argv[1:3])\nprint(len(DeepDiff(old, new)))\n"
    )
    try:
        import deepdiff  # noqa: F401

        have_deepdiff = True
    except ImportError:
        have_deepdiff = False
    rows: list[Timing] = []
    per_measure: list[str] = []
    for n in sizes(corpus):
        old, new = corpus / "big" / str(n) / "plan.yaml", corpus / "big" / f"{n}-rev" / "plan.yaml"
        ours = measure(
            f"planctl diff --format json, {n:,} measures",
            [PY, "-m", "planctl", "diff", "--format", "json", str(old), str(new)],
            runs,
        )
        peer = (
            measure(
                f"deepdiff (load + DeepDiff), {n:,} measures",
                [PY, "-c", script, str(old), str(new)],
                runs,
                ok=(0,),
            )
            if have_deepdiff
            else Timing(f"deepdiff, {n:,}", None, "not installed")
        )
        ours.note = f"deepdiff / planctl {ratio(ours, peer)}"
        rows += [ours, peer]
        if ours.seconds is not None:
            per_measure.append(f"{n:,}: {ours.seconds / n * 1e6:,.0f} µs per measure")
        # the tracked-change council document lays out and renders both revisions: its peer is one build
        with tempfile.TemporaryDirectory() as tmp:
            tracked = measure(
                f"planctl diff --format docx, {n:,} measures",
                [PY, "-m", "planctl", "diff", "--format", "docx", "-o", f"{tmp}/d.docx", str(old), str(new)],
                runs,
                ok=(0,),
            )
            build = measure(
                f"planctl build docx of the new revision, {n:,} measures",
                [PY, "-m", "planctl", "build", "docx", str(new), "-o", tmp, "--force"],
                runs,
                ok=(0,),
            )
        tracked.note = f"build / diff docx {ratio(tracked, build)} (two layouts and renders, then the merge)"
        rows += [tracked, build]
    rep.table(rows)
    rep.add(
        "- time per measure (linear if flat; start-up is included, so small sizes read high): "
        + "; ".join(per_measure)
    )
    rep.add()


def bench_start(rep: Report, runs: int) -> None:
    rep.add("## cold start")
    rep.add()
    exe = BIN / "planctl"
    cmd = [str(exe)] if exe.exists() else [PY, "-m", "planctl"]
    rows = [
        measure("planctl --help", [*cmd, "--help"], max(runs, 5), ok=(0,)),
        measure("python -c pass (interpreter alone)", [PY, "-c", "pass"], max(runs, 5), ok=(0,)),
    ]
    rep.table(rows)
    proc = subprocess.run(
        [PY, "-X", "importtime", "-m", "planctl", "--help"], capture_output=True, text=True, cwd=REPO
    )
    modules = {
        line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")
    }
    heavy = sorted(m for m in modules if m.split(".")[0] in FORBIDDEN_AT_START)
    rep.add(
        f"- target < 300 ms: {'met' if rows[0].seconds is not None and rows[0].seconds < 0.3 else 'MISSED'}"
    )
    rep.add(
        f"- `python -X importtime -m planctl --help` imports {len(modules)} modules; "
        + (f"heavy ones: {', '.join(heavy)}" if heavy else f"none of {', '.join(FORBIDDEN_AT_START)}")
    )
    rep.add()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="write the results as markdown here (default benchmarks/RESULTS.md; none with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tiny corpus in a temporary folder and one run each: proves the script works",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="planctl-bench-") as tmp:
        work = Path(tmp)
        if args.quick:
            corpus, runs = work / "corpus", 1
            generate_corpus.generate(corpus, 4, (50, 100), seed=15)
        else:
            corpus, runs = args.corpus, args.runs
            if not (corpus / "manifest.json").exists():
                generate_corpus.generate(corpus, 356, generate_corpus.BIG_SIZES, seed=15)
        rep = Report()
        rep.add("# planctl benchmarks")
        rep.add()
        rep.add(f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        rep.add(f"- machine: {machine()}")
        rep.add(
            f"- method: wall-clock median of {runs} runs after one warm-up (benchmarks/run.py"
            f"{' --quick' if args.quick else ''}); corpus from benchmarks/generate_corpus.py"
        )
        rep.add()
        bench_validate(rep, corpus, runs)
        bench_build(rep, corpus, runs, work)
        bench_diff(rep, corpus, runs)
        bench_start(rep, runs)
    results = args.results or (None if args.quick else HERE / "RESULTS.md")
    if results is not None:
        notes = ""  # the hand-written analysis below the marker survives a re-run
        if results.exists() and NOTES_MARKER in results.read_text(encoding="utf-8"):
            notes = NOTES_MARKER + results.read_text(encoding="utf-8").split(NOTES_MARKER, 1)[1]
        results.write_text("\n".join(rep.lines) + "\n" + notes, encoding="utf-8")
        print(f"wrote {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
