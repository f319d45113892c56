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

The two documents' body blocks come as bytes (`formats.word.frozen`: element trees of two large documents
and their merge took more than a gigabyte); a block is parsed only when it changed, a table row by row, and
the merged body is written as bytes as it is made (`MergedBody`). Cells and footnotes are merged as elements.
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
from planctl.formats.word.frozen import (
    BATCH_CELLS,
    HYPERLINK,
    Block,
    Body,
    Freezer,
    Frozen,
    FrozenRow,
    FrozenTable,
    Slot,
    block_sig,
    spans_columns,
    text_of,
)

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


class Redliner:
    """Merges old and new body XML into tracked changes.

    url_of(side, rid): the URL of hyperlink relationship rid in the old or the new document;
    link_id(url): the relationship id of url in the merged (new) document, created if needed;
    row_keys: for a w:tbl element (or frozen table), the identity of each of its rows (None entries: pair by
    text);
    tracked(key): whether changes to the entity behind a row key are tracked (`--only`/`--ignore`), or None
    for a key that names no entity: the row then follows `track`, the decision for the element it is in.
    atom_key(atom): what run content other than text stands for in the comparison, or None for its XML
    (footnote references: their note's text, formats.word.redline_notes).
    freezer: parses frozen blocks (`formats.word.frozen`) of either document and freezes merged rows (the
    two documents are made from one template: their blocks parse alike); without one, only elements.
    hold(el): whether a merged row must stay an element until the end of the merge (it holds what the end
    still changes: an old footnote mark).
    pair(old_atoms, new_atoms): whether run content deleted and inserted at the same places of a paragraph
    (in order, one for one) is the same thing changed, kept as the new content unchanged: a footnote mark
    whose note changed, its note then compared word by word (formats.word.redline_notes); False leaves them
    deleted and inserted.
    A table whose rows name entities is gone through row by row even when its element is not tracked.
    """

    def __init__(
        self,
        marks: Marks,
        url_of: Callable[[str, str], str],
        link_id: Callable[[str], str],
        tracked: Callable[[str], bool | None] = lambda key: True,
        atom_key: Callable[[Any], bytes | None] = lambda atom: None,
        *,
        freezer: Freezer | None = None,
        hold: Callable[[Any], bool] = lambda el: False,
        pair: Callable[[list[Any], list[Any]], bool] = lambda old, new: False,
    ) -> None:
        self.marks = marks
        self.pair = pair
        self.atom_key = atom_key
        self.url_of = url_of
        self.link_id = link_id
        self.tracked = tracked
        self.freezer = freezer
        self.hold = hold
        self.row_keys: dict[Any, list[str | None]] = {}
        self.track = True  # whether the element now merged is tracked at all (its owner's changes are)
        self._rpr_cache: dict[bytes, Any] = {}
        self._sources: dict[Any, tuple[Any, Any]] = {}  # merged paragraph -> (old, new) it was made from
        self._thawed: dict[int, Any] = {}  # id of a frozen block -> its element, while one merge needs it

    # ---- block level: sequences of w:p and w:tbl -----------------------------------------------------
    def blocks(self, old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
        """old and new block-level elements (a body span or a cell's content; frozen blocks or elements)
        merged, in order."""
        steps = _steps(old, new)
        out: list[Any] = []
        thawed = self._prepare(steps)
        try:
            for step, a, b in steps:
                if step == "merged":
                    out.extend(self.merged(a, b))
                elif step == "deleted":
                    out.extend(self.deleted(a))
                else:
                    out.extend(self.inserted(b))
        finally:
            for key in thawed:
                self._thawed.pop(key, None)
        return out

    def _prepare(self, steps: list[tuple[str, Any, Any]]) -> list[int]:
        """The frozen paragraphs (and tables without a frame of their own) the steps merge, parsed in one go
        (one parse of many blocks costs a fraction of many parses of one); their keys in `_thawed`."""
        if self.freezer is None:
            return []
        need: list[Frozen] = []
        for step, a, b in steps:
            base = b if b is not None else a
            if not isinstance(base, Frozen) or isinstance(base, FrozenTable):
                continue
            if step == "merged" and ((not self.track and not self._keyed(b)) or _same(a, b)):
                continue
            if step == "inserted" and ((not self.track and not self._keyed(b)) or b.tag not in (P, TBL)):
                continue
            if step == "deleted" and (not self.track or a.tag not in (P, TBL)):
                continue
            need.extend(x for x in (a, b) if isinstance(x, Frozen) and not isinstance(x, FrozenTable))
        for frozen, el in zip(need, self.freezer.thaw([x.xml for x in need]), strict=True):
            self._thawed[id(frozen)] = el
        return [id(x) for x in need]

    def _live(self, block: Any) -> Any:
        """block as an element (a frozen one parsed; prepared by `_prepare` where it could be)."""
        if not isinstance(block, Frozen):
            return block
        found = self._thawed.get(id(block))
        if found is not None:
            return found
        assert self.freezer is not None, "frozen blocks need the freezer"
        return self.freezer.thaw([b"".join(block.pieces())])[0]

    def merged(self, old: Any, new: Any) -> list[Any]:
        # unchanged new elements are used as they are, not copied (the merged document is the new one: its
        # link ids hold, and a large document is not copied element by element)
        if (not self.track and not self._keyed(new)) or _same(old, new):
            return [new]
        if new.tag == P:
            return [self.paragraph(self._live(old), self._live(new))]
        if new.tag == TBL:
            return [self.table(old, new)]
        return [new]

    def inserted(self, new: Any) -> list[Any]:
        if (not self.track and not self._keyed(new)) or new.tag not in (P, TBL):
            return [new]
        return [self.paragraph(None, self._live(new)) if new.tag == P else self.table(None, new)]

    def deleted(self, old: Any) -> list[Any]:
        if not self.track or old.tag not in (P, TBL):
            return []
        return [self.paragraph(self._live(old), None) if old.tag == P else self.table(old, None)]

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
                ops.extend(self._changed(a[i1:i2], b[j1:j2]))
        self._emit(out, ops)
        if old is not None and new is not None:
            self._sources[out] = (old, new)
        if old is None:
            _mark(_para_rpr(out), self.marks.make("ins"))
        elif new is None:
            _mark(_para_rpr(out), self.marks.make("del"))
        return out

    def _changed(self, old: list[_Token], new: list[_Token]) -> list[tuple[str, _Token]]:
        """The ops for a changed stretch: old deleted and new inserted, except the atoms `pair` takes as the
        same thing changed (each stretch between them deleted and inserted in turn, the atom kept)."""
        olds = [i for i, x in enumerate(old) if x.sig is not None]
        news = [j for j, x in enumerate(new) if x.sig is not None]
        if not (
            olds
            and len(olds) == len(news)
            and all(
                (old[i].link, old[i].rpr) == (new[j].link, new[j].rpr)
                for i, j in zip(olds, news, strict=True)
            )
            and self.pair([old[i].atom for i in olds], [new[j].atom for j in news])
        ):
            return [("delete", x) for x in old] + [("insert", x) for x in new]
        ops: list[tuple[str, _Token]] = []
        i0 = j0 = 0
        for i, j in zip([*olds, len(old)], [*news, len(new)], strict=True):
            ops.extend(("delete", x) for x in old[i0:i])
            ops.extend(("insert", x) for x in new[j0:j])
            if j < len(new):
                ops.append(("equal", new[j]))
            i0, j0 = i + 1, j + 1
        return ops

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
            sources = self.resettled(el, after)
            if sources is not None:
                old, new = sources
                out.append(self.paragraph(old, None))
                out.append(self.paragraph(None, new))
                continue
            out.append(el)
        return out

    def resettled(self, el: Any, after: Any | None) -> tuple[Any, Any] | None:
        """The (old, new) paragraphs merged paragraph el is to be given as, deleted and inserted, when
        `settle` says so (el followed by after), else None. Either way el is settled (forgotten)."""
        sources = self._sources.pop(el, None) if not isinstance(el, Frozen) else None
        if sources is not None and after is not None and _whole(after, "ins") and _ends_inserted(el):
            return sources
        return None

    # ---- tables --------------------------------------------------------------------------------------
    def table(self, old: Any | None, new: Any | None) -> Any:
        if _frame(old) and _frame(new):
            return self._frozen_table(old, new)
        old, new = (self._live(x) if x is not None else None for x in (old, new))
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

    def _frozen_table(self, old: FrozenTable | None, new: FrozenTable | None) -> FrozenTable:
        """table() for frozen tables: rows parsed a batch at a time, only where they changed; the merged
        rows frozen as they are made."""
        freezer = self.freezer
        base = new if new is not None else old
        assert base is not None and freezer is not None
        shell = _shell(freezer.thaw([base.head + base.tail])[0], TR)
        old_rows = old.rows if old is not None else []
        new_rows = new.rows if new is not None else []
        old_keys = self._keys(old, old_rows)
        new_keys = self._keys(new, new_rows)
        out = _Rows(self, freezer, refit=shell.find(f"{TBLPR}/{w('tblStyle')}") is not None)
        batch: list[tuple[Any, Any, bool]] = []
        cells = 0
        for i, j in pair_items(old_keys, new_keys):
            a = old_rows[i] if i is not None else None
            b = new_rows[j] if j is not None else None
            key = new_keys[j] if j is not None else old_keys[i] if i is not None else "\0"
            tracked = None if key.startswith("\0") else self.tracked(key)
            batch.append((a, b, self.track if tracked is None else tracked))
            cells += _cells(a) + _cells(b)
            if cells >= BATCH_CELLS:
                self._row_batch(batch, out)
                batch, cells = [], 0
        self._row_batch(batch, out)
        out.flush()
        if out.refit and not out.span:
            out.fit(shell)
        xml = freezer.freeze([shell])[0]
        cut = xml.rindex(b"</")
        return FrozenTable(xml[:cut], out.rows, xml[cut:])

    def _row_batch(self, batch: list[tuple[Any, Any, bool]], out: _Rows) -> None:
        """Row pairs (old, new, tracked) merged into out: a row that did not change as it is, the others
        parsed together and merged by `rows`."""
        assert self.freezer is not None
        need = [
            x
            for a, b, track in batch
            if track and not _same_row(a, b)
            for x in (a, b)
            if isinstance(x, FrozenRow)
        ]
        live = {id(x): el for x, el in zip(need, self.freezer.thaw([x.xml for x in need]), strict=True)}
        for a, b, track in batch:
            if not track:
                if b is not None:
                    out.add(b)
                continue
            if _same_row(a, b):
                out.add(b)
                continue
            outer, self.track = self.track, track
            try:
                merged = self.rows(live.get(id(a), a), live.get(id(b), b))
            finally:
                self.track = outer
            for row in merged:
                out.add(row)
        out.flush()

    def _keyed(self, el: Any) -> bool:
        return any(k is not None for k in self.row_keys.get(el, ()))

    def _keys(self, tbl: Any | None, rows: Sequence[Any]) -> list[str]:
        """Row identities: the caller's keys where it gave them, the row's text elsewhere."""
        given = self.row_keys.get(tbl) if tbl is not None else None
        if given is None or len(given) != len(rows):
            given = [None] * len(rows)
        return [
            k if k is not None else "\0" + (row.text if isinstance(row, FrozenRow) else text_of(row))
            for k, row in zip(given, rows, strict=True)
        ]

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
                self._sources.pop(content[0], None)
            else:
                content = self.settle(self.blocks(before, after))
            cell.extend(content)
            if not len(cell) or cell[-1].tag != P:
                etree.SubElement(cell, P)  # a cell ends with a paragraph
        return [out]


class _Rows:
    """The rows of a merged frozen table as they are made: rows that did not change as they are, merged rows
    frozen in batches (those `Redliner.hold` keeps, as elements); with refit, what `_refit` needs."""

    def __init__(self, redliner: Redliner, freezer: Freezer, *, refit: bool) -> None:
        self.redliner = redliner
        self.freezer = freezer
        self.refit = refit  # a data table (with a table style), whose columns are fitted again
        self.rows: list[FrozenRow | Any] = []
        self.span = False  # a cell spans columns (the columns are then not fitted again)
        self._waiting: list[tuple[int, Any]] = []  # (place in rows, merged row) to be frozen

    def add(self, row: Any) -> None:
        if isinstance(row, FrozenRow):
            self.span = self.span or row.span
            self.rows.append(row)
            return
        self.span = self.span or spans_columns(row)
        if not self.redliner.hold(row):
            self._waiting.append((len(self.rows), row))
        self.rows.append(row)

    def flush(self) -> None:
        if not self._waiting:
            return
        metas = []
        for _, row in self._waiting:
            cells = row.findall(TC)
            metas.append((len(cells), [_shown(tc) for tc in cells] if self.refit else None))
        xmls = self.freezer.freeze([row for _, row in self._waiting])
        for (place, _), xml, (cells, shown) in zip(self._waiting, xmls, metas, strict=True):
            self.rows[place] = FrozenRow(xml, cells=cells, shown=shown)
        self._waiting = []

    def fit(self, tbl: Any) -> None:
        """`_refit` of the table frame tbl with these rows: rows parsed a batch at a time for the text they
        show (where it was not kept) and again to take the new widths, then frozen again."""
        grid = tbl.find(w("tblGrid"))
        if not self.rows or grid is None:
            return
        total = sum(int(c.get(w("w"), "0")) for c in grid.findall(w("gridCol")))
        counts = [r.cells if isinstance(r, FrozenRow) else len(r.findall(TC)) for r in self.rows]
        width = max(counts)
        if total <= 0 or any(n != width for n in counts):
            return
        # the text each cell shows: kept for merged rows, read from the others (and the first row's header)
        shown = [
            (r.shown if isinstance(r, FrozenRow) else [_shown(tc) for tc in r.findall(TC)]) for r in self.rows
        ]
        first = self.rows[0]
        header = not isinstance(first, FrozenRow) and first.find(f"{TRPR}/{w('tblHeader')}") is not None
        need = [
            k for k, r in enumerate(self.rows) if isinstance(r, FrozenRow) and (r.shown is None or k == 0)
        ]
        for places, rows in self._parsed(need):
            for k, row in zip(places, rows, strict=True):
                if shown[k] is None:
                    shown[k] = [_shown(tc) for tc in row.findall(TC)]
                if k == 0:
                    header = row.find(f"{TRPR}/{w('tblHeader')}") is not None
        texts = [row for row in shown if row is not None]
        assert len(texts) == len(shown), "every row's text is read"
        columns = [[(row[i], header and n == 0) for n, row in enumerate(texts)] for i in range(width)]
        widths, _ = fit(columns, total, TABLE_TEXT_SIZE)
        for col, value in zip(grid.findall(w("gridCol")), widths, strict=True):
            col.set(w("w"), str(value))
        frozen = [k for k, r in enumerate(self.rows) if isinstance(r, FrozenRow)]
        for row in self.rows:
            if not isinstance(row, FrozenRow):
                _set_widths(row, widths)
        for places, rows in self._parsed(frozen):
            for row in rows:
                _set_widths(row, widths)
            for k, xml in zip(places, self.freezer.freeze(rows), strict=True):
                self.rows[k] = FrozenRow(xml, cells=width)

    def _parsed(self, places: list[int]) -> Iterator[tuple[list[int], list[Any]]]:
        """The frozen rows at places parsed, a batch at a time: (their places, the elements)."""
        start = 0
        while start < len(places):
            end, cells = start, 0
            while end < len(places) and cells < BATCH_CELLS:
                row = self.rows[places[end]]
                cells += _cells(row)
                end += 1
            batch = places[start:end]
            yield batch, self.freezer.thaw([self.rows[k].xml for k in batch])
            start = end


def _set_widths(row: Any, widths: Sequence[int]) -> None:
    for tc, value in zip(row.findall(TC), widths, strict=True):
        tcw = tc.find(f"{TCPR}/{w('tcW')}")
        if tcw is not None:
            tcw.set(w("w"), str(value))


class MergedBody:
    """The merged body of the tracked-change document, made one body span after another and written as
    bytes (`formats.word.frozen.Body`): `Redliner.settle` one block behind, and what the end of the merge
    still changes kept as elements in slots: a paragraph settle gives anew (its deleted and inserted
    paragraphs are made at the end, so that their marks are numbered after every other, as they were when
    the whole body was settled at once) and a block or row that holds an old footnote mark (`Redliner.hold`:
    the footnotes are numbered at the end, `RedlineNotes.finish`)."""

    def __init__(self, redliner: Redliner, body: Body) -> None:
        self.redliner = redliner
        self.body = body
        self._last: Any = None
        self._resettled: list[tuple[Slot, tuple[Any, Any]]] = []
        self._slots: list[Slot] = []

    def add(self, items: Sequence[Block]) -> None:
        for item in items:
            last, self._last = self._last, item
            if last is not None:
                self._place(last, item)

    def close(self) -> list[Any]:
        """The last block placed, every paragraph settle gives anew made: the elements kept till the end,
        in document order (for `RedlineNotes.finish`; `Body.document` then writes them)."""
        if self._last is not None:
            self._place(self._last, None)
            self._last = None
        for slot, (old, new) in self._resettled:
            slot.add(self.redliner.paragraph(old, None))
            slot.add(self.redliner.paragraph(None, new))
        return [el for slot in self._slots for el in slot.elements]

    def _place(self, el: Any, after: Any | None) -> None:
        sources = self.redliner.resettled(el, after)
        if sources is not None:
            slot = self._slot()
            self._resettled.append((slot, sources))
            return
        if isinstance(el, FrozenTable) and any(not isinstance(r, FrozenRow) for r in el.rows):
            self.body.write(el.head)
            for row in el.rows:
                if isinstance(row, FrozenRow):
                    self.body.write(row)
                else:
                    self._slot().add(row)
            self.body.write(el.tail)
            return
        if isinstance(el, Frozen):
            self.body.write(el)
            return
        if self.redliner.hold(el):
            self._slot().add(el)
            return
        self.body.write(el, cells=1 + sum(1 for _ in el.iter(TC)))

    def _slot(self) -> Slot:
        slot = self.body.slot()
        self._slots.append(slot)
        return slot


def _steps(old: Sequence[Any], new: Sequence[Any]) -> list[tuple[str, Any, Any]]:
    """How two sequences of blocks merge, in order: ("merged", old, new), ("deleted", old, None),
    ("inserted", None, new). Aligned by signature; in a changed stretch, blocks of one kind at the same place
    are one block changed."""
    if not old or not new:
        return [("inserted", None, el) for el in new] + [("deleted", el, None) for el in old]
    steps: list[tuple[str, Any, Any]] = []
    for tag, i1, i2, j1, j2 in opcodes([_block_sig(e) for e in old], [_block_sig(e) for e in new]):
        if tag == "equal":
            steps.extend(("merged", a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            a = old[i1 + k] if i1 + k < i2 else None
            b = new[j1 + k] if j1 + k < j2 else None
            if a is not None and b is not None and a.tag == b.tag:
                steps.append(("merged", a, b))
                continue
            if a is not None:
                steps.append(("deleted", a, None))
            if b is not None:
                steps.append(("inserted", None, b))
    return steps


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
    return el.sig if isinstance(el, Frozen) else block_sig(el)


def _same(old: Any, new: Any) -> bool:
    """Identical XML; with hyperlinks, only when their targets are compared (ids differ between documents).
    Frozen blocks by their bytes (the serialisation of each in its document)."""
    if isinstance(old, Frozen) and isinstance(new, Frozen):
        return old.same(new)
    if isinstance(old, Frozen) or isinstance(new, Frozen):
        return False
    return next(new.iter(HYPERLINK), None) is None and etree.tostring(old) == etree.tostring(new)


def _same_row(old: Any, new: Any) -> bool:
    """Two frozen rows `Redliner.rows` would give as the new one, without merging (same cells and bytes)."""
    return (
        isinstance(old, FrozenRow)
        and isinstance(new, FrozenRow)
        and not new.link
        and old.cells == new.cells
        and old.xml == new.xml
    )


def _frame(table: Any | None) -> bool:
    """A frozen table with a frame of its own, or no table (the other side of an inserted or deleted one)."""
    return table is None or isinstance(table, FrozenTable)


def _cells(row: Any | None) -> int:
    if row is None:
        return 0
    return row.cells if isinstance(row, FrozenRow) else 1


def _content(cell: Any | None) -> list[Any]:
    return [c for c in cell if c.tag != TCPR] if cell is not None else []


def _whole(el: Any, kind: str) -> bool:
    """Whether el is a paragraph inserted (or deleted) as a whole, its mark included (a frozen block is
    one of the new document's own, with no marks)."""
    return not isinstance(el, Frozen) and el.tag == P and el.find(f"{PPR}/{RPR}/{w(kind)}") is not None


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
