""".odt, .doc and .rtf through LibreOffice headless: converted to .docx in a private temporary folder
(with its own LibreOffice profile, so parallel runs do not lock each other out), with a time limit."""

from __future__ import annotations

from pathlib import Path

from planctl.errors import PlanctlError
from planctl.messages import t
from planctl.soffice import ConversionFailed, convert, find_soffice

TIMEOUT = 180
CONVERTED = (".odt", ".doc", ".rtf", ".docm", ".dot", ".dotx", ".ott", ".wpd")


def to_docx(source: Path, display: str, lang: str = "nb") -> bytes:
    """The document converted to .docx bytes; PlanctlError (exit 2) when LibreOffice is missing or fails."""
    if find_soffice() is None:
        raise PlanctlError(t(lang, "import.error.no-soffice", suffix=source.suffix), file=display)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise PlanctlError(
            t(lang, "import.error.soffice", reason=exc.strerror or exc), file=display
        ) from None
    try:
        return convert(
            data, suffix=source.suffix.lower(), to="docx:MS Word 2007 XML", produces=".docx", timeout=TIMEOUT
        )
    except ConversionFailed as exc:
        raise PlanctlError(t(lang, "import.error.soffice", reason=str(exc)), file=display) from None
