"""The diff for people in a terminal: grouped by kind, in plan terms, word diffs for prose (rich styles).
The plans' words are escaped to one line each (formats.escape.text_line): a line break in a title or a
text shows as \\n, so no plan text starts a line of its own or reads as a CI workflow command."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from planctl.diff.describe import headline, kind_label, trim
from planctl.diff.engine import PlanDiff
from planctl.formats.diff.common import grouped, summary_text
from planctl.formats.escape import text_line
from planctl.messages import t


def _line(text: str) -> str:
    """Plan text that follows the diff's own marks on its line."""
    return text_line(text, start=False)


_MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "renamed": "cyan"}


def render_text(diff: PlanDiff, lang: str, *, color: bool = False, width: int = 100) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,
    )
    header = text_line(t(lang, "diff.header", old=diff.old_label, new=diff.new_label))
    console.print(Text(header, style="bold"))
    if diff.empty:
        console.print(t(lang, "diff.none"))
        return buffer.getvalue()
    for kind, items in grouped(lang, diff):
        console.print()
        console.print(Text(kind_label(lang, kind, plural=True), style="bold underline"))
        for d in items:
            line = Text(f"  {_MARK[d.change.change]} ", style=_STYLE[d.change.change])
            line.append(_line(headline(lang, d)))
            console.print(line)
            for part in d.prose:
                detail = Text(f"      {_line(part.label)}: ", style="dim")
                for s in trim(part.segments):
                    text = _line(s.text)
                    if s.op == "delete":
                        detail.append(text if color else f"[-{text}-]", style="red strike")
                    elif s.op == "insert":
                        detail.append(text if color else f"{{+{text}+}}", style="green underline")
                    else:
                        detail.append(text)
                console.print(detail)
            for part in d.parts:
                if part.kind in ("block-added", "block-removed"):
                    mark, style, text = (
                        ("+", "green", part.new) if part.kind == "block-added" else ("-", "red", part.old)
                    )
                    console.print(Text(f"      {mark} {_short(text)}", style=style))
    console.print()
    console.print(Text(summary_text(lang, diff), style="bold"))
    return buffer.getvalue()


def _short(text: str, limit: int = 300) -> str:
    flat = _line(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
