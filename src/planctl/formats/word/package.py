"""The Word package: a template opened with python-docx, its body, relationships and page frame, saved as
a deterministic zip.

python-docx reads and writes the package and manages its parts (core properties, header and footer parts,
relationships); everything inside the parts is written by `planctl.formats.word.elements`.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.pkgwriter import PackageWriter

from planctl.errors import PlanctlError
from planctl.formats.word.elements import R_NS, Element, w
from planctl.formats.word.styles import Styles
from planctl.messages import t
from planctl.xmltext import clean

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "default.docx"
# python-docx's own template (Letter, Calibri): the compliance report's until it moves to the plan's
PYTHON_DOCX_TEMPLATE = Path(docx.__file__).resolve().parent / "templates" / "default.docx"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_DOTX_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_EMU_PER_TWIP = 635


class Package:
    """An opened Word document whose body planctl fills: styles by id, the body before its section
    properties, hyperlink relationships, and the width between the margins."""

    def __init__(self, document: Any) -> None:
        self.document = document  # python-docx Document: parts and properties
        self.part = document.part
        self.body: Element = document.element.body
        self.styles = Styles(document.styles.element)
        self._sect = self.body.find(w("sectPr"))
        self.removed: list[str] = []  # message keys: what of the template was left out (macros ...)
        self._links = Links(self.part)

    @classmethod
    def open(cls, path: Path, *, keep_body: bool = False) -> Package:
        """The template at path (.docx or .dotx), its body emptied unless keep_body. A template is input
        like a plan: a regular file, of a bounded size and number of parts, read as a zip before python-docx
        opens it; what it could make the built document do (macros, external relationships, an attached
        template, building blocks) is left out and named in `removed`. A path that is not a usable Word
        file is a usage error (exit 2)."""
        if path.suffix.lower() not in (".docx", ".dotx"):
            raise PlanctlError(t("en", "build.template.kind", path=path), file=str(path))
        data = _read_template(path)
        try:
            if path.suffix.lower() == ".dotx":
                data = _dotx_as_docx(data)
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # not a zip, not a Word file, unreadable
            raise PlanctlError(
                t("en", "build.template.missing", path=path) + f" ({type(exc).__name__})", file=str(path)
            ) from exc
        package = cls(document)
        if package._sect is None:
            raise PlanctlError(t("en", "build.template.no-section", path=path), file=str(path))
        package.removed = _sanitise(document)
        if not keep_body:
            for child in list(package.body):
                if child is not package._sect:
                    package.body.remove(child)
        return package

    def append(self, blocks: Iterable[Element]) -> None:
        """Body elements added at the end, before the section properties."""
        for block in blocks:
            if self._sect is not None:
                self._sect.addprevious(block)
            else:
                self.body.append(block)

    def replace_body(self, blocks: list[Element]) -> None:
        """The body becomes blocks. Blocks already in it stay (only moved): taking a large subtree out of a
        document costs a walk over all of it in lxml, so only what is no longer used is taken out."""
        keep = set(blocks)
        for child in list(self.body):
            if child is not self._sect and child not in keep:
                self.body.remove(child)
        self.append(blocks)

    def link(self, url: str) -> str:
        """The relationship id of an external hyperlink to url (one per distinct url)."""
        return self._links.rid(clean(url))

    def rels_changed(self) -> None:
        """Relationships of the document part were taken out: hyperlink ids are looked for from rId1 again."""
        self._links.rescan()

    def url(self, rid: str) -> str:
        """The target of relationship rid, or "" when there is none."""
        rel = self.part.rels.get(rid)
        return str(rel.target_ref) if rel is not None else ""

    def text_width(self) -> int:
        """The width between the margins in EMU (a missing value counts as 0)."""
        width, left, right = self._frame()
        return (width or 0) - (left or 0) - (right or 0)

    def text_twips(self, *, landscape: bool = False) -> int:
        """The width between the margins in twips, on a page of the template's size turned to landscape or
        not (A4 and 2.5 cm margins where the template sets none)."""
        width, height, left, right = self._page()
        if landscape != (width > height):
            width, height = height, width
        return width - left - right

    def _page(self) -> tuple[int, int, int, int]:
        """Page width and height, left and right margin in twips."""
        sect = self._sect
        size = sect.find(w("pgSz")) if sect is not None else None
        margins = sect.find(w("pgMar")) if sect is not None else None

        def value(el: Element | None, attr: str, default: int) -> int:
            found = _emu(el, attr)
            return found // _EMU_PER_TWIP if found is not None else default

        return (
            value(size, "w", 11906),
            value(size, "h", 16838),
            value(margins, "left", 1417),
            value(margins, "right", 1417),
        )

    def default_cell_width(self, columns: int) -> int:
        """The width in twips python-docx gave each cell of a new table with this many columns: the
        width between the margins (Letter and 1 inch where the template sets none) shared equally."""
        if columns <= 0:
            return 0
        width, left, right = self._frame()
        inch = 1440 * _EMU_PER_TWIP
        block = (width or inch * 17 // 2) - (left or inch) - (right or inch)
        return twips(block // columns)

    def _frame(self) -> tuple[int | None, int | None, int | None]:
        sect = self._sect
        size = sect.find(w("pgSz")) if sect is not None else None
        margins = sect.find(w("pgMar")) if sect is not None else None
        return (_emu(size, "w"), _emu(margins, "left"), _emu(margins, "right"))

    def save(self, *, date: tuple[int, int, int, int, int, int] = ZIP_DATE) -> bytes:
        """The package as a deterministic zip: python-docx's parts, in the order and with the content
        types and relationships its own save writes, deflated once into entries with fixed timestamps and
        attributes (what `deterministic_zip` makes of python-docx's zip, without inflating and deflating
        the whole document a second time)."""
        opc = self.part.package
        parts = list(opc.parts)
        for part in parts:
            part.before_marshal()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            entries = _Entries(archive, date)
            steps: Any = PackageWriter  # python-docx's steps of PackageWriter.write, into our own zip
            steps._write_content_types_stream(entries, parts)
            steps._write_pkg_rels(entries, opc.rels)
            steps._write_parts(entries, parts)
        return buffer.getvalue()


class Links:
    """The external hyperlinks of a part: url -> relationship id, as python-docx's `relate_to` gives them
    (the first relationship to the url, else a new one with the lowest free rIdN), without its search of
    every relationship for each link and again for the next free id (quadratic in links: 25,000 distinct
    addresses took minutes)."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self._rids: dict[str, str] | None = None
        self._next = 1  # every rIdN below it is taken
        self._size = -1  # how many relationships the part had after the last link this made

    def rid(self, url: str) -> str:
        rels = self.part.rels
        if self._rids is None:
            self._rids = {}
            for rel in rels.values():
                if rel.is_external and rel.reltype == RELATIONSHIP_TYPE.HYPERLINK:
                    self._rids.setdefault(rel.target_ref, rel.rId)
        rid = self._rids.get(url)
        if rid is not None:
            return rid
        if len(rels) != self._size:  # relationships were added or taken out by others
            self._next = 1
        n = self._next
        while f"rId{n}" in rels:
            n += 1
        rid = f"rId{n}"
        rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rid, is_external=True)
        self._rids[url] = rid
        self._next = n + 1
        self._size = len(rels)
        return rid

    def rescan(self) -> None:
        self._next = 1
        self._size = -1


