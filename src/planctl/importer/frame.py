"""The parts of a document around the plan's text: the cover, the contents list, the footnote blocks of
the council document («Fotnoter»), and, in a document planctl built, its closing decision page («Vedtak»)
and automatic appendix. The cover and the contents list are recognised and dropped (the build makes its
own); what they say about the plan (title, municipality, date, status) is kept for `plan`."""

from __future__ import annotations

import re
from dataclasses import field

from planctl.importer.grid import cell_plain, grid_row, norm
from planctl.importer.tree import Block, Para, Run, Table
from planctl.messages import LANGUAGES, t
from planctl.records import record

TOC_TITLES = {
    "innhold",
    "innholdsfortegnelse",
    "innhald",
    "innhaldsliste",
    "innhaldsoversikt",
    "contents",
    "table of contents",
    "innholdsliste",
    "innhaldsfortegnelse",
}
NOTE_TITLES = {"fotnoter", "fotnotar", "footnotes", "noter", "sluttnoter"}
_LEADER = re.compile(r"(?:\.{3,}|…{2,}|\t)\s*\d*\s*$|\s\.{2,}\s*\d+\s*$")
_NOTE_LINE = re.compile(r"^\s*(\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)[\s.)]\s*(\S.*)$", re.DOTALL)
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def words(key: str) -> set[str]:
    return {norm(t(lang, key)) for lang in LANGUAGES}


@record
class Frame:
    cover: list[Para] = field(default_factory=list)
    toc: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    decision: dict[str, str] = field(default_factory=dict)  # field -> value, from planctl's decision page
    decision_statement: str | None = None
    appendix: list[Block] = field(default_factory=list)  # planctl's automatic appendix, without its title
    notes: dict[str, list[Run]] = field(default_factory=dict)  # «Fotnoter» blocks: number -> text
    note_paras: int = 0


def split(blocks: list[Block]) -> Frame:
    frame = Frame()
    blocks = [b for b in blocks if not (isinstance(b, Para) and b.role == "furniture")]
    start, end = _toc_range(blocks)
    if start is not None and end is not None:
        frame.cover = [b for b in blocks[:start] if isinstance(b, Para)]
        frame.toc = blocks[start:end]
        rest = blocks[end:]
    else:
        first = next((i for i, b in enumerate(blocks) if isinstance(b, Para) and b.role == "heading"), None)
        if first == 0 and _title_heading(blocks):
            # a markdown or plain document whose first heading is the plan's title: it and the lines under
            # it, up to the next heading, are the cover
            title = blocks[0]
            assert isinstance(title, Para)
            title.role = "title"
            first = next(
                (i for i, b in enumerate(blocks) if isinstance(b, Para) and b.role == "heading"), None
            )
        if (
            first is not None
            and 0 < first <= 40
            and all(isinstance(b, Para) for b in blocks[:first])
            and sum(len(b.plain) for b in blocks[:first] if isinstance(b, Para)) < 2000
        ):
            frame.cover = [b for b in blocks[:first] if isinstance(b, Para)]
            rest = blocks[first:]
        else:
            rest = blocks
    rest = _decision(rest, frame)
    rest = _appendix(rest, frame)
    frame.body = _footnote_blocks(rest, frame)
    frame.appendix = _footnote_blocks(frame.appendix, frame)
    return frame


def _title_heading(blocks: list[Block]) -> bool:
    head = blocks[0]
    return (
        isinstance(head, Para)
        and head.level == 1
        and bool(re.search(r"\bplan\b", head.plain, re.IGNORECASE))
        and sum(1 for b in blocks[1:200] if isinstance(b, Para) and b.role == "heading") >= 2
    )


def _is_toc_para(b: Block) -> bool:
    return isinstance(b, Para) and (
        b.role in ("toc", "toc-heading") or bool(b.runs and _LEADER.search(b.text))
    )


def _is_toc_table(b: Block) -> bool:
    if not isinstance(b, Table) or not b.rows:
        return False
    hits = 0
    for row in b.rows:
        texts = [cell_plain(c) for c in row.cells]
        if any(_LEADER.search(x) or re.search(r"\.{4,}|…{2,}", x) for x in texts) or (
            texts and re.fullmatch(r"\d{1,3}", texts[-1] or "") is not None
        ):
            hits += 1
    return hits >= max(2, len(b.rows) * 0.6)


def _toc_range(blocks: list[Block]) -> tuple[int | None, int | None]:
    start = None
    for i, b in enumerate(blocks[:400]):
        if isinstance(b, Para) and (
            b.role in ("toc", "toc-heading")
            or (
                norm(b.plain) in TOC_TITLES
                and i + 1 < len(blocks)
                and (_is_toc_para(blocks[i + 1]) or _is_toc_table(blocks[i + 1]))
            )
        ):
            start = i
            break
    if start is None:
        return None, None
    end = start + 1
    while end < len(blocks) and (
        _is_toc_para(blocks[end]) or _is_toc_table(blocks[end]) or _empty(blocks[end])
    ):
        end += 1
    return start, end


