"""The Word package: a template opened with planctl's own package layer (`opc`), its body, relationships and
page frame, saved as a deterministic zip.

`opc` reads and writes the package and its parts (relationships, content types); everything inside the parts
is written by `planctl.formats.word.elements`. python-docx, which did the package's part before, stays a
development dependency (the shipped template's script and the tests); the build does not import it.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path
from typing import cast

from lxml import etree

from planctl.errors import PlanctlError
from planctl.formats.word import opc
from planctl.formats.word.elements import R_NS, Element, w
from planctl.formats.word.image import read_picture
from planctl.formats.word.styles import Styles
from planctl.messages import Msg
from planctl.xmltext import clean

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "default.docx"
# python-docx's own files (found without importing it): its template (Letter, Calibri), and the parts it
# added to a template that lacked them (styles, settings, a header or footer of the first section).
_PYTHON_DOCX_SPEC = find_spec("docx")
_PYTHON_DOCX_DIR = Path(
    next(iter(_PYTHON_DOCX_SPEC.submodule_search_locations or ()))
    if _PYTHON_DOCX_SPEC is not None
    else "docx"
)
PYTHON_DOCX_TEMPLATE = _PYTHON_DOCX_DIR.resolve() / "templates" / "default.docx"
_EMU_PER_TWIP = 635
_EMU_PER_INCH = 914400
_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
}
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_IDS = etree.XPath(".//@id")
_AROUND_NS = "urn:planctl:around-body"  # marks the body's place in `around_body` (no document holds it)


def _largest_id(el: Element) -> int:
    """The largest numeric value of an `id` attribute in el's XML (0 when there is none)."""
    found = cast("list[str]", _IDS(el))
    return max((int(v) for v in found if v.isdigit()), default=0)


def python_docx_part(name: str) -> Element:
    """One of python-docx's default parts (default-styles.xml ...), parsed."""
    return opc.parse((_PYTHON_DOCX_DIR / "templates" / name).read_bytes())


