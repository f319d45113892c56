"""Reading a .docx into the neutral tree, with lxml on the package parts.

python-docx gives paragraphs and tables but not what an importer needs: numbering labels, footnote and
hyperlink targets, tracked insertions and deletions, content controls (Word's contents list), field
results, merged and nested cells, shading, images with their alt text. So the reader walks the XML
itself, through `container` (size limits, no DTDs or entities). Text inside w:del is dropped; w:ins is
kept (the document as it would print with changes accepted).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import field
from pathlib import Path

from lxml import etree

from planctl.importer.container import Package, open_package
from planctl.importer.numbering import Numbering
from planctl.importer.ooxml import CP, DC, DCTERMS, MC, PR, WP, A, V, on, r, val, w
from planctl.importer.styles import Styles
from planctl.importer.tree import Block, Cell, Document, Image, Para, Properties, Row, Run, Table, merge_runs
from planctl.records import record

MAX_IMAGE = 25 * 1024 * 1024
MAX_DEPTH = 12  # nesting of tables and containers; deeper content is read as plain text
_HYPERLINK = re.compile(r'HYPERLINK\s+(?:\\[a-z]\s+)*"([^"]+)"(?:\s+\\l\s+"([^"]+)")?', re.IGNORECASE)
_IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg"}


@record
class _Field:
    instr: str = ""
    in_result: bool = False
    url: str | None = None
    toc: bool = False


@record
class _Ctx:
    pkg: Package
    styles: Styles
    numbering: Numbering
    rels: dict[str, tuple[str, str, bool]]  # id -> (type, target, external)
    notes: dict[str, str] = field(default_factory=dict)  # footnote xml id -> printed marker
    note_text: dict[str, list[Run]] = field(default_factory=dict)
    images: int = 0
    pos: int = 0
    fields: list[_Field] = field(default_factory=list)
    pending_images: list[Image] = field(default_factory=list)
    in_toc: int = 0


def read_docx(path: Path, display: str, lang: str = "nb") -> Document:
    return read_package(open_package(path, display, lang))


def read_package(pkg: Package) -> Document:
    rels = _relationships(pkg, "word/_rels/document.xml.rels")
    ctx = _Ctx(pkg, Styles(pkg.xml("word/styles.xml")), Numbering(pkg.xml("word/numbering.xml")), rels)
    note_xml = _note_parts(pkg)
    root = pkg.xml("word/document.xml")
    body = root.find(w("body")) if root is not None else None
    blocks: list[Block] = []
    if body is not None:
        blocks = _blocks(ctx, body, 0, top=True)
    footnotes: dict[str, list[Run]] = {}
    for xml_id, marker in ctx.notes.items():
        el = note_xml.get(xml_id)
        if el is None:
            continue
        runs: list[Run] = []
        sub = _Ctx(pkg, ctx.styles, ctx.numbering, _relationships(pkg, _note_rels(xml_id)))
        for p in el.iter(w("p")):
            para = _para(sub, p, 1)
            if runs and para.runs:
                runs.append(Run("", brk=True))
            runs.extend(x for x in para.runs if not (x.superscript and x.text.strip() == marker))
        footnotes[marker] = _trim(runs)
    return Document(blocks, footnotes, _properties(pkg), "docx")


def _note_rels(xml_id: str) -> str:
    return "word/_rels/endnotes.xml.rels" if xml_id.startswith("e") else "word/_rels/footnotes.xml.rels"


def _note_parts(pkg: Package) -> dict[str, etree._Element]:
    out: dict[str, etree._Element] = {}
    for part, tag, prefix in (("word/footnotes.xml", "footnote", ""), ("word/endnotes.xml", "endnote", "e")):
        root = pkg.xml(part)
        if root is None:
            continue
        for note in root.iter(w(tag)):
            if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            out[prefix + (note.get(w("id")) or "")] = note
    return out


def _relationships(pkg: Package, part: str) -> dict[str, tuple[str, str, bool]]:
    root = pkg.xml(part)
    out: dict[str, tuple[str, str, bool]] = {}
    if root is None:
        return out
    for rel in root.iter(f"{{{PR}}}Relationship"):
        rid = rel.get("Id") or ""
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        external = (rel.get("TargetMode") or "") == "External"
        out[rid] = (kind, rel.get("Target") or "", external)
    return out


def _properties(pkg: Package) -> Properties:
    root = pkg.xml("docProps/core.xml")
    props = Properties()
    if root is None:
        return props

    def text(ns: str, tag: str) -> str | None:
        el = root.find(f"{{{ns}}}{tag}")
        value = (el.text or "").strip() if el is not None else ""
        return value or None

    props.title = text(DC, "title")
    props.subject = text(DC, "subject")
    props.creator = text(DC, "creator")
    props.created = text(DCTERMS, "created")
    props.keywords = text(CP, "keywords")
    props.language = text(DC, "language")
    props.identifier = text(DC, "identifier")
    return props


# ---- block level ---------------------------------------------------------------------------------------


def _blocks(ctx: _Ctx, parent: etree._Element, depth: int, *, top: bool = False) -> list[Block]:
    out: list[Block] = []
    for child in parent:
        tag = child.tag
        if tag == w("p"):
            if top:
                ctx.pos += 1
            para = _para(ctx, child, depth)
            if ctx.in_toc and para.role == "body":
                para.role = "toc"
            out.append(para)
            for image in ctx.pending_images:
                image.pos = para.pos
                out.append(image)
            ctx.pending_images = []
        elif tag == w("tbl"):
            if top:
                ctx.pos += 1
            if depth >= MAX_DEPTH:
                out.append(Para([Run(" ".join(str(x) for x in child.itertext()))], pos=ctx.pos))
            else:
                out.append(_table(ctx, child, depth + 1))
        elif tag == w("sdt"):
            gallery = child.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
            is_toc = gallery is not None and "content" in (val(gallery) or "").lower()
            content = child.find(w("sdtContent"))
            if content is not None and depth < MAX_DEPTH:
                ctx.in_toc += is_toc
                out.extend(_blocks(ctx, content, depth + 1, top=top))
                ctx.in_toc -= is_toc
        elif tag in (w("customXml"), w("ins"), w("moveTo"), w("smartTag")) and depth < MAX_DEPTH:
            out.extend(_blocks(ctx, child, depth + 1, top=top))
        elif tag == f"{{{MC}}}AlternateContent" and depth < MAX_DEPTH:
            choice = child.find(f"{{{MC}}}Fallback")
            if choice is None:
                choice = child.find(f"{{{MC}}}Choice")
            if choice is not None:
                out.extend(_blocks(ctx, choice, depth + 1, top=top))
    return out


def _table(ctx: _Ctx, tbl: etree._Element, depth: int) -> Table:
    table = Table([], pos=ctx.pos)
    tblpr = tbl.find(w("tblPr"))
    if tblpr is not None:
        caption = val(tblpr.find(w("tblCaption")))
        table.caption = caption or None
        table.grid = tblpr.find(w("tblStyle")) is not None or tblpr.find(w("tblBorders")) is not None
    for tr in _rows(tbl):
        trpr = tr.find(w("trPr"))
        header = trpr is not None and on(trpr.find(w("tblHeader"))) is True
        cells: list[Cell] = []
        for tc in _cells(tr):
            tcpr = tc.find(w("tcPr"))
            span, merge, fill = 1, None, None
            if tcpr is not None:
                gs = val(tcpr.find(w("gridSpan")))
                span = int(gs) if gs and gs.isdigit() and 0 < int(gs) < 1000 else 1
                vm = tcpr.find(w("vMerge"))
                if vm is not None:
                    merge = "restart" if val(vm) == "restart" else "continue"
                shd = tcpr.find(w("shd"))
                fill_value = val(shd, "fill") if shd is not None else None
                fill = fill_value.upper() if fill_value and fill_value.lower() != "auto" else None
            cells.append(Cell(_blocks(ctx, tc, depth), span, merge, fill))
        table.rows.append(Row(cells, header))
    return table


def _rows(tbl: etree._Element) -> list[etree._Element]:
    out = []
    for child in tbl:
        if child.tag == w("tr"):
            out.append(child)
        elif child.tag in (w("sdt"), w("customXml"), w("ins")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                out.extend(content.iter(w("tr")))
    return out


def _cells(tr: etree._Element) -> list[etree._Element]:
    out = []
    for child in tr:
        if child.tag == w("tc"):
            out.append(child)
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                out.extend(c for c in content if c.tag == w("tc"))
    return out


# ---- paragraphs ------------------------------------------------------------------------------------------


def _para(ctx: _Ctx, p: etree._Element, depth: int) -> Para:
    ppr = p.find(w("pPr"))
    style_id = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    align = None
    page_break = False
    if ppr is not None:
        style_id = val(ppr.find(w("pStyle")))
        numpr = ppr.find(w("numPr"))
        if numpr is not None:
            num_id = val(numpr.find(w("numId")))
            lvl = val(numpr.find(w("ilvl")))
            ilvl = int(lvl) if lvl and lvl.isdigit() else None
        ol = val(ppr.find(w("outlineLvl")))
        outline = int(ol) if ol and ol.isdigit() else None
        jc = val(ppr.find(w("jc")))
        align = "right" if jc in ("right", "end") else ("center" if jc == "center" else None)
        page_break = on(ppr.find(w("pageBreakBefore"))) is True
    role, level = ctx.styles.role(style_id)
    if outline is not None and outline < 9 and role in ("body", "list"):
        role, level = "heading", outline + 1
    if num_id is None:
        style_num, style_lvl = ctx.styles.numbering(style_id)
        num_id, ilvl = style_num, ilvl if ilvl is not None else style_lvl
    elif ilvl is None:
        ilvl = ctx.styles.numbering(style_id)[1]
    para = Para(
        [], role, level, style=ctx.styles.name(style_id), pos=ctx.pos, page_break=page_break, align=align
    )
    label = ctx.numbering.label(num_id, ilvl)
    if label is not None:
        text, ordered = label
        para.number = text or None
        para.ordered = ordered
        if role in ("body", "list"):
            para.role = "list"
            para.level = (ilvl or 0) + 1
    elif role == "list":
        para.level = 1
    runs: list[Run] = []
    _inline(ctx, p, runs, None, depth)
    para.runs = _trim(merge_runs(runs))
    if para.runs and all(x.brk or not x.text.strip() for x in para.runs):
        para.runs = []
    if any(f.toc for f in ctx.fields) and para.role == "body":
        para.role = "toc"
    return para


def _field_url(m: re.Match[str]) -> str:
    """A HYPERLINK field's address, with the fragment LibreOffice writes apart (\\l "anchor")."""
    return f"{m.group(1)}#{m.group(2)}" if m.group(2) and "#" not in m.group(1) else m.group(1)