def _empty(b: Block) -> bool:
    return isinstance(b, Para) and not b.runs


def _decision(blocks: list[Block], frame: Frame) -> list[Block]:
    """planctl's closing page: «Vedtak», a statement, and a two-column table of decision fields."""
    titles = words("build.decision")
    labels = {
        norm(t(lang, f"build.decision.{k}")): k
        for lang in LANGUAGES
        for k in ("body", "date", "case", "text", "signature", "next_review")
    }
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 8), -1):
        b = blocks[i]
        if not (isinstance(b, Para) and b.role == "heading" and norm(b.plain) in titles):
            continue
        tail = blocks[i + 1 :]
        table = next((x for x in tail if isinstance(x, Table)), None)
        if table is None or table.width != 2:
            return blocks
        fields: dict[str, str] = {}
        for row in table.rows:
            cells = grid_row(row, 2)
            label = labels.get(norm(cell_plain(cells[0])))
            if label is None:
                return blocks
            value = cell_plain(cells[1])
            if value:
                fields[label] = value
        frame.decision = fields
        statement = next((x for x in tail if isinstance(x, Para) and x.runs), None)
        frame.decision_statement = statement.plain if statement else None
        return blocks[:i]
    return blocks


def _appendix(blocks: list[Block], frame: Frame) -> list[Block]:
    titles = words("build.appendix.auto")
    intros = words("build.appendix.auto.intro")
    for i, b in enumerate(blocks):
        if isinstance(b, Para) and b.role == "heading" and b.level == 1 and norm(b.plain) in titles:
            rest = blocks[i + 1 :]
            if rest and isinstance(rest[0], Para) and norm(rest[0].plain) in intros:
                rest = rest[1:]
            end = next(
                (
                    j
                    for j, x in enumerate(rest)
                    if isinstance(x, Para) and x.role == "heading" and x.level == 1
                ),
                len(rest),
            )
            frame.appendix = rest[:end]
            return blocks[:i] + rest[end:]
    return blocks


def _footnote_blocks(blocks: list[Block], frame: Frame) -> list[Block]:
    """«Fotnoter» and the numbered notes under it (and footnote-styled «1 text» paragraphs) are taken out
    as footnotes, keyed by their number."""
    out: list[Block] = []
    in_notes = False
    for b in blocks:
        if isinstance(b, Para):
            if norm(b.plain) in NOTE_TITLES and (
                b.role == "footnote" or all(r.bold for r in b.runs if r.text.strip())
            ):
                in_notes = True
                frame.note_paras += 1
                continue
            m = _NOTE_LINE.match(b.text) if b.runs else None
            if m and (in_notes or b.role == "footnote"):
                number = m.group(1).translate(_SUPERSCRIPTS)
                frame.notes[number] = _strip_number(b.runs, m.group(1))
                frame.note_paras += 1
                continue
            if b.runs:
                in_notes = False
        out.append(b)
    return out


def _strip_number(runs: list[Run], number: str) -> list[Run]:
    out = [Run(r.text, r.bold, r.italic, r.url, r.note, r.brk, r.superscript) for r in runs]
    while out:
        first = out[0]
        stripped = first.text.lstrip()
        if stripped.startswith(number):
            first.text = stripped[len(number) :].lstrip(" .)\t")
            if not first.text:
                out.pop(0)
            break
        if not stripped:
            out.pop(0)
            continue
        break
    return out


def mark_note_refs(blocks: list[Block], notes: dict[str, list[Run]]) -> None:
    """Superscript numbers and «¹»-style markers that refer to a «Fotnoter» note become note runs."""
    if not notes:
        return
    for para in _all_paras(blocks):
        changed: list[Run] = []
        for run in para.runs:
            key = run.text.strip().translate(_SUPERSCRIPTS)
            if run.note is None and run.superscript and key in notes:
                changed.append(Run(run.text.strip(), note=key, superscript=True))
                continue
            if run.note is None and any(ch in run.text for ch in "¹²³⁴⁵⁶⁷⁸⁹⁰"):
                changed.extend(_split_superscripts(run, notes))
                continue
            changed.append(run)
        para.runs = changed


def _split_superscripts(run: Run, notes: dict[str, list[Run]]) -> list[Run]:
    out: list[Run] = []
    pos = 0
    for m in re.finditer(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", run.text):
        key = m.group(0).translate(_SUPERSCRIPTS)
        if key not in notes:
            continue
        if m.start() > pos:
            out.append(Run(run.text[pos : m.start()], run.bold, run.italic, run.url))
        out.append(Run(key, note=key, superscript=True))
        pos = m.end()
    if pos < len(run.text):
        out.append(Run(run.text[pos:], run.bold, run.italic, run.url))
    return out


def _all_paras(blocks: list[Block]) -> list[Para]:
    out: list[Para] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b)
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row.cells:
                    out.extend(_all_paras(cell.blocks))
    return out
