"""The diff as the new plan's council document with every change as a real tracked change.

Both revisions are laid out and rendered by the council document renderer (`render.layout`,
`render.docx`); their elements are matched by what in the plan they show (`key`: a section's title, a
measure's table row, a statistic ...) or, for prose, by text; `diff.redline` merges each matched pair into
w:ins / w:del that Word and LibreOffice show and can accept or reject. A one-page change summary comes first.
Accepting every change gives the new council document, rejecting every change the old one (rows that only
moved stay where the new plan has them: moving is not a change).

With `--only` / `--ignore`, only the elements that show a reported entity are tracked; everything else is
the new plan's text as it is.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from planctl.clock import build_time
from planctl.diff.describe import headline, kind_label
from planctl.diff.engine import PlanDiff
from planctl.diff.entities import KINDS
from planctl.document.elements import Key
from planctl.document.layout import Element, Layout, PageBreakEl, TableEl, TocEl, layout
from planctl.formats.diff.text import grouped, summary_text
from planctl.formats.word.redline import TBL, Marks, Redliner, w
from planctl.messages import t

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


def render_docx(diff: PlanDiff, lang: str) -> bytes:
    from planctl.formats.word.writer import render_document, save_docx

    when = build_time()
    marks = Marks(t(lang, "diff.docx.author"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert diff.old_plan is not None and diff.new_plan is not None, "diff_plans keeps both plans"
    old_layout = layout(diff.old_plan, lang=lang)
    new_layout = layout(diff.new_plan, lang=lang)
    old_doc, old_spans = render_document(old_layout)
    new_doc, new_spans = render_document(new_layout)
    _copy_missing_styles(old_doc, new_doc)
    renames = {f"{c.kind}:{c.from_id}": f"{c.kind}:{c.id}" for c in diff.changes if c.from_id is not None}
    merged = _merge(
        old_layout, old_spans, old_doc, new_layout, new_spans, new_doc, marks, _tracking(diff), renames
    )
    _replace_body(new_doc, _summary(new_doc, diff, lang) + merged)
    props = new_doc.core_properties
    props.subject = t(lang, "diff.docx.subtitle", old=diff.old_label, new=diff.new_label)
    props.title = f"{t(lang, 'diff.docx.title')}: {new_layout.meta.title}"
    return save_docx(new_doc)


# ---- matching the two documents ----------------------------------------------------------------------


def _merge(
    old_layout: Layout,
    old_spans: list[list[Any]],
    old_doc: DocxDocument,
    new_layout: Layout,
    new_spans: list[list[Any]],
    new_doc: DocxDocument,
    marks: Marks,
    tracked: Callable[[str], bool | None],
    renames: dict[str, str],
) -> list[Any]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    parts = {"old": old_doc.part, "new": new_doc.part}

    def url_of(side: str, rid: str) -> str:
        rel = parts[side].rels.get(rid)
        return str(rel.target_ref) if rel is not None else ""

    def link_id(url: str) -> str:
        return str(new_doc.part.relate_to(url, RT.HYPERLINK, is_external=True))

    redliner = Redliner(marks, url_of, link_id, tracked)
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
    out: list[Any] = []

    def emit(i: int | None, j: int | None) -> None:
        element = new_els[j] if j is not None else old_els[i] if i is not None else None
        if element is None or isinstance(element, PageBreakEl):
            return
        if isinstance(element, TocEl):
            # a field that Word and LibreOffice compute when the document opens (updateFields): the new one,
            # untracked; the headings it lists are tracked where they stand in the text
            out.extend(new_spans[j] if j is not None else [])
            return
        redliner.track = tracked(_owner(element)) is True
        out.extend(
            redliner.blocks(old_spans[i] if i is not None else [], new_spans[j] if j is not None else [])
        )

    matcher = difflib.SequenceMatcher(
        None,
        [_signature(e, renames) for e in old_els],
        [_signature(e) for e in new_els],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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
    return redliner.settle(out)


def _signature(element: Element, renames: dict[str, str] | None = None) -> tuple[Key, str]:
    """Elements with an identity of their own match by it; prose matches by its text within its owner."""
    key = _renamed(element.key, renames or {})
    return (key, "") if key.part is not None else (key, repr(element))


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


# ---- the document --------------------------------------------------------------------------------------


def _summary(doc: DocxDocument, diff: PlanDiff, lang: str) -> list[Any]:
    """The change summary, as body elements (written at the end of doc and taken out again)."""
    body = doc.element.body
    start = len(body) - 1
    doc.add_paragraph(t(lang, "diff.docx.title"), style="Title")
    doc.add_paragraph(t(lang, "diff.docx.subtitle", old=diff.old_label, new=diff.new_label), style="Subtitle")
    doc.add_paragraph(t(lang, "diff.docx.note"))
    doc.add_paragraph(t(lang, "diff.docx.summary"), style="Heading 1")
    doc.add_paragraph(summary_text(lang, diff) if not diff.empty else t(lang, "diff.none"))
    for kind, items in grouped(lang, diff):
        doc.add_paragraph().add_run(kind_label(lang, kind, plural=True)).bold = True
        for d in items:
            doc.add_paragraph(headline(lang, d), style="List Bullet")
    doc.add_page_break()  # type: ignore[no-untyped-call]
    return list(body[start : len(body) - 1])


def _replace_body(doc: DocxDocument, elements: list[Any]) -> None:
    """The body becomes elements. Elements already in it stay (only moved): taking a large subtree out of a
    document costs a walk over all of it in lxml, so only what is no longer used is taken out."""
    body = doc.element.body
    sect = body.find(w("sectPr"))
    keep = set(elements)
    for child in list(body):
        if child is not sect and child not in keep:
            body.remove(child)
    for el in elements:
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)


def _copy_missing_styles(old: DocxDocument, new: DocxDocument) -> None:
    """A style only the old document used (deleted text keeps its look)."""
    from copy import deepcopy

    have = {s.get(w("styleId")) for s in new.styles.element.iterchildren(w("style"))}
    for style in old.styles.element.iterchildren(w("style")):
        if style.get(w("styleId")) not in have:
            new.styles.element.append(deepcopy(style))
