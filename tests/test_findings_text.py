"""The text report (planctl.formats.findings.text): what rich's markup would change is printed as it is."""

from __future__ import annotations

from planctl.check.findings import Finding, Severity
from planctl.formats.findings import FindingsReport
from planctl.formats.findings.text import render


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
