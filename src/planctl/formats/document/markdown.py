"""The council document as markdown (web publication and review), from the same `Layout` as the .docx:
numbered headings, pipe tables, lists, quotes; figures as text with their alternative description.

The plan's text stays text: markup characters are escaped (planctl.document.inline.to_markdown), a line
of the plan's text never starts a block of its own (a heading, a list, a fence or a setext underline),
a one-line field (a heading, a caption, a cover line) is one line, and links go only to http(s) and
mailto addresses (others are shown as their text: formats.escape.safe_url).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from planctl.document import elements as el
from planctl.document.inline import Inline, Run, to_markdown
from planctl.formats.escape import markdown_line_start as _block_start
from planctl.formats.escape import safe_url
from planctl.messages import t
from planctl.xmltext import clean


def render_markdown(
    layout: el.Layout, *, template: Path | None = None, notify: Callable[[str], None] | None = None
) -> str:
    """The document as markdown (template, notify: the renderers' common signature; markdown has no styles
    and lacks nothing).
    Characters XML cannot hold are left out, as in the Word document."""
    lang = layout.meta.lang
    blocks: list[str] = []
    for element in layout.elements:
        text = _element(element, lang)
        if text:
            blocks.append(text)
    if layout.notes:  # footnote definitions (GitHub and pandoc markdown), in the order of first reference
        blocks.append("\n".join(f"[^{number}]: {_note(runs)}" for number, runs in layout.notes))
    return clean("\n\n".join(blocks).rstrip() + "\n")


def _element(e: el.Element, lang: str) -> str:
    if isinstance(e, el.HeadingEl):
        return f"{'#' * min(e.level, 6)} {_escape_line(e.full)}"
    if isinstance(e, el.ParaEl):
        text = _md(e.runs)
        if e.style in ("caption",):
            return f"**{text}**"
        if e.style in ("source", "note", "footnote"):
            return f"<small>{text}</small>" if e.style != "footnote" else text
        return text
    if isinstance(e, el.ListEl):
        return "\n".join(_list(e.items, e.style, 0))
    if isinstance(e, el.QuoteEl):
        lines = _md(e.runs).split("\n")
        out = [f"> {line}".rstrip() for line in lines]
        if e.source:
            out.append(">")
            out.append(f"> – {_escape_line(e.source)}")
        return "\n".join(out)
    if isinstance(e, el.TableEl):
        return _table(e.caption, e.header, e.rows)
    if isinstance(e, el.PyramidEl):
        rows = tuple(
            (_plain(lv.label.replace("\n", " ")), _plain(t(lang, "build.pyramid.count", n=lv.count)))
            for lv in e.levels
        )
        return _table(e.caption, ("", ""), rows, alt=e.alt)
    if isinstance(e, el.DiagramEl):
        out = [f"**{_escape_line(e.caption)}**", ""] if e.caption else []
        out.append(f"<!-- {e.alt.replace('--', '–')} -->")
        out.append("")
        for i, item in enumerate(e.items, start=1):
            marker = f"{i}." if e.kind == "levels" else "-"
            text = f" – {_escape_line(item.text)}" if item.text else ""
            out.append(f"{marker} **{_escape_line(item.label)}**{text}")
        return "\n".join(out)
    if isinstance(e, el.ImageEl):
        alt = _escape_line(e.alt).replace("]", "\\]")
        picture = f"![{alt}](<{e.file}>)" if _local_file(e.file) else alt
        return f"{picture}\n\n*{_escape_line(e.caption)}*" if e.caption else picture
    if isinstance(e, el.PathwayEl):
        out = [f"**{_escape_line(e.caption)}**", ""]
        for step in e.steps:
            out.append(f"{step.number}. **{_escape_line(step.title)}**")
            if step.action:
                out.append(f"   {_md(step.action)}")
            if step.actors:
                out.append(f"   {t(lang, 'build.pathway.actors')}: {_escape_line(step.actors)}")
            if step.arena:
                out.append(f"   {t(lang, 'build.pathway.arena')}: {_escape_line(step.arena)}")
            if step.note:
                out.append(f"   *{_md(step.note)}*")
        return "\n".join(out)
    if isinstance(e, el.CoverEl):
        out = [f"# {_escape_line(e.title)}", "", f"**{_escape_line(e.municipality)}**"]
        if e.draft:
            out += ["", f"**{e.draft}** – {t(lang, 'build.draft.note')}"]
        for line in (e.subtitle, e.status, e.date_label, e.version, e.period):
            if line:
                out += ["", _own_line(line)]
        return "\n".join(out)
    if isinstance(e, el.DecisionEl):
        out = [_own_line(e.statement), ""]
        for label, value in e.fields:
            out.append(
                f"- **{_escape_line(label)}:** {_escape_line(value) if value else '____________________'}"
            )
        return "\n".join(out)
    if isinstance(e, el.TocEl | el.PageBreakEl):
        return ""  # web pages make their own navigation; pages do not exist
    return ""


def _list(items: tuple[el.ListEntry, ...], style: str, depth: int) -> list[str]:
    out = []
    for i, item in enumerate(items, start=1):
        marker = f"{i}." if style == "numbered" else "-"
        out.append(f"{'   ' * depth}{marker} {_md(item.runs)}".replace("  \n", "<br>"))
        out.extend(_list(item.children, style, depth + 1))
    return out


def _table(
    caption: str | None, header: tuple[str, ...], rows: tuple[tuple[Inline, ...], ...], alt: str | None = None
) -> str:
    out = []
    if caption:
        out += [f"**{_escape_line(caption)}**", ""]
    if alt:
        out += [f"<!-- {alt.replace('--', '–')} -->", ""]
    out.append("| " + " | ".join(_cell_text(h) for h in header) + " |")
    out.append("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        out.append("| " + " | ".join(_md(c, in_table=True).replace("\n", "<br>") for c in row) + " |")
    return "\n".join(out)


def _plain(text: str) -> Inline:
    return (Run(text),)


def _cell_text(text: str) -> str:
    return to_markdown(_plain(text), in_table=True) if text else " "


def _escape_line(text: str) -> str:
    """A one-line field (heading, caption, cover line) as one line of markdown."""
    return to_markdown(_plain(" ".join(text.split()))).replace("  \n", " ")


def _own_line(text: str) -> str:
    """A one-line field that starts a line of its own."""
    return _block_start(_escape_line(text))


_NOT_IN_A_LINK = re.compile(r"[<>\s\x00-\x1f\x7f]")


def _local_file(name: str) -> bool:
    """A picture's file name that a link can hold as it is: relative, no scheme, nothing that ends the
    link or a line (anything else is shown as its description alone)."""
    scheme = name.split("/", 1)[0]
    return bool(name) and ":" not in scheme and not name.startswith("/") and not _NOT_IN_A_LINK.search(name)


def _note(runs: Inline) -> str:
    """A footnote definition's text: its later lines indented, so they stay in the note."""
    return _md(runs).replace("\n", "\n    ")


def _md(runs: Inline, *, in_table: bool = False) -> str:
    """Runs as markdown: unsafe links dropped (their text kept); every line that starts with the plan's
    text starts with a literal, never a block marker."""
    runs = tuple(replace(r, url=None) if r.url is not None and safe_url(r.url) is None else r for r in runs)
    text = to_markdown(runs, in_table=in_table)
    if in_table:
        return text
    return "\n".join(_block_start(line) for line in text.split("\n"))
