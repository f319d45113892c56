"""Validate many files: collect every finding (and every unreadable input) before reporting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from planctl.check import CheckOptions, check_file, collect_paths, is_planctl_file
from planctl.config import find_root, load_config
from planctl.errors import PlanctlError
from planctl.findings import Finding, sort_findings
from planctl.reporters import FindingsReport
from planctl.rules import registry


class ValidationRun:
    def __init__(self, paths: list[Path], *, root: Path | None = None, lang: str | None = None,
                 today: date | None = None, skip_other_yaml: bool = False) -> None:
        self.paths = paths
        self.skip_other_yaml = skip_other_yaml
        self.root = root
        self.lang = lang
        self.today = today
        self.findings: list[Finding] = []
        self.errors: list[str] = []
        self.checked: list[str] = []
        self._files: list[Path] | None = None

    def files(self) -> list[Path]:
        if self._files is None:
            files = collect_paths(self.paths)
            # A folder with no plan in it is an unreadable input (exit 2), not "no problems in 0 files".
            for path in self.paths:
                if path.is_dir() and not any(f.is_relative_to(path) for f in files):
                    error = PlanctlError("no plan files in this folder", file=str(path))
                    self.errors.append(error.one_line())
            if self.skip_other_yaml:  # e.g. pre-commit passes every changed YAML file, CI configs included
                files = [f for f in files if not f.is_file() or is_planctl_file(f)]
            self._files = files
        return self._files

    def _options(self, path: Path) -> CheckOptions:
        config_root = self.root or find_root(path.resolve().parent)
        return CheckOptions(root=self.root, config=load_config(config_root, registry().ids()), lang=self.lang,
                            today=self.today)

    def run(self) -> Iterator[str]:
        """Check each file in turn, yielding its name (for progress display)."""
        findings: list[Finding] = []
        seen: list[str] = []
        for path in self.files():
            try:
                result = check_file(path, self._options(path))
            except PlanctlError as exc:
                self.errors.append(exc.one_line())
            except (OSError, RuntimeError) as exc:  # Path.resolve() on a symlink loop (Python < 3.13)
                self.errors.append(PlanctlError(f"cannot read: {getattr(exc, 'strerror', None) or exc}",
                                                file=str(path)).one_line())
            else:
                findings.extend(result.findings)
                seen.extend(f for f in result.files if f not in seen)
            yield str(path)
        self.findings = sort_findings(findings)
        self.checked = seen

    def report(self, *, color: bool = False) -> FindingsReport:
        return FindingsReport(self.checked, self.findings, self.errors, color)
