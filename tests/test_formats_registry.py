"""The output registries: one per result type, their keys are the commands' --format choices, their keys
load without any renderer, every entry loads, and one write-or-echo serves every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planctl.cli.build import build
from planctl.cli.diff import diff
from planctl.cli.main import cli
from planctl.cli.report import report
from planctl.cli.validate import validate
from planctl.formats import compliance, document, findings
from planctl.formats import diff as diff_formats
from planctl.formats.output import emit
from planctl.formats.registry import Format
from tests.conftest import EXAMPLES

REGISTRIES = {
    "findings": findings.FORMATS,
    "compliance": compliance.FORMATS,
    "diff": diff_formats.FORMATS,
    "document": document.FORMATS,
}


def _choices(command: click.Command) -> list[str]:
    option = next(p for p in command.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


def test_the_format_choices_are_the_registry_keys() -> None:
    assert (
        _choices(validate) == list(findings.FORMATS) == ["text", "path", "json", "github", "sarif", "gitlab"]
    )
    assert _choices(report) == list(compliance.FORMATS) == ["text", "markdown", "json", "docx"]
    assert _choices(diff) == list(diff_formats.FORMATS) == ["text", "markdown", "json", "docx"]
    assert isinstance(build, click.Group)
    assert sorted(build.commands) == sorted(document.FORMATS) == ["docx", "markdown", "pdf"]


@pytest.mark.parametrize("kind", sorted(REGISTRIES))
def test_every_entry_loads_a_renderer(kind: str) -> None:
    for name, fmt in REGISTRIES[kind].items():
        renderer = fmt.load()
        assert callable(renderer), f"{kind}/{name}"
        assert fmt.binary == (name in ("docx", "pdf")), f"{kind}/{name}"


def test_a_bad_target_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        Format("planctl.formats.output:no_such_renderer").load()
    with pytest.raises(ModuleNotFoundError):
        Format("planctl.formats.no_such_module:render").load()


def test_the_keys_load_no_renderer_and_no_document_library() -> None:
    code = (
        "import sys\n"
        "import planctl.cli.validate, planctl.cli.report, planctl.cli.diff, planctl.cli.build\n"
        "heavy = [m for m in ('docx', 'lxml', 'rich', 'planctl.formats.word', 'planctl.check.compliance',"
        " 'planctl.formats.diff.text', 'planctl.formats.findings.text') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_emit_echoes_without_a_target_and_writes_text_and_bytes_with_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emit("hei\n", None)
    assert capsys.readouterr().out == "hei\n"
    emit("blåbær\n", tmp_path / "a.txt")
    assert (tmp_path / "a.txt").read_bytes() == "blåbær\n".encode()
    emit(b"PK\x03\x04", tmp_path / "new" / "b.docx", create_folder=True)
    assert (tmp_path / "new" / "b.docx").read_bytes() == b"PK\x03\x04"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt", "b.docx", "new"]  # no temporary files


def test_a_binary_format_without_output_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = str(tmp_path / "missing.yaml")  # never read: the usage error comes first
    result = runner.invoke(cli, ["report", missing, "--format", "docx", "--lang", "en"])
    assert result.exit_code == 2
    assert "--format docx writes a file: give -o FILE.docx" in result.output
    result = runner.invoke(cli, ["diff", missing, missing, "--format", "docx", "--lang", "nb"])
    assert result.exit_code == 2
    assert "--format docx skriver en fil: oppgi -o FIL.docx" in result.output


def test_every_command_writes_through_the_same_emit(tmp_path: Path) -> None:
    plan = str(EXAMPLES / "clean" / "plan.yaml")
    runner = CliRunner()
    for args, name in (
        (["validate", plan, "--format", "json"], "v.json"),
        (["report", plan, "--format", "markdown", "--today", "2026-12-01"], "r.md"),
        (["diff", plan, plan, "--format", "json"], "d.json"),
    ):
        echoed = runner.invoke(cli, args)
        written = runner.invoke(cli, [*args, "-o", str(tmp_path / name)])
        assert echoed.exit_code == written.exit_code, args
        assert written.output == ""
        assert (tmp_path / name).read_text("utf-8") == echoed.output, args
