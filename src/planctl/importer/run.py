"""`planctl import`, the steps in order: read the document, find its frame (cover, contents, footnote
blocks, planctl's decision page and appendix), turn the body into blocks and registries, match regional
text, nest the sections, read the metadata, write the YAML and check it with planctl's own pipeline.
Everything is gathered first; the files are written only at the end, atomically, and only when the input
could be read."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from planctl.check.pipeline import CheckOptions, check_sources
from planctl.errors import PlanctlError
from planctl.importer import appendix, emit, frame, metadata, regional, sections
from planctl.importer.body import Body
from planctl.importer.container import open_package_bytes, read_input
from planctl.importer.context import Context, where
from planctl.importer.docx import read_package
from planctl.importer.emit import key_order
from planctl.importer.inline import to_text
from planctl.importer.libreoffice import CONVERTED, to_docx
from planctl.importer.markdown import read_markdown
from planctl.importer.measures import link_goals
from planctl.importer.report import Finding, ImageEntry, ImportReport
from planctl.importer.tree import Document, Image, Para
from planctl.importer.units import Units, services_in_text
from planctl.load.sources import PlanSources, default_root
from planctl.load.yamlsource import display_path, load_yaml, parse_yaml
from planctl.messages import current_language, t
from planctl.records import record

MARKDOWN = (".md", ".markdown", ".txt", ".mdown")
# The registries whose entries the importer writes, each entry's keys put in the schema's order.
ORDERED = (
    "goals",
    "strategies",
    "measures",
    "arenas",
    "agreements",
    "pathways",
    "statistics",
    "references",
    "footnotes",
)
FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9][a-z0-9-]*)\]")


@record(frozen=True)
class Options:
    output: Path
    regional: Path | None = None
    municipality: str | None = None
    lang: str | None = None


@record
class Result:
    text: str
    report: ImportReport
    images: list[Image]
    target: Path


def read_document(path: Path, display: str, lang: str) -> Document:
    suffix = path.suffix.lower()
    if suffix in MARKDOWN:
        raw = read_input(path, display, lang)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PlanctlError(t(lang, "import.error.encoding", offset=exc.start), file=display) from None
        return read_markdown(text, path.parent)
    if suffix in CONVERTED:
        return read_package(open_package_bytes(to_docx(path, display, lang), display, lang))
    if suffix not in (".docx", ".dotx", ".docm"):
        raise PlanctlError(t(lang, "import.error.kind", suffix=suffix or "-"), file=display)
    return read_package(open_package_bytes(read_input(path, display, lang), display, lang))


def import_document(path: Path, options: Options) -> Result:
    msg_lang = options.lang or current_language()  # messages: --lang, else LANG
    display = display_path(path)
    if not path.is_file():
        raise PlanctlError(t(msg_lang, "import.error.missing"), file=display)
    regional_data, regional_doc = _regional(options.regional, msg_lang)
    doc = read_document(path, display, msg_lang)
    report = ImportReport(display, lang=msg_lang)
    units = Units(
        [u for u in regional_data.get("units") or () if isinstance(u, dict)] if regional_data else None
    )
    ctx = Context(msg_lang, report, units, regional_data)
    fr = frame.split(doc.blocks)
    notes = {**doc.footnotes, **fr.notes}
    frame.mark_note_refs(fr.body + fr.appendix, fr.notes)
    for block in fr.toc:
        report.add("toc", where(getattr(block, "pos", None)), "", getattr(block, "text", ""))
    appendix.read(fr.appendix, ctx)
    items = Body(ctx).convert(fr.body)
    # once the whole document is read (the appendix's tables included): its goals and the services it names
    link_goals(ctx)
    services_in_text((item.text for item in items), ctx.units)
    if regional_data:
        items = regional.match(items, regional_data, ctx)
    body, appendices = sections.build(items, ctx)
    cover = metadata.read_cover(fr.cover, ctx)
    for para in fr.cover:
        report.add("cover", where(para.pos), "", para.plain)
    texts = [(b.pos, b.plain) for b in [*fr.cover, *fr.body] if isinstance(b, Para) and b.runs]
    lang = options.lang or metadata.guess_language([x for _, x in texts])
    if options.lang is None:
        report.note("import.note.language", lang=lang)
    ctx.lang = lang if options.lang is None else options.lang
    municipality = metadata.municipality_name(cover, doc, options.municipality, ctx)
    plan = metadata.plan_mapping(cover, doc, fr, texts, municipality, lang, ctx)
    data = _assemble(ctx, plan, cover, body, appendices, notes, options, regional_data)
    target = options.output / "plan.yaml"
    header = [line for line in t(msg_lang, "import.yaml.header", source=path.name).split("\n")]
    text = emit.dump(data, ctx.guessed, t(msg_lang, "import.yaml.guess"), header)
    images = [i for i in ctx.images if i.data is not None]
    for image in ctx.images:
        report.images.append(
            ImageEntry(image.name, where(image.pos), image.alt, image.data is not None, image.problem)
        )
    if images:
        report.note("import.note.images", count=len(images))
    _check(text, target, regional_doc, options, report)
    return Result(text, report, images, target)


def _regional(path: Path | None, lang: str) -> tuple[dict[str, Any] | None, Any]:
    if path is None:
        return None, None
    display = display_path(path)
    if not path.is_file():
        raise PlanctlError(
            t(lang, "import.error.regional", reason=t(lang, "import.error.missing")), file=display
        )
    doc = load_yaml(path, display)
    if doc.data is None or not isinstance(doc.data, dict) or doc.data.get("schema") != "planctl-regional/1":
        reason = doc.problems[0].message.render(lang) if doc.problems else "schema: planctl-regional/1"
        raise PlanctlError(t(lang, "import.error.regional", reason=reason), file=display)
    return doc.data, doc


def _assemble(
    ctx: Context,
    plan: dict[str, Any],
    cover: metadata.Cover,
    body: list[dict[str, Any]],
    appendices: list[dict[str, Any]],
    notes: dict[str, Any],
    options: Options,
    regional_data: dict[str, Any] | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": "planctl/1"}
    if options.regional is not None:
        rel = os.path.relpath(options.regional.resolve(), options.output.resolve())
        data["uses"] = {"regional": Path(rel).as_posix()}
    data["plan"] = plan
    regs = ctx.registries
    if regional_data:
        same = regional.regional_statistics(regs["statistics"], regional_data)
        if same:
            regs["statistics"] = [s for s in regs["statistics"] if s["id"] not in same]
            _replace_ids([*body, *appendices], same)
    units: list[dict[str, Any]] = []
    for u in ctx.units.units:
        unit: dict[str, Any] = {"id": u.id, "name": u.name, "kind": u.kind, "municipal": u.municipal}
        if u.aliases:
            unit["aliases"] = u.aliases
        if u.mandate:
            unit["mandate"] = u.mandate
        if u.members:
            unit["members"] = u.members
        if u.description:
            unit["description"] = u.description
        if u.guessed:
            ctx.guess(unit, "kind", "import.guess.unit", kind=u.kind)
            key = "import.guess.unit" if u.known else "import.guess.unit-unknown"
            yes_no = t(ctx.report.lang, "import.yes" if u.municipal else "import.no")
            ctx.report.add(
                "unit",
                where(table=u.where or None),
                f"/units/{len(units)}",
                u.name,
                guess=(key, {"kind": u.kind, "municipal": yes_no}),
            )
        units.append(unit)
    if ctx.units.glued:
        ctx.report.note("import.note.glued", cells="; ".join(ctx.units.glued[:5]))
    data["units"] = units
    for kind in ("goals", "strategies", "measures", "arenas", "agreements", "pathways"):
        data[kind] = regs[kind]
    data["statistics"] = regs["statistics"]
    data["references"] = regs["references"]
    document: dict[str, Any] = {"front": _front(cover), "numbering": "explicit", "toc": True, "body": body}
    if appendices:
        document["appendices"] = appendices
    data["document"] = document
    data["footnotes"] = _footnotes(ctx, data, notes, regional_data)
    _order(data["plan"], key_order("plan"))
    for kind in ORDERED:
        order = key_order(kind)
        for entry in data.get(kind) or ():
            _order(entry, order)
    return data


def _order(mapping: dict[str, Any], order: tuple[str, ...]) -> None:
    """Reorder mapping in place (a dict keeps its identity: guesses are keyed by it)."""
    items = sorted(mapping.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    mapping.clear()
    mapping.update(items)


def _front(cover: metadata.Cover) -> dict[str, Any]:
    front: dict[str, Any] = {}
    if cover.date_label:
        front["date_label"] = cover.date_label
    if cover.lines:
        front["lines"] = cover.lines
    return front


def _replace_ids(sections_: list[dict[str, Any]], same: dict[str, str]) -> None:
    for section in sections_:
        for block in section.get("blocks", []):
            if block.get("render") == "statistics":
                block["ids"] = [same.get(i, i) for i in block.get("ids", [])]
        _replace_ids(section.get("children", []), same)


def _footnotes(
    ctx: Context, data: dict[str, Any], notes: dict[str, Any], regional_data: dict[str, Any] | None
) -> list[dict[str, Any]]:
    used: set[str] = set()
    _refs(data, used)
    regional_texts = {
        " ".join(str(f.get("text", "")).split())
        for f in (regional_data or {}).get("footnotes") or ()
        if isinstance(f, dict)
    }
    out: list[dict[str, Any]] = []
    for key, note_id in ctx.footnote_ids.items():
        runs = notes.get(key)
        if runs is None:
            ctx.report.add(
                "unmapped", where(), "", f"[^{key}]", detail=("import.detail.no-note", {"key": key})
            )
            continue
        text = to_text(runs, ctx.note_id).strip()
        if note_id not in used and " ".join(text.split()) in regional_texts:
            continue  # the regional text that replaced the paragraph brings its own footnote
        out.append({"id": note_id, "text": text})
        ctx.report.add("footnote", where(), f"/footnotes/{len(out) - 1}", text)
    for key, runs in notes.items():
        if key not in ctx.footnote_ids:
            text = to_text(runs, None).strip()
            ctx.report.add("unmapped", where(), "", text, detail=("import.detail.unreferenced-note", {}))
    return out


def _refs(value: Any, used: set[str]) -> None:
    if isinstance(value, str):
        used.update(FOOTNOTE_REF.findall(value))
    elif isinstance(value, dict):
        for v in value.values():
            _refs(v, used)
    elif isinstance(value, list):
        for v in value:
            _refs(v, used)


def _check(text: str, target: Path, regional_doc: Any, options: Options, report: ImportReport) -> None:
    """Validate the written text with planctl's own pipeline; findings go into the report."""
    display = display_path(target)
    doc = parse_yaml(text, target, display)
    root = target.parent.resolve()
    if options.regional is not None:
        root = Path(os.path.commonpath([root, options.regional.resolve().parent]))
        if not options.regional.resolve().is_relative_to(default_root(target)):
            report.note("import.note.root", root=display_path(root))
    sources = PlanSources(doc, regional_doc, root)
    result = check_sources(sources, CheckOptions(root=root, lang=report.lang))
    for f in result.findings:
        report.findings.append(Finding(f.rule, str(f.severity), f.message, f.line, f.path))
