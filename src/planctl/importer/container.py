"""Reading a .docx package safely: a zip archive checked before anything is decompressed, and XML parsed
without DTDs, entities or network access.

Word files are zip archives of XML parts. A hostile one can be a zip bomb (a few kilobytes that inflate
to gigabytes), hold thousands of entries, or carry XML with external entities (XXE) or entity expansion
(«billion laughs»). The limits below are checked on the archive's directory before any part is read, a
part is never read past its declared size (zipfile verifies size and CRC), and the XML parser neither
loads DTDs nor resolves entities; a document type declaration, which Word never writes, is refused.
Encrypted (password-protected) Office files are OLE compound files, not zip archives: their signature
gives a clear message instead of «not a zip file».
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from planctl.errors import PlanctlError
from planctl.messages import t
from planctl.records import record

MAX_INPUT_BYTES = 200 * 1024 * 1024  # the file itself
MAX_ENTRIES = 10_000
MAX_TOTAL_UNCOMPRESSED = 512 * 1024 * 1024
MAX_PART = 256 * 1024 * 1024
MAX_RATIO = 400  # uncompressed/compressed, for parts of more than a megabyte
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def fail(lang: str, key: str, file: str, **params: object) -> PlanctlError:
    """Unreadable input: a one-line error (exit 2) in the user's language."""
    return PlanctlError(t(lang, f"import.error.{key}", **params), file=file)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, part: str, file: str, lang: str = "nb") -> etree._Element:
    """A part's XML root; PlanctlError for a DTD, entities or malformed XML."""
    if b"<!DOCTYPE" in data[:65536].upper() or b"<!ENTITY" in data[:65536].upper():
        raise fail(lang, "dtd", file, part=part)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise fail(lang, "xml", file, part=part, reason=exc.msg) from None
    if root is None:
        raise fail(lang, "xml", file, part=part, reason="empty")
    return root


def sniff(data: bytes) -> str:
    """zip | ole | other, from the first bytes."""
    if data.startswith(OLE_SIGNATURE):
        return "ole"
    if data.startswith(ZIP_SIGNATURES):
        return "zip"
    return "other"


@record
class Package:
    """The parts of an Office Open XML package, read on demand within the limits."""

    zf: zipfile.ZipFile
    file: str
    names: frozenset[str]
    lang: str = "nb"

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.zf.getinfo(name)
        if info.file_size > MAX_PART:
            raise fail(self.lang, "part-size", self.file, part=name, size=info.file_size)
        try:
            with self.zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise fail(self.lang, "part", self.file, part=name, reason=exc) from None
        if len(data) > info.file_size:
            raise fail(self.lang, "part", self.file, part=name, reason="size")
        return data

    def xml(self, name: str) -> etree._Element | None:
        return parse_xml(self.read(name), name, self.file, self.lang) if self.has(name) else None


def open_package(path: Path, display: str, lang: str = "nb") -> Package:
    """The package at path, after the archive-level checks; PlanctlError (exit 2) when it is not one."""
    return open_package_bytes(read_input(path, display, lang), display, lang)


def read_input(path: Path, display: str, lang: str = "nb") -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise fail(lang, "too-large", display, size=size, limit=MAX_INPUT_BYTES)
        with path.open("rb") as fh:
            return fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise fail(lang, "unreadable", display, reason=exc.strerror or exc) from None


def open_package_bytes(data: bytes, display: str, lang: str = "nb") -> Package:
    kind = sniff(data)
    if kind == "ole":
        raise fail(lang, "encrypted", display)
    if kind != "zip":
        raise fail(lang, "not-zip", display)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise fail(lang, "bad-zip", display, reason=exc) from None
    if len(infos) > MAX_ENTRIES:
        raise fail(lang, "entries", display, count=len(infos), limit=MAX_ENTRIES)
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise fail(lang, "encrypted", display)
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise fail(lang, "bomb", display, size=info.file_size)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise fail(lang, "bomb", display, size=total)
    names = frozenset(i.filename for i in infos)
    if "word/document.xml" not in names:
        raise fail(lang, "no-document", display)
    return Package(zf, display, names, lang)
