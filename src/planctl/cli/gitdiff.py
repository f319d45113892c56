"""`planctl-git-diff`: planctl as git's external diff driver (installed with the package).

git calls it with 7 arguments: path old-file old-hex old-mode new-file new-hex new-mode, where old-file
and new-file may be temporary files or /dev/null (docs/diff.md). Plan files get planctl's semantic diff,
with their regional include resolved relative to the file's real place in the work tree (a temporary
file has none). Anything planctl cannot compare (an added or deleted file, a regional file, a file that
does not validate) falls back to `diff -u`, so `git diff` never stops.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from planctl.messages import current_language, t

_NULL = "/dev/null"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 7:
        print(t(current_language(), "cli.gitdiff.usage"), file=sys.stderr)
        sys.exit(2)
    path, old, _, _, new, _, _ = args
    top = _toplevel()
    if top is None:
        sys.exit(2)
    old, new = (_absolute(top, side) for side in (old, new))
    os.chdir(top)
    print(f"planctl diff a/{path} b/{path}", flush=True)
    if old != _NULL and new != _NULL:
        # the command itself in a process of its own: its exit and output are exactly planctl diff's
        planctl = [sys.executable, "-m", "planctl", "diff", "--as", path, old, new]
        if subprocess.run(planctl, check=False).returncode == 0:
            sys.exit(0)
    fallback = ["diff", "-u", "--label", f"a/{path}", "--label", f"b/{path}", old, new]
    status = subprocess.run(fallback, check=False).returncode
    sys.exit(0 if status <= 1 else status)


def _toplevel() -> Path | None:
    proc = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
    )
    return Path(proc.stdout.strip()) if proc.returncode == 0 and proc.stdout.strip() else None


def _absolute(top: Path, side: str) -> str:
    return side if side == _NULL or os.path.isabs(side) else str(top / side)
