"""Load one side of a diff: a plan file, a plan folder (its plan.yaml), or a git revision `REV:PATH`.

A git side is read with `git -C <repo> show REV:<path>`, never by checking anything out, and its regional
include is read at the same revision. `REV:PATH` is only taken as git when the argument does not exist as a
file or folder as given (so `C:foo`, or a file with ':' in its name, still works). Each side is checked with
the schema stage of the check pipeline; a side that does not parse, fails the schema or has a broken include
is a one-line error (exit 2).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from planctl.check.findings import Severity
from planctl.check.pipeline import CheckOptions, check_sources
from planctl.errors import PlanctlError
from planctl.load.sources import PLAN_SCHEMA, IncludeIssue, PlanSources, default_root, load_sources
from planctl.load.yamlsource import (
    DEFAULT_LIMITS,
    Limits,
    SourceMap,
    YamlDocument,
    decode,
    display_path,
    parse_yaml,
)
from planctl.messages import t
from planctl.model.types import Plan

PLAN_NAMES = ("plan.yaml", "plan.yml")
_BLOCKING = ("YAML-SYNTAX", "SCHEMA", "DUPLICATE-KEY", "INCLUDE")


@dataclass
class Side:
    label: str  # as shown in the output: the argument as given
    sources: PlanSources
    model: Plan


class _Git:
    """Read files of one revision of the repository at `top`."""

    def __init__(self, top: Path, rev: str, lang: str) -> None:
        self.top = top
        self.rev = rev
        self.lang = lang

    def _run(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(["git", "-C", str(self.top), *args], capture_output=True, check=False)
        except OSError as exc:
            raise PlanctlError(t(self.lang, "diff.error.git-missing", reason=str(exc))) from None

    def object_type(self, rel: str) -> str | None:
        proc = self._run("cat-file", "-t", f"{self.rev}:{rel}")
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def show(self, rel: str, limits: Limits) -> bytes | None:
        if self.object_type(rel) != "blob":
            return None
        proc = self._run("show", f"{self.rev}:{rel}")
        if proc.returncode != 0:
            return None
        if len(proc.stdout) > limits.max_bytes:
            raise PlanctlError(
                t(self.lang, "diff.error.too-large", limit=f"{limits.max_bytes:,}"), file=f"{self.rev}:{rel}"
            )
        return proc.stdout


def _git_top(start: Path, lang: str) -> Path | None:
    try:
        proc = subprocess.run(
            ["git", "-C", str(start), "rev-parse", "--show-toplevel"], capture_output=True, check=False
        )
    except OSError as exc:
        raise PlanctlError(t(lang, "diff.error.git-missing", reason=str(exc))) from None
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode().strip()).resolve()


def _existing_ancestor(path: Path) -> Path:
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return Path.cwd()


def _plan_file(folder: Path) -> Path:
    for name in PLAN_NAMES:
        if (folder / name).is_file():
            return folder / name
    return folder / PLAN_NAMES[0]


def _document(raw: bytes | None, path: Path, display: str, limits: Limits) -> YamlDocument:
    assert raw is not None
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        return YamlDocument(path, display, None, SourceMap(), [problem])
    return parse_yaml(text, path, display, limits)


def load_side(
    spec: str,
    *,
    root: Path | None = None,
    lang: str = "nb",
    as_path: Path | None = None,
    label: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Side:
    """Load and schema-check one side. `as_path`: read `spec` but name it and resolve its include as if it
    were at `as_path` (git's diff driver hands over temporary files)."""
    given = Path(spec)
    if given.exists():
        path = _plan_file(given) if given.is_dir() else given
        if as_path is not None:
            sources = _load_text_side(path, as_path, root, lang, limits)
        else:
            sources = load_sources(path, root=root, limits=limits)
    elif ":" in spec:
        rev, _, rel = spec.partition(":")
        sources = _load_git_side(rev, rel, root, lang, limits)
    else:
        raise PlanctlError(t(lang, "diff.error.no-such-side"), file=spec)
    model = _checked_model(sources, lang)
    return Side(label or spec, sources, model)


def _load_text_side(path: Path, as_path: Path, root: Path | None, lang: str, limits: Limits) -> PlanSources:
    from planctl.load.yamlsource import load_yaml

    display = display_path(as_path)
    doc = load_yaml(path, display, limits)
    doc = YamlDocument(as_path, display, doc.data, doc.source_map, doc.problems)
    root_dir = (root or default_root(as_path)).resolve()
    sources = PlanSources(doc, None, root_dir)

    def read(target: Path) -> bytes | None:
        try:
            return target.read_bytes() if target.is_file() else None
        except OSError:
            return None

    _attach_regional(sources, as_path.absolute(), read, lambda target: display_path(target), limits)
    return sources


def _load_git_side(rev: str, rel: str, root: Path | None, lang: str, limits: Limits) -> PlanSources:
    if not rel:
        raise PlanctlError(t(lang, "diff.error.no-such-side"), file=f"{rev}:")
    wanted = Path(rel).absolute()
    start = _existing_ancestor(wanted.parent)
    top = _git_top(start, lang)
    if top is None:
        raise PlanctlError(t(lang, "diff.error.no-such-side"), file=f"{rev}:{rel}")
    abs_path = Path(os.path.normpath(start.resolve() / os.path.relpath(wanted, start)))
    try:
        rel_top = PurePosixPath(abs_path.relative_to(top).as_posix())
    except ValueError:
        raise PlanctlError(t(lang, "diff.error.outside-repo", top=str(top)), file=rel) from None
    git = _Git(top, rev, lang)
    if _git_rev_ok(git) is False:
        raise PlanctlError(t(lang, "diff.error.bad-revision", rev=rev), file=f"{rev}:{rel}")
    kind = git.object_type(str(rel_top))
    if kind == "tree":
        for name in PLAN_NAMES:
            if git.object_type(str(rel_top / name)) == "blob":
                rel_top, abs_path = rel_top / name, abs_path / name
                break
    raw = git.show(str(rel_top), limits)
    display = f"{rev}:{rel_top}"
    if raw is None:
        raise PlanctlError(t(lang, "diff.error.not-in-revision", rev=rev, path=str(rel_top)), file=display)
    doc = _document(raw, abs_path, display, limits)
    root_dir = (root or default_root(abs_path)).resolve()
    sources = PlanSources(doc, None, root_dir)

    def to_rel(target: Path) -> str | None:
        try:
            return target.relative_to(top).as_posix()
        except ValueError:
            return None

    def read(target: Path) -> bytes | None:
        r = to_rel(target)
        return git.show(r, limits) if r is not None else None

    _attach_regional(sources, abs_path, read, lambda target: f"{rev}:{to_rel(target) or target}", limits)
    return sources


def _git_rev_ok(git: _Git) -> bool:
    if not git.rev:  # `:path` is the index, as in git
        return True
    proc = git._run("rev-parse", "--verify", "--quiet", f"{git.rev}^{{commit}}")
    return proc.returncode == 0


def _attach_regional(
    sources: PlanSources,
    including: Path,
    read: Callable[[Path], bytes | None],
    show: Callable[[Path], str],
    limits: Limits,
) -> None:
    """Resolve `uses: regional:` like workspace.load_sources does, reading through `read`."""

    data = sources.plan.data
    uses = data.get("uses") if isinstance(data, dict) else None
    ref = uses.get("regional") if isinstance(uses, dict) else None
    if not isinstance(ref, str) or not ref:
        return
    pointer = "/uses/regional"
    target = Path(os.path.normpath(including.parent / ref))

    def problem(reason: str, /, **params: str) -> None:
        sources.include_issues.append(IncludeIssue(reason, {"path": ref, **params}, pointer))

    if not target.is_relative_to(sources.root):
        problem("outside", root=display_path(sources.root))
        return
    if target == Path(os.path.normpath(including)):
        problem("cycle")
        return
    raw = read(target)
    if raw is None:
        problem("missing")
        return
    doc = _document(raw, target, str(show(target)), limits)
    if isinstance(doc.data, dict) and doc.data.get("schema") == PLAN_SCHEMA:
        problem("not-regional")
        return
    sources.regional = doc


def _checked_model(sources: PlanSources, lang: str) -> Plan:
    if sources.is_regional:
        raise PlanctlError(t(lang, "diff.error.regional-side"), file=sources.plan.display)
    result = check_sources(sources, CheckOptions(root=sources.root, lang=lang, families=("syntax",)))
    blocking = [f for f in result.findings if f.rule in _BLOCKING and f.severity == Severity.ERROR]
    if blocking:
        first = blocking[0]
        more = len(blocking) - 1
        message = t(lang, "diff.error.invalid-side", rule=first.rule, message=first.message)
        if more:
            message += t(lang, "diff.error.more", count=more)
        raise PlanctlError(message, file=first.file, line=first.line, column=first.column)
    if result.model is None:  # e.g. not a mapping at all
        raise PlanctlError(t(lang, "diff.error.not-a-plan"), file=sources.plan.display)
    return result.model