class _Entries:
    """python-docx's physical package writer interface (write, close) over a zip whose entries have a
    fixed date and attributes."""

    def __init__(self, archive: zipfile.ZipFile, date: tuple[int, int, int, int, int, int]) -> None:
        self.archive = archive
        self.date = date

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, self.date)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self.archive.writestr(info, blob)

    def close(self) -> None:
        self.archive.close()


def twips(emu: int) -> int:
    """A length in EMU as whole twips (rounded as python-docx rounds)."""
    return round(emu / _EMU_PER_TWIP)


def _emu(el: Element | None, attr: str) -> int | None:
    value = el.get(w(attr)) if el is not None else None
    if value is None:
        return None
    try:
        return int(value) * _EMU_PER_TWIP
    except ValueError:
        return None


def deterministic_zip(data: bytes, date: tuple[int, int, int, int, int, int] = ZIP_DATE) -> bytes:
    """The same archive with fixed timestamps and attributes, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_TEMPLATE_PARTS = 1000
MAX_TEMPLATE_UNPACKED = 250 * 1024 * 1024
_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_GLOSSARY = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/glossaryDocument"
_ATTACHED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def _read_template(path: Path) -> bytes:
    """The template's bytes: a regular file (not a pipe or a device that would never end), at most
    MAX_TEMPLATE_BYTES, a zip of at most MAX_TEMPLATE_PARTS entries and MAX_TEMPLATE_UNPACKED bytes."""
    try:
        info = path.stat()
    except OSError as exc:
        raise PlanctlError(
            t("en", "build.template.missing", path=path) + f" ({exc.strerror or exc})", file=str(path)
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise PlanctlError(t("en", "build.template.not-file", path=path), file=str(path))
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise PlanctlError(t("en", "build.template.too-large", path=path), file=str(path))
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise PlanctlError(
            t("en", "build.template.missing", path=path) + f" ({type(exc).__name__})", file=str(path)
        ) from exc
    if len(entries) > MAX_TEMPLATE_PARTS or sum(e.file_size for e in entries) > MAX_TEMPLATE_UNPACKED:
        raise PlanctlError(t("en", "build.template.too-large", path=path), file=str(path))
    return data


def _sanitise(document: Any) -> list[str]:
    """Leave out of the document what a template could make it do: macros (vbaProject.bin), building
    blocks (a glossary document), an attached template, and every external relationship but a web link
    (linked pictures, OLE links, frames): the references to them are removed with them. The message keys
    of what was found."""
    removed: list[str] = []
    main = document.part
    for rid, rel in list(main.rels.items()):
        if rel.reltype == _VBA:
            del main.rels[rid]
            removed.append("build.template.removed.macros")
        elif rel.reltype == _GLOSSARY:
            del main.rels[rid]
            removed.append("build.template.removed.glossary")
    settings = document.settings.element
    for attached in settings.findall(w("attachedTemplate")):
        settings.remove(attached)
        removed.append("build.template.removed.attached")
    for part in list(main.package.iter_parts()):
        for rid, rel in list(part.rels.items()):
            if rel.is_external and rel.reltype != RELATIONSHIP_TYPE.HYPERLINK:
                del part.rels[rid]
                if rel.reltype != _ATTACHED:
                    removed.append("build.template.removed.external")
                _unreference(part, rid)
    return list(dict.fromkeys(removed))


def _unreference(part: Any, rid: str) -> None:
    """Attributes of part's XML that name relationship rid (r:id, r:link, r:embed ...) removed."""
    element = getattr(part, "_element", None)
    if element is None:
        return
    for el in element.iter():
        for name, value in list(el.attrib.items()):
            if value == rid and name.startswith(f"{{{R_NS}}}"):
                del el.attrib[name]


def _dotx_as_docx(data: bytes) -> bytes:
    """python-docx opens only documents: switch a template's main part content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_DOTX_TYPE, _DOCX_TYPE)
            dst.writestr(info, blob)
    return out.getvalue()
