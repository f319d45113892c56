"""Runs of the neutral tree as planctl's inline text: `**bold**`, `*italic*`, `[text](url)`, `[^id]`
footnote markers and literal newlines for line breaks.

The text is written as plainly as it can be: a character is escaped only when planctl would otherwise
read the text differently (checked by parsing it back with planctl's own inline parser), so that the
source stays readable and builds into the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import unquote

from planctl.document.inline import Run as DocRun
from planctl.document.inline import parse, to_markdown
from planctl.importer.tree import Run
from planctl.xmltext import clean


def to_text(runs: Sequence[Run], note_id: Callable[[str], str] | None = None) -> str:
    """The runs as inline text; note_id maps a footnote key of the source to its id in the plan."""
    pieces: list[DocRun] = []
    for run in runs:
        if run.brk:
            pieces.append(DocRun("", brk=True))
        elif run.note is not None and note_id is not None:
            pieces.append(DocRun(run.text, footnote=note_id(run.note)))
        elif run.note is not None:
            continue
        else:
            pieces.append(DocRun(clean(run.text), run.bold, run.italic, run.url))
    pieces = _tidy(pieces)
    plain = _plain_markdown(pieces)
    if _reads_back(plain, pieces):
        return plain
    escaped = to_markdown(tuple(pieces)).replace("  \n", "\n")
    if _reads_back(escaped, pieces):
        return escaped
    # emphasis that CommonMark cannot express here (e.g. «1*<*»): keep the words, drop the emphasis
    flat = [DocRun(r.text, url=r.url, footnote=r.footnote, brk=r.brk) for r in pieces]
    return to_markdown(tuple(_tidy(flat))).replace("  \n", "\n")


def _tidy(runs: list[DocRun]) -> list[DocRun]:
    """Merge neighbours with the same formatting; whitespace-only runs lose bold and italic, so that
    «**a** **b**» reads as one bold run."""
    out: list[DocRun] = []
    for run in runs:
        if not run.brk and run.footnote is None and not run.text.strip() and run.url is None:
            run = DocRun(run.text)
            if out and not out[-1].brk and out[-1].footnote is None and (out[-1].bold or out[-1].italic):
                prev = out[-1]
                out[-1] = DocRun(prev.text + run.text, prev.bold, prev.italic, prev.url)
                continue
        last = out[-1] if out else None
        if (
            last is not None
            and not run.brk
            and not last.brk
            and run.footnote is None
            and last.footnote is None
            and (last.bold, last.italic, last.url) == (run.bold, run.italic, run.url)
        ):
            out[-1] = DocRun(last.text + run.text, last.bold, last.italic, last.url)
        else:
            out.append(run)
    while out and out[0].brk:
        out.pop(0)
    while out and out[-1].brk:
        out.pop()
    return out


def _plain_markdown(runs: list[DocRun]) -> str:
    parts: list[str] = []
    for r in runs:
        if r.brk:
            parts.append("\n")
            continue
        if r.footnote is not None:
            parts.append(f"[^{r.footnote}]")
            continue
        text = r.text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = text.strip()
        if core and r.italic:
            core = f"*{core}*"
        if core and r.bold:
            core = f"**{core}**"
        if core and r.url and core not in (r.url, unquote(r.url)):  # an address written out is a link anyway
            core = f"[{core}]({r.url})" if " " not in r.url and ")" not in r.url else f"[{core}](<{r.url}>)"
        parts.append(lead + core + trail if core else text)
    return "".join(parts)


def _signature(runs: Sequence[DocRun]) -> list[tuple[str, bool, bool, str | None, str | None, bool]]:
    out: list[tuple[str, bool, bool, str | None, str | None, bool]] = []
    for r in runs:
        item = (r.text if not r.footnote else "", r.bold, r.italic, r.url, r.footnote, r.brk)
        if (
            out
            and not r.brk
            and not r.footnote
            and not out[-1][5]
            and not out[-1][4]
            and out[-1][1:4] == item[1:4]
        ):
            out[-1] = (out[-1][0] + item[0], *out[-1][1:])
        else:
            out.append(item)
    return out


def _reads_back(text: str, runs: list[DocRun]) -> bool:
    return _signature(parse(text)) == _signature([r for r in runs if r.brk or r.footnote or r.text])