class Package:
    """An opened Word document whose body planctl fills: styles by id, the body before its section
    properties, hyperlink relationships, and the width between the margins."""

    def __init__(self, package: opc.OpcPackage) -> None:
        self.opc = package
        main = package.rels.part(opc.RT_OFFICE_DOCUMENT)
        if main is None:
            raise KeyError("no main document part")
        if main.content_type != opc.CT_DOCUMENT or main.element is None:
            raise ValueError(f"not a Word document: {main.content_type}")
        self.part = main
        self.root: Element = main.element  # w:document
        body = self.root.find(w("body"))
        if body is None:
            raise ValueError("the document has no body")
        self.body: Element = body
        self.styles = Styles(
            self._own_part(opc.RT_STYLES, "/word/styles.xml", opc.CT_STYLES, "default-styles.xml")
        )
        self._sect = self.body.find(w("sectPr"))
        self.removed: list[str] = []  # message keys: what of the template was left out (macros ...)
        self._image_names: dict[int, str] = {}  # id of an image part made here -> the file's name
        self._images_by_digest: dict[str, opc.Part] | None = None  # sha1 of an image part's bytes -> it
        # What each picture placed would otherwise look up in the whole document again (quadratic in
        # pictures: 4,000 figures took 59 s): the numbers of the image parts' names, the lowest one that
        # may be free, and the largest shape id so far.
        self._image_numbers: set[int] | None = None
        self._free_image_number = 1
        self._shape_id: int | None = None
        self._ids_taken_out = 0  # the largest numeric id of XML taken out before the first picture

    def _own_part(self, reltype: str, partname: str, content_type: str, default: str) -> Element:
        """The root of the document part's part of reltype, python-docx's default one added when the
        template has none."""
        part = self.part.rels.part(reltype)
        if part is None:
            part = opc.Part(partname, content_type, element=python_docx_part(default))
            self.part.relate_to(part, reltype)
        if part.element is None:
            raise ValueError(f"{part.partname} is not XML")
        return part.element

    @property
    def settings(self) -> Element:
        """w:settings (word/settings.xml; python-docx's default settings where the template has none)."""
        return self._own_part(opc.RT_SETTINGS, "/word/settings.xml", opc.CT_SETTINGS, "default-settings.xml")

    @classmethod
    def open(cls, path: Path, *, keep_body: bool = False) -> Package:
        """The template at path (.docx or .dotx), its body emptied unless keep_body. A template is input
        like a plan: a regular file, of a bounded size and number of parts, read as a zip before its
        parts are; what it could make the built document do (macros, external relationships, an attached
        template, building blocks) is left out and named in `removed`. A path that is not a usable Word
        file is a usage error (exit 2)."""
        if path.suffix.lower() not in (".docx", ".dotx"):
            raise _refused("build.template.kind", path)
        data = _read_template(path)
        try:
            package = cls(opc.OpcPackage.read(data, template=path.suffix.lower() == ".dotx"))
        except Exception as exc:  # not a zip, not a Word file, unreadable
            raise _refused("build.template.missing", path, type(exc).__name__) from exc
        if package._sect is None:
            raise _refused("build.template.no-section", path)
        package.removed = _sanitise(package)
        broken = _dangling_story(package)
        if broken:
            raise _refused("build.template.missing", path, broken)
        if not keep_body:
            for child in list(package.body):
                if child is not package._sect:
                    _discard(package.body, child)
        return package

    def append(self, blocks: Iterable[Element]) -> None:
        """Body elements added at the end, before the section properties."""
        for block in blocks:
            if self._sect is not None:
                self._sect.addprevious(block)
            else:
                self.body.append(block)

    def link(self, url: str) -> str:
        """The relationship id of an external hyperlink to url (one per distinct url)."""
        return self.part.rels.relate_external(clean(url), opc.RT_HYPERLINK)

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

    def save(self, *, date: opc.ZipDate = opc.ZIP_DATE, document: bytes | bytearray | None = None) -> bytes:
        """The package as a deterministic zip (fixed timestamps and attributes, parts in a fixed order).
        document: the document part's bytes, made from `around_body` (the tracked-change document writes its
        body as bytes, `formats.word.frozen`)."""
        return self.opc.write(date, {self.part.partname: document} if document is not None else {})

    def around_body(self) -> tuple[bytes, bytes]:
        """The document part's bytes before and after the body's blocks (the section properties after),
        as `save` writes them: the part is the first, the blocks' bytes, the second. Only for a body that
        holds nothing but its section properties."""
        mark = etree.Element(f"{{{_AROUND_NS}}}blocks", nsmap={"planctl": _AROUND_NS})
        assert all(child is self._sect for child in self.body), "the body holds blocks"
        self.append([mark])
        try:
            data = opc.serialize(self.root)
        finally:
            self.body.remove(mark)
        at = data.index(b"<planctl:blocks ")
        return data[:at], data[data.index(b">", at) + 1 :]

    def taking_out(self, el: Element) -> None:
        """el's XML is about to leave the document for good (`formats.word.frozen`): while no picture is
        placed yet, its numeric ids count for the first picture's shape id as if it had stayed."""
        if self._shape_id is None:
            self._ids_taken_out = max(self._ids_taken_out, _largest_id(el))

    def picture(self, path: Path, max_width: int) -> Element | None:
        """A wp:inline showing the picture at path, as wide as its pixels and resolution say but at most
        max_width (EMU), its part added to the package (once per distinct content); None when the file is
        not a picture the writer can place."""
        try:
            data = path.read_bytes()
            found = read_picture(data)
            native_width = int(found.px_width / found.horz_dpi * _EMU_PER_INCH)
            native_height = int(found.px_height / found.vert_dpi * _EMU_PER_INCH)
        except (OSError, ValueError, ZeroDivisionError):
            return None
        width = min(native_width, max_width)
        digest = hashlib.sha1(data).hexdigest()
        if self._images_by_digest is None:  # the template's pictures, hashed once (not once a picture)
            self._images_by_digest = {}
            for part in self.opc.images:
                self._images_by_digest.setdefault(hashlib.sha1(part.blob).hexdigest(), part)
        image = self._images_by_digest.get(digest)
        if image is None:
            n = self._next_image_number()
            ext = os.path.splitext(path.name)[1][1:]
            image = opc.Part(f"/word/media/image{n}.{ext}", found.content_type, blob=data)
            self.opc.images.append(image)
            self._images_by_digest[digest] = image
            self._image_names[id(image)] = path.name
        # the picture is named after the file its part was first made from (a template's: "image.png")
        filename = self._image_names.get(id(image)) or f"image.{_EXTENSIONS[found.content_type]}"
        rid = self.part.relate_to(image, opc.RT_IMAGE)
        try:
            height = round(native_height * (float(width) / float(native_width)))
        except ZeroDivisionError:
            return None  # the part and relationship stay, as they did with python-docx
        return _inline(self._next_shape_id(), rid, filename, width, height)

    def _next_image_number(self) -> int:
        """The lowest number no image part's name ends in ("image3.png": 3), as python-docx numbers a new
        image part. Numbers are only ever taken, so the lowest free one never goes down."""
        if self._image_numbers is None:
            self._image_numbers = {n for p in self.opc.images if (n := _index(p.partname)) is not None}
        while self._free_image_number in self._image_numbers:
            self._free_image_number += 1
        self._image_numbers.add(self._free_image_number)
        return self._free_image_number

    def _next_shape_id(self) -> int:
        """One more than the largest numeric `id` attribute in the document, as python-docx gives a new
        picture's shape (docPr) id. The document is searched for the first picture only: after it, this
        writer adds no such id but the pictures' own (docPr; a picture's cNvPr is always 0), each placed
        in the document before the next is made."""
        if self._shape_id is None:
            self._shape_id = max(self._ids_taken_out, _largest_id(self.root))
        self._shape_id += 1
        return self._shape_id


