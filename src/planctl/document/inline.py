"""The inline markdown subset of text fields: **bold**, *italic*, [text](url), web addresses written out
(https://..., www....), footnote markers [^id], and literal newlines as line breaks.

Parsing uses markdown-it-py (already installed with rich) rather than hand-written regexes: emphasis
rules (nesting, intraword underscores, unmatched asterisks such as "*Listen blir ..." printed literally,
backslash escapes) are subtle, and a CommonMark parser gets them right and the same way every time. Only
the inline rules of the subset are enabled; HTML stays text. Web addresses in running text become links
through the parser's linkify rule (linkify-it-py, the library markdown-it-py uses for it: which characters
end an address, trailing punctuation, known top-level domains); the link text stays as the plan wrote it.
Footnote markers are not CommonMark, so they are split out of the parser's text tokens afterwards.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from planctl.model.types import FOOTNOTE_REF
from planctl.records import record
from planctl.xmltext import clean

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@record(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None
    footnote: str | None = None  # a footnote id (after layout: the printed footnote number)
    brk: bool = False  # a line break (text is empty)


Inline = tuple[Run, ...]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return make_parser(guarded=True)


def make_parser(*, guarded: bool) -> MarkdownIt:
    """The inline parser. guarded: linkify-it asked only about texts _MAYBE_LINK finds something in (the
    same answers: tests/test_build_speed.py), so that the text between markup costs no search with its
    large patterns, and a plan without addresses never compiles them."""
    from linkify_it import LinkifyIt  # type: ignore[import-untyped]  # loaded on first use, as markdown-it-py loads it
    from markdown_it import MarkdownIt  # loaded on first use: rules that never parse inline text skip it

    class Parser(MarkdownIt):
        def normalizeLinkText(self, link: str) -> str:
            return link  # print a written-out address as written (not %-decoded)

    class GuardedLinkify(LinkifyIt):  # type: ignore[misc]  # linkify-it-py has no type hints
        def pretest(self, text: str) -> bool:
            return _MAYBE_LINK.search(text) is not None and bool(super().pretest(text))

        def test(self, text: str) -> bool:
            return _MAYBE_LINK.search(text) is not None and bool(super().test(text))

    md = Parser("zero", {"linkify": True}).enable(
        ["emphasis", "link", "autolink", "escape", "newline", "linkify"]
    )
    if guarded:
        md.linkify = GuardedLinkify()
    assert md.linkify is not None  # linkify-it-py is a dependency
    md.linkify.set({"fuzzy_email": False})  # an e-mail address is not a web page
    return md


# Every address linkify-it's test finds (matched ignoring case, as it does) holds one of these: a scheme
# (http: https: ftp: mailto: //), or a host: «localhost» or a name with a dot before its top-level domain
# (a letter or xn--), so a dot before a letter or digit; «@» is kept for good measure. markdown-it's core
# linkify rule changes only text its test finds an address in (its pretest only saves work), and its
# inline linkify rule starts at «://». A text without any of them has no address for them to find: «www.»
# at the end of a sentence is none.
_MAYBE_LINK = re.compile(r"//|(?:https?|ftp|mailto):|@|\.\w|localhost", re.IGNORECASE)
# What can make a text more than one plain run: a character an enabled inline rule starts at (emphasis
# * _, link and footnote [ ], autolink <, escape \, line breaks) or a possible address. A text without
# any of them is one plain run (tests/test_build_speed.py proves it against the parser); most of a plan's
# texts are such.
_MAYBE_MARKUP = re.compile(r"[*_\[\]<\\\n\r]|" + _MAYBE_LINK.pattern, re.IGNORECASE)
# The same question in pieces that each search fast (one regex with many alternatives ignoring case tries
# them all at every character): whatever _MAYBE_MARKUP finds, one of these finds (property test).
_MARKUP_CHARS = re.compile(r"[*_\[\]<\\\n\r@]")
_DOT_WORD = re.compile(r"\.\w")
_SCHEME = re.compile(r"(?:https?|ftp|mailto):", re.IGNORECASE)


def maybe_markup(text: str) -> bool:
    """Whether text may be more than one plain run: it holds something _MAYBE_MARKUP matches (or, rarely,
    only looks so: «localhost» is looked for in the case-folded text, which finds every spelling the
    pattern does and a few more)."""
    return (
        _MARKUP_CHARS.search(text) is not None
        or _DOT_WORD.search(text) is not None
        or "//" in text
        or (":" in text and _SCHEME.search(text) is not None)
        or "localhost" in text.casefold()
    )


@lru_cache(maxsize=4096)
def parse(text: str) -> Inline:
    """Runs of text with their formatting; characters XML cannot hold are removed."""
    text = clean(text)
    if not text:
        return ()
    if not maybe_markup(text):
        return (Run(text),)  # plain text: what the parser gives for it, without the parser
    return parse_markup(text)


def parse_markup(text: str, md: MarkdownIt | None = None) -> Inline:
    """Runs of a non-empty text (free of characters XML cannot hold), through the markdown parser (md:
    another parser than _parser(), for tests)."""
    tokens = (md or _parser()).parseInline(text)[0].children or []
    runs: list[Run] = []
    bold = italic = 0
    url: str | None = None
    for tok in tokens:
        kind = tok.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = tok.attrs.get("href")
            url = str(href) if href is not None else None
        elif kind == "link_close":
            url = None
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run("", brk=True))
        elif kind in ("text", "code_inline"):
            runs.extend(_split_footnotes(Run(tok.content, bold > 0, italic > 0, url)))
    return _merge(runs)


def _split_footnotes(run: Run) -> list[Run]:
    if "[^" not in run.text:  # every footnote marker starts so; a run without text is left out
        return [run] if run.text else []
    out: list[Run] = []
    pos = 0
    for match in FOOTNOTE_REF.finditer(run.text):
        if match.start() > pos:
            out.append(replace(run, text=run.text[pos : match.start()]))
        out.append(Run(match.group(0), footnote=match.group(1)))
        pos = match.end()
    if pos < len(run.text):
        out.append(replace(run, text=run.text[pos:]))
    return out


def _merge(runs: list[Run]) -> Inline:
    out: list[Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not run.brk
            and not prev.brk
            and run.footnote is None
            and prev.footnote is None
            and (prev.bold, prev.italic, prev.url) == (run.bold, run.italic, run.url)
        ):
            out[-1] = replace(prev, text=prev.text + run.text)
        else:
            out.append(run)
    return tuple(out)


def plain(runs: Inline) -> str:
    """The text without formatting (line breaks as spaces, footnote markers dropped)."""
    return "".join(" " if r.brk else ("" if r.footnote else r.text) for r in runs).strip()


def text_of(text: str) -> str:
    return plain(parse(text))


_MD_SPECIAL_CHARS = "\\*_[]`<>|"  # escaped with a backslash in markdown output
# One backslash before each special character: what str.translate with a table of them gives, without a
# table lookup for every character of the text.
_MD_SPECIAL = re.compile("[" + re.escape(_MD_SPECIAL_CHARS) + "]")


# CommonMark's whitespace (Zs, tab, line feed, form feed, carriage return), which decides where emphasis
# may open and close; Python's str.strip also takes NEL, U+2028 and U+001C-U+001F, which CommonMark reads
# as text (the fuzz harness found «*_\x85*» coming back with literal asterisks).
_MD_WHITESPACE = " \t\n\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def to_markdown(runs: Inline, *, in_table: bool = False) -> str:
    """The runs as markdown (the subset, escaped so it reads back the same)."""
    parts: list[str] = []
    for r in runs:
        if r.brk:
            parts.append("<br>" if in_table else "  \n")
            continue
        if r.footnote is not None:
            parts.append(f"[^{r.footnote}]")
            continue
        text = _MD_SPECIAL.sub(r"\\\g<0>", r.text)
        lead = text[: len(text) - len(text.lstrip(_MD_WHITESPACE))]
        trail = text[len(text.rstrip(_MD_WHITESPACE)) :]
        core = text.strip(_MD_WHITESPACE)
        if core and r.italic:
            core = f"*{core}*"
        if core and r.bold:
            core = f"**{core}**"
        if core and r.url:
            core = f"[{core}](<{r.url}>)"
        parts.append(lead + core + trail if core else text)
    return "".join(parts)
