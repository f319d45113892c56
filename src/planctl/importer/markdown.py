"""Reading markdown (CommonMark with pipe tables, as pandoc and GitHub write it) into the neutral tree.

markdown-it-py, which planctl already uses for inline text, parses the blocks; pipe tables are its
GitHub-flavoured extension. Pandoc-style footnotes (`[^1]` with a `[^1]: text` definition) are taken out
before parsing, since CommonMark has no footnotes. Inline HTML that converters leave in table cells
(`<br>`, `<b>`, `<i>`, `<p>`) becomes line breaks and emphasis; other HTML is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from planctl.importer.tree import Block, Cell, Document, Image, Para, Properties, Row, Run, Table, merge_runs

if TYPE_CHECKING:
    from markdown_it.token import Token

MAX_IMAGE = 25 * 1024 * 1024
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)[^>]*?(/?)\s*>")


def read_markdown(text: str, base: Path | None = None) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    body, notes = _footnote_definitions(_unclosed_fences(text))
    md = MarkdownIt("commonmark").enable("table")
    reader = _Reader(base)
    reader.walk(md.parse(body))
    footnotes = {key: reader.inline_text(value) for key, value in notes.items()}
    return Document(reader.blocks, footnotes, Properties(), "markdown")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _unclosed_fences(text: str) -> str:
    """A code fence that is never closed would swallow the rest of the document (CommonMark); converters
    leave such lines («~~~~~» as a cover ornament). They are read as text, as pandoc reads them."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m.group(1)
        close = next(
            (
                j
                for j in range(i + 1, len(lines))
                if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", lines[j])
            ),
            None,
        )
        if close is None:
            lines[i] = lines[i].replace(fence, "\\" + fence[0] + fence[1:], 1)
            i += 1
        else:
            i = close + 1
    return "\n".join(lines)


def _footnote_definitions(text: str) -> tuple[str, dict[str, str]]:
    lines = text.split("\n")
    kept: list[str] = []
    notes: dict[str, str] = {}
    current: str | None = None
    for line in lines:
        m = _NOTE_DEF.match(line)
        if m:
            current = m.group(1)
            notes[current] = m.group(2).strip()
            continue
        if current is not None and line.startswith(("    ", "\t")) and line.strip():
            notes[current] += " " + line.strip()
            continue
        current = None
        kept.append(line)
    return "\n".join(kept), notes