def _inline(ctx: _Ctx, parent: etree._Element, out: list[Run], url: str | None, depth: int) -> None:
    for child in parent:
        tag = child.tag
        if tag == w("r"):
            _run(ctx, child, out, url)
        elif tag == w("hyperlink"):
            target = url
            rid = child.get(r("id"))
            if rid and rid in ctx.rels:
                target = ctx.rels[rid][1]
                anchor = child.get(w("anchor"))
                if anchor and "#" not in target:  # LibreOffice keeps a web address's fragment apart
                    target = f"{target}#{anchor}"
            _inline(ctx, child, out, target, depth)
        elif tag == w("fldSimple"):
            instr = child.get(w("instr")) or ""
            m = _HYPERLINK.search(instr)
            _inline(ctx, child, out, _field_url(m) if m else url, depth)
        elif tag in (w("ins"), w("smartTag"), w("customXml"), w("moveTo"), w("bdo"), w("dir")):
            _inline(ctx, child, out, url, depth)
        elif tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None and depth < MAX_DEPTH:
                _inline(ctx, content, out, url, depth + 1)
        elif tag == f"{{{MC}}}AlternateContent":
            choice = child.find(f"{{{MC}}}Fallback")
            if choice is not None:
                _inline(ctx, choice, out, url, depth)


