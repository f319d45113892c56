""".odt, .doc and .rtf through LibreOffice headless: converted to .docx in a private temporary folder
(with its own LibreOffice profile, so parallel runs do not lock each other out), with a time limit."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from planctl.errors import PlanctlError
from planctl.formats.document.pdf import find_soffice
from planctl.messages import t

TIMEOUT = 180
CONVERTED = (".odt", ".doc", ".rtf", ".docm", ".dot", ".dotx", ".ott", ".wpd")


def to_docx(source: Path, display: str, lang: str = "nb") -> bytes:
    """The document converted to .docx bytes; PlanctlError (exit 2) when LibreOffice is missing or fails."""
    soffice = find_soffice()
    if soffice is None:
        raise PlanctlError(t(lang, "import.error.no-soffice", suffix=source.suffix), file=display)
    with tempfile.TemporaryDirectory(prefix="planctl-import-") as tmp:
        folder = Path(tmp)
        copy = folder / f"input{source.suffix.lower()}"
        shutil.copyfile(source, copy)
        profile = folder / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(copy),
        ]
        env = dict(os.environ, HOME=str(folder))
        try:
            proc = subprocess.run(
                cmd, capture_output=True, timeout=TIMEOUT, env=env, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise PlanctlError(
                t(lang, "import.error.soffice", reason=f"timeout after {TIMEOUT} s"), file=display
            ) from None
        except OSError as exc:
            raise PlanctlError(
                t(lang, "import.error.soffice", reason=exc.strerror or exc), file=display
            ) from None
        target = folder / "input.docx"
        if proc.returncode != 0 or not target.is_file():
            lines = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise PlanctlError(
                t(lang, "import.error.soffice", reason=lines[-1] if lines else f"exit {proc.returncode}"),
                file=display,
            )
        return target.read_bytes()
