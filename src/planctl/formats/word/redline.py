"""Tracked changes between two rendered Word documents.

Given the body XML an element of the old council document produced and the XML the same element of the new
one produced, `Redliner` builds the merged XML: the new content, with every difference as a real tracked
change that Word and LibreOffice show and can accept or reject —

- text, word by word: `w:ins` around inserted runs, `w:del` (with `w:delText`) around deleted ones; a run
  whose formatting changed counts as deleted and inserted;
- whole paragraphs: the paragraph mark is tracked too (`w:pPr/w:rPr/w:ins|w:del`), so accepting or
  rejecting removes the paragraph and not only its text;
- table rows: `w:trPr/w:ins|w:del`; rows are paired by the entity they show when the caller knows it
  (a measure row stays paired when its status changes, and reordering rows is not a change), otherwise by
  their text.

Accepting every change gives the new document's text, rejecting every change the old one's. The XML model
is what the Word writer writes (paragraphs, runs, hyperlinks, tables); anything else is kept from the new side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from lxml import etree

from planctl.diff.matching import opcodes
from planctl.diff.prose import tokens as word_tokens
from planctl.formats.word.council import TABLE_TEXT_SIZE
from planctl.formats.word.elements import PPR, R_ID, RPR, TBL, TC, TCPR, TR, TRPR, XML_SPACE, P, R, T, w
from planctl.formats.word.fit import fit

HYPERLINK = w("hyperlink")
TBLPR = w("tblPr")
# run content that has a deleted form of its own
_DELETED_FORM = {w("t"): w("delText"), w("instrText"): w("delInstrText")}


class Marks:
    """Makes w:ins / w:del elements with unique ids, one author and one date."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self._next = 1

    def make(self, kind: str) -> Any:
        el = etree.Element(w(kind))
        el.set(w("id"), str(self._next))
        el.set(w("author"), self.author)
        el.set(w("date"), self.date)
        self._next += 1
        return el


@dataclass(frozen=True, slots=True)
class _Token:
    link: str | None  # URL of the hyperlink the run is in
    rpr: bytes  # the run's properties, serialized
    text: str | None  # a word or a stretch of white space; None for `atom`
    atom: Any = None  # other run content (w:br, w:tab, w:fldChar ...) or paragraph content
    outside_run: bool = False  # atom is paragraph content (a bookmark ...), not run content
    sig: bytes | None = None  # what the atom stands for, where its XML does not say (a footnote's text)

    @property
    def key(self) -> tuple[str | None, bytes, str | bytes]:
        if self.text is not None:
            return self.link, self.rpr, self.text
        return self.link, self.rpr, self.sig if self.sig is not None else etree.tostring(self.atom)


def text_of(el: Any) -> str:
    """The visible text of a paragraph, row or table (w:t only)."""
    return "".join(t.text or "" for t in el.iter(T))


