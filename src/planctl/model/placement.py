"""Where the council document shows the plan's entries: the one answer for the layout (which entries a
`render:` block lays out) and for `BUILD-UNPLACED` (what an entry says that the document shows nowhere).

A `render:` block lays out the entries of one kind that its filters choose (`ids`, `levels`, `scope`), and
of each the fields its columns name; the blocks that print a whole entry (goals, strategies, pathways,
statistics, references, footnotes) show all of it. A plan without a `document` tree gets a chapter for
every kind it has (`default_chapters`). A footnote is shown where a shown text refers to it, or where a
`render: footnotes` block lists it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

from planctl.model.kinds import ANNUAL_WHEEL, FOOTNOTE, KINDS, MEASURE, STATISTICS, UNIT, Kind
from planctl.model.types import (
    FOOTNOTE_REF,
    Block,
    Entry,
    Identified,
    Include,
    Loc,
    Plan,
    Render,
    block_texts,
)
from planctl.records import record

BY_RENDER: dict[str, Kind] = {k.render: k for k in KINDS}
# Render blocks that print each entry whole, not as table columns.
WHOLE = frozenset({"goals", "strategies", "pathway", "statistics", "references", "footnotes"})

E = TypeVar("E", bound=Identified)


def select(
    ids: tuple[str, ...] | None, pool: Sequence[E], find: Callable[[str], E | None] | None = None
) -> list[E]:
    """All of pool without `ids`, else the entries ids name, in their order (ids nothing answers to are
    left out). find looks an id up; by default among pool, where the last of two entries with one id wins."""
    if ids is None:
        return list(pool)
    if find is None:
        find = {e.id: e for e in pool}.get
    return [e for i in ids if (e := find(i)) is not None]


def chosen(plan: Plan, r: Render) -> list[Any]:
    """The entries render block r lays out, in the document's order ([] for a block of no kind)."""
    what = r.what
    if what == MEASURE.render:
        out = select(r.ids, plan.measures)
        if r.levels is not None:
            out = [m for m in out if set(m.levels) & set(r.levels)]
        if r.scope is not None:
            out = [m for m in out if m.scope == r.scope]
        return out
    if what == UNIT.render:
        return select(r.ids, plan.all_units(), plan.unit)
    if what == STATISTICS.render:
        return select(r.ids, plan.all_statistics(), plan.statistic)
    if what == "references":
        shown = [x for x in (*plan.regional_references, *plan.references) if plan.reference(x.id) is x]
        return select(r.ids, shown, plan.reference)
    if what == FOOTNOTE.render:
        notes = [x for x in (*plan.regional_footnotes, *plan.footnotes) if plan.footnote(x.id) is x]
        return select(r.ids, notes, plan.footnote)
    if what == ANNUAL_WHEEL.render:
        return sorted(select(r.ids, plan.annual_wheel), key=lambda w: w.month or 13)
    kind = BY_RENDER.get(what)
    if kind is None:
        return []
    return select(r.ids, getattr(plan, kind.registry))


def columns(kind: Kind, r: Render) -> tuple[str, ...]:
    """The columns a table of kind shows for render block r."""
    return r.columns or kind.default_columns


def shown_fields(kind: Kind, r: Render) -> frozenset[str]:
    """The fields of each chosen entry that block r prints."""
    if r.what in WHOLE:
        return frozenset(kind.content)
    if kind is UNIT and r.columns == ("description",):  # partner paragraphs: the description, else the name
        return frozenset({"description", "name"})
    return frozenset(columns(kind, r))


# ---- the document's render blocks -------------------------------------------------------------------


def default_chapters(plan: Plan) -> list[tuple[str, tuple[Render, ...]]]:
    """The chapters of a plan without a `document` tree, by key, with their render blocks: goals and
    strategies, units, measures, arenas and agreements, pathways, annual wheel, statistics, references;
    a chapter only for what the plan has."""
    loc = Loc(plan.file, "/document")

    def block(what: str, ids: tuple[str, ...] | None = None, group_by: str | None = None) -> Render:
        return synthetic(loc, what, ids=ids, group_by=group_by)

    out: list[tuple[str, tuple[Render, ...]]] = []
    if plan.goals or plan.strategies:
        out.append(("goals", (block("goals"), *((block("strategies"),) if plan.strategies else ()))))
    if plan.units:
        out.append(("units", (block("units", ids=tuple(u.id for u in plan.units)),)))
    if plan.measures:
        out.append(("measures", (block("pyramid"), block("measures", group_by="level"))))
    if plan.arenas or plan.agreements:
        out.append(("arenas", (block("arenas"), *((block("agreements"),) if plan.agreements else ()))))
    if plan.pathways:
        out.append(("pathways", (block("pathway"),)))
    if plan.annual_wheel:
        out.append(("annual_wheel", (block("annual_wheel"),)))
    if plan.statistics:
        out.append(("statistics", (block("statistics", ids=tuple(s.id for s in plan.statistics)),)))
    if plan.references:
        out.append(("references", (block("references", ids=tuple(x.id for x in plan.references)),)))
    return out


