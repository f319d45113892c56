"""`render: statistics`: each statistic as a table of its series (a row or a column each), its source and
its note."""

from __future__ import annotations

from planctl.document.context import Context, text
from planctl.document.elements import Key, ParaEl
from planctl.document.inline import Inline, Run, text_of
from planctl.model import placement
from planctl.model.kinds import STATISTICS
from planctl.model.types import Render, Source, Statistic


def statistics(ctx: Context, r: Render, level: int) -> None:
    for s in placement.chosen(ctx.plan, r):
        with ctx.owning(Key(STATISTICS.name, s.id)):
            _statistic(ctx, s)


def _statistic(ctx: Context, s: Statistic) -> None:
    comma = ctx.lang in ("nb", "nn")

    def fmt(v: float | None) -> Inline:
        # Value by value, as the plan printed it: 5 stays "5", 5.0 is "5,0", 4.85 is "4,85".
        if v is None:
            return ()
        printed = str(v) if isinstance(v, int) else f"{v:.{max(1, _decimals(v))}f}"
        return text(printed.replace(".", ",") if comma else printed)

    entity = s.entity_label or ""
    periods = s.periods
    if s.layout == "columns":
        header = (entity, *(name for name, _ in s.series))
        rows = tuple(
            (text(p), *(fmt(vals[i] if i < len(vals) else None) for _, vals in s.series))
            for i, p in enumerate(periods)
        )
        row_keys = tuple(Key("period", p) for p in periods)
    else:
        header = (entity, *periods)
        rows = tuple(
            (text(name), *(fmt(vals[i] if i < len(vals) else None) for i in range(len(periods))))
            for name, vals in s.series
        )
        row_keys = tuple(Key("series", name) for name, _ in s.series)
    title = text_of(s.title) if s.title else None
    numeric = (False, *(True for _ in header[1:]))
    ctx.table(title, header, rows, title or ctx.m(STATISTICS.title), "table", row_keys, numeric)
    if s.source is not None and (s.source.name or s.source.url):
        ctx.emit(ParaEl(_source(ctx, s.source), "source"), "source")
    if s.note:
        ctx.para(s.note, "note", "note")


def _source(ctx: Context, source: Source) -> Inline:
    """«Kilde: name (a link where there is a URL), retrieved date», in the document's language."""
    runs: list[Run] = []
    name = source.name or ""
    if source.url:
        runs.append(Run(name or source.url, italic=False, url=source.url))
    else:
        runs.append(Run(name))
    if source.retrieved:
        runs.append(Run(", " + ctx.m("build.source.retrieved", date=source.retrieved)))
    before, after = ctx.m("build.source", source="\0").split("\0")
    return (Run(before), *runs, Run(after)) if after else (Run(before), *runs)


def _decimals(value: float) -> int:
    """The decimals a float was written with (at most 4)."""
    written = repr(value)
    if "e" in written or "." not in written:
        return 0
    return min(len(written.split(".", 1)[1].rstrip("0")), 4)
