"""The steps of `planctl validate`: which files (the project's plans/ by default, standard input, the
plans that include a given regional file), the check, the baseline, the report.

Imported by the command when it runs, so that `planctl validate --help` loads none of the core.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click

from planctl.check.findings import Finding
from planctl.check.pipeline import check_sources, exit_code, options_for
from planctl.check.run import ValidationRun
from planctl.cli.options import plan_language
from planctl.formats.findings import FORMATS, FindingsReport
from planctl.formats.findings import baseline as baselines
from planctl.formats.output import emit
from planctl.load.discovery import default_plans, including_plans, is_regional_file, repository_root
from planctl.load.sources import sources_from_bytes
from planctl.messages import current_language, t
from planctl.records import record

STDIN = "-"


@record(frozen=True)
class Request:
    paths: list[Path]
    fmt: str
    strict: bool
    output: Path | None
    skip_other_yaml: bool
    dependents: bool
    baseline: Path | None
    write_baseline: Path | None
    stdin_name: Path | None
    color: bool
    quiet: bool
    root: Path | None
    lang: str | None
    today: date | None
    progress: bool
    jobs: int | None = None  # worker processes at most (-j); None: one per CPU


def run_validation(request: Request) -> int:
    """Check, report, and the exit code."""
    stdin = [p for p in request.paths if str(p) == STDIN]
    if len(stdin) > 1:
        raise click.UsageError(t(current_language(), "cli.stdin-once"))
    paths = [p for p in request.paths if str(p) != STDIN] or ([] if stdin else [_default_paths()])
    if request.dependents:
        paths += _dependents(paths, request.root)
    findings: list[Finding] = []
    files: list[str] = []
    errors: list[str] = []
    languages: list[str] = []
    if stdin:
        found, read, lang = _check_stdin(request)
        findings += found
        files += read
        languages.append(lang)
    if paths:
        run = ValidationRun(
            paths,
            root=request.root,
            lang=request.lang,
            today=request.today,
            skip_other_yaml=request.skip_other_yaml,
            jobs=request.jobs,
        )
        total = len(run.files())
        label = t(current_language(), "cli.progress")
        for _ in progress(run.run(), total, label, request.progress and total > 3):
            pass
        findings += run.findings
        files += run.checked
        errors += run.errors
        languages += run.languages
    lang = plan_language(request.lang, languages[0] if len(set(languages)) == 1 else None)
    repo = repository_root(Path.cwd())
    if request.write_baseline is not None:
        emit(baselines.render(findings, repo), request.write_baseline)
        if not request.quiet:
            click.echo(
                t(lang, "cli.baseline.wrote", path=request.write_baseline, count=len(findings)), err=True
            )
        return 2 if errors else 0
    absorbed = 0
    if request.baseline is not None:
        findings, absorbed = baselines.subtract(findings, baselines.read(request.baseline), repo)
    report = FindingsReport(files, findings, errors, request.color, lang, request.quiet, absorbed, str(repo))
    emit(FORMATS[request.fmt].load()(report), request.output, color=request.color)
    return 2 if errors else exit_code(findings, strict=request.strict)


def _default_paths() -> Path:
    found = default_plans(Path.cwd())
    if found is None:
        raise click.UsageError(t(current_language(), "cli.no-plans"))
    return found


def _dependents(paths: list[Path], root: Path | None) -> list[Path]:
    regional = [p for p in paths if p.is_file() and is_regional_file(p)]
    if not regional:
        return []
    search = root or repository_root(regional[0].parent)
    known = {p.resolve() for p in paths if p.exists()}
    return [p for p in including_plans(regional, search) if p.resolve() not in known]


def _check_stdin(request: Request) -> tuple[list[Finding], list[str], str]:
    name = request.stdin_name or Path("<stdin>")
    as_path = name if name.is_absolute() else Path.cwd() / name
    options = options_for(as_path, root=request.root, lang=request.lang, today=request.today)
    raw = sys.stdin.buffer.read(options.limits.max_bytes + 1)  # past the limit is refused, not read on
    sources = sources_from_bytes(raw, str(name), as_path=as_path, root=request.root, limits=options.limits)
    result = check_sources(sources, options)
    return result.findings, result.files, result.lang


def progress(items: Iterator[str], total: int, label: str, show: bool) -> Iterator[str]:
    if not show:
        yield from items
        return
    from rich.progress import Progress  # start-up: rich's progress bar only on a terminal

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            bar.advance(task)
            yield item