def synthetic(
    loc: Loc, what: str, *, ids: tuple[str, ...] | None = None, group_by: str | None = None
) -> Render:
    """A render block the layout adds itself (it has no place in the plan's YAML)."""
    return Render(
        what=what,
        ids=ids,
        levels=None,
        scope=None,
        group_by=group_by,
        columns=None,
        labels=(),
        group_labels=(),
        title=None,
        caption=None,
        alt=None,
        loc=loc,
    )


def document_blocks(plan: Plan) -> Iterator[Block]:
    """Every block the document shows, includes resolved (a plan without a tree: its default chapters)."""
    doc = plan.document
    if not doc.present:
        for _, renders in default_chapters(plan):
            yield from renders
        return
    for section in doc.sections():
        yield from _flat(section.blocks)


def _flat(blocks: Sequence[Block]) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, Include):
            yield from _flat(block.blocks)
        else:
            yield block


# ---- what the document shows -------------------------------------------------------------------------


@record(frozen=True)
class Unplaced:
    """An entry of the plan's own whose content (some or all of it) the document shows nowhere."""

    kind: Kind
    entry: Entry
    fields: tuple[str, ...]  # the content fields with a value that no block shows, in the kind's order
    anywhere: bool  # whether the entry is shown at all (with other fields)


def unplaced(plan: Plan) -> list[Unplaced]:
    """The plan's own entries (not the regional file's) with content the built document does not show."""
    shown: dict[tuple[str, str], set[str]] = {}
    # The document's texts in its order: a text, or an entry and the fields a block prints of it (their
    # texts are gathered only when needed: for footnote markers, or to look for a field no block shows).
    parts: list[str | tuple[object, frozenset[str]]] = []
    for block in document_blocks(plan):
        if isinstance(block, Render):
            kind = BY_RENDER.get(block.what)
            if kind is None:
                continue
            visible = shown_fields(kind, block)
            for entry in chosen(plan, block):
                shown.setdefault((kind.name, entry.id), set()).update(visible)
                parts.append((entry, visible))
            parts.extend(x for x in (block.title, block.caption) if x)
        else:
            parts.extend(block_texts(block))
    if plan.document.present:
        parts.extend(s.title for s in plan.document.sections())
    corpus = _Corpus(plan, parts)
    if plan.footnotes or plan.regional_footnotes:  # without footnotes a marker shows nothing more
        referenced = {m.group(1) for text in corpus.texts() for m in FOOTNOTE_REF.finditer(text)}
        for note_id in sorted(referenced):  # in one order on every run (a set's depends on the hash seed)
            shown.setdefault((FOOTNOTE.name, note_id), set()).update(FOOTNOTE.content)
            note = plan.footnote(note_id)
            if note is not None:
                corpus.texts().append(note.text)
    out = []
    for kind in KINDS:
        for entry in getattr(plan, kind.registry):
            seen = shown.get((kind.name, entry.id), set())
            missing = tuple(
                f
                for f in kind.content
                if f not in seen
                and _has(value := getattr(entry, f))
                and not _appears(plan, getattr(entry, f"{f}_label", None) or value, corpus.text())
            )
            if missing:
                out.append(Unplaced(kind, entry, missing, (kind.name, entry.id) in shown))
    return out


def _appears(plan: Plan, value: object, corpus: _Text) -> bool:
    """Whether the document's text already says value: every piece of a text (its lines and the excerpts a
    label joins with "; "), the name (or another name) of every unit of a list of units, every text of a
    nested entry (pathway steps)."""
    if isinstance(value, str):
        return all(_normal(piece) in corpus for piece in _PIECES.split(value) if piece.strip())
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        for ref in value:
            unit = plan.unit(ref)
            names = (unit.name, *unit.aliases) if unit is not None else (ref,)
            if not any(_normal(name) in corpus for name in names):
                return False
        return True
    return all(_normal(text) in corpus for text in _walk(value) if text.strip())


class _Corpus:
    """The document's texts, gathered when first asked for, and their normalised whole (`_normal`) when an
    entry's field is first looked for in it: a plan whose blocks show every entry (nearly every plan)
    needs neither."""

    def __init__(self, plan: Plan, parts: list[str | tuple[object, frozenset[str]]]) -> None:
        self._plan = plan
        self._parts = parts
        self._texts: list[str] | None = None
        self._text: _Text | None = None

    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = []
            for part in self._parts:
                if isinstance(part, str):
                    self._texts.append(part)
                else:
                    self._texts.extend(_printed(self._plan, *part))
        return self._texts

    def text(self) -> _Text:
        if self._text is None:
            self._text = _Text(_normal("\n".join(self.texts())))
        return self._text


