"""The text report (planctl.formats.findings.text): what rich's markup would change is printed as it is."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from planctl.check.findings import Finding, Severity
from planctl.check.pipeline import check_file
from planctl.formats.findings import FindingsReport, text
from planctl.formats.findings.text import render
from tests.conftest import BUNDLED_PLANS


def _report(*findings: Finding, color: bool = False) -> FindingsReport:
    return FindingsReport(["plan.yaml"], list(findings), [], color, "en")


def test_emoji_codes_are_printed_as_written() -> None:
    """`:100:` of `plan.yaml:100:3` and a plan's own `:smile:` stay text, with and without colour."""
    finding = Finding("STALE-PHRASE", Severity.WARNING, "outdated: «:smile: :1234:»", "plan.yaml", 100, 3)
    for color in (False, True):
        out = render(_report(finding, color=color))
        assert "💯" not in out and "😄" not in out
        assert ":smile: :1234:" in out
    assert render(_report(finding)).startswith(
        "plan.yaml:100:3: warning STALE-PHRASE outdated: «:smile: :1234:»\n"
    )


_WORDS = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["[bold]x[/]", "a\\", "\\[dim]", "tab\there", "[^1]", "æøå «»", "中文", "e\u0301", "  ", "::x", "##[y"]
)
_FINDINGS = st.builds(
    Finding,
    rule=st.sampled_from(["STALE-PHRASE", "LAW-GOALS", "YAML-SYNTAX"]),
    severity=st.sampled_from(list(Severity)),
    message=_WORDS,
    file=_WORDS,
    line=st.none() | st.integers(1, 2000),
    column=st.none() | st.integers(1, 200),
    reference=st.none() | _WORDS,
)


@given(
    st.lists(_FINDINGS, max_size=4),
    st.lists(_WORDS, max_size=2),
    st.lists(_WORDS, max_size=2),
    st.booleans(),
    st.integers(0, 3),
    st.sampled_from(["nb", "nn", "en"]),
)
def test_the_plain_report_is_what_rich_prints_without_colour(
    findings: list[Finding], errors: list[str], files: list[str], quiet: bool, baselined: int, lang: str
) -> None:
    report = FindingsReport(files, findings, errors, False, lang, quiet, baselined)
    plain = text._render_plain(report)
    rich = text._render_rich(report)
    assert render(report) == rich
    assert plain is None or plain == rich  # None: a word holds what rich changes (a backslash, a tab)


def test_the_real_plans_reports_take_the_plain_path() -> None:
    for plan in BUNDLED_PLANS:
        result = check_file(plan)
        report = FindingsReport([result.file], result.findings, [], False, result.lang)
        assert text._render_plain(report) == text._render_rich(report)
    assert (
        "rich"
        not in subprocess.run(
            [sys.executable, "-c", _IMPORTS, str(BUNDLED_PLANS[0])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


_IMPORTS = """
import sys
from planctl.cli.main import main
try:
    main(["validate", "--color", "never", sys.argv[1]])
except SystemExit:
    pass
print(sorted(m.split(".")[0] for m in sys.modules), file=sys.__stdout__)
"""
