"""Read a plan and its regional include from a git revision (`REV:PATH`), never checking anything out.

Files are read with `git cat-file` at the revision; symlinks stored in the revision are followed (a link
is a blob holding its target) so the include policy of planctl.load.sources applies as on the file system:
real path inside the root, regular files only, size checked before reading.

git runs with a minimal, safe configuration whatever the repository or the user configured: no system or
global configuration (but the user's `safe.directory` trust), no fsmonitor command, no hooks, no external
diff or text conversion, no pager, no prompt for credentials; only plumbing commands are used (rev-parse,
cat-file, ls-tree, ls-files).
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

from planctl.errors import PlanctlError
from planctl.load.budgets import check_budgets
from planctl.load.sources import (
    PLAN_NAMES,
    PlanSources,
    SymlinkLoop,
    default_root,
    follow_include,
)
from planctl.load.yamlsource import (
    DEFAULT_LIMITS,
    NO_SUCH_FILE,
    NOT_A_FILE,
    NOT_REGULAR,
    Limits,
    YamlDocument,
    cannot_read,
    parse_bytes,
    too_large,
)
from planctl.messages import t

_LINK_MODE = "120000"
_MAX_LINKS = 40  # as the Linux kernel: more symlinks than this on one path is a loop
_MAX_LINK_TARGET = 4096  # PATH_MAX: a link blob longer than this is no path


# `-c` settings that override what a repository's own .git/config may say: a hostile repository must not
# make planctl run a command (core.fsmonitor, hooks, diff drivers, textconv) or wait for input.
_SAFE_CONFIG = (
    "core.fsmonitor=",
    "core.hooksPath=/dev/null",
    "core.untrackedCache=false",
    "diff.external=",
    "core.pager=cat",
    "credential.helper=",
    "protocol.allow=never",
)
_SAFE_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_PAGER": "cat",
    "GIT_EXTERNAL_DIFF": "",
}


def git_command(args: list[str]) -> list[str]:
    """The git command line for args, with the safe configuration first."""
    settings = (*_SAFE_CONFIG, *(f"safe.directory={d}" for d in _trusted_directories()))
    safe = [part for setting in settings for part in ("-c", setting)]
    return ["git", *safe, "--no-pager", *args]


@functools.cache
def _trusted_directories() -> tuple[str, ...]:
    """The user's own `safe.directory` settings (system and global configuration, which planctl's git
    otherwise does not read): CI runners such as actions/checkout trust the work tree there, and a
    repository owned by another user is refused by git without it. Read once, outside any repository."""
    values: list[str] = []
    for scope in ("--system", "--global"):
        try:
            proc = subprocess.run(
                ["git", "config", scope, "--get-all", "safe.directory"],
                capture_output=True,
                check=False,
                cwd="/",
                stdin=subprocess.DEVNULL,
                env={k: v for k, v in os.environ.items() if not k.startswith(("GIT_DIR", "GIT_WORK_TREE"))},
            )
        except OSError:
            return ()
        values += [v for v in proc.stdout.decode(errors="replace").splitlines() if v]
    return tuple(values)


def git_environment() -> dict[str, str]:
    """The environment git runs in: the user's, without what would point git elsewhere, plus _SAFE_ENV."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_CONFIG_")}
    env.update(_SAFE_ENV)
    return env