class Redliner:
    """Merges old and new body XML into tracked changes.

    url_of(side, rid): the URL of hyperlink relationship rid in the old or the new document;
    link_id(url): the relationship id of url in the merged (new) document, created if needed;
    row_keys: for a w:tbl element, the identity of each of its rows (None entries: pair by text);
    tracked(key): whether changes to the entity behind a row key are tracked (`--only`/`--ignore`), or None
    for a key that names no entity: the row then follows `track`, the decision for the element it is in.
    atom_key(atom): what run content other than text stands for in the comparison, or None for its XML
    (footnote references: their note's text, formats.word.redline_notes).
    A table whose rows name entities is gone through row by row even when its element is not tracked.
    """

    def __init__(
        self,
        marks: Marks,
        url_of: Callable[[str, str], str],
        link_id: Callable[[str], str],
        tracked: Callable[[str], bool | None] = lambda key: True,
        atom_key: Callable[[Any], bytes | None] = lambda atom: None,
    ) -> None:
        self.marks = marks
        self.atom_key = atom_key
        self.url_of = url_of
        self.link_id = link_id
        self.tracked = tracked
        self.row_keys: dict[Any, list[str | None]] = {}
        self.track = True  # whether the element now merged is tracked at all (its owner's changes are)
        self._rpr_cache: dict[bytes, Any] = {}
        self._sources: dict[Any, tuple[Any, Any]] = {}  # merged paragraph -> (old, new) it was made from

    # ---- block level: sequences of w:p and w:tbl -----------------------------------------------------
    def blocks(self, old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
        """old and new block-level elements (a body span or a cell's content) merged, in order."""
        out: list[Any] = []
        if not old:
            for el in new:
                out.extend(self.inserted(el))
            return out
        if not new:
            for el in old:
                out.extend(self.deleted(el))
            return out
        for tag, i1, i2, j1, j2 in opcodes([_block_sig(e) for e in old], [_block_sig(e) for e in new]):
            if tag == "equal":
                for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                    out.extend(self.merged(a, b))
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                a = old[i1 + k] if i1 + k < i2 else None
                b = new[j1 + k] if j1 + k < j2 else None
                if a is not None and b is not None and a.tag == b.tag:
                    out.extend(self.merged(a, b))
                    continue
                if a is not None:
                    out.extend(self.deleted(a))
                if b is not None:
                    out.extend(self.inserted(b))
        return out

    def merged(self, old: Any, new: Any) -> list[Any]:
        # unchanged new elements are used as they are, not copied (the merged document is the new one: its
        # link ids hold, and a large document is not copied element by element)
        if (not self.track and not self._keyed(new)) or _same(old, new):
            return [new]
        if new.tag == P:
            return [self.paragraph(old, new)]
        if new.tag == TBL:
            return [self.table(old, new)]
        return [new]

    def inserted(self, new: Any) -> list[Any]:
        if (not self.track and not self._keyed(new)) or new.tag not in (P, TBL):
            return [new]
        return [self.paragraph(None, new) if new.tag == P else self.table(None, new)]

    def deleted(self, old: Any) -> list[Any]:
        if not self.track or old.tag not in (P, TBL):
            return []
        return [self.paragraph(old, None) if old.tag == P else self.table(old, None)]

    # ---- paragraphs ----------------------------------------------------------------------------------
    def paragraph(self, old: Any | None, new: Any | None, *, whole: bool = False) -> Any:
        """The merged paragraph, word by word; whole: all of the old text deleted and all of the new
        inserted (a short cell reads better so: «~~I gang~~ Fra høsten 2024», not word by word)."""
        base = new if new is not None else old
        assert base is not None
        out = etree.Element(P)
        ppr = base.find(PPR)
        if ppr is not None:
            out.append(deepcopy(ppr))
            if new is None:  # a deleted paragraph ends no section of the new document
                for sect in list(out.iter(w("sectPr"))):
                    parent = sect.getparent()
                    if parent is not None:
                        parent.remove(sect)
        a = list(self._tokens(old, "old")) if old is not None else []
        b = list(self._tokens(new, "new")) if new is not None else []
        ops: list[tuple[str, _Token]] = []
        if whole and a and b and [x.key for x in a] != [x.key for x in b]:
            # the old text, a space (deleted with it: accepting leaves no trace), then the new text
            gap = (
                [_Token(a[-1].link, a[-1].rpr, " ")] if a[-1].text is None or not a[-1].text.isspace() else []
            )
            ops = [("delete", x) for x in [*a, *gap]] + [("insert", x) for x in b]
        elif not a or not b:
            ops = [("delete", x) for x in a] + [("insert", x) for x in b]
        else:
            for tag, i1, i2, j1, j2 in opcodes([x.key for x in a], [x.key for x in b]):
                if tag == "equal":
                    ops.extend(("equal", x) for x in b[j1:j2])
                    continue
                ops.extend(("delete", x) for x in a[i1:i2])
                ops.extend(("insert", x) for x in b[j1:j2])
        self._emit(out, ops)
        if old is not None and new is not None:
            self._sources[out] = (old, new)
        if old is None:
            _mark(_para_rpr(out), self.marks.make("ins"))
        elif new is None:
            _mark(_para_rpr(out), self.marks.make("del"))
        return out

    def _tokens(self, p: Any, side: str) -> Iterator[_Token]:
        for child in p:
            if child.tag == PPR:
                continue
            if child.tag == R:
                yield from self._run_tokens(child, None)
            elif child.tag == HYPERLINK:
                rid = child.get(R_ID)
                url = self.url_of(side, rid) if rid else None
                for run in child.iter(R):
                    yield from self._run_tokens(run, url)
            else:  # bookmarks and the like: kept as they are
                yield _Token(None, b"", None, child, outside_run=True)

    def _run_tokens(self, run: Any, link: str | None) -> Iterator[_Token]:
        rpr = run.find(RPR)
        props = etree.tostring(rpr) if rpr is not None else b""
        for child in run:
            if child.tag == RPR:
                continue
            if child.tag == T:
                for word in word_tokens(child.text or ""):
                    yield _Token(link, props, word)
            else:
                yield _Token(link, props, None, child, sig=self.atom_key(child))

    def _emit(self, out: Any, ops: list[tuple[str, _Token]]) -> None:
        """Runs for ops: consecutive tokens with the same change, link and formatting share one run."""
        link_el: Any = None
        link_url: str | None = None
        i = 0
        while i < len(ops):
            op, first = ops[i]
            j = i
            while (
                j < len(ops)
                and ops[j][0] == op
                and ops[j][1].link == first.link
                and ops[j][1].rpr == first.rpr
                and ops[j][1].outside_run == first.outside_run
            ):
                j += 1
            group = [tok for _, tok in ops[i:j]]
            i = j
            if first.outside_run:  # kept from the new side only
                if op != "delete":
                    out.extend(deepcopy(tok.atom) for tok in group)
                continue
            if first.link != link_url:
                link_url = first.link
                link_el = None
                if link_url is not None:
                    link_el = etree.SubElement(out, HYPERLINK)
                    link_el.set(R_ID, self.link_id(link_url))
            target = link_el if link_el is not None else out
            run = self._run(group, first.rpr, deleted=op == "delete")
            if op == "equal":
                target.append(run)
            else:
                mark = self.marks.make("ins" if op == "insert" else "del")
                mark.append(run)
                target.append(mark)

    def _run(self, group: list[_Token], props: bytes, *, deleted: bool) -> Any:
        run = etree.Element(R)
        if props:
            cached = self._rpr_cache.get(props)
            if cached is None:
                cached = self._rpr_cache[props] = etree.fromstring(props)
            run.append(deepcopy(cached))
        text: list[str] = []

        def flush() -> None:
            if text:
                el = etree.SubElement(run, w("delText") if deleted else T)
                el.set(XML_SPACE, "preserve")
                el.text = "".join(text)
                text.clear()

        for tok in group:
            if tok.text is not None:
                text.append(tok.text)
                continue
            flush()
            atom = deepcopy(tok.atom)
            if deleted and atom.tag in _DELETED_FORM:
                atom.tag = _DELETED_FORM[atom.tag]
            run.append(atom)
        flush()
        return run

    def settle(self, elements: list[Any]) -> list[Any]:
        """elements, with a changed paragraph that ends in inserted text and is followed by an inserted
        paragraph given as the old paragraph deleted and the new one inserted.

        Why: LibreOffice (7.4) joins such a paragraph with the one after the insertions when every change is
        rejected (Word does not). Whole paragraphs are read the same way by both."""
        out: list[Any] = []
        for k, el in enumerate(elements):
            after = elements[k + 1] if k + 1 < len(elements) else None
            sources = self._sources.get(el)
            if sources is not None and after is not None and _whole(after, "ins") and _ends_inserted(el):
                old, new = sources
                out.append(self.paragraph(old, None))
                out.append(self.paragraph(None, new))
                continue
            out.append(el)
        return out

    # ---- tables --------------------------------------------------------------------------------------
    def table(self, old: Any | None, new: Any | None) -> Any:
        base = new if new is not None else old
        assert base is not None
        out = _shell(base, TR)
        old_rows = old.findall(TR) if old is not None else []
        new_rows = new.findall(TR) if new is not None else []
        old_keys = self._keys(old, old_rows)
        new_keys = self._keys(new, new_rows)
        for i, j in pair_items(old_keys, new_keys):
            a = old_rows[i] if i is not None else None
            b = new_rows[j] if j is not None else None
            key = new_keys[j] if j is not None else old_keys[i] if i is not None else "\0"
            tracked = None if key.startswith("\0") else self.tracked(key)
            outer, self.track = self.track, self.track if tracked is None else tracked
            try:
                out.extend(self.rows(a, b))
            finally:
                self.track = outer
        if out.find(f"{TBLPR}/{w('tblStyle')}") is not None and out.find(f".//{w('gridSpan')}") is None:
            _refit(out)
        return out

    def _keyed(self, el: Any) -> bool:
        return any(k is not None for k in self.row_keys.get(el, ()))

    def _keys(self, tbl: Any | None, rows: list[Any]) -> list[str]:
        """Row identities: the caller's keys where it gave them, the row's text elsewhere."""
        given = self.row_keys.get(tbl) if tbl is not None else None
        if given is None or len(given) != len(rows):
            given = [None] * len(rows)
        return [k if k is not None else "\0" + text_of(row) for k, row in zip(given, rows, strict=True)]

    def rows(self, old: Any | None, new: Any | None) -> list[Any]:
        if not self.track:
            return [new] if new is not None else []
        if old is not None and new is not None:
            if len(old.findall(TC)) != len(new.findall(TC)):
                return self.rows(old, None) + self.rows(None, new)
            if _same(old, new):
                return [new]
        base = new if new is not None else old
        assert base is not None
        out = _shell(base, TC)
        if old is None or new is None:
            trpr = out.find(TRPR)
            if trpr is None:
                trpr = etree.Element(TRPR)
                out.insert(1 if len(out) and out[0].tag == w("tblPrEx") else 0, trpr)
            trpr.append(self.marks.make("ins" if old is None else "del"))
        old_cells = old.findall(TC) if old is not None else [None] * len(base.findall(TC))
        new_cells = new.findall(TC) if new is not None else [None] * len(base.findall(TC))
        for a, b in zip(old_cells, new_cells, strict=True):
            cell_base = b if b is not None else a
            cell = etree.SubElement(out, TC)
            tcpr = cell_base.find(TCPR)
            if tcpr is not None:
                cell.append(deepcopy(tcpr))
            before, after = _content(a), _content(b)
            if _short_cell(before) and _short_cell(after):
                content = [self.paragraph(before[0], after[0], whole=True)]
            else:
                content = self.settle(self.blocks(before, after))
            cell.extend(content)
            if not len(cell) or cell[-1].tag != P:
                etree.SubElement(cell, P)  # a cell ends with a paragraph
        return [out]


def pair_items(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) in the new order, an unpaired old item right after the item that
    preceded it in the old order. Items are paired by equal key, first with first; moving an item is not
    a change."""
    by_key: dict[str, list[int]] = {}
    for i, k in enumerate(old):
        by_key.setdefault(k, []).append(i)
    paired_old: dict[int, int] = {}
    new_to_old: list[int | None] = []
    for j, k in enumerate(new):
        candidates = by_key.get(k)
        if candidates:
            i = candidates.pop(0)
            paired_old[i] = j
            new_to_old.append(i)
        else:
            new_to_old.append(None)
    # old items without a partner hang after the nearest paired item before them (or lead)
    after: dict[int | None, list[int]] = {}
    anchor: int | None = None
    for i in range(len(old)):
        if i in paired_old:
            anchor = paired_old[i]
        else:
            after.setdefault(anchor, []).append(i)
    out: list[tuple[int | None, int | None]] = [(i, None) for i in after.get(None, [])]
    for j, partner in enumerate(new_to_old):
        out.append((partner, j))
        out.extend((k, None) for k in after.get(j, []))
    return out


def _refit(tbl: Any) -> None:
    """A data table's columns fitted again to what the merged table shows: a cell holds its deleted and
    its inserted text side by side, so the widths of either document alone would break their words."""
    rows = tbl.findall(TR)
    grid = tbl.find(w("tblGrid"))
    if not rows or grid is None:
        return
    total = sum(int(c.get(w("w"), "0")) for c in grid.findall(w("gridCol")))
    cells = [row.findall(TC) for row in rows]
    width = max(len(r) for r in cells)
    if total <= 0 or any(len(r) != width for r in cells):
        return
    header = rows[0].find(f"{TRPR}/{w('tblHeader')}") is not None
    columns = [[(_shown(r[i]), header and n == 0) for n, r in enumerate(cells)] for i in range(width)]
    widths, _ = fit(columns, total, TABLE_TEXT_SIZE)
    for col, value in zip(grid.findall(w("gridCol")), widths, strict=True):
        col.set(w("w"), str(value))
    for row in cells:
        for tc, value in zip(row, widths, strict=True):
            tcw = tc.find(f"{TCPR}/{w('tcW')}")
            if tcw is not None:
                tcw.set(w("w"), str(value))


def _shown(tc: Any) -> str:
    """A merged cell's text as it stands: deleted and inserted words, a paragraph a line."""
    return "\n".join(" ".join(el.text or "" for el in p.iter(T, w("delText"))) for p in tc.iter(P))


SHORT_CELL_WORDS = 5  # a cell of this many words or fewer changes as a whole


def _short_cell(content: list[Any]) -> bool:
    """A cell of one paragraph with a few words (a status, a date, a name)."""
    return len(content) == 1 and content[0].tag == P and len(text_of(content[0]).split()) <= SHORT_CELL_WORDS


def _shell(base: Any, without: str) -> Any:
    """A new element like base, with copies of its children except those tagged without (the caller's to fill)."""
    out = etree.Element(base.tag)
    out.extend(deepcopy(child) for child in base if child.tag != without)
    return out


def _block_sig(el: Any) -> str:
    if el.tag == TBL:
        first = el.find(TR)
        return "tbl\0" + (text_of(first) if first is not None else "")
    return f"{etree.QName(el).localname}\0{text_of(el)}"


def _same(old: Any, new: Any) -> bool:
    """Identical XML; with hyperlinks, only when their targets are compared (ids differ between documents)."""
    return next(new.iter(HYPERLINK), None) is None and etree.tostring(old) == etree.tostring(new)


def _content(cell: Any | None) -> list[Any]:
    return [c for c in cell if c.tag != TCPR] if cell is not None else []


def _whole(el: Any, kind: str) -> bool:
    """Whether el is a paragraph inserted (or deleted) as a whole, its mark included."""
    return el.tag == P and el.find(f"{PPR}/{RPR}/{w(kind)}") is not None


def _ends_inserted(p: Any) -> bool:
    last = p[-1] if len(p) else None
    if last is not None and last.tag == HYPERLINK:
        last = last[-1] if len(last) else None
    return last is not None and last.tag == w("ins")


def _para_rpr(p: Any) -> Any:
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = etree.SubElement(ppr, RPR)
    return rpr


def _mark(rpr: Any, mark: Any) -> None:
    rpr.insert(0, mark)  # w:ins / w:del come first in a paragraph mark's properties
