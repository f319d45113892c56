"""Running planctl as a hostile user and an unlucky one would meet it: a real process with a time limit
(20 s) and a memory limit (1.5 GiB of address space, resource.setrlimit in the child), its temporary folder
(TMPDIR) private to the test, so that what it leaves behind there is seen, and optionally as a user
without root's powers, with a file-size limit, or on a nearly full disk.

`check_clean` is what every hostile run must satisfy: exit 0, 1 or 2 as expected, no traceback, no
«internal error», a one-line message on exit 2, nothing left in the temporary folder. `snapshot` and
`new_files` tell which files a run created, so a test can say that nothing was written outside its output.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planctl.formats.skeleton import skeleton_text
from planctl.messages import LANGUAGES, t

TIMEOUT = 20.0
MEMORY_LIMIT = int(1.5 * 1024**3)
SKELETON = skeleton_text("Eksempel kommune", year=2026)
# «internal error» in each language of the catalogue: what planctl says when it has failed itself
INTERNAL_ERROR = tuple(t(lang, "cli.internal", error="\0").split("\0")[0] for lang in LANGUAGES)
# a non-root user for permission tests when the tests run as root (a user namespace maps root to it, so
# the files root made are its own, and a folder without write permission refuses it)
UNPRIVILEGED = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
# a shell script as root of a user and mount namespace of its own (where it may mount a small tmpfs)
IN_MOUNT_NAMESPACE = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c"]


def is_root() -> bool:
    return os.geteuid() == 0


def can_drop_root() -> bool:
    """True when permission tests can run: not root, or root with user namespaces (unshare)."""
    if not is_root():
        return True
    if shutil.which("unshare") is None:
        return False
    return subprocess.run([*UNPRIVILEGED, "true"], capture_output=True, check=False).returncode == 0


def can_mount_tmpfs() -> bool:
    """True when a test can give planctl a tiny disk of its own (a tmpfs in a user and mount namespace)."""
    if shutil.which("unshare") is None:
        return False
    proc = subprocess.run(
        [
            *IN_MOUNT_NAMESPACE,
            "mount -t tmpfs -o size=64k tmpfs /mnt",
        ],
        capture_output=True,
        check=False,
    )
    return proc.returncode == 0


@dataclass
class Run:
    """How to run planctl: extra environment, standard input, limits, and who runs it."""

    env: dict[str, str] = field(default_factory=dict)
    stdin: bytes | None = None
    file_size: int | None = None  # RLIMIT_FSIZE in bytes: a write past it fails with EFBIG
    umask: int | None = None
    unprivileged: bool = False  # run as a plain user (through a user namespace when the tests are root)
    full_disk: Path | None = None  # a folder that is a full file system (a small tmpfs, filled up)
    timeout: float = TIMEOUT


def _limits(how: Run) -> Callable[[], None]:
    def apply() -> None:  # runs in the child before exec
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if how.file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (how.file_size, how.file_size))
        if how.umask is not None:
            os.umask(how.umask)

    return apply


def command(args: Sequence[str], how: Run) -> list[str]:
    cmd = [sys.executable, "-m", "planctl", *args]
    if how.full_disk is not None:
        script = 'mount -t tmpfs -o size=64k tmpfs "$1" && cat /dev/zero > "$1/.fill" 2>/dev/null; shift; exec "$@"'
        cmd = [
            *IN_MOUNT_NAMESPACE,
            script,
            "sh",
            str(how.full_disk),
            *cmd,
        ]
    elif how.unprivileged and is_root():
        cmd = [*UNPRIVILEGED, *cmd]
    return cmd


def planctl(*args: str, cwd: Path, tmpdir: Path, how: Run | None = None) -> subprocess.CompletedProcess[str]:
    """planctl ARGS as a real process in cwd, its TMPDIR tmpdir, within the time and memory limits."""
    how = how or Run()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "TMPDIR": str(tmpdir)}
    env.pop("PLANCTL_DEBUG", None)
    env.update(how.env)
    return subprocess.run(
        command(args, how),
        input=how.stdin.decode("utf-8", "replace") if how.stdin is not None else None,
        capture_output=True,
        text=True,
        errors="replace",
        cwd=cwd,
        timeout=how.timeout,
        env=env,
        preexec_fn=_limits(how),
    )


def check_clean(
    proc: subprocess.CompletedProcess[str],
    *,
    exit_codes: Sequence[int] = (1, 2),
    tmpdir: Path | None = None,
    one_line: bool = True,
) -> None:
    """What every hostile run must satisfy (see the module's docstring)."""
    shown = f"exit {proc.returncode}\nstdout: {proc.stdout[:2000]}\nstderr: {proc.stderr[:2000]}"
    both = proc.stdout + proc.stderr
    assert "Traceback" not in both, shown
    assert not any(words in both for words in INTERNAL_ERROR), shown
    assert proc.returncode in exit_codes, shown
    if proc.returncode == 2 and one_line:
        lines = error_lines(proc)
        assert len(lines) == 1, f"expected a one-line error\n{shown}"
        assert len(lines[0]) < 1000, f"the error line should be short\n{shown}"
    assert len(proc.stdout) < 200_000 and len(proc.stderr) < 200_000, "output echoes the input"
    if tmpdir is not None:
        left = sorted(p.name for p in tmpdir.iterdir())
        assert left == [], f"left in the temporary folder: {left}"


# click's usage lines around its one error line, in each language of the catalogue
_USAGE = re.compile(r"^(Usage|Bruk): |^(Try|Prøv) ")


def error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines of an exit-2 error: stderr without click's usage lines, or, when stderr is empty, the
    `planctl: ` lines validate lists unreadable inputs with in its report."""
    lines = [line for line in proc.stderr.splitlines() if line.strip() and not _USAGE.match(line)]
    if not lines:
        lines = [line for line in proc.stdout.splitlines() if line.startswith("planctl: ")]
    return lines


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The one line of an exit-2 error."""
    lines = error_lines(proc)
    assert len(lines) == 1, proc.stdout + proc.stderr
    return lines[0]


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under root (symlinks not followed) with its size and modification time."""
    out: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            st = path.lstat()
            out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def new_files(before: dict[str, tuple[int, int]], root: Path) -> set[str]:
    """Paths under root that are new or changed since before."""
    after = snapshot(root)
    return {path for path, stat in after.items() if before.get(path) != stat}


def workspace(tmp: Path, plan_text: str | bytes = SKELETON) -> Path:
    """tmp/ws with planctl.toml (the root) and tmp/ws/plans/p/plan.yaml; the plan's path."""
    plan = tmp / "ws" / "plans" / "p" / "plan.yaml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    (tmp / "ws" / "planctl.toml").write_text("", encoding="utf-8")
    if isinstance(plan_text, str):
        plan.write_text(plan_text, encoding="utf-8")
    else:
        plan.write_bytes(plan_text)
    return plan


def tmpdir_for(tmp: Path) -> Path:
    folder = tmp / "tmpdir"
    folder.mkdir(exist_ok=True)
    return folder
