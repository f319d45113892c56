"""Body blocks kept as the bytes they are in their document, for the tracked-change document (and for a
large council document, `formats.word.writer.render_docx`, which is written the same way).

`planctl diff --format docx` is made from two whole council documents and is itself a third. As lxml
element trees they cost about 250 bytes of memory per element (its node, attribute and text nodes): ten to
fifteen times their XML. Two plans of 8,000 goals, strategies, arenas and pathway steps each (3 MB of YAML)
took 1.3 GB, one statistics table of 40,000 rows as much. So the redline keeps each document's body blocks
as the bytes they serialise to in their document: a paragraph as one piece, a table as its frame and one
piece per row (a long table's rows leave the tree while it is still being rendered, `Freezer.row_done`).
The merge parses a block back (`Freezer.thaw`) only while it compares and merges it, and writes the merged
body as bytes as it goes (`Body`); a block that did not change is never parsed at all.

The bytes are exact. A block is serialised inside its own document, in a context element in the body, so
its namespace declarations are those in scope there; a block is parsed back inside a copy of the document's
root and body start tags (the same declarations in the same order), so that whatever the merge serialises,
compares or copies of a thawed block is what it would of the block in its document; and the document part is
written around the body's bytes (`Body.document`) as it would be around the body's elements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from lxml import etree

from planctl.formats.word.elements import TBL, TC, TR, Element, P, keep_with_next, w
from planctl.formats.word.package import Package

HYPERLINK = w("hyperlink")
GRID_SPAN = w("gridSpan")
_T = w("t")
_CONTEXT = w("customXml")  # never written: a block is moved in to be serialised, then taken out again
_NS = "urn:planctl:frozen"
_MARK = f"{{{_NS}}}mark"  # between the blocks of one serialisation (a name no document holds)
_THAWED = "planctl-thawed"  # an attribute of the copy of a document's root that `thaw` parses blocks in
# Thawed blocks are parsed without dropping white space (it is the writer's own XML, every text as written)
# and without the size limits meant for untrusted input (a paragraph may hold more than 10 MB of text).
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
# Live elements frozen together at most (cells of table rows; a block counts as one): about 10 MB of tree.
BATCH_CELLS = 4096


def text_of(el: Element) -> str:
    """The visible text of a paragraph, row or table (w:t only)."""
    return "".join(t.text or "" for t in el.iter(_T))


class Frozen:
    """A body block (a paragraph, a table without its own frame ...) as its bytes in its document, with what
    the merge asks of it without parsing it: its tag, its signature (what it is matched by) and whether it
    holds a hyperlink (whose relationship id says nothing across documents)."""

    __slots__ = ("link", "sig", "tag", "xml")

    def __init__(self, xml: bytes, tag: str, sig: str, link: bool) -> None:
        self.xml = xml
        self.tag = tag
        self.sig = sig
        self.link = link

    def same(self, other: Frozen) -> bool:
        """The same XML (with hyperlinks never: their targets would have to be compared)."""
        return not other.link and type(other) is type(self) and self.xml == other.xml

    def pieces(self) -> Iterable[bytes]:
        yield self.xml


class FrozenRow:
    """A table row as its bytes, with its text (w:t only), its number of cells, whether it holds a hyperlink
    or a cell spanning columns, and (a merged row) the text each cell shows, deletions included."""

    __slots__ = ("cells", "link", "shown", "span", "text", "xml")

    def __init__(
        self,
        xml: bytes,
        *,
        text: str = "",
        cells: int = 0,
        link: bool = False,
        span: bool = False,
        shown: list[str] | None = None,
    ) -> None:
        self.xml = xml
        self.text = text
        self.cells = cells
        self.link = link
        self.span = span
        self.shown = shown


class FrozenTable(Frozen):
    """A table as its frame and its rows: head, the start tag and every child before the first row
    (properties, grid); tail, the end tag. Rows held as elements are those the end of the merge still
    changes (`Body`)."""

    __slots__ = ("head", "rows", "tail")

    def __init__(
        self, head: bytes, rows: list[FrozenRow | Element], tail: bytes, *, sig: str = "", link: bool = False
    ) -> None:
        super().__init__(b"", TBL, sig, link)
        self.head = head
        self.rows = rows
        self.tail = tail

    def same(self, other: Frozen) -> bool:
        if (
            other.link
            or not isinstance(other, FrozenTable)
            or (self.head, self.tail) != (other.head, other.tail)
        ):
            return False
        if len(self.rows) != len(other.rows):
            return False
        return all(
            isinstance(a, FrozenRow) and isinstance(b, FrozenRow) and a.xml == b.xml
            for a, b in zip(self.rows, other.rows, strict=True)
        )

    def pieces(self) -> Iterable[bytes]:
        yield self.head
        for row in self.rows:
            assert isinstance(row, FrozenRow), "a held row is written by Body"
            yield row.xml
        yield self.tail


Block = Element | Frozen  # a body block as the redline holds it: an element, or its bytes


class Freezer:
    """Serialises body blocks of one document as they are in it, and parses such bytes back.

    prepare(el): applied to every block and row before it is serialised (the redline renumbers the old
    document's footnote marks so). pictures: whether a picture may yet be placed in the document (the ids
    of what is frozen then count for its shape id, `Package.taking_out`). merge: whether the blocks are to
    be merged (the redline): only then is each given what the merge asks of it (its text, signature,
    cells, links), which a document that is only written (`writer.render_docx`) does not need."""

    def __init__(
        self,
        package: Package,
        prepare: Callable[[Element], None] | None = None,
        *,
        pictures: bool = True,
        merge: bool = True,
    ) -> None:
        self.package = package
        self.prepare = prepare
        self.pictures = pictures
        self.merge = merge
        self._context: Element = etree.Element(_CONTEXT)
        package.append([self._context])
        # the bytes of a mark and of the context's end tag, as a serialisation writes them
        self._context.append(_mark())
        probe = bytes(etree.tostring(self._context, encoding="UTF-8", xml_declaration=False))
        self._mark = probe[probe.index(b">") + 1 : probe.rindex(b"</")]
        self._context.clear()
        # the document's root and body start tags (their namespace declarations), to parse blocks inside
        whole = bytes(etree.tostring(package.root, encoding="UTF-8"))
        root_end = whole.index(b">") + 1
        body_end = whole.index(b">", root_end) + 1
        root_name = _name(whole[:root_end])
        cut = 1 + len(root_name)
        self._open = whole[:cut] + b" " + _THAWED.encode() + b'=""' + whole[cut:body_end]
        self._close = b"</" + _name(whole[root_end:body_end]) + b"></" + root_name + b">"
        self._pending: dict[Element, list[FrozenRow]] = {}  # rows of tables still being rendered
        self._table: Element | None = None
        self._cells = 0
        self._live: list[tuple[list[Block], int, int]] = []  # (span, index, cells): rendered, not frozen
        self._live_cells = 0

    # ---- the primitives ----------------------------------------------------------------------------------
    def freeze(self, elements: Sequence[Element]) -> list[bytes]:
        """Each element's bytes as they are in the document (its tail included), in one serialisation; the
        elements are emptied and taken out of wherever they were. Elements that `thaw` gave, all of one
        call and in its order, are serialised where they are; any others are moved into the context."""
        if not elements:
            return []
        parent = elements[0].getparent()
        root = parent.getparent() if parent is not None else None
        here = root is not None and root.get(_THAWED) is not None and root.getparent() is None
        if here and parent is not None and list(parent) == list(elements):
            context = parent
        else:
            context = self._context
            assert context.getparent() is not None, "the freezer is closed"
            for el in elements:
                context.append(el)
            if self.pictures:
                self.package.taking_out(context)
        for k, el in enumerate(elements):
            if self.prepare is not None:
                self.prepare(el)
            if k:
                el.addprevious(_mark())
        data = bytes(etree.tostring(context, encoding="UTF-8", xml_declaration=False))
        end = data.rindex(b"</")
        inner = data[data.index(b">") + 1 : end]
        pieces = inner.split(self._mark) if len(elements) > 1 else [inner]
        if len(pieces) != len(elements):
            raise AssertionError("a block's bytes hold the freezer's mark")
        for child in list(context):
            child.clear()  # frees its subtree at once (taking a large element out whole costs far more)
            context.remove(child)
        return pieces

    def thaw(self, pieces: Sequence[bytes]) -> list[Element]:
        """The elements of pieces (each from `freeze` or a `FrozenTable`'s head + tail), parsed in a copy of
        the document's root and body: what is serialised or copied within them is what it would be in the
        document (the namespace declarations in scope are the same, in the same order).

        They are to be frozen again where they are (`freeze`), not moved into another document: lxml moves
        an element in time that grows with the square of its size when the namespace declarations it uses
        are not its own (a row of 800 cells took 20 ms)."""
        if not pieces:
            return []
        root = etree.fromstring(b"".join((self._open, *pieces, self._close)), _PARSER)
        return list(root[0])

    def around_body(self) -> tuple[bytes, bytes]:
        """`Package.around_body` of the document (whose body holds nothing but this freezer's context)."""
        self.close()
        try:
            return self.package.around_body()
        finally:
            self.package.append([self._context])

    def close(self) -> None:
        """The context element taken out of the document (before it is written): nothing more is frozen."""
        parent = self._context.getparent()
        if parent is not None:
            parent.remove(self._context)

    # ---- blocks and rows ---------------------------------------------------------------------------------
    def rows(self, rows: Sequence[Element]) -> list[FrozenRow]:
        """Rows frozen, with what the merge asks of them (when they are to be merged)."""
        if not self.merge:
            return [FrozenRow(xml) for xml in self.freeze(rows)]
        meta = [
            (text_of(r), len(r.findall(TC)), next(r.iter(HYPERLINK), None) is not None, spans_columns(r))
            for r in rows
        ]
        return [
            FrozenRow(xml, text=text, cells=cells, link=link, span=span)
            for xml, (text, cells, link, span) in zip(self.freeze(rows), meta, strict=True)
        ]

    def blocks(self, blocks: Sequence[Element]) -> list[Frozen]:
        """Body blocks frozen: a table whose rows come after its other children as a `FrozenTable` (with
        the rows frozen while it was rendered), anything else as a `Frozen`."""
        shells: list[Element] = []
        out: list[Frozen] = []
        row_batch: list[Element] = []
        plans: list[tuple[Element, int, int]] = []  # table, its first row in row_batch, its number of rows
        for el in blocks:
            rows = _rows_last(el)
            if rows is None:
                continue
            plans.append((el, len(row_batch), len(rows)))
            row_batch.extend(rows)  # each moved out of el into the context as it is frozen: the frame stays
        frozen_rows = self.rows(row_batch)
        tables: dict[Element, list[FrozenRow]] = {}
        for el, first, count in plans:
            tables[el] = self._pending.pop(el, []) + frozen_rows[first : first + count]
        assert not any(el in self._pending for el in blocks), "a table's frozen rows go with its frame"
        metas: list[tuple[str, str, bool]] = []
        for el in blocks:
            shells.append(el)
            rows_of = tables.get(el)
            if not self.merge:
                metas.append((el.tag, "", False))
                continue
            link = next(el.iter(HYPERLINK), None) is not None
            if rows_of is not None:
                link = link or any(r.link for r in rows_of)
                metas.append((el.tag, "tbl\0" + (rows_of[0].text if rows_of else ""), link))
            else:
                metas.append((el.tag, block_sig(el), link))
        for el, xml, (tag, sig, link) in zip(blocks, self.freeze(shells), metas, strict=True):
            rows_of = tables.get(el)
            if rows_of is None:
                out.append(Frozen(xml, tag, sig, link))
            else:
                cut = xml.rindex(b"</")
                out.append(FrozenTable(xml[:cut], list(rows_of), xml[cut:], sig=sig, link=link))
        return out

    def row_done(self, tbl: Element, keep: bool) -> None:
        """A row of tbl (a table being rendered) is complete: when its finished rows hold more than
        BATCH_CELLS cells, they are frozen (and kept for `blocks`). keep: the table is kept on one page,
        every paragraph but its last keeping with the next: the rows frozen get that now (the last row
        stays an element, for the renderer to finish)."""
        if tbl is not self._table:
            self._table, self._cells = tbl, 0
        if tbl.getparent() is None:
            # into the document now (the renderer's blocks go there when the element is done; there it is
            # moved to its place): its rows are then moved into the context within one document, in linear
            # time (see `thaw`)
            self.package.append([tbl])
        last = tbl[-1]
        self._cells += len(last)
        if self._cells < BATCH_CELLS:
            return
        rows = [child for child in tbl if child.tag == TR]
        if keep:
            rows = rows[:-1]
            for row in rows:
                for p in row.iter(P):
                    keep_with_next(p)
        self._pending.setdefault(tbl, []).extend(self.rows(rows))
        self._cells = len(last) if keep else 0

    def settle(self, span: list[Block] | None, hold: Iterable[Element]) -> None:
        """The blocks of span (those of one layout element, just rendered into the document's body) and of
        the spans before it frozen in place, but those in hold: what later elements may still change
        (`CouncilRenderer.open_blocks`). They are frozen together once they hold BATCH_CELLS cells, the
        rest by the last call (span None)."""
        if span is not None:
            for k, el in enumerate(span):
                assert not isinstance(el, Frozen), "a span is given once, as it is rendered"
                cells = 1 + sum(1 for _ in el.iter(TC))
                self._live.append((span, k, cells))
                self._live_cells += cells
            if self._live_cells < BATCH_CELLS:
                return
        held = set(hold)
        keep = [place for place in self._live if place[0][place[1]] in held]
        now = [place for place in self._live if place[0][place[1]] not in held]
        self._live = keep
        self._live_cells = sum(cells for _, _, cells in keep)
        batch: list[tuple[list[Block], int]] = []
        cells = 0
        for place_span, k, size in now:
            batch.append((place_span, k))
            cells += size
            if cells >= BATCH_CELLS:
                self._settle(batch)
                batch, cells = [], 0
        self._settle(batch)

    def _settle(self, places: list[tuple[list[Block], int]]) -> None:
        elements = [span[k] for span, k in places]
        assert all(not isinstance(el, Frozen) for el in elements)
        for (span, k), frozen in zip(places, self.blocks(elements), strict=True):  # type: ignore[arg-type]
            span[k] = frozen


class Body:
    """A document body written as bytes, in order: frozen pieces as they come, elements frozen in batches,
    and slots (`slot`) for what the end of the merge still changes, filled in by `document`."""

    def __init__(self, freezer: Freezer, head: bytes) -> None:
        self.freezer = freezer
        self._parts: list[bytearray | Slot] = [bytearray(head)]
        self._waiting: list[bytes | Element] = []  # in order; elements frozen together when there are enough
        self._cells = 0

    def write(self, item: bytes | Element | FrozenRow | Frozen, cells: int = 1) -> None:
        """A piece of the body after the ones before it (an element is frozen; cells: its size)."""
        if isinstance(item, Frozen):
            for piece in item.pieces():
                self._waiting.append(piece)
            return
        if isinstance(item, FrozenRow):
            self._waiting.append(item.xml)
            return
        self._waiting.append(item)
        if not isinstance(item, bytes):
            self._cells += cells
            if self._cells >= BATCH_CELLS:
                self.flush()

    def slot(self) -> Slot:
        """A place for what is given at the end (`Slot.add`), after what was written before it."""
        self.flush()
        slot = Slot()
        self._parts.append(slot)
        self._parts.append(bytearray())
        return slot

    def flush(self) -> None:
        elements = [x for x in self._waiting if not isinstance(x, bytes)]
        frozen = iter(self.freezer.freeze(elements))
        tail = self._parts[-1]
        assert isinstance(tail, bytearray)
        for x in self._waiting:
            tail += x if isinstance(x, bytes) else next(frozen)
        self._waiting = []
        self._cells = 0

    def document(self, tail: bytes) -> bytearray:
        """What was written (from the head given first), every slot filled (its elements frozen), and tail."""
        self.flush()
        slots = [part for part in self._parts if isinstance(part, Slot)]
        frozen = iter(self.freezer.freeze([el for slot in slots for el in slot.elements]))
        if not slots:
            out = self._parts[0]
            assert isinstance(out, bytearray)
            out += tail
            return out
        out = bytearray()
        for part in self._parts:
            if isinstance(part, Slot):
                for piece in part.pieces:
                    out += piece if piece is not None else next(frozen)
            else:
                out += part
        out += tail
        return out


class Slot:
    """A place in a `Body` filled at the end: pieces (bytes) and elements (None in pieces: the next of
    `elements`, frozen when the document is made)."""

    def __init__(self) -> None:
        self.pieces: list[bytes | None] = []
        self.elements: list[Element] = []

    def add(self, item: bytes | Element) -> None:
        if isinstance(item, bytes):
            self.pieces.append(item)
        else:
            self.pieces.append(None)
            self.elements.append(item)


def block_sig(el: Element) -> str:
    """What a block is matched by when the blocks of two documents are aligned: a paragraph by its text, a
    table by its first row's."""
    if el.tag == TBL:
        first = el.find(TR)
        return "tbl\0" + (text_of(first) if first is not None else "")
    return f"{etree.QName(el).localname}\0{text_of(el)}"


def _rows_last(el: Element) -> list[Element] | None:
    """A table's rows when they come after every other child of it and there is another child (the frame:
    properties, grid); None for anything else."""
    if el.tag != TBL:
        return None
    children = list(el)
    first = next((k for k, child in enumerate(children) if child.tag == TR), len(children))
    if first == 0 or any(child.tag != TR for child in children[first:]):
        return None
    return children[first:]


def spans_columns(row: Element) -> bool:
    """Whether a cell of the row spans columns."""
    return next(row.iter(GRID_SPAN), None) is not None


def _mark() -> Element:
    return etree.Element(_MARK, nsmap={"planctl": _NS})


def _name(start_tag: bytes) -> bytes:
    """The qualified name in a start tag (b'<w:body>' -> b'w:body')."""
    end = len(start_tag) - 1
    for stop in (b" ", b"/", b">", b"\t", b"\n", b"\r"):
        found = start_tag.find(stop, 1)
        if found != -1:
            end = min(end, found)
    return start_tag[1:end]
