"""The Word package's packaging layer (Open Packaging Conventions): a zip read into parts, relationships and
content types, and written back as a deterministic zip.

planctl writes everything inside the parts itself (`planctl.formats.word.elements`); this module only
carries them. It reads and writes a package the way python-docx did before it (the project's earlier
package layer, still used by the template script and the tests), so that the output stays the same bytes:

- the parts are those reached by walking the relationships from the package, depth first, in the order
  of each .rels file; unreachable members of the zip are left out;
- the WordprocessingML parts planctl edits (`XML_TYPES`) are parsed (blank text dropped) and serialized
  again with a standalone declaration; every other part is copied as bytes;
- relationships keep their ids and order; a new one takes the lowest free rIdN; targets are written
  relative to the source part;
- [Content_Types].xml is made anew: a Default for an extension whose content type is the usual one
  (`DEFAULT_TYPES`), an Override for every other part, Defaults sorted by extension, Overrides by name.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator, Mapping

from lxml import etree

from planctl.formats.word.elements import Element

ZipDate = tuple[int, int, int, int, int, int]
ZIP_DATE: ZipDate = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry: every entry's

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _RT + "officeDocument"
RT_STYLES = _RT + "styles"
RT_SETTINGS = _RT + "settings"
RT_HEADER = _RT + "header"
RT_FOOTER = _RT + "footer"
RT_FOOTNOTES = _RT + "footnotes"
RT_HYPERLINK = _RT + "hyperlink"
RT_IMAGE = _RT + "image"
RT_EXTENDED_PROPERTIES = _RT + "extended-properties"
RT_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT = _WML + "document.main+xml"
CT_TEMPLATE = _WML + "template.main+xml"
CT_STYLES = _WML + "styles+xml"
CT_SETTINGS = _WML + "settings+xml"
CT_HEADER = _WML + "header+xml"
CT_FOOTER = _WML + "footer+xml"
CT_FOOTNOTES = _WML + "footnotes+xml"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"

# Parts parsed into elements (and serialized again on save); every other part is bytes.
XML_TYPES = frozenset(
    {
        CT_CORE_PROPERTIES,
        _WML + "comments+xml",
        CT_DOCUMENT,
        CT_FOOTER,
        CT_HEADER,
        _WML + "numbering+xml",
        CT_SETTINGS,
        CT_STYLES,
    }
)
# (extension, content type) pairs written as a Default rather than an Override.
DEFAULT_TYPES = frozenset(
    {
        ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
        ("bmp", "image/bmp"),
        ("emf", "image/x-emf"),
        ("fntdata", "application/x-fontdata"),
        ("gif", "image/gif"),
        ("jpe", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("png", "image/png"),
        ("rels", CT_RELATIONSHIPS),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("wdp", "image/vnd.ms-photo"),
        ("wmf", "image/x-wmf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("xml", CT_XML),
    }
)
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_EXTERNAL = "External"
# Blank text between elements is dropped, entities are not resolved (a template is untrusted input).
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def parse(blob: bytes) -> Element:
    """A part's XML as an element tree (lxml.etree.XMLSyntaxError when it is not well-formed)."""
    root: Element = etree.fromstring(blob, PARSER)
    return root


def serialize(root: Element) -> bytes:
    """An XML part's bytes: UTF-8 with a standalone declaration, no whitespace added."""
    return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


def base_of(partname: str) -> str:
    """The folder of a part name ("/word" for "/word/document.xml"; "/" for the package)."""
    return posixpath.split(partname)[0]


def extension(partname: str) -> str:
    """A part name's extension without the dot ("" when it has none)."""
    ext = posixpath.splitext(partname)[1]
    return ext[1:] if ext.startswith(".") else ext


def rels_name(partname: str) -> str:
    """The relationships item of a part ("/" gives "/_rels/.rels")."""
    folder, name = posixpath.split(partname)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class Rel:
    """One relationship: to a part of the package, or to an external address."""

    __slots__ = ("_base", "external", "reltype", "rid", "target")

    def __init__(self, rid: str, reltype: str, target: Part | str, base: str, external: bool) -> None:
        self.rid = rid
        self.reltype = reltype
        self.target = target
        self.external = external
        self._base = base

    @property
    def is_external(self) -> bool:
        return self.external

    @property
    def target_part(self) -> Part:
        if not isinstance(self.target, Part):
            raise ValueError(f"{self.rid} is an external relationship")
        return self.target

    @property
    def target_ref(self) -> str:
        """The Target attribute: an external address, or the part's name relative to the source."""
        if isinstance(self.target, str):
            return self.target
        name = self.target.partname
        return name[1:] if self._base == "/" else posixpath.relpath(name, self._base)


def _target_key(reltype: str, target: Part | str, external: bool) -> tuple[str, bool, object]:
    """What makes two relationships the same for relate: an external one's address, a part itself."""
    return (reltype, external, target if external else id(target))