def _run_git(args: list[str], lang: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            git_command(args),
            capture_output=True,
            check=False,
            env=git_environment(),
            stdin=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise PlanctlError(t(lang, "diff.error.git-missing", reason=str(exc))) from None


class GitRevision:
    """The files of one revision of the repository whose work tree is `top` (a `Source`)."""

    def __init__(self, top: Path, rev: str, lang: str) -> None:
        self.top = top
        self.rev = rev
        self.lang = lang

    @classmethod
    def around(cls, start: Path, rev: str, lang: str) -> GitRevision | None:
        """The revision of the repository that holds the folder start, or None outside any repository."""
        proc = _run_git(["-C", str(start), "rev-parse", "--show-toplevel"], lang)
        if proc.returncode != 0:
            return None
        return cls(Path(proc.stdout.decode().strip()).resolve(), rev, lang)

    def _git(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return _run_git(["-C", str(self.top), *args], self.lang)

    def is_commit(self) -> bool:
        if not self.rev:  # `:path` is the index, as in git
            return True
        return self._git("rev-parse", "--verify", "--quiet", f"{self.rev}^{{commit}}").returncode == 0

    def relative(self, path: Path) -> str | None:
        """path relative to the top of the work tree, or None when it lies outside."""
        try:
            return path.relative_to(self.top).as_posix()
        except ValueError:
            return None

    def _object(self, path: Path) -> str:
        return f"{self.rev}:{self.relative(path)}"

    def object_type(self, path: Path) -> str | None:
        if self.relative(path) is None:
            return None
        proc = self._git("cat-file", "-t", self._object(path))
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def _mode(self, path: Path) -> str | None:
        rel = self.relative(path)
        if rel is None or rel == ".":
            return None
        if not self.rev:
            proc = self._git("ls-files", "-s", "-z", "--", rel)
        else:
            proc = self._git("ls-tree", "-z", self.rev, "--", rel)
        entry = proc.stdout.split(b"\0", 1)[0].decode() if proc.returncode == 0 else ""
        return entry.split(" ", 1)[0] if entry else None

    # ---- Source ----------------------------------------------------------------------------------------

    def resolve(self, path: Path) -> Path:
        """Follow the symlinks stored in the revision, one path component at a time."""
        resolved = Path(path.anchor)
        pending = list(Path(os.path.normpath(path)).parts[1:])
        links = 0
        while pending:
            part = pending.pop(0)
            if part == "..":
                resolved = resolved.parent
                continue
            candidate = resolved / part
            if self._mode(candidate) != _LINK_MODE:
                resolved = candidate
                continue
            links += 1
            if links > _MAX_LINKS:
                raise SymlinkLoop(str(path))
            link = Path(self._link_target(candidate))
            if link.is_absolute():
                resolved = Path(link.anchor)
            pending[:0] = [p for p in link.parts[1 if link.is_absolute() else 0 :] if p not in ("", ".")]
        return resolved

    def _link_target(self, link: Path) -> str:
        """The target a symlink stored in the revision names (its blob, read only when link-sized)."""
        size = self._git("cat-file", "-s", self._object(link)).stdout.decode().strip()
        if not size.isdigit() or int(size) > _MAX_LINK_TARGET:
            raise SymlinkLoop(str(link))  # not a target any file system would follow
        return self._git("cat-file", "blob", self._object(link)).stdout.decode(errors="replace")

    def exists(self, real: Path) -> bool:
        return self.object_type(real) is not None

    def load(self, real: Path, display: str, limits: Limits) -> YamlDocument:
        kind = self.object_type(real)
        if kind is None:
            raise PlanctlError(NO_SUCH_FILE, file=display)
        if kind == "tree":
            raise PlanctlError(NOT_A_FILE, file=display)
        if kind != "blob":
            raise PlanctlError(NOT_REGULAR, file=display)
        size = self._git("cat-file", "-s", self._object(real))
        refused = too_large(int(size.stdout.decode().strip() or 0), limits)
        if refused is not None:
            raise PlanctlError(refused, file=display)
        proc = self._git("cat-file", "blob", self._object(real))
        if proc.returncode != 0:
            raise PlanctlError(cannot_read(proc.stderr.decode(errors="replace").strip()), file=display)
        return parse_bytes(proc.stdout, real, display, limits)

    def display(self, path: Path) -> str:
        return f"{self.rev}:{self.relative(path) or path}"


def load_revision(
    rev: str, rel: str, *, root: Path | None = None, lang: str = "nb", limits: Limits = DEFAULT_LIMITS
) -> PlanSources:
    """The plan at `rel` (a file, or a folder with plan.yaml) in revision `rev` of the repository that
    holds it, with its regional include read at the same revision. Not a side to read: PlanctlError."""
    if not rel:
        raise PlanctlError(t(lang, "diff.error.no-such-side"), file=f"{rev}:")
    wanted = Path(rel).absolute()
    start = _existing_ancestor(wanted.parent)
    git = GitRevision.around(start, rev, lang)
    if git is None:
        raise PlanctlError(t(lang, "diff.error.no-such-side"), file=f"{rev}:{rel}")
    path = Path(os.path.normpath(start.resolve() / os.path.relpath(wanted, start)))
    if git.relative(path) is None:
        raise PlanctlError(t(lang, "diff.error.outside-repo", top=str(git.top)), file=rel)
    if not git.is_commit():
        raise PlanctlError(t(lang, "diff.error.bad-revision", rev=rev), file=f"{rev}:{rel}")
    if git.object_type(path) == "tree":
        path = next((path / name for name in PLAN_NAMES if git.object_type(path / name) == "blob"), path)
    display = git.display(path)
    try:
        real = git.resolve(path)
    except SymlinkLoop:
        real = path
    if git.object_type(real) != "blob":
        raise PlanctlError(
            t(lang, "diff.error.not-in-revision", rev=rev, path=git.relative(path)), file=display
        )
    doc = git.load(real, display, limits)
    check_budgets(doc, limits)
    sources = PlanSources(doc, None, (root or default_root(path)).resolve())
    follow_include(sources, path, git, limits)
    return sources


def _existing_ancestor(path: Path) -> Path:
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return Path.cwd()
