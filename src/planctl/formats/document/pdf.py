"""PDF through LibreOffice headless: a tagged (accessible) PDF made from the built .docx."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from planctl.document.elements import Layout
from planctl.errors import PlanctlError
from planctl.formats.word.writer import render_docx
from planctl.messages import t

PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
TIMEOUT = 300


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(layout: Layout, *, template: Path | None = None) -> bytes:
    """The council document as tagged PDF: the .docx converted by LibreOffice."""
    return docx_to_pdf(render_docx(layout, template), layout.meta.file_stem, layout.meta.lang)


def docx_to_pdf(docx_bytes: bytes, stem: str, lang: str = "nb") -> bytes:
    """Convert the document with LibreOffice; PlanctlError (exit 2) when it is missing or fails."""
    soffice = find_soffice()
    if soffice is None:
        raise PlanctlError(t(lang, "build.no-soffice"))
    with tempfile.TemporaryDirectory(prefix="planctl-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"{stem}.docx"
        source.write_bytes(docx_bytes)
        profile = folder / "profile"  # a private profile: parallel conversions do not lock each other out
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(folder),
            str(source),
        ]
        env = dict(os.environ, HOME=str(folder))
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PlanctlError(t(lang, "build.soffice-failed", reason=type(exc).__name__)) from exc
        target = folder / f"{stem}.pdf"
        if proc.returncode != 0 or not target.is_file():
            reason = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise PlanctlError(
                t(lang, "build.soffice-failed", reason=reason[-1] if reason else f"exit {proc.returncode}")
            )
        return target.read_bytes()