class Rels(dict[str, Rel]):
    """A source's relationships by id, in the order of its .rels file (new ones at the end).

    relate and relate_external give python-docx's ids (the first relationship to the target, else a new
    one with the lowest free rIdN) from an index of targets and the lowest id that may be free, not by
    searching every relationship for each one (quadratic: 25,000 distinct addresses took minutes, 4,000
    distinct pictures seconds). Relationships are set and taken out by [] and del only; taking one out
    makes both be looked for again."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self._lowest_free = 1  # every rIdN below it is taken
        self._first: dict[tuple[str, bool, object], str] | None = None  # target -> its first rid

    def __setitem__(self, rid: str, rel: Rel) -> None:
        if rid in self:
            self._first = None
        super().__setitem__(rid, rel)
        if self._first is not None:
            self._first.setdefault(_target_key(rel.reltype, rel.target, rel.external), rid)

    def __delitem__(self, rid: str) -> None:
        super().__delitem__(rid)
        self._first = None
        self._lowest_free = 1

    def add(self, reltype: str, target: Part | str, rid: str, *, external: bool = False) -> Rel:
        rel = Rel(rid, reltype, target, self.base, external)
        self[rid] = rel
        return rel

    def next_rid(self) -> str:
        """The lowest rIdN not taken."""
        while f"rId{self._lowest_free}" in self:
            self._lowest_free += 1
        return f"rId{self._lowest_free}"

    def relate(self, part: Part, reltype: str) -> str:
        """The id of the relationship of reltype to part, added when there is none."""
        return self._related(reltype, part, False)

    def relate_external(self, url: str, reltype: str) -> str:
        """The id of the external relationship of reltype to url, added when there is none."""
        return self._related(reltype, url, True)

    def _related(self, reltype: str, target: Part | str, external: bool) -> str:
        if self._first is None:
            self._first = {}
            for rid, rel in self.items():
                self._first.setdefault(_target_key(rel.reltype, rel.target, rel.external), rid)
        found = self._first.get(_target_key(reltype, target, external))
        return (
            found if found is not None else self.add(reltype, target, self.next_rid(), external=external).rid
        )

    def part(self, reltype: str) -> Part | None:
        """The one part related by reltype, or None; ValueError when there are several."""
        found = [rel for rel in self.values() if rel.reltype == reltype]
        if len(found) > 1:
            raise ValueError(f"more than one relationship of type {reltype}")
        return found[0].target_part if found else None

    def xml(self) -> bytes:
        root = etree.Element(f"{{{_PR_NS}}}Relationships", nsmap={None: _PR_NS})  # type: ignore[dict-item]
        for rel in self.values():
            attrs = {"Id": rel.rid, "Type": rel.reltype, "Target": rel.target_ref}
            if rel.external:
                attrs["TargetMode"] = _EXTERNAL
            etree.SubElement(root, f"{{{_PR_NS}}}Relationship", attrs)
        return serialize(root)


class Part:
    """A part: its name, content type, relationships, and either its XML (element) or its bytes."""

    __slots__ = ("blob", "content_type", "element", "partname", "rels")

    def __init__(
        self, partname: str, content_type: str, *, blob: bytes = b"", element: Element | None = None
    ) -> None:
        self.partname = partname
        self.content_type = content_type
        self.blob = blob
        self.element = element
        self.rels = Rels(base_of(partname))

    def relate_to(self, target: Part | str, reltype: str, *, is_external: bool = False) -> str:
        """The id of the relationship of reltype to a part or (is_external) an address."""
        if is_external:
            assert isinstance(target, str)
            return self.rels.relate_external(target, reltype)
        assert isinstance(target, Part)
        return self.rels.relate(target, reltype)

    def data(self) -> bytes:
        return serialize(self.element) if self.element is not None else self.blob


class OpcPackage:
    """The parts of one package, reached from its own relationships."""

    def __init__(self) -> None:
        self.rels = Rels("/")
        self.images: list[Part] = []  # image parts in the order python-docx numbered them from

    @classmethod
    def read(cls, data: bytes, *, template: bool = False) -> OpcPackage:
        """The package in zip bytes. template: a .dotx, whose main part is taken as a document's. Raises
        (zipfile.BadZipFile, KeyError, ValueError, lxml's XMLSyntaxError ...) when it is not a package."""
        package = cls()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = _ContentTypes(parse(archive.read("[Content_Types].xml")), template)

            def rels_of(partname: str) -> list[tuple[str, str, str, bool]]:
                try:
                    blob = archive.read(rels_name(partname)[1:])
                except KeyError:
                    return []
                return [
                    (
                        str(r.get("Id")),
                        str(r.get("Type")),
                        str(r.get("Target")),
                        r.get("TargetMode", "Internal") == _EXTERNAL,
                    )
                    for r in parse(blob).findall(f"{{{_PR_NS}}}Relationship")
                ]

            # The parts, depth first from the package's relationships, each the first time it is reached.
            parts: dict[str, Part] = {}
            sources: list[tuple[Rels, str, list[tuple[str, str, str, bool]]]] = []
            package_rels = rels_of("/")
            sources.append((package.rels, "/", package_rels))
            stack: list[Iterator[tuple[str, str, str, bool]]] = [iter(package_rels)]
            bases = ["/"]
            while stack:
                srel = next(stack[-1], None)
                if srel is None:
                    stack.pop()
                    bases.pop()
                    continue
                _, reltype, ref, external = srel
                if external:
                    continue
                name = posixpath.normpath(posixpath.join(bases[-1], ref))
                if name in parts:
                    continue
                own = rels_of(name)
                blob = archive.read(name[1:])
                content_type = types.of(name)
                if reltype != RT_IMAGE and content_type in XML_TYPES:
                    part = Part(name, content_type, element=parse(blob))
                else:
                    part = Part(name, content_type, blob=blob)
                parts[name] = part
                sources.append((part.rels, base_of(name), own))
                stack.append(iter(own))
                bases.append(base_of(name))
        for rels, base, own in sources:
            for rid, reltype, ref, external in own:
                target: Part | str = ref if external else parts[posixpath.normpath(posixpath.join(base, ref))]
                rels.add(reltype, target, rid, external=external)
        for rel in package.iter_rels():
            if not rel.external and rel.reltype == RT_IMAGE and rel.target_part not in package.images:
                package.images.append(rel.target_part)
        return package

    def iter_rels(self) -> Iterator[Rel]:
        """Every relationship once, depth first from the package's."""
        seen: set[int] = set()
        stack = [iter(list(self.rels.values()))]
        while stack:
            rel = next(stack[-1], None)
            if rel is None:
                stack.pop()
                continue
            yield rel
            if rel.external or id(rel.target) in seen:
                continue
            seen.add(id(rel.target))
            stack.append(iter(list(rel.target_part.rels.values())))

    def parts(self) -> list[Part]:
        """Every part reached from the package's relationships, depth first, each once (in the order
        iter_rels first reaches it)."""
        found: dict[int, Part] = {}
        for rel in self.iter_rels():
            if not rel.external:
                found.setdefault(id(rel.target), rel.target_part)
        return list(found.values())

    def next_partname(self, template: str) -> str:
        """template ("/word/header%d.xml") with the lowest number no part has."""
        taken = {part.partname for part in self.parts()}
        n = 1
        while template % n in taken:
            n += 1
        return template % n

    def relate_to(self, part: Part, reltype: str) -> str:
        return self.rels.relate(part, reltype)

    def write(self, date: ZipDate, data: Mapping[str, bytes | bytearray] | None = None) -> bytes:
        """The package as a zip: [Content_Types].xml, the package's relationships, then each part and
        its relationships (when it has any), every entry deflated with a fixed date and attributes. data:
        the bytes of parts (by name) made elsewhere, written instead of their elements."""
        given = data or {}
        parts = self.parts()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            entries = _Entries(archive, date)
            entries.write("[Content_Types].xml", _content_types(parts))
            entries.write("_rels/.rels", self.rels.xml())
            for part in parts:
                blob = given.get(part.partname)
                entries.write(part.partname[1:], blob if blob is not None else part.data())
                if part.rels:
                    entries.write(rels_name(part.partname)[1:], part.rels.xml())
        return buffer.getvalue()


def deterministic_zip(data: bytes, date: ZipDate = ZIP_DATE) -> bytes:
    """The same archive with its entries written as a package's are (fixed date and attributes,
    deflated), so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        entries = _Entries(dst, date)
        for info in src.infolist():
            entries.write(info.filename, src.read(info.filename))
    return out.getvalue()


class _Entries:
    """The zip's entries, each deflated with a fixed date and attributes."""

    def __init__(self, archive: zipfile.ZipFile, date: ZipDate) -> None:
        self.archive = archive
        self.date = date

    def write(self, name: str, blob: bytes | bytearray) -> None:
        info = zipfile.ZipInfo(name, self.date)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self.archive.writestr(info, blob)


class _ContentTypes:
    """[Content_Types].xml as read: a part's type by its name (Override), else by its extension (Default),
    both without regard to case."""

    def __init__(self, root: Element, template: bool) -> None:
        def fix(value: str | None) -> str:
            value = str(value)
            return CT_DOCUMENT if template and value == CT_TEMPLATE else value

        self.overrides = {
            str(o.get("PartName")).lower(): fix(o.get("ContentType"))
            for o in root.findall(f"{{{_CT_NS}}}Override")
        }
        self.defaults = {
            str(d.get("Extension")).lower(): fix(d.get("ContentType"))
            for d in root.findall(f"{{{_CT_NS}}}Default")
        }

    def of(self, partname: str) -> str:
        found = self.overrides.get(partname.lower()) or self.defaults.get(extension(partname).lower())
        if found is None:
            raise KeyError(f"no content type for {partname}")
        return found


def _content_types(parts: list[Part]) -> bytes:
    defaults = {"rels": CT_RELATIONSHIPS, "xml": CT_XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = extension(part.partname).lower()
        if (ext, part.content_type) in DEFAULT_TYPES:
            defaults[ext] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    root = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})  # type: ignore[dict-item]
    for ext in sorted(defaults):
        etree.SubElement(root, f"{{{_CT_NS}}}Default", {"Extension": ext, "ContentType": defaults[ext]})
    for name in sorted(overrides):
        etree.SubElement(root, f"{{{_CT_NS}}}Override", {"PartName": name, "ContentType": overrides[name]})
    return serialize(root)
