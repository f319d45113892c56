"""GitHub Actions workflow commands: annotations on the exact line."""

from __future__ import annotations

from planctl.formats.escape import workflow_data as _data
from planctl.formats.escape import workflow_property as _prop
from planctl.formats.findings import FindingsReport
from planctl.formats.findings.text import summary_text

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def render(report: FindingsReport) -> str:
    lines = []
    for f in report.findings:
        props = [f"file={_prop(f.file)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
            if f.column is not None:
                props.append(f"col={f.column}")
        props.append(f"title={_prop(f.rule)}")
        message = f.message + (f" ({f.reference})" if f.reference else "")
        lines.append(f"::{_LEVEL[f.severity.value]} {','.join(props)}::{_data(message)}")
    for error in report.errors:
        lines.append(f"::error::{_data(error)}")
    if not report.quiet and report.files:
        lines.append(f"planctl: {summary_text(report)}")
    return "\n".join(lines) + "\n"
