"""Measure planctl against the tools a user would otherwise use, side by side, and print the table of issue 15.

    .venv/bin/pip install -r benchmarks/requirements.txt   # check-jsonschema, deepdiff, yamllint
    apt-get install -y pandoc                              # the build peer
    .venv/bin/python benchmarks/run.py [--runs 3] [--results benchmarks/RESULTS.md]
    .venv/bin/python benchmarks/run.py --quick             # a tiny corpus, one run each, no RESULTS.md

Method. Every number comes from a real process, so interpreter start-up counts for planctl and its peers
alike. The two sides of a comparison run in turns (planctl, peer; then peer, planctl; ...) after one
warm-up run of each, so both see the same machine; the table gives the medians of their CPU time (user +
system of the process and the children it waited for, from os.wait4's resource usage) and of their wall
time, and the peak resident memory (ru_maxrss). A ratio is planctl / peer from the same run: below 1,
planctl is faster. CPU time is the measure that counts on a shared machine; wall time is shown beside it.
planctl's modules are byte-compiled first (python -m compileall), as pip does when it installs a package.
The corpus comes from benchmarks/generate_corpus.py (generated when missing). A peer that is not installed
is reported as such, never silently left out.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
BIN = Path(PY).parent
NOTES_MARKER = "<!-- notes: kept when run.py rewrites this file -->"
BUDGET_TIMEOUT = 120  # a command on a budget plan that takes longer is stopped and reported so
REAL_PLAN = REPO / "plans" / "sondre-land" / "plan.yaml"  # the real plan the small-plan rows build
SHORT_RUNS = 9  # rounds for a comparison of commands that take well under a second
SERIES_LO_TIMEOUT = 180  # build docx with LibreOffice's layout pass, per run

sys.path.insert(0, str(HERE))
import generate_corpus  # noqa: E402

# ---- running and measuring one command --------------------------------------------------------------


@dataclass
class Sample:
    cpu: float  # seconds, user + system, children included
    wall: float  # seconds
    rss_mb: float  # peak resident set size


@dataclass
class Cmd:
    label: str
    argv: list[str]
    ok: tuple[int, ...] = (0, 1)  # exit codes that mean "ran": findings (1) are a normal outcome
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 900  # seconds for one run


@dataclass
class Measured:
    cmd: Cmd
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None

    @property
    def cpu(self) -> float | None:
        return statistics.median(s.cpu for s in self.samples) if self.samples and not self.error else None

    @property
    def wall(self) -> float | None:
        return statistics.median(s.wall for s in self.samples) if self.samples and not self.error else None

    @property
    def rss_mb(self) -> float | None:
        return max(s.rss_mb for s in self.samples) if self.samples and not self.error else None


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("PLANCTL_JOBS", None)  # planctl's defaults are what is measured, unless a command says
    return {**env, **extra}


# Commands are started by a small launcher process, not by this one: on Linux a child's peak memory
# (ru_maxrss) counts the memory of the process it was forked from, and this one holds planctl and the
# corpus generator (~30 MB); the launcher holds ~10 MB, about what `python -c pass` uses itself.
_LAUNCHER = """
import json, os, subprocess, sys, tempfile, threading, time
for line in sys.stdin:
    job = json.loads(line)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(job["argv"], stdout=out, stderr=err, cwd=job["cwd"], env=job["env"])
        timer = threading.Timer(job["timeout"], proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        tail = ""
        if code not in job["ok"]:
            err.seek(0)
            out.seek(0)
            tail = " ".join((err.read() or out.read()).decode("utf-8", "replace").strip().splitlines()[-1:])
    report = {"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss,
              "tail": tail[:160]}
    print(json.dumps(report), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [PY, "-S", "-c", _LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO
        )

    def run(self, cmd: Cmd) -> dict[str, object]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        job = {"argv": cmd.argv, "env": _env(cmd.env), "cwd": str(REPO), "timeout": cmd.timeout, "ok": cmd.ok}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        report: dict[str, object] = json.loads(self.proc.stdout.readline())
        return report

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


_launcher: Launcher | None = None


def run_once(cmd: Cmd, work: Path) -> Sample | str:
    """One run: a Sample, or why it failed (one line)."""
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
    report = _launcher.run(cmd)
    code, wall = int(str(report["code"])), float(str(report["wall"]))
    if code == -9 and wall >= cmd.timeout:
        return f"more than {cmd.timeout:.0f} s"
    if code not in cmd.ok:
        return f"exit {code}: {report['tail']}"
    # its resource usage, its waited-for children's included; ru_maxrss in kilobytes (bytes on macOS)
    rss = float(str(report["maxrss"])) / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(float(str(report["cpu"])), wall, rss)


# --quick proves the script works (its numbers are judged by nobody): no warm-up runs, which halves it.
WARM_UP = True


def interleaved(cmds: Sequence[Cmd], runs: int, work: Path) -> list[Measured]:
    """One warm-up run of each command, then `runs` rounds in which they take turns, the order reversed
    every other round."""
    results = [Measured(c) for c in cmds]
    for r in range(0 if WARM_UP else 1, runs + 1):
        order = results if r % 2 == 0 else results[::-1]
        for m in order:
            if m.error:
                continue
            sample = run_once(m.cmd, work)
            if isinstance(sample, str):
                m.error = sample
            elif r:
                m.samples.append(sample)
    for m in results:  # progress, on stderr: the report is on stdout
        done = m.error or f"{secs(m.cpu)} CPU, {secs(m.wall)} wall"
        print(f"  {m.cmd.label}: {done}", file=sys.stderr, flush=True)
    return results


def tool(name: str) -> str | None:
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


PLANCTL = [str(BIN / "planctl")] if (BIN / "planctl").exists() else [PY, "-m", "planctl"]


def planctl(*args: str) -> list[str]:
    return [*PLANCTL, *args]


# ---- formatting --------------------------------------------------------------------------------------


def secs(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:,.2f} s"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def fmt_ratio(r: float | None, limit: float | None = None) -> str:
    """Two decimals; three where two would round onto the goal and hide which side of it the value is."""
    if r is None:
        return "—"
    near = limit is not None and abs(r - limit) < 0.005
    return f"{r:.3f}" if near else f"{r:.2f}"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)


@dataclass
class Goal:
    work: str
    ours: Measured
    peer: Measured | None
    limit: float | None  # planctl / peer (CPU) at most this; None: no goal (ahead is the expectation)
    expect_ahead: bool = False

    def value(self) -> float | None:
        return ratio(self.ours.cpu, self.peer.cpu) if self.peer is not None else None

    def verdict(self) -> str:
        value = self.value()
        if value is None:
            return "not measured"
        if self.limit is not None:
            return "met" if value <= self.limit else "**missed**"
        if self.expect_ahead:
            return "ahead" if value < 1 else "**behind**"
        return ""


def goal_table(rep: Report, goals: list[Goal]) -> None:
    rep.add("| work | planctl CPU (wall) | peer CPU (wall) | planctl / peer, CPU | wall | goal | |")
    rep.add("|---|---:|---:|---:|---:|---:|---|")
    for g in goals:
        peer = g.peer
        wall = ratio(g.ours.wall, peer.wall) if peer is not None else None
        limit = f"≤ {g.limit:.1f}" if g.limit is not None else ("< 1 (ahead)" if g.expect_ahead else "")
        notes = [m.error for m in (g.ours, peer) if m is not None and m.error]
        rep.add(
            f"| {g.work} | {secs(g.ours.cpu)} ({secs(g.ours.wall)}) | "
            f"{secs(peer.cpu) if peer else '—'} ({secs(peer.wall) if peer else '—'}) | "
            f"**{fmt_ratio(g.value(), g.limit)}** | {fmt_ratio(wall, g.limit)} | {limit} | {g.verdict()}"
            + (f" ({'; '.join(n for n in notes if n)})" if notes else "")
            + " |"
        )
    rep.add()


def detail_table(rep: Report, measured: list[Measured]) -> None:
    rep.add("| command | CPU | wall | peak memory | runs |")
    rep.add("|---|---:|---:|---:|---:|")
    for m in measured:
        memory = f"{m.rss_mb:,.0f} MB" if m.rss_mb is not None else "—"
        shown = m.error or f"{len(m.samples)}"
        rep.add(f"| {m.cmd.label} | {secs(m.cpu)} | {secs(m.wall)} | {memory} | {shown} |")
    rep.add()


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f"; load average at the start {os.getloadavg()[0]:.2f}"
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu}; Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.release()}{load}"
    )


