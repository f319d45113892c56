"""Footnotes in the tracked-change document (`planctl diff --format docx`).

Each document numbers its footnotes by their place (formats.word.notes): note 3 of the old plan and note 3
of the new one may say different things, and a paragraph of the old plan kept as deleted text refers to
the old plan's note. So that every footnote mark in the redline opens the note it stood for, and a note
whose text changed is a tracked change:

- before the merge, the old body's references are moved out of the new document's range (`OFFSET`), each
  block as it is frozen (`move_old`);
- a reference's identity in the word-by-word comparison is what its note says (`key`), not its number:
  the same note at the same place is unchanged text;
- a note that changed, its old mark and its new mark at the same place of a changed paragraph (`pair`), is
  one mark, the new one; after the merge its note is the old note and the new one compared word by word,
  as prose is (design § 6);
- after the merge, every old reference left in the redline (in deleted text: rejecting the changes brings
  it back) gets a copy of the old note in the redline's footnotes, its text marked deleted, under a number
  of its own.

Accepting every change leaves the new plan's notes, rejecting every change the old plan's.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lxml import etree

from planctl.formats.word import opc
from planctl.formats.word.elements import PPR, R_ID, RPR, P, R, w
from planctl.formats.word.frozen import HYPERLINK
from planctl.formats.word.notes import Footnotes
from planctl.formats.word.package import Package
from planctl.formats.word.redline import Marks, Redliner

OFFSET = 1_000_000  # the old body's footnote ids are moved above every id the new document uses
REFERENCE = w("footnoteReference")
NOTE = w("footnote")
ID = w("id")


def footnotes_part(package: Package) -> opc.Part | None:
    """The document's footnotes part, or None when it has none."""
    for rel in package.part.rels.values():
        if rel.reltype == opc.RT_FOOTNOTES:
            return rel.target_part
    return None


def _notes(part: Any | None) -> dict[int, Any]:
    if part is None:
        return {}
    return {int(note.get(ID)): note for note in part.element.iter(NOTE) if int(note.get(ID)) > 0}


class RedlineNotes:
    """The footnotes of one redline: old and new documents' notes, and the copies the redline needs."""

    def __init__(self, old: Package, new: Package, marks: Marks) -> None:
        self.new = new
        self.marks = marks
        self.old_part = footnotes_part(old)
        self.new_part = footnotes_part(new)
        self.old_notes = _notes(self.old_part)
        self.new_notes = _notes(self.new_part)
        self._keys: dict[int, bytes] = {}
        self._pairs: dict[int, int] = {}  # a new mark's number -> the old mark's (moved) it stands for

    @staticmethod
    def move_old(block: Any) -> None:
        """The old body's references in block renumbered above the new document's (in place: the old
        document is only read from; each block as it is frozen, `formats.word.frozen.Freezer`)."""
        for ref in block.iter(REFERENCE):
            ref.set(ID, str(OFFSET + int(ref.get(ID))))

    @staticmethod
    def holds_old(el: Any) -> bool:
        """Whether el (merged) holds a reference to an old note: `finish` gives it its number, so it stays an
        element until then (`formats.word.redline.MergedBody`)."""
        return any(int(ref.get(ID)) >= OFFSET for ref in el.iter(REFERENCE))

    def key(self, atom: Any) -> bytes | None:
        """What a footnote reference stands for in the comparison: its note's content (hyperlinks by their
        address), whichever document numbered it; None for any other run content."""
        if atom.tag != REFERENCE:
            return None
        number = int(atom.get(ID))
        cached = self._keys.get(number)
        if cached is None:
            old = number >= OFFSET
            note = (self.old_notes if old else self.new_notes).get(number - OFFSET if old else number)
            part = self.old_part if old else self.new_part
            cached = self._keys[number] = b"footnote\0" + (_content(note, part) if note is not None else b"")
        return cached

    def pair(self, old: list[Any], new: list[Any]) -> bool:
        """`Redliner`'s pair: old marks and new marks at the same places of a changed paragraph are one mark
        each, the new one (`finish` compares their notes), when each is a mark of its own document's note
        and no new mark is paired twice."""
        if not all(a.tag == REFERENCE for a in (*old, *new)):
            return False
        olds = [int(a.get(ID)) for a in old]
        news = [int(b.get(ID)) for b in new]
        if any(n < OFFSET or n - OFFSET not in self.old_notes for n in olds) or any(
            n >= OFFSET or n not in self.new_notes or n in self._pairs for n in news
        ):
            return False
        self._pairs.update(zip(news, olds, strict=True))
        return True

    def finish(self, blocks: list[Any]) -> None:
        """The paired notes compared word by word, in place; then each old reference left in the merged
        blocks (those that `holds_old`, in document order) gets a deleted copy of its note in the redline's
        footnotes, under a new number. A pair whose old mark is left (its paragraph was given as deleted
        and inserted after all, `Redliner.settle`) is no pair: its new note stays as it is."""
        refs = [ref for block in blocks for ref in block.iter(REFERENCE) if int(ref.get(ID)) >= OFFSET]
        left = {int(ref.get(ID)) for ref in refs}
        pairs = [(new, old) for new, old in self._pairs.items() if old not in left]  # (numbers)
        if not refs and not pairs:
            return
        part = self.new_part if self.new_part is not None else self._make_part()
        parts = {"old": self.old_part, "new": part}

        def url_of(side: str, rid: str) -> str:
            of = parts[side]
            rels = of.rels if of is not None else {}
            return str(rels[rid].target_ref) if rid in rels else ""

        redliner = Redliner(
            self.marks, url_of, lambda url: part.relate_to(url, opc.RT_HYPERLINK, is_external=True)
        )
        for new_number, old_number in pairs:
            note = self.new_notes[new_number]
            before = self.old_notes[old_number - OFFSET]
            merged = redliner.settle(redliner.blocks(list(before), list(note)))
            for child in list(note):
                note.remove(child)
            note.extend(merged)
        root = part.element
        assert root is not None, "a footnotes part is XML"
        taken = [int(str(n.get(ID))) for n in root.iter(NOTE)]
        number = max([0, *taken])
        for ref in refs:
            old = self.old_notes.get(int(ref.get(ID)) - OFFSET)
            number += 1
            ref.set(ID, str(number))
            copy = etree.SubElement(root, NOTE, {ID: str(number)})
            for p in old.iter(P) if old is not None else ():
                copy.append(redliner.paragraph(p, None))

    def _make_part(self) -> Any:
        """A footnotes part for a new document that has none (its plan has no footnotes, the old one's had),
        with the old notes' styles (adopted into the new document with the rest of its styles)."""
        first = next(iter(self.old_notes.values()))
        style = first.find(f"{P}/{PPR}/{w('pStyle')}")
        mark = first.find(f".//{R}/{RPR}/{w('rStyle')}")
        ids = (
            style.get(w("val"), "") if style is not None else "",
            mark.get(w("val"), "") if mark is not None else "",
        )
        return Footnotes(self.new, lambda: ids).ensure_part()


def _content(note: Any, part: Any | None) -> bytes:
    """A note's XML without its number, its hyperlinks named by address (ids differ between documents)."""
    twin = deepcopy(note)
    twin.attrib.pop(ID, None)
    for link in twin.iter(HYPERLINK):
        rid = link.get(R_ID)
        if rid is not None:
            rel = part.rels.get(rid) if part is not None else None
            link.set(R_ID, str(rel.target_ref) if rel is not None else "")
    return bytes(etree.tostring(twin))
