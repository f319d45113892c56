"""Validate many files: collect every finding (and every unreadable input) before reporting."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

from planctl.check.findings import Finding, sort_findings
from planctl.check.pipeline import CheckOptions, check_file, options_for
from planctl.errors import PlanctlError
from planctl.load.discovery import is_planctl_file, walk_paths
from planctl.messages import Msg


class ValidationRun:
    def __init__(
        self,
        paths: list[Path],
        *,
        root: Path | None = None,
        lang: str | None = None,
        today: date | None = None,
        skip_other_yaml: bool = False,
        jobs: int | None = None,
    ) -> None:
        self.paths = paths
        self.jobs = jobs  # worker processes at most; None: one per CPU
        self.skip_other_yaml = skip_other_yaml
        self.root = root
        self.lang = lang
        self.today = today
        self.findings: list[Finding] = []
        self.errors: list[str] = []
        self.checked: list[str] = []
        self.languages: list[str] = []  # of the plans checked, in order of first appearance
        self._files: list[Path] | None = None

    def files(self) -> list[Path]:
        if self._files is None:
            walk = walk_paths(self.paths)
            files = walk.files
            self.errors.extend(error.one_line() for error in walk.errors)
            # A folder with no plan in it is an unreadable input (exit 2), not "no problems in 0 files".
            for path in self.paths:
                if path.is_dir() and not walk.errors and not any(f.is_relative_to(path) for f in files):
                    error = PlanctlError(Msg("cli.no-plan-files"), file=str(path))
                    self.errors.append(error.one_line())
            if self.skip_other_yaml:  # e.g. pre-commit passes every changed YAML file, CI configs included
                files = [f for f in files if not f.is_file() or is_planctl_file(f)]
            self._files = files
        return self._files

    def _options(self, path: Path) -> CheckOptions:
        return options_for(path, root=self.root, lang=self.lang, today=self.today)

    def check_one(self, path: Path) -> tuple[list[Finding], list[str], str | None, str | None]:
        """Findings, files read, or the one-line error for an unreadable input, and the language the
        messages are in (picklable for workers)."""
        with collector_paused():
            try:
                result = check_file(path, self._options(path))
            except PlanctlError as exc:
                return [], [], exc.one_line(), None
            found = result.findings, result.files, None, result.lang
            del result  # the plan's data and model go here, freed by reference counting (they hold no cycles)
        return found

    def run(self) -> Iterator[str]:
        """Check each file in turn, yielding its name (for progress display)."""
        findings: list[Finding] = []
        seen: dict[str, None] = {}
        files = self.files()
        languages: dict[str, None] = {}
        for path, (found, read, error, lang) in zip(files, self._results(files), strict=True):
            if error is not None:
                self.errors.append(error)
            if lang is not None:
                languages[lang] = None
            findings.extend(found)
            seen.update(dict.fromkeys(read))
            yield str(path)
        self.findings = sort_findings(findings)
        self.checked = list(seen)
        self.languages = list(languages)

    def _results(
        self, files: list[Path]
    ) -> Iterator[tuple[list[Finding], list[str], str | None, str | None]]:
        """In order. Many files are spread over worker processes (at most `jobs`): each file is checked on
        its own, so this changes the speed only, never the report (benchmarks/RESULTS.md)."""
        workers = worker_count(_size(files), len(files), self.jobs)
        if workers <= 1:
            yield from map(self.check_one, files)
            return
        # The first file is checked here, before the workers fork: they inherit the rules, the schema
        # validators and the messages it loaded instead of each loading them again.
        yield self.check_one(files[0])
        rest = files[1:]
        # start-up: only a run over many files needs worker processes
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        # What is loaded so far is shared with the workers; frozen, the collector in a worker does not touch
        # it, so its pages are not copied into every worker (the gc documentation's advice before fork).
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                yield from pool.map(self.check_one, rest, chunksize=max(1, len(rest) // (workers * 8)))
        finally:
            gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while one plan is read and checked (and, for `build`, laid
    out and written): that makes hundreds of thousands of objects that live until the work ends, and the
    collector would scan them again and again to find no cycles, more per object the larger the plan (a
    tenth of `validate` of a 20,000-measure plan, some 5 % of building a 1,250-measure plan; benchmarks/
    RESULTS.md). They are gone before it runs again. Restores the collector as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# A worker pays off when it has at least this much to read: about half a second of checking on the
# benchmark machine, against some 0.05 s of CPU (and, on a busy machine, more wall time) to start a worker
# and hand it work. Measured (benchmarks/RESULTS.md): 150 small plans (2.8 MB) were slower in two
# processes than in one; the 356-plan corpus (31 MB) took 55 % of the wall time.
_MIN_BYTES_PER_WORKER = 4 * 1024 * 1024


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _size(files: list[Path]) -> int:
    total = 0
    for path in files:
        with suppress(OSError):  # unreadable: check_one reports it
            total += path.stat().st_size
    return total


def worker_count(size: int, n_files: int, jobs: int | None) -> int:
    """Worker processes for n_files of size bytes in all: at most jobs (None: one per CPU) and one per
    file, at least _MIN_BYTES_PER_WORKER each; 1 (no workers) where processes cannot be forked."""
    wanted = min(default_jobs() if jobs is None else jobs, n_files, size // _MIN_BYTES_PER_WORKER)
    if wanted <= 1:
        return 1
    import multiprocessing  # start-up: as in ValidationRun._results

    return wanted if "fork" in multiprocessing.get_all_start_methods() else 1
