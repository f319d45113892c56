"""For people and editors: one line per finding, `path:line:col: severity RULE message`, which terminals
and editors open at the place (as compilers and linters print); then a summary. `path` is the same lines
without colour or summary, for tools.

The plan's words are escaped to one line (formats.escape): a message, a reference or an error never
starts a line of its own, and a file name that could read as a CI workflow command is written ./NAME."""

from __future__ import annotations

import io
from collections.abc import Callable

from planctl.check.findings import Finding
from planctl.formats.escape import path_line, text_line
from planctl.formats.findings import FindingsReport
from planctl.messages import t

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def location(f: Finding) -> str:
    """path:line:col (path:line, or path, where the source has no position)."""
    where = path_line(f.file)
    if f.line is not None:
        where += f":{f.line}"
        if f.column is not None:
            where += f":{f.column}"
    return where


def finding_line(f: Finding, lang: str) -> str:
    ref = f" ({f.reference})" if f.reference else ""
    message = text_line(f"{f.message}{ref}", start=False)
    return f"{location(f)}: {t(lang, f'cli.severity.{f.severity.value}')} {f.rule} {message}"


def render_paths(report: FindingsReport) -> str:
    lines = [finding_line(f, report.lang) for f in report.findings]
    lines.extend(f"planctl: {text_line(error, start=False)}" for error in report.errors)
    return "".join(f"{line}\n" for line in lines)


def render(report: FindingsReport) -> str:
    """The findings, the errors and the summary; with colour through rich's markup, and without colour,
    where the words hold nothing rich's markup would change, as plain lines (rich takes ~13 ms to import;
    tests/test_findings_text.py proves the two the same)."""
    if not report.color:
        plain = _render_plain(report)
        if plain is not None:
            return plain
    return _render_rich(report)


# What rich's rendering changes in text without markup: a backslash (its escapes), a tab (expanded to
# spaces) and the control characters it strips (BEL, BS, VT, FF, CR); text_line leaves only tabs.
_RICH_CHANGES = frozenset("\\\t\a\b\v\f\r")


def _render_plain(report: FindingsReport) -> str | None:
    """The report as rich prints it without colour, or None where a word holds what rich would change."""
    lang = report.lang
    lines: list[str] = []
    for f in report.findings:
        ref = f" ({text_line(f.reference, start=False)})" if f.reference else ""
        severity = t(lang, f"cli.severity.{f.severity.value}")
        lines.append(f"{location(f)}: {severity} {f.rule} {text_line(f.message, start=False)}{ref}")
    lines.extend(f"planctl: {text_line(error, start=False)}" for error in report.errors)
    if not report.quiet and report.files:
        lines.append(_summary_plain(report))
    out = "".join(f"{line}\n" for line in lines)
    return None if not _RICH_CHANGES.isdisjoint(out) else out


def _render_rich(report: FindingsReport) -> str:
    from rich.console import Console  # start-up: only for colour, or for words rich's markup changes
    from rich.markup import escape  # start-up: as above

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=report.color,
        no_color=not report.color,
        highlight=False,
        emoji=False,  # `plan.yaml:100:3` is a place, not `:100:` (💯); a plan's `:smile:` is its words
        width=10_000,
        soft_wrap=True,
    )
    lang = report.lang
    for f in report.findings:
        ref = f" [dim]({escape(text_line(f.reference, start=False))})[/]" if f.reference else ""
        severity = t(lang, f"cli.severity.{f.severity.value}")
        console.print(
            f"[bold]{escape(location(f))}[/]: [{_STYLE[f.severity.value]}]{escape(severity)}[/] "
            f"[bold]{escape(f.rule)}[/] {escape(text_line(f.message, start=False))}{ref}"
        )
    for error in report.errors:
        console.print(f"[bold red]planctl:[/] {escape(text_line(error, start=False))}")
    if not report.quiet and report.files:  # a run that read no file has no summary (its error says why)
        console.print(_summary(report, escape))
    return buffer.getvalue()


# The summary's mark: errors (or unreadable files), only warnings and infos, nothing found.
_MARKS = {"errors": ("✖", "bold red"), "notes": ("!", "yellow"), "clean": ("✔", "green")}


def _summary_words(report: FindingsReport) -> tuple[str, str, str | None]:
    """The summary's mark (a key of _MARKS), its words, and the words on the baseline (or None)."""
    lang = report.lang
    s = report.summary
    files = _count(lang, "file", len(report.files))
    baseline = t(lang, "cli.summary.baseline", count=report.baselined) if report.baselined else None
    if s.errors or s.warnings or s.infos or report.errors:
        counts = ", ".join(
            _count(lang, kind, n)
            for kind, n in (("error", s.errors), ("warning", s.warnings), ("info", s.infos))
        )
        mark = "errors" if s.errors or report.errors else "notes"
        return mark, t(lang, "cli.summary.counts", counts=counts, files=files), baseline
    return "clean", t(lang, "cli.summary.clean", files=files), baseline


def _summary(report: FindingsReport, escape: Callable[[str], str]) -> str:
    mark, words, baseline = _summary_words(report)
    symbol, style = _MARKS[mark]
    line = f"[{style}]{symbol}[/] {escape(words)}"
    return line if baseline is None else f"{line} [dim]({escape(baseline)})[/]"


def _summary_plain(report: FindingsReport) -> str:
    mark, words, baseline = _summary_words(report)
    line = f"{_MARKS[mark][0]} {words}"
    return line if baseline is None else f"{line} ({baseline})"


def summary_text(report: FindingsReport) -> str:
    """The summary's words alone (no mark, no colour): counts and files."""
    lang = report.lang
    s = report.summary
    counts = ", ".join(
        _count(lang, kind, n) for kind, n in (("error", s.errors), ("warning", s.warnings), ("info", s.infos))
    )
    return t(lang, "cli.summary.counts", counts=counts, files=_count(lang, "file", len(report.files)))


def _count(lang: str, kind: str, n: int) -> str:
    return t(lang, f"cli.count.{kind}.{'1' if n == 1 else 'n'}", n=n)
