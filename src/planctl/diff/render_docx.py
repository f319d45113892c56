"""The diff as a Word document with real tracked changes (w:ins / w:del) that Word and LibreOffice show and
can accept or reject.

Structure: a one-page change summary at the front, then the new plan's text (its sections in document order,
each block a paragraph) with every change to headings and prose as tracked insertions and deletions, word by
word, then the registry changes (measures, units, arenas ...) with old values as deletions and new values as
insertions. Accepting every change gives the new plan's text, rejecting every change the old one.

This is a minimal python-docx writer of its own: it does not use the council document renderer (the layout
elements carry no source pointers to match changed paragraphs by).
"""

from __future__ import annotations

import difflib
import io
import os
from datetime import UTC, datetime
from typing import Any

from planctl.diff.describe import NAME_FIELD, describe, field_label, format_value, headline, kind_label
from planctl.diff.engine import Change, PlanDiff
from planctl.diff.entities import KINDS, BlockText, Entity, flatten
from planctl.diff.prose import Segment, word_diff
from planctl.diff.render_text import grouped, summary_text
from planctl.messages import t


class _Tracker:
    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.next_id = 1

    def mark(self, tag: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el


def _run(text: str, deleted: bool = False, bold: bool = False) -> Any:
    """A w:r with text; newlines become w:br."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        r.append(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            r.append(OxmlElement("w:br"))
        if line:
            el = OxmlElement("w:delText" if deleted else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = line
            r.append(el)
    return r


class _Writer:
    def __init__(self, diff: PlanDiff, lang: str) -> None:
        from docx import Document

        self.diff = diff
        self.lang = lang
        self.doc = Document()
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
        self.tracker = _Tracker(t(lang, "diff.docx.author"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))

    # -- paragraph building ----------------------------------------------------------------------------
    def para(self, style: str | None = None) -> Any:
        if style and style.startswith("Heading"):
            return self.doc.add_heading("", level=int(style.split()[-1]))._p
        return self.doc.add_paragraph(style=style)._p

    def plain(self, p: Any, text: str, bold: bool = False) -> None:
        p.append(_run(text, bold=bold))

    def inserted(self, p: Any, text: str, bold: bool = False) -> None:
        ins = self.tracker.mark("w:ins")
        ins.append(_run(text, bold=bold))
        p.append(ins)

    def deleted(self, p: Any, text: str, bold: bool = False) -> None:
        d = self.tracker.mark("w:del")
        d.append(_run(text, deleted=True, bold=bold))
        p.append(d)

    def mark_paragraph(self, p: Any, tag: str) -> None:
        """Track the paragraph mark itself, so accepting/rejecting removes the whole paragraph."""
        from docx.oxml import OxmlElement

        ppr = p.get_or_add_pPr()
        rpr = ppr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr")
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self.tracker.mark(tag))

    def segments(self, p: Any, segments: list[Segment], bold: bool = False) -> None:
        for s in segments:
            if s.op == "equal":
                self.plain(p, s.text, bold)
            elif s.op == "insert":
                self.inserted(p, s.text, bold)
            else:
                self.deleted(p, s.text, bold)

    def whole(self, style: str | None, text: str, how: str, bold: bool = False) -> None:
        """A paragraph that is unchanged, inserted or deleted as a whole."""
        p = self.para(style)
        if how == "equal":
            self.plain(p, text, bold)
            return
        (self.inserted if how == "insert" else self.deleted)(p, text, bold)
        self.mark_paragraph(p, "w:ins" if how == "insert" else "w:del")

    # -- parts -----------------------------------------------------------------------------------------
    def summary(self) -> None:
        diff, lang = self.diff, self.lang
        self.doc.add_heading(t(lang, "diff.docx.title"), level=0)
        self.doc.add_paragraph(t(lang, "diff.docx.subtitle", old=diff.old_label, new=diff.new_label))
        self.doc.add_paragraph(t(lang, "diff.docx.note"))
        self.doc.add_heading(t(lang, "diff.docx.summary"), level=1)
        self.doc.add_paragraph(summary_text(lang, diff) if not diff.empty else t(lang, "diff.none"))
        for kind, items in grouped(lang, diff):
            self.doc.add_paragraph().add_run(kind_label(lang, kind, plural=True)).bold = True
            for d in items:
                self.doc.add_paragraph(headline(lang, d), style="List Bullet")
        self.doc.add_page_break()  # type: ignore[no-untyped-call]

    def document_text(self) -> None:
        diff = self.diff
        assert diff.old_plan is not None and diff.new_plan is not None
        self.doc.add_heading(t(self.lang, "diff.docx.document"), level=1)
        old_sections = {e.id: e for e in flatten(diff.old_plan)["section"]}
        new_sections = flatten(diff.new_plan)["section"]
        new_ids = {e.id for e in new_sections}
        # only changes that are in the (filtered) diff are tracked; everything else is the new text as is
        changed = {c.id: c for c in diff.changes if c.kind == "section"}
        depth: dict[str, int] = {}
        for e in new_sections:
            parent = e.fields.get("parent")
            depth[e.id] = depth.get(str(parent), 0) + 1 if parent else 1
            c = changed.get(e.id)
            if c is None:
                old: Entity | None = e
            elif c.change == "added":
                old = None
            else:
                old = old_sections.get(c.from_id or e.id)
            self.section(e, old, min(depth[e.id] + 1, 9))
        for c in changed.values():
            if c.change == "removed" and c.id not in new_ids and c.old is not None:
                self.section(None, c.old, 2)

    def section(self, new: Entity | None, old: Entity | None, level: int) -> None:
        style = f"Heading {level}"
        if new is None:
            assert old is not None
            self.whole(style, old.name, "delete")
            for b in old.blocks:
                self.whole(None, b.text, "delete")
            return
        if old is None:
            self.whole(style, new.name, "insert")
            for b in new.blocks:
                self.whole(None, b.text, "insert")
            return
        if old.name == new.name:
            self.whole(style, new.name, "equal")
        else:
            self.segments(self.para(style), word_diff(old.name, new.name))
        self.blocks(old.blocks, new.blocks)

    def blocks(self, old: tuple[BlockText, ...], new: tuple[BlockText, ...]) -> None:
        a, b = [x.text for x in old], [x.text for x in new]
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for text in b[j1:j2]:
                    self.whole(None, text, "equal")
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                ot = a[i1 + k] if i1 + k < i2 else None
                nt = b[j1 + k] if j1 + k < j2 else None
                if ot is not None and nt is not None:
                    self.segments(self.para(None), word_diff(ot, nt))
                elif nt is not None:
                    self.whole(None, nt, "insert")
                elif ot is not None:
                    self.whole(None, ot, "delete")

    def registries(self) -> None:
        changes = [c for c in self.diff.changes if c.kind != "section"]
        if not changes:
            return
        self.doc.add_heading(t(self.lang, "diff.docx.registries"), level=1)
        for kind in KINDS:
            items = [c for c in changes if c.kind == kind]
            if items:
                self.doc.add_heading(kind_label(self.lang, kind, plural=True), level=2)
                for c in items:
                    self.entity(c)

    def entity(self, c: Change) -> None:
        lang, diff = self.lang, self.diff
        entity = c.new or c.old
        assert entity is not None
        if c.change in ("added", "removed"):
            how = "insert" if c.change == "added" else "delete"
            self.whole(None, entity.name, how, bold=True)
            for path, value in entity.fields.items():
                if value in (None, (), "") or path == NAME_FIELD.get(c.kind):
                    continue
                text = f"{field_label(lang, c.kind, path)}: {format_value(lang, diff, path, value)}"
                self.whole("List Bullet", text, how)
            return
        p = self.para(None)
        if c.change == "renamed" and c.from_id is not None:
            self.plain(p, entity.name, bold=True)
            self.plain(p, " (ID ")
            self.deleted(p, c.from_id)
            self.inserted(p, c.id)
            self.plain(p, ")")
        else:
            self.plain(p, entity.name, bold=True)
        for part in describe(lang, diff, c).parts:
            fc = c.fields.get(part.path)
            q = self.para("List Bullet")
            self.plain(q, f"{part.label}: ")
            if part.segments:
                self.segments(q, part.segments)
            elif part.kind == "list":
                old_value = format_value(lang, diff, part.path, fc.old if fc else None)
                new_value = format_value(lang, diff, part.path, fc.new if fc else None)
                self.segments(q, word_diff(old_value, new_value))
            else:
                self.deleted(q, part.old)
                self.inserted(q, part.new)

    def bytes(self) -> bytes:
        props = self.doc.core_properties
        props.title = t(self.lang, "diff.docx.title")
        props.subject = t(self.lang, "diff.docx.subtitle", old=self.diff.old_label, new=self.diff.new_label)
        props.author = self.tracker.author
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def render_docx(diff: PlanDiff, lang: str) -> bytes:
    writer = _Writer(diff, lang)
    writer.summary()
    if diff.old_plan is not None and diff.new_plan is not None:
        writer.document_text()
    writer.registries()
    return writer.bytes()