class _Reader:
    def __init__(self, base: Path | None) -> None:
        self.base = base
        self.blocks: list[Block] = []
        self.pos = 0
        self.list_stack: list[bool] = []  # ordered?
        self.quote = 0
        self.heading = 0
        self.images = 0
        self.table: Table | None = None
        self.row: Row | None = None
        self.in_header = False

    def walk(self, tokens: list[Token]) -> None:
        for tok in tokens:
            kind = tok.type
            if kind == "heading_open":
                self.heading = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            elif kind == "heading_close":
                self.heading = 0
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_stack.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                if self.list_stack:
                    self.list_stack.pop()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote = max(0, self.quote - 1)
            elif kind == "table_open":
                self.pos += 1
                self.table = Table([], pos=self.pos)
            elif kind == "table_close":
                if self.table is not None:
                    self.blocks.append(self.table)
                self.table = None
            elif kind == "thead_open":
                self.in_header = True
            elif kind == "thead_close":
                self.in_header = False
            elif kind == "tr_open" and self.table is not None:
                self.row = Row([], header=self.in_header)
            elif kind == "tr_close" and self.table is not None and self.row is not None:
                self.table.rows.append(self.row)
                self.row = None
            elif kind == "inline":
                self.inline_block(tok)
            elif kind in ("fence", "code_block"):
                self.add_para([Run(line) for line in tok.content.rstrip("\n").split("\n") if line.strip()])
            elif kind == "html_block":
                self.html_block(tok.content)

    def inline_block(self, tok: Token) -> None:
        runs, images = self.runs(tok.children or [])
        if self.row is not None:
            self.row.cells.append(Cell([Para(runs, pos=self.pos)]))
            return
        self.add_para(runs)
        for image in images:
            image.pos = self.pos
            self.blocks.append(image)

    def add_para(self, runs: list[Run]) -> None:
        if not runs and not self.heading:
            return
        self.pos += 1
        para = Para(runs, pos=self.pos)
        if self.heading:
            para.role, para.level = "heading", self.heading
        elif self.list_stack:
            para.role, para.level, para.ordered = "list", len(self.list_stack), self.list_stack[-1]
        elif self.quote:
            para.role = "quote"
        self.blocks.append(para)

    def html_block(self, content: str) -> None:
        for part in re.split(r"</?p\b[^>]*>|<br\s*/?>|\n\s*\n", content):
            text = _TAG.sub("", part).strip()
            if text:
                self.add_para([Run(" ".join(text.split()))])

    def inline_text(self, text: str) -> list[Run]:
        tokens = MarkdownIt("commonmark").parseInline(text)
        return self.runs(tokens[0].children or [])[0] if tokens else []

    def runs(self, children: list[Token]) -> tuple[list[Run], list[Image]]:
        out: list[Run] = []
        images: list[Image] = []
        bold = italic = 0
        url: str | None = None
        for tok in children:
            kind = tok.type
            if kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold = max(0, bold - 1)
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic = max(0, italic - 1)
            elif kind == "link_open":
                href = tok.attrs.get("href")
                url = str(href) if href else None
            elif kind == "link_close":
                url = None
            elif kind == "softbreak":
                out.append(Run(" ", bold > 0, italic > 0, url))
            elif kind == "hardbreak":
                out.append(Run("", brk=True))
            elif kind in ("text", "code_inline"):
                out.extend(_split_notes(Run(tok.content, bold > 0, italic > 0, url)))
            elif kind == "html_inline":
                m = _TAG.match(tok.content.strip())
                if not m:
                    continue
                closing, name = m.group(1) == "/", m.group(2).lower()
                if name in ("br", "p") and (name == "br" or closing or out):
                    out.append(Run("", brk=True))
                elif name in ("b", "strong"):
                    bold = max(0, bold - 1) if closing else bold + 1
                elif name in ("i", "em"):
                    italic = max(0, italic - 1) if closing else italic + 1
            elif kind == "image":
                images.append(self.image(tok))
        return _clean(out), images

    def image(self, tok: Token) -> Image:
        self.images += 1
        src = str(tok.attrs.get("src") or "")
        alt = tok.content.strip() or None
        ext = Path(src).suffix.lower() if src else ""
        image = Image(f"bilde-{self.images}{ext or '.bin'}", None, alt)
        if not src or "://" in src or src.startswith("data:"):
            image.problem = "linked"
            return image
        if self.base is None:
            image.problem = "missing"
            return image
        path = (self.base / src).resolve()
        if not path.is_relative_to(self.base.resolve()) or not path.is_file():
            image.problem = "missing"
        elif path.stat().st_size > MAX_IMAGE:
            image.problem = "too-large"
        else:
            image.data = path.read_bytes()
        return image


def _split_notes(run: Run) -> list[Run]:
    out: list[Run] = []
    pos = 0
    for m in _NOTE_REF.finditer(run.text):
        if m.start() > pos:
            out.append(Run(run.text[pos : m.start()], run.bold, run.italic, run.url))
        out.append(Run(m.group(1), note=m.group(1), superscript=True))
        pos = m.end()
    if pos < len(run.text):
        out.append(Run(run.text[pos:], run.bold, run.italic, run.url))
    return out


def _clean(runs: list[Run]) -> list[Run]:
    out = merge_runs(runs)
    while out and out[0].brk:
        out.pop(0)
    while out and out[-1].brk:
        out.pop()
    return out
