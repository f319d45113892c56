"""File names as code-scanning tools want them: relative to the repository root, with `/`."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from planctl.formats.findings import FindingsReport


def base(report: FindingsReport) -> Path:
    """The folder file names are made relative to: the report's root, else the working folder."""
    return Path(report.root) if report.root else Path.cwd().resolve()


def relative(file: str, root: Path) -> str:
    """file (as a finding names it: relative to the working folder, or absolute) relative to root, with
    `/`; a file outside root keeps its absolute path."""
    path = Path(file)
    absolute = Path(os.path.normpath(path if path.is_absolute() else Path.cwd() / path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def uri(file: str, root: Path) -> str:
    """A URI reference for file: repository-relative and percent-encoded (RFC 3986), or a file: URI for a
    file outside the root."""
    rel = relative(file, root)
    if rel.startswith("/"):
        return Path(rel).as_uri()
    return quote(rel, safe="/")
