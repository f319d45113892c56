"""Tables as grids: merged cells spread over the columns they cover, nested tables flattened, and the
header words normalised for recognising what a column holds."""

from __future__ import annotations

import re
from collections.abc import Iterable

from planctl.importer.inline import to_text
from planctl.importer.tree import Cell, Para, Row, Run, Table
from planctl.messages import LANGUAGES, t


def grid_row(row: Row, width: int) -> list[Cell | None]:
    """The row's cells by grid column; a column covered by a horizontal merge is None."""
    out: list[Cell | None] = []
    for cell in row.cells:
        out.append(cell)
        out.extend([None] * (cell.span - 1))
    return (out + [None] * width)[:width]


def cell_runs(cell: Cell | None) -> list[Run]:
    """A cell's paragraphs as one run list, paragraphs separated by line breaks; nested tables are read
    as their text, one line per cell."""
    if cell is None or cell.merge == "continue":
        return []
    runs: list[Run] = []
    for para in _paras(cell.blocks):
        if not para.runs:
            continue
        if runs:
            runs.append(Run("", brk=True))
        if para.role == "list" and para.number:
            runs.append(Run(f"{para.number} " if para.ordered else ""))
        runs.extend(para.runs)
    return runs


def _paras(blocks: Iterable[object]) -> Iterable[Para]:
    for block in blocks:
        if isinstance(block, Para):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from _paras(cell.blocks)


def cell_text(cell: Cell | None, note_id: object = None) -> str:
    """A cell as inline text (bold, italic, links; line breaks between paragraphs)."""
    return to_text(cell_runs(cell), note_id if callable(note_id) else None).strip()


def cell_plain(cell: Cell | None) -> str:
    lines = "".join("\n" if r.brk else r.text for r in cell_runs(cell)).split("\n")
    return "\n".join(line.strip() for line in lines).strip()


def norm(text: str) -> str:
    """A header cell compared: lower case, letters, digits and single spaces only."""
    return " ".join(re.sub(r"[^\wæøå ]+", " ", text.lower()).split())


def catalogue_words(*keys: str) -> set[str]:
    """The normalised texts of catalogue keys in every language (planctl's own column headings)."""
    out: set[str] = set()
    for key in keys:
        for lang in LANGUAGES:
            try:
                out.add(norm(t(lang, key)))
            except KeyError:
                continue
    out.discard("")
    return out


def nested(table: Table) -> bool:
    return any(cell.nested for row in table.rows for cell in row.cells)


def merged(table: Table) -> bool:
    return any(cell.span > 1 or cell.merge is not None for row in table.rows for cell in row.cells)