def _run(ctx: _Ctx, run: etree._Element, out: list[Run], url: str | None) -> None:
    rpr = run.find(w("rPr"))
    bold = italic = sup = False
    if rpr is not None:
        bold, italic = ctx.styles.emphasis(val(rpr.find(w("rStyle"))))
        b, i = on(rpr.find(w("b"))), on(rpr.find(w("i")))
        bold = b if b is not None else bold
        italic = i if i is not None else italic
        sup = val(rpr.find(w("vertAlign"))) == "superscript"
    field_url = next((f.url for f in reversed(ctx.fields) if f.in_result and f.url), None)
    link = url or field_url
    for child in run:
        tag = child.tag
        if tag == w("t"):
            if _hidden_field_code(ctx):
                continue
            out.append(Run(child.text or "", bold, italic, link, superscript=sup))
        elif tag == w("tab"):
            out.append(Run(" ", bold, italic, link))
        elif tag in (w("br"), w("cr")):
            if child.get(w("type")) == "page":
                continue
            out.append(Run("", brk=True))
        elif tag == w("noBreakHyphen"):
            out.append(Run("-", bold, italic, link))
        elif tag == w("sym"):
            out.append(Run(" ", bold, italic, link))
        elif tag in (w("footnoteReference"), w("endnoteReference")):
            xml_id = ("e" if tag == w("endnoteReference") else "") + (child.get(w("id")) or "")
            marker = ctx.notes.get(xml_id)
            if marker is None:
                marker = str(len(ctx.notes) + 1)
                ctx.notes[xml_id] = marker
            out.append(Run(marker, note=marker, superscript=True))
        elif tag == w("fldChar"):
            kind = child.get(w("fldCharType"))
            if kind == "begin":
                ctx.fields.append(_Field())
            elif kind == "separate" and ctx.fields:
                ctx.fields[-1].in_result = True
            elif kind == "end" and ctx.fields:
                ctx.fields.pop()
        elif tag == w("instrText") and ctx.fields:
            f = ctx.fields[-1]
            f.instr += child.text or ""
            m = _HYPERLINK.search(f.instr)
            if m:
                f.url = _field_url(m)
            if re.match(r"\s*TOC\b", f.instr):
                f.toc = True
        elif tag in (w("drawing"), w("pict"), w("object")):
            _image(ctx, child)
        elif tag == f"{{{MC}}}AlternateContent":
            for inner in child.iter(w("drawing"), w("pict")):
                _image(ctx, inner)
                break


