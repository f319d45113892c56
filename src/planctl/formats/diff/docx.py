"""The diff as the new plan's council document with every change as a real tracked change.

Both revisions are laid out and written by the council document writer (`document.layout`,
`formats.word.writer`); their elements are matched by what in the plan they show (`key`: a section's title, a
measure's table row, a statistic ...) or, for prose, by text; `formats.word.redline` merges each matched pair
into w:ins / w:del that Word and LibreOffice show and can accept or reject. A one-page change summary comes
first. Accepting every change gives the new council document, rejecting every change the old one (rows that
only moved stay where the new plan has them: moving is not a change).

With `--only` / `--ignore`, only the elements that show a reported entity are tracked; everything else is
the new plan's text as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from planctl.check.findings import Severity
from planctl.check.pipeline import CheckOptions, check_sources
from planctl.clock import build_time
from planctl.diff.describe import headline, kind_label
from planctl.diff.engine import PlanDiff
from planctl.diff.entities import KINDS
from planctl.diff.matching import opcodes
from planctl.document.context import date_words
from planctl.document.elements import Element, Key, Layout, PageBreakEl, TableEl, TocEl
from planctl.document.inline import Run
from planctl.document.layout import layout
from planctl.formats.diff.common import grouped, summary_text
from planctl.formats.word import elements as x
from planctl.formats.word.council import Blocks
from planctl.formats.word.elements import BOLD, TBL, Font
from planctl.formats.word.elements import Element as XmlElement
from planctl.formats.word.frozen import Block, Body
from planctl.formats.word.package import Package
from planctl.formats.word.pages import Notify, paged
from planctl.formats.word.parts import DRAFT_RED, set_properties
from planctl.formats.word.redline import Marks, MergedBody, Redliner
from planctl.formats.word.redline_notes import RedlineNotes
from planctl.formats.word.writer import render_frozen
from planctl.load.sources import PlanSources
from planctl.load.yamlsource import DEFAULT_LIMITS
from planctl.messages import t
from planctl.model.types import PlanInfo
from planctl.soffice import Started


def render_docx(
    diff: PlanDiff,
    lang: str,
    *,
    color: bool = False,
    draft: bool = False,
    notify: Notify | None = None,
    max_layout_bytes: int = DEFAULT_LIMITS.max_layout_bytes,
    office: Started | None = None,
) -> bytes:
    """The tracked-change document (color: the renderers' common signature; Word has its own marks).
    draft: the new plan has errors, so the document is marked UTKAST (on both sides' layouts alike, so
    the mark is no change). Its contents (the new plan's, untracked) carry the page numbers LibreOffice
    counts in the redline as written, deletions shown, as the council document's do
    (`formats.word.pages`, by office if it was started ahead); notify is told when they cannot be
    counted."""
    assert diff.old_plan is not None and diff.new_plan is not None, "diff_plans keeps both plans"
    old_layout = layout(diff.old_plan, lang=lang, draft=draft)
    new_layout = layout(diff.new_plan, lang=lang, draft=draft)
    return paged(
        lambda pages: _redline(diff, lang, draft, old_layout, new_layout, pages=pages),
        new_layout,
        notify=notify,
        max_layout_bytes=max_layout_bytes,
        office=office,
    )


def _redline(
    diff: PlanDiff,
    lang: str,
    draft: bool,
    old_layout: Layout,
    new_layout: Layout,
    *,
    pages: Mapping[str, int] | None,
) -> bytes:
    """The tracked-change document. Both documents' blocks are kept as bytes and the merged body is written
    as bytes as it is made (`formats.word.frozen`): at no time is a whole document an element tree."""
    when = build_time()
    marks = Marks(t(lang, "diff.docx.author"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    old_doc, _, old_spans = render_frozen(old_layout, prepare=RedlineNotes.move_old)
    new_doc, freezer, new_spans = render_frozen(new_layout, pages=pages)
    new_doc.styles.adopt_missing(old_doc.styles)
    renames = {f"{c.kind}:{c.from_id}": f"{c.kind}:{c.id}" for c in diff.changes if c.from_id is not None}
    notes = RedlineNotes(old_doc, new_doc, marks)
    head, tail = freezer.around_body()
    body = Body(freezer, head)
    # the change summary first, where the body begins (made before the merge: all it adds elsewhere is
    # styles, which the merge does not touch)
    for block in _summary(new_doc, diff, lang, draft):
        body.write(block)
    olds, news = (old_layout, old_spans, old_doc), (new_layout, new_spans, new_doc)
    held = _merge(olds, news, marks, _tracking(diff), renames, notes, body)
    notes.finish(held)
    old_side, new_side = sides(diff, lang)
    set_properties(
        new_doc,
        subject=t(lang, "diff.docx.subtitle", old=old_side, new=new_side),
        title=f"{t(lang, 'diff.docx.title')}: {new_layout.meta.title}",
    )
    document = body.document(tail)
    freezer.close()
    assert new_doc.around_body() == (head, tail), "the document's frame is as it was when the body began"
    return new_doc.save(document=document)


def new_plan_has_errors(sources: PlanSources, *, root: Path | None, lang: str) -> bool:
    """Whether the new side is a plan `planctl build docx` would refuse (it has errors): its redline is
    then a draft too."""
    result = check_sources(sources, CheckOptions(root=root, lang=lang))
    return any(f.severity == Severity.ERROR for f in result.findings)


# ---- matching the two documents ----------------------------------------------------------------------


def _merge(
    olds: tuple[Layout, list[list[Block]], Package],
    news: tuple[Layout, list[list[Block]], Package],
    marks: Marks,
    tracked: Callable[[str], bool | None],
    renames: dict[str, str],
    notes: RedlineNotes,
    body: Body,
) -> list[XmlElement]:
    """The two documents (layout, its elements' frozen blocks, package) merged into body, element by element
    (each span let go once merged); the blocks kept as elements till the end (`MergedBody.close`), in
    document order."""
    old_layout, old_spans, old_doc = olds
    new_layout, new_spans, new_doc = news
    packages = {"old": old_doc, "new": new_doc}

    def url_of(side: str, rid: str) -> str:
        return packages[side].url(rid)

    redliner = Redliner(
        marks,
        url_of,
        new_doc.link,
        tracked,
        notes.key,
        freezer=body.freezer,
        hold=RedlineNotes.holds_old,
        pair=notes.pair,
    )
    for lay, spans, rename in ((old_layout, old_spans, renames), (new_layout, new_spans, {})):
        for element, span in zip(lay.elements, spans, strict=True):
            if isinstance(element, TableEl):
                tables = [el for el in span if el.tag == TBL]
                keys = (
                    [str(_renamed(k, rename)) for k in element.row_keys]
                    if element.row_keys
                    else [None] * len(element.rows)
                )
                if len(tables) == 1:
                    redliner.row_keys[tables[0]] = [None, *keys]  # the header row: by its text

    old_els, new_els = old_layout.elements, new_layout.elements
    out = MergedBody(redliner, body)

    def emit(i: int | None, j: int | None) -> None:
        element = new_els[j] if j is not None else old_els[i] if i is not None else None
        old_span, new_span = _take(old_spans, i), _take(new_spans, j)
        if element is None or isinstance(element, PageBreakEl):
            return
        if isinstance(element, TocEl):
            # a field that Word and LibreOffice compute when the document opens (updateFields): the new one,
            # untracked; the headings it lists are tracked where they stand in the text
            out.add(new_span)
            return
        redliner.track = tracked(_owner(element)) is True
        out.add(redliner.blocks(old_span, new_span))
        for block in (*old_span, *new_span):
            redliner.row_keys.pop(block, None)

    old_notes, new_notes = _note_texts(old_layout), _note_texts(new_layout)
    old_signatures = [_signature(e, renames, old_notes) for e in old_els]
    new_signatures = [_signature(e, None, new_notes) for e in new_els]
    for tag, i1, i2, j1, j2 in opcodes(old_signatures, new_signatures):
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                emit(i, j)
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            old_i = i1 + k if i1 + k < i2 else None
            new_j = j1 + k if j1 + k < j2 else None
            if old_i is not None and new_j is not None and _alike(old_els[old_i], new_els[new_j], renames):
                emit(old_i, new_j)
                continue
            if old_i is not None:
                emit(old_i, None)
            if new_j is not None:
                emit(None, new_j)
    return out.close()


def _take(spans: list[list[Block]], i: int | None) -> list[Block]:
    """Span i (none for None), let go in spans: each is merged once."""
    if i is None:
        return []
    span, spans[i] = spans[i], []
    return span


def _signature(
    element: Element, renames: dict[str, str] | None = None, notes: Mapping[str, str] | None = None
) -> tuple[Key, str]:
    """Elements with an identity of their own match by it; prose matches by its text within its owner, a
    footnote mark in it by what its note says (notes: printed number -> the note's text, `_note_texts`):
    each document numbers its notes by their place, so a note added or removed before a paragraph changes
    its marks' numbers, not the paragraph."""
    key = _renamed(element.key, renames or {})
    if key.part is not None:
        return (key, "")
    shown = repr(element)
    if notes and "footnote='" in shown:  # (a Run's repr names its footnote so; checked before walking it)
        shown = repr(_noted(element, notes))
    return (key, shown)


def _note_texts(lay: Layout) -> dict[str, str]:
    return {number: repr(text) for number, text in lay.notes}


def _noted(value: Any, notes: Mapping[str, str]) -> Any:
    """value (an element, or a part of one) with each footnote mark's printed number replaced by its note's
    text, for `_signature` only."""
    if isinstance(value, Run):
        if value.footnote is None:
            return value
        return replace(value, text="", footnote=notes.get(value.footnote, value.footnote))
    if isinstance(value, tuple):
        return tuple(_noted(v, notes) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(
            value, **{f.name: _noted(getattr(value, f.name), notes) for f in fields(value) if f.init}
        )
    return value


def _renamed(key: Key, renames: dict[str, str]) -> Key:
    """An old key under the entity's new id, when the diff found that the entity got a new id (renames:
    old owner -> new owner, "measure:old" -> "measure:new")."""
    new_owner = renames.get(str(key.owner))
    return Key(key.kind, new_owner.partition(":")[2], key.part) if new_owner is not None else key


def _owner(element: Element) -> str:
    return str(element.key.owner)


def _alike(old: Element, new: Element, renames: dict[str, str]) -> bool:
    """Whether two elements that do not match exactly are one element changed (compared word by word)."""
    return type(old) is type(new) and _renamed(old.key, renames).owner == new.key.owner


def _tracking(diff: PlanDiff) -> Callable[[str], bool | None]:
    """tracked(owner or row key): True or False for an entity ("measure:x", "plan"), None for a key that
    names none ("appendix:auto", "series:Gjøvik"). Without filters everything is tracked."""
    if not diff.options.only and not diff.options.ignore:
        return lambda key: True
    reported: set[tuple[str, str]] = set()
    for c in diff.changes:
        for entity_id in (c.id, c.from_id):
            if entity_id is not None:
                reported.add((c.kind, entity_id))
        reported.add((c.kind, ""))  # "plan": the cover and the decision page show the plan's fields

    def tracked(key: str) -> bool | None:
        kind, _, entity_id = key.partition(":")
        return (kind, entity_id) in reported if kind in KINDS else None

    return tracked


# ---- the summary page ---------------------------------------------------------------------------------


def sides(diff: PlanDiff, lang: str) -> tuple[str, str]:
    """The two revisions as a council names them: their version and date («versjon 2023-03, mars 2023»),
    with the municipality when the two are different plans; never a file path."""
    assert diff.old_plan is not None and diff.new_plan is not None, "diff_plans keeps both plans"
    old, new = diff.old_plan.info, diff.new_plan.info
    both = old.municipality.name != new.municipality.name
    return _side(old, lang, both, "build.redline.old"), _side(new, lang, both, "build.redline.new")


def _side(info: PlanInfo, lang: str, name: bool, fallback: str) -> str:
    def m(key: str, **params: object) -> str:
        return t(lang, key, **params)

    parts = [info.municipality.name] if name else []
    if info.version:
        parts.append(m("build.redline.version", version=info.version))
    day = info.adoption.date if info.adoption.status == "adopted" and info.adoption.date else info.date
    if day:
        parts.append(date_words(day, m) or day)
    return ", ".join(parts) or m(fallback)


def _summary(doc: Package, diff: PlanDiff, lang: str, draft: bool) -> Blocks:
    """The change summary: title, the two revisions (versions and dates), a note, the draft mark when the
    new plan has errors, the counts and one line per change."""
    styles = doc.styles

    def para(text: str, style: str | None = None) -> x.Element:
        return x.text_paragraph(text, styles.id(style) if style else None)

    old_side, new_side = sides(diff, lang)
    out = [para(t(lang, "diff.docx.title"), "Title")]
    if draft:
        mark = x.paragraph(x.Para(styles.id("Normal")))
        x.run(mark, t(lang, "build.draft"), Font(bold=True, size=48, color=DRAFT_RED))
        x.run(mark, "  " + t(lang, "build.draft.note"), Font(italic=True))
        out.append(mark)
    out += [
        para(t(lang, "diff.docx.subtitle", old=old_side, new=new_side), "Subtitle"),
        para(t(lang, "build.redline.note")),
        para(t(lang, "diff.docx.summary"), "Heading 1"),
        para(summary_text(lang, diff) if not diff.empty else t(lang, "diff.none")),
    ]
    for kind, items in grouped(lang, diff):
        label = para("")
        x.run(label, kind_label(lang, kind, plural=True), BOLD)
        out.append(label)
        out.extend(para(headline(lang, d), "List Bullet") for d in items)
    out.append(x.page_break())
    return out
