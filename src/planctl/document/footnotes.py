"""Footnotes: the notes of a chapter at its end, and `render: footnotes` (a list of them anywhere)."""

from __future__ import annotations

from planctl.document.context import Context
from planctl.document.elements import Key, ParaEl
from planctl.document.inline import Run, parse
from planctl.model import placement
from planctl.model.kinds import FOOTNOTE
from planctl.model.types import Render


def flush_notes(ctx: Context) -> None:
    """The footnotes referenced since the last flush, numbered, under a «Fotnoter» line."""
    if not ctx.pending_notes:
        return
    ids, ctx.pending_notes = ctx.pending_notes, []
    ctx.emit(ParaEl((Run(ctx.m("build.footnotes"), bold=True),), "footnote"))
    for note_id in ids:
        note = ctx.plan.footnote(note_id)
        if note is None:
            continue
        number = ctx.footnotes[note_id]
        ctx.emit(
            ParaEl((Run(f"{number} "), *parse(note.text)), "footnote"),
            "note",
            owner=Key(FOOTNOTE.name, note_id),
        )


def footnotes(ctx: Context, r: Render, level: int) -> None:
    for note in placement.chosen(ctx.plan, r):
        number = ctx.footnotes.get(note.id)
        lead = (Run(f"{number} "),) if number is not None else ()
        ctx.emit(ParaEl((*lead, *ctx.runs(note.text)), "footnote"), "text", owner=Key(FOOTNOTE.name, note.id))
