"""A picture's type, size in pixels and resolution, read from its header, for the council document's figures.

Read as python-docx's image module reads them (the writer's sizes and media names stay what they were): the
type from a signature in the first 32 bytes (PNG; JPEG only as JFIF or Exif; GIF; TIFF; BMP), the size and
dots per inch from the header (72 where the file says none; a BMP without one 96). Anything else, or a header
that cannot be read, is `Unreadable`: the document shows the picture's alt text instead.
"""

from __future__ import annotations

import struct

from planctl.records import record


class Unreadable(ValueError):
    """The file is not a picture the writer can place."""


@record(frozen=True)
class Picture:
    content_type: str
    px_width: int
    px_height: int
    horz_dpi: int
    vert_dpi: int


def read_picture(data: bytes) -> Picture:
    """The picture in data; Unreadable when its type is not known or its header is broken."""
    head = data[:32]
    try:
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data)
        if head[6:10] == b"JFIF":
            return _jpeg(data, exif=False)
        if head[6:10] == b"Exif":
            return _jpeg(data, exif=True)
        if head[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack_from("<HH", data, 6)
            return Picture("image/gif", width, height, 72, 72)
        if head[:4] in (b"MM\x00*", b"II*\x00"):
            width, height, horz, vert = _tiff(data)
            if not isinstance(width, int) or not isinstance(height, int):
                raise Unreadable("no size")
            return Picture("image/tiff", width, height, horz, vert)
        if head[:2] == b"BM":
            width, height, horz, vert = struct.unpack_from("<LL12xLL", data, 0x12)
            return Picture("image/bmp", width, height, _per_metre(horz), _per_metre(vert))
    except (struct.error, IndexError, KeyError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise Unreadable(str(exc)) from exc
    raise Unreadable("not a known picture type")


def _per_metre(value: int) -> int:
    return 96 if value == 0 else round(value * 0.0254)


def _png(data: bytes) -> Picture:
    """IHDR's size and pHYs's resolution (the first of each), every chunk read up to IEND."""
    size: tuple[int, int] | None = None
    phys: tuple[int, int, int] | None = None
    offset = 8
    while True:
        length, kind = struct.unpack_from(">L4s", data, offset)
        name = kind.decode("utf-8")
        start = offset + 8
        if name == "IEND":
            break
        if name == "IHDR" and size is None:
            size = struct.unpack_from(">LL", data, start)
        elif name == "pHYs" and phys is None:
            phys = struct.unpack_from(">LLB", data, start)
        offset += 12 + length
    if size is None:
        raise Unreadable("no IHDR chunk")

    def dpi(per_unit: int) -> int:
        assert phys is not None
        return round(per_unit * 0.0254) if phys[2] == 1 and per_unit else 72

    horz, vert = (dpi(phys[0]), dpi(phys[1])) if phys is not None else (72, 72)
    return Picture("image/png", size[0], size[1], horz, vert)


_SOF = frozenset(b"\xc0\xc1\xc2\xc3\xc5\xc6\xc7\xc9\xca\xcb\xcd\xce\xcf")
_STANDALONE = frozenset(b"\x01\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9")
_APP0, _APP1, _SOS, _EOI = 0xE0, 0xE1, 0xDA, 0xD9


def _jpeg(data: bytes, *, exif: bool) -> Picture:
    """The first SOFn's size; the resolution of the first APP0 (JFIF) or APP1 (Exif), markers read up to
    the first SOS."""
    markers: list[tuple[int, int]] = []  # (code, offset of its segment)
    start = 0
    code = -1
    while code != _EOI:
        position = start
        while True:
            position = data.index(b"\xff", position)
            position += 1
            while data[position] == 0xFF:
                position += 1
            if data[position] != 0:
                break
        code, segment = data[position], position + 1
        markers.append((code, segment))
        if code == _SOS:
            break
        length = 0 if code in _STANDALONE else struct.unpack_from(">H", data, segment)[0]
        start = segment + length
    sof = next(offset for code, offset in markers if code in _SOF)
    height, width = struct.unpack_from(">HH", data, sof + 3)
    if exif:
        app1 = next(offset for code, offset in markers if code == _APP1)
        if data[app1 + 2 : app1 + 8] != b"Exif\x00\x00":
            horz = vert = 72
        else:
            length = struct.unpack_from(">H", data, app1)[0]
            _, _, horz, vert = _tiff(data[app1 + 8 : app1 + length])
    else:
        app0 = next(offset for code, offset in markers if code == _APP0)
        units, x_density, y_density = struct.unpack_from(">BHH", data, app0 + 9)

        def dpi(density: int) -> int:
            return density if units == 1 else round(density * 2.54) if units == 2 else 72

        horz, vert = dpi(x_density), dpi(y_density)
    return Picture("image/jpeg", width, height, horz, vert)


_NOT_A_NUMBER = object()  # a field of a type or count the reader does not take a value from


def _tiff(data: bytes) -> tuple[object, object, int, int]:
    """Width, height (as found: None or another value when missing or not a number) and resolution from the
    first image file directory."""
    order = ">" if data[:2] == b"MM" else "<"
    (ifd,) = struct.unpack_from(order + "L", data, 4)
    (count,) = struct.unpack_from(order + "H", data, ifd)
    entries: dict[int, object] = {}
    for i in range(count):
        at = ifd + 2 + i * 12
        tag, kind, values, pointer = struct.unpack_from(order + "HHLL", data, at)
        value: object = _NOT_A_NUMBER
        if kind == 2:  # ASCII: read (and decoded) as python-docx does, though no tag used here is text
            text = data[pointer : pointer + values - 1]
            if values < 1 or len(text) < values - 1:
                raise Unreadable("short TIFF text")
            value = text.decode("utf-8")
        elif kind == 3 and values == 1:
            (value,) = struct.unpack_from(order + "H", data, at + 8)
        elif kind == 4 and values == 1:
            (value,) = struct.unpack_from(order + "L", data, at + 8)
        elif kind == 5 and values == 1:
            numerator, denominator = struct.unpack_from(order + "LL", data, pointer)
            value = numerator / denominator
        entries[tag] = value

    def dpi(tag: int) -> int:
        if tag not in entries:
            return 72
        unit = entries.get(0x0128, 2)
        if unit == 1:
            return 72
        dots = entries[tag]
        if not isinstance(dots, int | float):
            raise Unreadable("TIFF resolution is not a number")
        return round(dots * (1 if unit == 2 else 2.54))

    return entries.get(0x0100), entries.get(0x0101), dpi(0x011A), dpi(0x011B)
