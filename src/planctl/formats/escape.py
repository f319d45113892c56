"""User text made safe for the format it is written into.

A plan's text, its file and folder names and the arguments a command was given end up in terminals, CI
logs, merge-request comments and web pages. Each output escapes them for where they go:

- text (terminals, CI logs): `text_line` shows control characters and line breaks as escapes (`\\n`,
  `\\x1b`, `\\u2028`), so user text never starts a line of its own, and breaks the two sequences GitHub
  Actions executes as workflow commands in any log line: `::` at the start of a line and `##[` anywhere
  (https://github.com/actions/runner, src/Runner.Common/ActionCommand.cs); `path_line` does the same for
  a file name that starts a line, by writing it as `./NAME`, which names the same file;
- GitHub workflow commands (`--format github`): `workflow_data` and `workflow_property`, the runner's
  own escapes (`%`, `\\r`, `\\n`, and in properties `:` and `,`);
- markdown (rendered by GitHub, GitLab and static-site tools, which also pass HTML through):
  `markdown_text` backslash-escapes everything markdown or HTML would read as markup (so `<script>` is
  text, a `# ` never makes a heading), `markdown_code` makes an inline code span that text cannot leave,
  `safe_url` keeps only http(s) and mailto links;
- JSON: `json_safe` turns NaN and infinities (which JSON cannot hold) into null.
"""

from __future__ import annotations

import math
import re
from typing import Any

# C0 and C1 controls, DEL, and the characters that break lines in some reader (NEL, LS, PS)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ZERO_WIDTH = "\u200b"  # not whitespace to .NET's TrimStart: it keeps `::` from starting a line


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _one_line(text: str, keep_tabs: bool) -> str:
    out = _CONTROL.sub(lambda m: "\t" if keep_tabs and m.group() == "\t" else _visible(m), text)
    return out.replace("##[", f"#{_ZERO_WIDTH}#[") if "##[" in out else out


def text_line(text: str, *, keep_tabs: bool = True, start: bool = True) -> str:
    """text as part of one line of plain-text output (see the module's rules); start=False for text that
    follows planctl's own words on its line (a `::` there is no command)."""
    out = _one_line(text, keep_tabs)
    if not start:
        return out
    stripped = out.lstrip()
    if stripped.startswith("::"):
        lead = len(out) - len(stripped)
        out = out[:lead] + ":" + _ZERO_WIDTH + out[lead + 1 :]
    return out


def path_line(path: str) -> str:
    """A file name as the start of a line of text output: `./NAME` when NAME would otherwise start with
    whitespace, a colon or a '#' (the same file, and never a workflow command)."""
    shown = _one_line(path, keep_tabs=False)
    if shown[:1] in (":", "#") or shown[:1].isspace():
        return "./" + shown
    return shown


def workflow_data(value: str) -> str:
    """The message of a GitHub workflow command (after the second `::`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(value: str) -> str:
    """A property value of a GitHub workflow command (`file=`, `title=`)."""
    return workflow_data(value).replace(":", "%3A").replace(",", "%2C")


# What markdown (CommonMark, GFM) or the HTML it passes through reads as markup anywhere in a line:
# emphasis, code, links and images, HTML and entities, table cells, strikethrough, and GitHub's @mentions
# and #references. A backslash before ASCII punctuation is a literal in CommonMark.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~&#@!])")
# What starts a block when it starts a line (after up to three spaces): an ATX heading, a list item, a
# thematic break or setext underline (- or =), a ~~~ fence. (`*`, `>`, `<` and backticks are escaped
# wherever they are.)
_MARKDOWN_BLOCK_START = re.compile(
    r"^( {0,3})(#{1,6}(?=[ \t]|$)|[-+](?=[-\s]|$)|=|~~~|\d{1,9}(?=[.)](?:[ \t]|$)))"
)
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x85]+")


def markdown_line_start(line: str) -> str:
    """line (markdown whose inline markup is escaped) with a block marker at its start made literal."""
    match = _MARKDOWN_BLOCK_START.match(line)
    if match is None:
        return line
    marker = match.group(2)
    if marker[0].isdigit():  # 1. -> 1\.
        return line[: match.end()] + "\\" + line[match.end() :]
    return line[: match.end(1)] + "\\" + line[match.end(1) :]


def markdown_text(text: str) -> str:
    """text as inline markdown that renders as exactly that text (outer whitespace trimmed): markup and
    HTML characters escaped, line breaks as spaces (so it cannot start a line: no heading, list or HTML
    block), control characters left out."""
    flat = _CONTROL.sub("", _LINE_BREAKS.sub(" ", text).replace("\t", " ")).strip()
    return markdown_line_start(_MARKDOWN_INLINE.sub(r"\\\1", flat))


def markdown_code(text: str, *, in_table: bool = False) -> str:
    """text as an inline code span (a file name, a rule id): fenced with more backticks than it holds,
    on one line, so nothing in it ends the span early; in a table cell, its pipes escaped (GFM splits
    cells at a pipe even inside a code span)."""
    flat = _CONTROL.sub("", _LINE_BREAKS.sub(" ", text).replace("\t", " "))
    if in_table:
        flat = flat.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


_SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(url: str | None) -> str | None:
    """url when it is an absolute http, https or mailto link without spaces or control characters;
    otherwise None (the text is shown without a link)."""
    if not url:
        return None
    scheme, sep, rest = url.partition(":")
    if not sep or scheme.lower() not in _SAFE_SCHEMES or not rest:
        return None
    if _CONTROL.search(url) or any(ch.isspace() for ch in url) or "<" in url or ">" in url:
        return None
    return url


def json_safe(value: Any) -> Any:
    """value with every NaN and infinity replaced by None (JSON has no such numbers: json.dumps would
    write NaN and Infinity, which JSON parsers reject)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value