def versions() -> str:
    wanted = (
        "planctl",
        "check-jsonschema",
        "jsonschema",
        "fastjsonschema",
        "deepdiff",
        "yamllint",
        "ruamel.yaml",
    )
    from importlib import metadata

    found = []
    for name in wanted:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    pandoc = tool("pandoc")
    if pandoc:
        first = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[:1]
        found.append(first[0] if first else "pandoc")
    return ", ".join(found)


# ---- the comparisons ---------------------------------------------------------------------------------


def missing(label: str, why: str) -> Measured:
    return Measured(Cmd(label, []), error=why)


def without_soffice() -> dict[str, str]:
    """The environment of a planctl run on a machine without LibreOffice: PATH without the folders that
    hold soffice. `build docx` then writes the contents without page numbers, as pandoc does, instead of
    having LibreOffice lay the document out to count them (planctl.formats.word.pages)."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    kept = [f for f in folders if f and not any((Path(f) / n).exists() for n in ("soffice", "libreoffice"))]
    return {"PATH": os.pathsep.join([str(BIN), *kept])}


def pandoc_trio(label: str, plan: Path, runs: int, work: Path) -> tuple[Measured, Measured, Measured]:
    """planctl build docx of plan (as installed, and without LibreOffice), and pandoc on the markdown
    planctl builds of the same plan."""
    out = work / f"docx-{plan.parent.name}"
    ours = Cmd(
        f"planctl build docx, {label}", planctl("build", "docx", str(plan), "-o", str(out), "--force"), (0,)
    )
    bare = Cmd(
        f"planctl build docx without LibreOffice, {label}",
        planctl("build", "docx", str(plan), "-o", str(out), "--force"),
        (0,),
        without_soffice(),
    )
    peer = pandoc_on(plan, f"pandoc markdown → docx, {label}", work)
    if isinstance(peer, str):
        a, b = interleaved([ours, bare], runs, work)
        return a, b, missing(f"pandoc, {label}", peer)
    a, b, c = interleaved([ours, bare, peer], runs, work)
    return a, b, c


def pandoc_on(plan: Path, label: str, work: Path) -> Cmd | str:
    """pandoc turning the markdown planctl builds of plan into .docx (the same content as planctl's
    council document), or why it cannot be measured."""
    pandoc = tool("pandoc")
    if pandoc is None:
        return "pandoc not installed"
    md_dir = work / f"md-{plan.parent.name}"
    subprocess.run(
        planctl("build", "markdown", str(plan), "-o", str(md_dir), "--force"), capture_output=True, cwd=REPO
    )
    md = sorted(md_dir.glob("*.md"))
    if not md:
        return "no markdown was built"
    return Cmd(label, [pandoc, str(md[0]), "-o", str(work / f"pandoc-{plan.parent.name}.docx")], (0,))


def bench_build(corpus: Path, runs: int, work: Path) -> tuple[list[Goal], list[Measured]]:
    real = REAL_PLAN
    goals: list[Goal] = []
    measured: list[Measured] = []
    # A real plan's build is a few hundred ms, where a shared machine's noise moves single runs by a
    # quarter: it gets at least SHORT_RUNS rounds (as the start-up rows get 15), the large plans `runs`.
    rows = [(f"Søndre Land ({real.parent.name})", real, 1.0, max(runs, SHORT_RUNS))]
    rows += [
        (f"{n:,} measures", corpus / "big" / str(n) / "plan.yaml", 0.5, runs) for n in sizes(corpus / "big")
    ]
    for label, plan, limit, rounds in rows:
        ours, bare, peer = pandoc_trio(label, plan, rounds, work)
        measured += [ours, bare, peer]
        goals.append(Goal(f"`build docx` {label} vs pandoc on the same content", ours, peer, limit))
        goals.append(
            Goal("… without LibreOffice (contents without page numbers, as pandoc's)", bare, peer, limit)
        )
    return goals, measured


def bench_validate(corpus: Path, runs: int, work: Path) -> tuple[list[Goal], list[Measured]]:
    files = sorted(str(p) for p in (corpus / "plans").glob("*/plan.yaml"))
    small = sorted(str(p) for p in (corpus / "small").glob("*/plan.yaml"))
    schema = str(REPO / "schema" / "plan.schema.json")
    cj = tool("check-jsonschema")
    yl = tool("yamllint")
    goals: list[Goal] = []
    measured: list[Measured] = []

    ours = Cmd(
        f"planctl validate, {len(files)} plans (default -j: one worker per CPU)",
        planctl("validate", str(corpus / "plans")),
    )
    one = Cmd(
        f"planctl validate -j 1, {len(files)} plans", planctl("validate", "-j", "1", str(corpus / "plans"))
    )
    peers = [
        Cmd(
            f"check-jsonschema --schemafile plan.schema.json, {len(files)} plans",
            [cj, "--schemafile", schema, *files],
        )
        if cj
        else None,
        Cmd(
            f"ruamel.yaml safe load (C), {len(files)} plans, one process",
            [PY, "-c", _BARE_PARSE, *files],
            (0,),
        ),
    ]
    results = interleaved([ours, one, *(p for p in peers if p is not None)], runs, work)
    ours_m, one_m = results[0], results[1]
    rest = iter(results[2:])
    cj_m = (
        next(rest)
        if cj
        else missing("check-jsonschema", "not installed (pip install -r benchmarks/requirements.txt)")
    )
    bare_m = next(rest)
    # yamllint takes ten times as long as planctl: one timed run shows which is ahead
    yl_m = (
        interleaved(
            [Cmd(f"yamllint, {len(files)} plans (one run)", [yl, "-f", "parsable", *files])], 1, work
        )[0]
        if yl
        else missing("yamllint", "not installed (pip install -r benchmarks/requirements.txt)")
    )
    measured += [*results, yl_m]
    goals += [
        Goal(
            f"`validate` {len(files)}-plan corpus vs check-jsonschema (same files, planctl's schema)",
            ours_m,
            cj_m,
            0.5,
        ),
        Goal(
            f"`validate -j 1` {len(files)}-plan corpus vs check-jsonschema",
            one_m,
            cj_m,
            None,
            expect_ahead=True,
        ),
    ]
    small_ours = Cmd(
        f"planctl validate, {len(small)} small plans", planctl("validate", str(corpus / "small"))
    )
    small_peer = (
        Cmd(f"check-jsonschema, {len(small)} small plans", [cj, "--schemafile", schema, *small])
        if cj
        else None
    )
    pair = interleaved([small_ours, *([small_peer] if small_peer else [])], runs, work)
    measured += pair
    goals.append(
        Goal(
            f"`validate` {len(small)} small plans vs check-jsonschema",
            pair[0],
            pair[1] if small_peer else missing("check-jsonschema", "not installed"),
            0.5,
        )
    )
    goals += [
        Goal("`validate` corpus vs a bare ruamel.yaml C parse of the same files", ours_m, bare_m, 1.5),
        Goal("`validate` corpus vs yamllint", ours_m, yl_m, None, expect_ahead=True),
    ]
    return goals, measured


_BARE_PARSE = (
    "import sys\nfrom ruamel.yaml import YAML\ny = YAML(typ='safe')\n"
    "for f in sys.argv[1:]:\n    with open(f, 'rb') as fh: y.load(fh)\n"
)
_DEEPDIFF = (
    "import sys\nfrom ruamel.yaml import YAML\nfrom deepdiff import DeepDiff\ny = YAML(typ='safe')\n"
    "old, new = (y.load(open(f, 'rb')) for f in sys.argv[1:3])\nprint(len(DeepDiff(old, new)))\n"
)


def bench_diff(corpus: Path, runs: int, work: Path) -> tuple[list[Goal], list[Measured]]:
    n = max(sizes(corpus / "big"))
    old, new = corpus / "big" / str(n) / "plan.yaml", corpus / "big" / f"{n}-rev" / "plan.yaml"
    ours = Cmd(
        f"planctl diff --format json, {n:,} measures", planctl("diff", "--format", "json", str(old), str(new))
    )
    try:
        import deepdiff  # noqa: F401

        peer: Cmd | None = Cmd(
            f"deepdiff (load both + DeepDiff), {n:,} measures",
            [PY, "-c", _DEEPDIFF, str(old), str(new)],
            (0,),
        )
    except ImportError:
        peer = None
    results = interleaved([ours, *([peer] if peer else [])], runs, work)
    peer_m = (
        results[1]
        if peer
        else missing("deepdiff", "not installed (pip install -r benchmarks/requirements.txt)")
    )
    return [
        Goal(f"`diff --format json` {n:,} measures vs deepdiff", results[0], peer_m, None, expect_ahead=True)
    ], results


@dataclass
class StartUp:
    help: Measured
    small: Measured
    bare: Measured

    def over(self, m: Measured, cpu: bool) -> float | None:
        """m's median less the interpreter's alone, in CPU or wall time."""
        mine, bare = (m.cpu, self.bare.cpu) if cpu else (m.wall, self.bare.wall)
        return None if mine is None or bare is None else mine - bare


def bench_start(runs: int, work: Path) -> StartUp:
    plan = REPO / "tests" / "examples" / "clean" / "plan.yaml"
    cmds = [
        Cmd("planctl --help", planctl("--help"), (0,)),
        Cmd(
            f"planctl validate of one small plan ({plan.relative_to(REPO)})",
            planctl("validate", str(plan)),
            (0,),
        ),
        Cmd("python -c pass (the interpreter alone)", [PY, "-c", "pass"], (0,)),
    ]
    results = interleaved(cmds, max(runs, 15), work)
    return StartUp(*results)


# What a build of a small plan cannot do without: the libraries it uses, imported and set up as the build
# sets them up (linkify-it compiles its address patterns on first use; a real plan has addresses).
_LIBRARIES = (
    "import click, lxml.etree, markdown_it, zipfile\n"
    "from ruamel.yaml.cyaml import CParser\n"
    "from linkify_it import LinkifyIt\n"
    "LinkifyIt().set({'fuzzy_email': False}).match('les https://www.fhi.no/hn/ og www.nav.no')\n"
)


def bench_fixed_cost(rep: Report, runs: int, work: Path) -> list[Measured]:
    """Søndre Land's build without LibreOffice against pandoc, in steps that each add to the one before:
    the interpreter, the libraries the build uses (click, ruamel.yaml, lxml, markdown-it-py, linkify-it-py),
    planctl's own modules, the whole build. At this size the build is fixed cost; the table shows how much
    of pandoc's time the steps before planctl's own code already take."""
    plan = REAL_PLAN
    cmds = [
        Cmd("python -c pass", [PY, "-c", "pass"], (0,)),
        Cmd("python: the libraries a build uses, imported and set up", [PY, "-c", _LIBRARIES], (0,)),
        Cmd(
            "python: planctl's modules for build docx (libraries included)",
            [PY, "-c", _LIBRARIES + "import planctl.cli.main, planctl.cli.build, planctl.cli.building"],
            (0,),
        ),
        Cmd(
            "planctl build docx Søndre Land without LibreOffice",
            planctl("build", "docx", str(plan), "-o", str(work / "fixed"), "--force"),
            (0,),
            without_soffice(),
        ),
    ]
    peer = pandoc_on(plan, "pandoc, the same content", work)
    if isinstance(peer, Cmd):
        cmds.append(peer)
    results = interleaved(cmds, max(runs, SHORT_RUNS), work)
    pandoc_cpu = results[4].cpu if len(results) > 4 else None
    rep.add("| step (each includes the ones above) | CPU | wall | share of pandoc's CPU |")
    rep.add("|---|---:|---:|---:|")
    for m in results:
        share = ratio(m.cpu, pandoc_cpu)
        rep.add(f"| {m.cmd.label} | {secs(m.cpu)} | {secs(m.wall)} | {fmt_ratio(share)} |")
    rep.add()
    rep.add(
        "CPU medians of interleaved runs. The libraries' row is the part of the build that planctl's code "
        "does not decide: what is left for loading, checking, laying out and writing two documents is the "
        "build's CPU less that row."
    )
    rep.add()
    return results


def sizes(folder: Path) -> list[int]:
    return sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit()) if folder.is_dir() else []


def bench_series(rep: Report, corpus: Path, runs: int, work: Path) -> list[Measured]:
    """Time per measure from the smallest to the largest plan of the series, per command."""
    ns = sizes(corpus / "series")
    if len(ns) < 2:
        rep.add("skipped: no series in the corpus")
        return []

    def plan(n: int) -> str:
        return str(corpus / "series" / str(n) / "plan.yaml")

    def build(n: int) -> list[str]:
        return planctl("build", "docx", plan(n), "-o", str(work / f"series-{n}"), "--force")

    # name -> (command for size n, environment, runs, timeout)
    commands: dict[str, tuple[Callable[[int], list[str]], dict[str, str], int, float]] = {
        "validate": (lambda n: planctl("validate", plan(n)), {}, runs, 900),
        "build docx without LibreOffice": (build, without_soffice(), runs, 900),
        "diff --format json": (
            lambda n: planctl(
                "diff", "--format", "json", plan(n), str(corpus / "series" / f"{n}-rev" / "plan.yaml")
            ),
            {},
            runs,
            900,
        ),
        # LibreOffice lays the document out to number the contents: minutes for large plans, one run
        "build docx (LibreOffice numbers the contents)": (build, {}, 1, SERIES_LO_TIMEOUT),
    }
    measured: list[Measured] = []
    table: dict[str, dict[int, Measured]] = {}
    for name, (make, env, times, timeout) in commands.items():
        cmds = [Cmd(f"planctl {name}, series {n:,} measures", make(n), (0, 1), env, timeout) for n in ns]
        results = interleaved(cmds, times, work)
        table[name] = dict(zip(ns, results, strict=True))
        measured += results
    rep.add("| command | " + " | ".join(f"{n:,}" for n in ns) + " | µs per added measure | flat |")
    rep.add("|---|" + "---:|" * len(ns) + "---|---|")
    for name, by_n in table.items():
        cells = [by_n[n].error or secs(by_n[n].cpu) for n in ns]
        slopes = []
        for a, b in itertools.pairwise(ns):
            ta, tb = by_n[a].cpu, by_n[b].cpu
            slopes.append(None if ta is None or tb is None else (tb - ta) / (b - a))
        shown = " → ".join("—" if s is None else f"{s * 1e6:,.0f}" for s in slopes)
        known = [s for s in slopes if s is not None]
        flat = "—"
        if len(known) == len(slopes) and known and min(known) > 0:
            spread = max(known) / min(known)
            flat = f"yes ({spread:.2f}×)" if spread <= 1.3 else f"**no** ({spread:.2f}×)"
        rep.add(f"| {name} | " + " | ".join(cells) + f" | {shown} | {flat} |")
    rep.add()
    rep.add(
        "CPU medians. The cost of one more measure is the slope between neighbouring sizes, "
        "(t(n₂) − t(n₁)) / (n₂ − n₁): start-up and the fixed part of the plan cancel out. «flat»: the "
        "largest slope is at most 1.3 × the smallest."
    )
    rep.add()
    return measured


def bench_budgets(rep: Report, corpus: Path, work: Path) -> list[Measured]:
    """One run each: list items and inline markers up to the loader's budgets."""
    folder = corpus / "budgets"
    if not folder.is_dir():
        return []
    measured: list[Measured] = []
    rep.add("| plan | validate | build docx without LibreOffice | build markdown | diff --format json |")
    rep.add("|---|---:|---:|---:|---:|")
    for kind, what in (("list", "list items"), ("markers", "inline markers")):
        ns = sorted(
            int(p.name.split("-")[1]) for p in folder.glob(f"{kind}-*") if not p.name.endswith("-rev")
        )
        for n in ns:
            plan = folder / f"{kind}-{n}" / "plan.yaml"
            rev = folder / f"{kind}-{n}-rev" / "plan.yaml"
            out = work / f"budget-{kind}-{n}"
            cmds = [
                Cmd(f"validate, {n:,} {what}", planctl("validate", str(plan))),
                Cmd(
                    f"build docx without LibreOffice, {n:,} {what}",
                    planctl("build", "docx", str(plan), "-o", str(out), "--force"),
                    (0, 1),
                    without_soffice(),
                ),
                Cmd(
                    f"build markdown, {n:,} {what}",
                    planctl("build", "markdown", str(plan), "-o", str(out), "--force"),
                ),
                Cmd(f"diff, {n:,} {what}", planctl("diff", "--format", "json", str(plan), str(rev))),
            ]
            for cmd in cmds:
                cmd.timeout = BUDGET_TIMEOUT
            results = interleaved(cmds, 1, work)
            measured += results
            rep.add(f"| {n:,} {what} | " + " | ".join(m.error or secs(m.cpu) for m in results) + " |")
    rep.add()
    rep.add(
        f"CPU, one run each (after a warm-up); a run longer than {BUDGET_TIMEOUT} s is stopped. build docx "
        "without LibreOffice's layout pass (its cost is the series' last row)."
    )
    rep.add()
    return measured


