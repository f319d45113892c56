"""Human output: grouped per file, colour only on a terminal (rich)."""

from __future__ import annotations

import io
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from planctl.formats.findings import FindingsReport

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report: FindingsReport) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=report.color,
        no_color=not report.color,
        highlight=False,
        width=10_000,
        soft_wrap=True,
    )
    for file, group in groupby(report.findings, key=lambda f: f.file):
        console.print(f"[bold underline]{escape(file)}[/]")
        for f in group:
            where = f"{f.line}:{f.column}" if f.line is not None else "-"
            ref = f"  [dim]({escape(f.reference)})[/]" if f.reference else ""
            console.print(
                f"  {where:>8}  [{_STYLE[f.severity.value]}]{f.severity.value:<7}[/]  "
                f"[bold]{escape(f.rule)}[/]  {escape(f.message)}{ref}"
            )
        console.print()
    for error in report.errors:
        console.print(f"[bold red]error[/]  {escape(error)}")
    s = report.summary
    n = len(report.files)
    if s.errors or s.warnings or s.infos or report.errors:
        mark = "[bold red]✖[/]" if s.errors or report.errors else "[yellow]![/]"
        counts = ", ".join(
            _count(k, word) for k, word in ((s.errors, "error"), (s.warnings, "warning"), (s.infos, "info"))
        )
        console.print(f"{mark} {counts} in {_count(n, 'file')}")
    else:
        console.print(f"[green]✔[/] no problems in {_count(n, 'file')}")
    return buffer.getvalue()


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
