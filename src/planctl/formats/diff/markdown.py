"""The diff as markdown, for a merge-request comment. The plans' words and the sides' names are escaped
(formats.escape.markdown_text): one line each, never a heading, HTML, a link or an @mention."""

from __future__ import annotations

from planctl.diff.describe import Described, headline, kind_label, trim
from planctl.diff.engine import PlanDiff
from planctl.formats.diff.common import grouped, summary_text
from planctl.formats.escape import markdown_text
from planctl.messages import t

_ICON = {"added": "➕", "removed": "➖", "changed": "✏️", "renamed": "🔀"}


def _escape(text: str) -> str:
    return markdown_text(text)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _prose(d: Described) -> list[str]:
    lines: list[str] = []
    for part in d.prose:
        bits = []
        for s in trim(part.segments):
            core = _flat(s.text)
            if not core:
                bits.append(" ")
                continue
            lead = " " if s.text[:1].isspace() else ""
            trail = " " if s.text[-1:].isspace() else ""
            wrap = {"delete": "~~", "insert": "**"}.get(s.op, "")
            bits.append(f"{lead}{wrap}{_escape(core)}{wrap}{trail}")
        lines.append(f"  - *{_escape(part.label)}*: " + "".join(bits).strip())
    for part in d.parts:
        if part.kind == "block-added":
            lines.append(f"  - *{_escape(part.label)}*: **{_escape(_flat(part.new))}**")
        elif part.kind == "block-removed":
            lines.append(f"  - *{_escape(part.label)}*: ~~{_escape(_flat(part.old))}~~")
    return lines


def render_markdown(diff: PlanDiff, lang: str, *, color: bool = False) -> str:
    """The diff as a merge-request comment (color: the renderers' common signature; markdown has none)."""
    header = t(lang, "diff.header", old=diff.old_label, new=diff.new_label)
    lines = [f"### {_escape(header)}", ""]
    if diff.empty:
        lines.append(t(lang, "diff.none"))
        return "\n".join(lines) + "\n"
    lines.extend([f"**{summary_text(lang, diff)}**", ""])
    for kind, items in grouped(lang, diff):
        lines.extend([f"#### {kind_label(lang, kind, plural=True)}", ""])
        for d in items:
            lines.append(f"- {_ICON[d.change.change]} {_escape(headline(lang, d))}")
            lines.extend(_prose(d))
        lines.append("")
    return "\n".join(lines)