def stage_breakdown(rep: Report, corpus: Path) -> None:
    """In this process: where `validate`'s time goes over a sample of the corpus (CPU)."""
    sys.path.insert(0, str(REPO / "src"))
    from planctl.check.pipeline import check_sources
    from planctl.check.registry import CheckContext
    from planctl.check.rules import registry
    from planctl.check.schema import schema_problems
    from planctl.clock import build_date
    from planctl.load.sources import load_sources
    from planctl.model.build import build_plan

    files = sorted((corpus / "plans").glob("*/plan.yaml"))
    files = files[:: max(1, len(files) // 60)]
    spent: dict[str, float] = {}

    @contextlib.contextmanager
    def timed(stage: str) -> Iterator[None]:
        start = time.process_time()
        yield
        spent[stage] = spent.get(stage, 0.0) + time.process_time() - start

    rules = registry().rules()
    for path in files:
        with timed("read YAML (with positions)"):
            sources = load_sources(path)
        with timed("JSON Schema"):
            list(schema_problems(sources.plan.data, "plan", "plan"))
        ctx = CheckContext(sources, None, build_date(None), "nb")
        with timed("rules on the data (integrity, build)"):
            for rule in rules:
                if rule.check is not None and not rule.needs_model:
                    list(rule.check(ctx))
        with timed("build the model"):
            model = build_plan(sources.plan, sources.regional)
        ctx = CheckContext(sources, model, ctx.today, "nb")
        with timed("rules on the model (law, guide, quality)"):
            for rule in rules:
                if rule.check is not None and rule.needs_model:
                    list(rule.check(ctx))
        with timed("the whole check, for comparison"):
            check_sources(load_sources(path))
    from ruamel.yaml import YAML

    loader = YAML(typ="safe")
    for path in files:
        with timed("bare ruamel.yaml safe load (C), for comparison"):
            loader.load(path.read_bytes())
    rep.add(f"In one process, {len(files)} of the corpus plans (CPU):")
    rep.add()
    rep.add("| stage | CPU |")
    rep.add("|---|---:|")
    for stage, seconds in spent.items():
        rep.add(f"| {stage} | {secs(seconds)} |")
    rep.add()


# ---- the whole run -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (median)")
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
    global WARM_UP, SHORT_RUNS
    args = parser.parse_args(argv)
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "src" / "planctl")], capture_output=True)
    with tempfile.TemporaryDirectory(prefix="planctl-bench-") as tmp:
        work = Path(tmp)
        if args.quick:
            WARM_UP = False
            SHORT_RUNS = 1
            corpus, runs = work / "corpus", 1
            generate_corpus.generate(
                corpus,
                4,
                (50, 100),
                seed=15,
                small=3,
                series=(20, 40, 80),
                lists=(50, 100),
                markers=(80, 160),
            )
        else:
            corpus, runs = args.corpus, args.runs
            manifest = corpus / "manifest.json"
            if not manifest.exists() or "series" not in json.loads(manifest.read_text(encoding="utf-8")):
                generate_corpus.generate(
                    corpus,
                    356,
                    generate_corpus.BIG_SIZES,
                    seed=15,
                    small=generate_corpus.SMALL_COUNT,
                    series=generate_corpus.SERIES_SIZES,
                    lists=generate_corpus.LIST_SIZES,
                    markers=generate_corpus.MARKER_SIZES,
                )
        rep = Report()
        rep.add("# planctl benchmarks")
        rep.add()
        rep.add(f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        rep.add(f"- machine: {machine()}")
        rep.add(f"- versions: {versions()}")
        rep.add(
            f"- method: medians of {runs} interleaved runs (at least {SHORT_RUNS} for a real plan's build and "
            f"the fixed-cost steps, 15 for start-up) {'after a warm-up' if WARM_UP else 'without a warm-up'}"
            " (benchmarks/run.py"
            f"{' --quick' if args.quick else ''}); CPU = user + system of the process and its children; "
            "corpus from benchmarks/generate_corpus.py"
        )
        rep.add()
        build_goals, build_m = bench_build(corpus, runs, work)
        validate_goals, validate_m = bench_validate(corpus, runs, work)
        diff_goals, diff_m = bench_diff(corpus, runs, work)
        start = bench_start(runs, work)
        goals = build_goals + validate_goals + diff_goals

        rep.add("## The table of issue 15")
        rep.add()
        goal_table(rep, goals)
        big = sizes(corpus / "big")
        # the largest plan's build as installed, and without LibreOffice (the goal is set for 5,000 measures)
        largest = build_goals[-2].ours if big else None
        largest_bare = build_goals[-1].ours if big else None
        rep.add("| start-up and memory | CPU | wall | goal | |")
        rep.add("|---|---:|---:|---:|---|")
        rep.add(
            f"| `planctl --help` | {secs(start.help.cpu)} | {secs(start.help.wall)} | ≤ 100 ms | "
            f"{_met(start.help.cpu, 0.1)} |"
        )
        for what, m in (
            ("`planctl --help`", start.help),
            ("`planctl validate` of one small plan", start.small),
        ):
            rep.add(
                f"| {what} over `python -c pass` ({secs(start.bare.cpu)} CPU, {secs(start.bare.wall)} wall) | "
                f"{secs(start.over(m, cpu=True))} | {secs(start.over(m, cpu=False))} | ≤ 100 ms | "
                f"{_met(start.over(m, cpu=True), 0.1)} |"
            )
        if largest is not None:
            memory = largest.rss_mb
            bare = largest_bare.rss_mb if largest_bare is not None else None
            rep.add(
                f"| peak memory of `build docx`, {big[-1]:,} measures (without LibreOffice: "
                f"{'—' if bare is None else f'{bare:,.0f} MB'}) | "
                f"{'—' if memory is None else f'{memory:,.0f} MB'} | | < 500 MB | "
                f"{_met(None if memory is None else memory / 1000, 0.5)} |"
            )
        rep.add()
        rep.add(
            "Goals are judged on CPU time (medians; the wall time of a start-up on a busy machine waits for a "
            "CPU). Peak memory is the largest resident set of the process and its children."
        )
        rep.add()
        rep.add("## Where the build of a small plan spends its time (Søndre Land)")
        rep.add()
        fixed_m = bench_fixed_cost(rep, runs, work)
        ns = sizes(corpus / "series")
        rep.add(f"## Time per measure, {ns[0]:,} to {ns[-1]:,} measures" if ns else "## Time per measure")
        rep.add()
        series_m = bench_series(rep, corpus, runs, work)
        rep.add("## List items and inline markers, up to the loader's budgets")
        rep.add()
        budgets_m = bench_budgets(rep, corpus, work)
        rep.add("## Where validate's time goes")
        rep.add()
        stage_breakdown(rep, corpus)
        rep.add("## Every measurement")
        rep.add()
        detail_table(
            rep,
            [
                *build_m,
                *validate_m,
                *diff_m,
                start.help,
                start.small,
                start.bare,
                *fixed_m,
                *series_m,
                *budgets_m,
            ],
        )
    if _launcher is not None:
        _launcher.close()
    results = args.results or (None if args.quick else HERE / "RESULTS.md")
    if results is not None:
        notes = ""  # the hand-written analysis below the marker survives a re-run
        if results.exists() and NOTES_MARKER in results.read_text(encoding="utf-8"):
            notes = NOTES_MARKER + results.read_text(encoding="utf-8").split(NOTES_MARKER, 1)[1]
        results.write_text("\n".join(rep.lines) + "\n" + notes, encoding="utf-8")
        print(f"wrote {results}")
    return 0


def _met(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value <= limit else "**missed**"


if __name__ == "__main__":
    sys.exit(main())