class _Text:
    """The document's normalised text, searched for many pieces (`piece in text`): every field of every
    entry no block shows is a search of the whole text, which grew with entries × text (32,000 unshown
    footnotes beside 32,000 paragraphs: 16 s). A piece of three words or more is looked for only where its
    rarest inner word stands in the text: an inner word has a space on each side in the piece, so wherever
    the piece stands, that word is one of the text's words (the text's words are split by single spaces,
    as _normal leaves them), found in an index of the words' places, made once the text has been searched
    whole SEARCHES times (most plans search it a few times, or never). A piece of one word lies within one
    of the text's words: it is one of them, or is looked for in the text's distinct words alone (a plan's
    vocabulary is a fraction of its text, and stops growing with it: 32,000 one-word notes beside 32,000
    paragraphs took 26 s). A piece of two words (each may be part of a word of the text), or whose every
    inner word is common, is searched for in the whole text."""

    SEARCHES = 32
    COMMON = 64  # places of a word beyond which the piece is searched for in the whole text

    def __init__(self, text: str) -> None:
        self.text = text
        self._places: dict[str, list[int]] | None = None  # word -> where it starts in text
        self._vocabulary: str | None = None  # the distinct words, a space between each two
        self._searches = 0

    def __contains__(self, piece: str) -> bool:
        words = piece.split(" ")
        if len(words) == 2 or (self._places is None and self._searches < self.SEARCHES):
            self._searches += 1
            return piece in self.text
        places = self._index()
        if len(words) == 1:  # no space: the piece is within one word, which cannot hold a space
            if piece in places:
                return True
            if self._vocabulary is None:
                self._vocabulary = " ".join(places)
            return piece in self._vocabulary
        inner = min(range(1, len(words) - 1), key=lambda k: len(places.get(words[k], ())))
        found = places.get(words[inner], ())
        if len(found) > self.COMMON:
            return piece in self.text
        before = sum(len(word) + 1 for word in words[:inner])  # where the inner word starts in the piece
        return any(self.text.startswith(piece, place - before) for place in found if place >= before)

    def _index(self) -> dict[str, list[int]]:
        if self._places is None:
            self._places = {}
            at = 0
            for word in self.text.split(" "):
                self._places.setdefault(word, []).append(at)
                at += len(word) + 1
        return self._places


_PIECES = re.compile(r"\n|; ")
# The characters inline markup is written with besides links and footnote markers: ** __ * _ `
_EMPHASIS = str.maketrans("", "", "*_`")


def _normal(text: str) -> str:
    """Text compared without inline markup (a link is its text), footnote markers, case and runs of white
    space.

    The answer of three regular expressions (links to their text; footnote markers, ** __ * _ and `
    deleted; white space runs to one space, then casefold and strip: tests/test_check_speed.py keeps them
    and proves the two equal) in a third of the time: that deletion removes every footnote marker and every
    * _ ` outside one (a marker holds no character the other branches begin with, so two passes delete the
    same characters), str.split splits where the regular expression's white space is (checked for every
    code point), and casefold makes no white space. A text without [ * _ ` has no markup to remove. Links
    and footnote markers go by a scan linear in the text, not by the first two expressions, which take the
    square of its length on a text of many [."""
    if "[" in text:
        text = _without_footnote_markers(_links_to_their_text(text))
    if "*" in text or "_" in text or "`" in text:
        text = text.translate(_EMPHASIS)
    return " ".join(text.split()).casefold()


def _links_to_their_text(text: str) -> str:
    r"""re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text) in time linear in the text.

    The regular expression tries every [ and scans from it to the next ] and then to the next ): a text of
    many [ without a ] (a hostile one, within the inline-marker budget) costs it the square of its length.
    Every [ before the same ] meets the same ] and the same ), so when one fails, all of them fail: the
    scan goes on after that ], or stops when no ] or ) is left."""
    out: list[str] = []
    copied = search = 0
    while (opening := text.find("[", search)) >= 0:
        closing = text.find("]", opening + 1)
        if closing < 0:
            break
        if not text.startswith("(", closing + 1):
            search = closing + 1
            continue
        end = text.find(")", closing + 2)
        if end < 0:
            break
        out += (text[copied:opening], text[opening + 1 : closing])
        copied = search = end + 1
    return "".join(out) + text[copied:] if out else text


def _without_footnote_markers(text: str) -> str:
    r"""re.sub(r"\[\^[^\]]*\]", "", text) in time linear in the text (see _links_to_their_text): a
    marker runs from [^ to the next ]; when no ] is left, no marker is."""
    out: list[str] = []
    copied = 0
    while (opening := text.find("[^", copied)) >= 0:
        closing = text.find("]", opening + 2)
        if closing < 0:
            break
        out.append(text[copied:opening])
        copied = closing + 1
    return "".join(out) + text[copied:] if out else text


def _has(value: object) -> bool:
    return value is not None and value != "" and value != ()


def _printed(plan: Plan, entry: object, names: frozenset[str]) -> Iterator[str]:
    """The texts the document prints for these fields of entry: a field's own label where it has one
    (`responsible_label`), the names of the units a list of unit ids names, else its texts."""
    for name in sorted(names):  # a frozenset's order depends on the hash seed: the text, on nothing
        label = getattr(entry, f"{name}_label", None)
        value = getattr(entry, name, None)
        if label:
            yield label
        elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            yield from ((u.name if (u := plan.unit(ref)) is not None else ref) for ref in value)
        else:
            yield from _walk(value)


def _walk(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _walk(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if f.name != "loc":
                yield from _walk(getattr(value, f.name))
