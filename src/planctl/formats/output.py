"""Atomic output: write to a temporary file in the target folder, then rename over the target.

A failed or interrupted write never leaves a half-written or clobbered file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from planctl.errors import PlanctlError


def write_atomic(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PlanctlError("output folder does not exist", file=str(folder))
    if target.is_dir():
        raise PlanctlError("output path is a folder", file=str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    write_atomic(target, write)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))