def _discard(parent: Element, child: Element) -> None:
    """child taken out of parent, emptied first. lxml's remove keeps the element (the caller holds it) and
    moves its whole subtree into a document of its own, in time that grows with the square of the subtree:
    a redline's old measure table of 5,000 rows took 1.6 s, a table of 25,000 cells 3.6 s. Emptying it
    first frees what nothing refers to and moves only the pieces something still holds (a block kept
    elsewhere), in time linear in the subtree."""
    child.clear()
    parent.remove(child)


def _index(partname: str) -> int | None:
    """The number at the end of a part's file name ("image12.png" -> 12), None without one."""
    stem = os.path.splitext(os.path.basename(partname))[0]
    letters = len(stem) - len(stem.lstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = stem[letters:]
    end = len(digits) - len(digits.lstrip("0123456789"))
    return int(digits[:end]) if letters and end and digits[0] != "0" else None


def _inline(shape: int, rid: str, filename: str, cx: int, cy: int) -> Element:
    """wp:inline with a pic:pic of the image related by rid, cx by cy EMU: the elements, attributes and
    namespace declarations python-docx gave a picture."""
    root = etree.Element(f"{{{_WP_NS}}}inline", nsmap={"wp": _WP_NS, "a": _A_NS, "pic": _PIC_NS, "r": R_NS})
    size = {"cx": str(cx), "cy": str(cy)}
    etree.SubElement(root, f"{{{_WP_NS}}}extent", size)
    etree.SubElement(root, f"{{{_WP_NS}}}docPr", {"id": str(shape), "name": f"Picture {shape}"})
    frame = etree.SubElement(root, f"{{{_WP_NS}}}cNvGraphicFramePr")
    etree.SubElement(frame, f"{{{_A_NS}}}graphicFrameLocks", {"noChangeAspect": "1"})
    graphic = etree.SubElement(root, f"{{{_A_NS}}}graphic")
    data = etree.SubElement(graphic, f"{{{_A_NS}}}graphicData", {"uri": _PIC_NS})
    pic = etree.SubElement(data, f"{{{_PIC_NS}}}pic")
    nv = etree.SubElement(pic, f"{{{_PIC_NS}}}nvPicPr")
    etree.SubElement(nv, f"{{{_PIC_NS}}}cNvPr", {"id": "0", "name": filename})
    etree.SubElement(nv, f"{{{_PIC_NS}}}cNvPicPr")
    fill = etree.SubElement(pic, f"{{{_PIC_NS}}}blipFill")
    etree.SubElement(fill, f"{{{_A_NS}}}blip", {f"{{{R_NS}}}embed": rid})
    etree.SubElement(etree.SubElement(fill, f"{{{_A_NS}}}stretch"), f"{{{_A_NS}}}fillRect")
    sp = etree.SubElement(pic, f"{{{_PIC_NS}}}spPr")
    xfrm = etree.SubElement(sp, f"{{{_A_NS}}}xfrm")
    etree.SubElement(xfrm, f"{{{_A_NS}}}off", {"x": "0", "y": "0"})
    etree.SubElement(xfrm, f"{{{_A_NS}}}ext", size)
    etree.SubElement(sp, f"{{{_A_NS}}}prstGeom", {"prst": "rect"})
    return root


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
        raise _refused("build.template.missing", path, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise _refused("build.template.not-file", path)
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise _refused("build.template.too-large", path)
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise _refused("build.template.missing", path, type(exc).__name__) from exc
    if len(entries) > MAX_TEMPLATE_PARTS or sum(e.file_size for e in entries) > MAX_TEMPLATE_UNPACKED:
        raise _refused("build.template.too-large", path)
    return data


def _sanitise(package: Package) -> list[str]:
    """Leave out of the document what a template could make it do: macros (vbaProject.bin), building
    blocks (a glossary document), an attached template, and every external relationship but a web link
    (linked pictures, OLE links, frames): the references to them are removed with them. The message keys
    of what was found."""
    removed: list[str] = []
    main = package.part
    for rid, rel in list(main.rels.items()):
        if rel.reltype == _VBA:
            del main.rels[rid]
            removed.append("build.template.removed.macros")
        elif rel.reltype == _GLOSSARY:
            del main.rels[rid]
            removed.append("build.template.removed.glossary")
    settings = package.settings
    for attached in settings.findall(w("attachedTemplate")):
        settings.remove(attached)
        removed.append("build.template.removed.attached")
    for part in package.opc.parts():
        for rid, rel in list(part.rels.items()):
            if rel.external and rel.reltype != opc.RT_HYPERLINK:
                del part.rels[rid]
                if rel.reltype != _ATTACHED:
                    removed.append("build.template.removed.external")
                _unreference(part, rid)
    return list(dict.fromkeys(removed))


def _refused(key: str, path: Path, reason: str | None = None) -> PlanctlError:
    """The one-line error (exit 2) for a template that cannot be used, in the reader's language when it is
    shown, with why where a reason is known (the exception's name, the system's words, the broken part);
    the error's file names the template once."""
    message = Msg(key)
    if reason:
        message = Msg("build.template.because", {"message": message, "reason": reason})
    return PlanctlError(message, file=str(path))


def _dangling_story(package: Package) -> str:
    """The first header or footer reference of the body's sections that names no header or footer part of
    the package (a missing or external relationship, a part that is not XML), as "w:headerReference
    r:id=rId9", or "" when every one names a part: such a template is broken, and the running header and
    footer could not be written into it."""
    rels = package.part.rels
    for sect in package.body.iter(w("sectPr")):
        for ref in sect:
            if ref.tag not in (w("headerReference"), w("footerReference")):
                continue
            rid = ref.get(f"{{{R_NS}}}id")
            rel = rels.get(rid) if rid is not None else None
            if rel is None or rel.is_external or rel.target_part.element is None:
                return f"w:{ref.tag.rpartition('}')[2]} r:id={rid}"
    return ""


def _unreference(part: opc.Part, rid: str) -> None:
    """Attributes of part's XML that name relationship rid (r:id, r:link, r:embed ...) removed."""
    if part.element is None:
        return
    for el in part.element.iter():
        for name, value in list(el.attrib.items()):
            if value == rid and str(name).startswith(f"{{{R_NS}}}"):
                del el.attrib[name]
