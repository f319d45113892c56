"""Output: write to a file atomically, or echo to standard output (`emit`, for every command).

An atomic write goes to a temporary file in the target folder, then is renamed over the target: a failed
or interrupted write never leaves a half-written or clobbered file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import click

from planctl.errors import PlanctlError
from planctl.messages import Msg


def emit(data: str | bytes, target: Path | None, *, create_folder: bool = False, color: bool = False) -> None:
    """data (text as UTF-8) written atomically to target, or echoed to standard output when there is no
    target. create_folder: make the target's folder first (only it and its missing parents). color: the
    text's colour codes are meant (--color always on a pipe); otherwise click strips them off a pipe."""
    if target is None:
        click.echo(data, nl=False, color=True if color else None)
        return
    if create_folder:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlanctlError(
                Msg("cli.output.mkdir", {"reason": str(exc.strerror or exc)}), file=str(target.parent)
            ) from None
    write_bytes_atomic(target, data.encode("utf-8") if isinstance(data, str) else data)


def write_atomic(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PlanctlError(Msg("cli.output.no-folder"), file=str(folder))
    if target.is_dir():
        raise PlanctlError(Msg("cli.output.is-folder"), file=str(target))
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