def _hidden_field_code(ctx: _Ctx) -> bool:
    return any(not f.in_result for f in ctx.fields)


def _image(ctx: _Ctx, el: etree._Element) -> None:
    alt = None
    for doc_pr in el.iter(f"{{{WP}}}docPr"):
        alt = (doc_pr.get("descr") or doc_pr.get("title") or "").strip() or None
        break
    rid = None
    linked = False
    for blip in el.iter(f"{{{A}}}blip"):
        rid = blip.get(r("embed"))
        if rid is None and blip.get(r("link")):
            rid, linked = blip.get(r("link")), True
        break
    if rid is None:
        for data in el.iter(f"{{{V}}}imagedata"):
            rid = data.get(r("id"))
            alt = alt or (data.get("title") or "").strip() or None
            break
    if rid is None:
        return  # a shape, chart or text box without a picture
    ctx.images += 1
    _, target, external = ctx.rels.get(rid, ("", "", False))
    ext = posixpath.splitext(target)[1].lower()
    name = f"bilde-{ctx.images}{ext if ext in _IMAGE_TYPES else '.bin'}"
    image = Image(name, None, alt, ctx.pos)
    if linked or external:
        image.problem = "linked"
    elif not target:
        image.problem = "missing"
    else:
        part = posixpath.normpath(posixpath.join("word", target)).lstrip("/")
        if not ctx.pkg.has(part):
            image.problem = "missing"
        elif ctx.pkg.zf.getinfo(part).file_size > MAX_IMAGE:
            image.problem = "too-large"
        elif ext not in _IMAGE_TYPES:
            image.problem = "format"
        else:
            image.data = ctx.pkg.read(part)
    ctx.pending_images.append(image)


def _trim(runs: list[Run]) -> list[Run]:
    while runs and (runs[0].brk or not runs[0].text.strip()) and runs[0].note is None:
        runs.pop(0)
    while runs and (runs[-1].brk or not runs[-1].text.strip()) and runs[-1].note is None:
        runs.pop()
    return runs
