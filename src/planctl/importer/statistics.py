"""Statistics tables (a label column and numeric year columns) into the `statistics` registry.

A table is statistics when every filled cell outside the first column is a number (Norwegian «5,6»,
«1 234», «12 %», or «-» for none) and there is at least one number. When the header's other cells are
periods («2021», «2020/21», «2021 (jan-juni)») the rows are the series (layout rows); otherwise the columns
are (layout columns, the first column holding the periods). Values keep integer or decimal as printed.
"""

from __future__ import annotations

import re
from typing import Any

from planctl.importer.context import Context, where
from planctl.importer.grid import cell_plain, grid_row
from planctl.importer.tree import Table

_NUMBER = re.compile(r"^[-−–]?\s?\d{1,3}(?:[ \u00a0.]\d{3})*(?:,\d+)?$|^[-−–]?\d+(?:[.,]\d+)?$")
_EMPTY = {"", "-", "–", "—", ".", ":", "..", "x"}
_PERIOD = re.compile(r"^\s*(?:19|20)\d{2}\b")


def parse_number(text: str) -> int | float | str | None:
    """The number in a cell, None for an empty cell, the text itself when it is not a number."""
    raw = text.strip().rstrip("%").strip()
    if raw in _EMPTY:
        return None
    raw = raw.replace("−", "-").replace("–", "-")
    if not _NUMBER.match(raw):
        return text
    if "," in raw:
        whole, frac = raw.replace(" ", "").replace("\u00a0", "").replace(".", "").split(",", 1)
        return float(f"{whole}.{frac}")
    compact = raw.replace(" ", "").replace("\u00a0", "")
    if (
        "." in compact
        and re.fullmatch(r"-?\d+\.\d+", compact)
        and not re.fullmatch(r"-?\d{1,3}\.\d{3}", compact)
    ):
        return float(compact)
    return int(compact.replace(".", ""))


def as_statistics(table: Table, title: str | None, ctx: Context) -> dict[str, Any] | None:
    width = table.width
    rows = [[cell_plain(c).replace("\n", " ") for c in grid_row(r, width)] for r in table.rows]
    if len(rows) < 2 or width < 2:
        return None
    header, body = rows[0], rows[1:]
    values: list[list[int | float | None]] = []
    numbers = 0
    for row in body:
        parsed: list[int | float | None] = []
        for cell in row[1:]:
            value = parse_number(cell)
            if isinstance(value, str):
                return None
            numbers += value is not None
            parsed.append(value)
        values.append(parsed)
    if numbers == 0 or not all(r[0] for r in body):
        return None
    if any(
        parse_number(h) is not None and not isinstance(parse_number(h), str) and not _PERIOD.match(h)
        for h in header[1:]
    ):
        return None  # a header of plain numbers is the first data row of a table without a header
    periods_in_header = all(_PERIOD.match(h) for h in header[1:] if h)
    stat: dict[str, Any] = {
        "id": ctx.new_id("statistics", title or "", f"statistikk-{table.pos}"),
        "title": title,
    }
    unit = _unit(title or "", [c for r in rows for c in r])
    stat["unit"] = unit
    ctx.guess(stat, "unit", "import.guess.stat-unit")
    if periods_in_header:
        stat["periods"] = list(header[1:])
        stat["series"] = {row[0]: vals for row, vals in zip(body, values, strict=True)}
    else:
        stat["periods"] = [row[0] for row in body]
        stat["series"] = {name: [vals[i] for vals in values] for i, name in enumerate(header[1:])}
        stat["layout"] = "columns"
    if len(stat["series"]) != (len(body) if periods_in_header else width - 1):
        return None  # two series with the same name: not a table planctl can keep as statistics
    if header[0]:
        stat["entity_label"] = header[0]
    ctx.report.add(
        "statistics",
        where(table=table.pos),
        "",
        title or header[0],
        guess=("import.guess.stat-unit", {"unit": unit}),
    )
    return stat


def _unit(title: str, cells: list[str]) -> str:
    low = title.lower()
    if "%" in low or "prosent" in low or "andel" in low or any(c.strip().endswith("%") for c in cells):
        return "percent"
    if "antall" in low or "tal på" in low or "talet på" in low or "number" in low:
        return "count"
    if "per 1000" in low or "pr. 1000" in low or "rate" in low:
        return "rate"
    return "other"
