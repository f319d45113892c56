"""LibreOffice headless, the one way planctl runs it: for the PDF of the council document and for
reading .odt/.doc/.rtf in `planctl import`.

Each conversion gets a private temporary folder and its own LibreOffice profile (parallel runs do not lock
each other out, and nothing of the user's profile is read or changed), no standard input, and a time limit.
The caller words the error; this module says only why LibreOffice failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class ConversionFailed(Exception):
    """LibreOffice could not convert: the reason, in LibreOffice's own last line or ours."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(data: bytes, *, suffix: str, to: str, produces: str, timeout: float) -> bytes:
    """`data` (a file ending in `suffix`) converted with LibreOffice's `--convert-to to`; the bytes of the
    result, a file ending in `produces`. ConversionFailed when LibreOffice is missing, fails or times out."""
    soffice = find_soffice()
    if soffice is None:
        raise ConversionFailed("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="planctl-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        profile = folder / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(source),
        ]
        env = dict(os.environ, HOME=str(folder))
        try:
            proc = subprocess.run(
                cmd, capture_output=True, timeout=timeout, env=env, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"timeout after {timeout:g} s") from None
        except OSError as exc:
            raise ConversionFailed(str(exc.strerror or exc)) from None
        target = folder / f"input{produces}"
        if proc.returncode != 0 or not target.is_file():
            lines = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ConversionFailed(lines[-1] if lines else f"exit {proc.returncode}")
        return target.read_bytes()
