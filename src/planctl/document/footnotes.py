"""`render: footnotes`: a list of the plan's footnotes where the plan wants one. A note referenced with
`[^id]` in a text is a real footnote at the foot of its page (the layout's `notes`, written by the Word
writer as footnotes and by the markdown writer as footnote definitions)."""

from __future__ import annotations

from planctl.document.context import Context
from planctl.document.elements import Key, ParaEl
from planctl.document.inline import Run
from planctl.model import placement
from planctl.model.kinds import FOOTNOTE
from planctl.model.types import Render


def footnotes(ctx: Context, r: Render, level: int) -> None:
    for note in placement.chosen(ctx.plan, r):
        number = ctx.footnotes.get(note.id)
        lead = (Run(f"{number} "),) if number is not None else ()
        ctx.emit(ParaEl((*lead, *ctx.runs(note.text)), "footnote"), "text", owner=Key(FOOTNOTE.name, note.id))
