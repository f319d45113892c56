"""User text escaped for each output (issue 14, group 6 and the JSON part of 9): no plan text, file name
or argument starts a line of text output or makes a GitHub workflow command; markdown renders the plan's
text as text (no HTML, no injected heading, links only http(s) and mailto); JSON holds null where YAML
allowed .nan or .inf. Every command runs as a real process within 20 s and 1.5 GiB.

The rendered markdown is read with markdown-it-py's CommonMark renderer with HTML passed through, as
GitHub, GitLab and static-site tools do; the GitHub runner's two command forms are checked as its
ActionCommand parser reads them: `::` after leading whitespace, and `##[` anywhere in a line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from planctl.formats.escape import (
    json_safe,
    markdown_code,
    markdown_text,
    path_line,
    safe_url,
    text_line,
    workflow_data,
    workflow_property,
)
from tests.hostile_run import SKELETON, check_clean, planctl, tmpdir_for

TITLE = "title: Plan for forebygging av omsorgssvikt og atferdsproblemer"
HOSTILE_TITLE = (
    'title: "Plan\\n::warning::tittel\\n# Injisert overskrift\\n<script>alert(1)</script>'
    '\\r##[set-env name=PWN]ja"'
)
HOSTILE_DESCRIPTION = (
    'description: "Tekst <img src=x onerror=alert(1)> [klikk](javascript:alert(1)) og '
    '[data](data:text/html;base64,PHNjcmlwdD4=)\\n\\n# Overskrift\\n- liste\\n@alle #1 \\u2028::error::x"'
)


HOSTILE_PARAGRAPH = (
    '- p: "Avsnitt\\n# Overskrift\\n- liste\\n<script>alert(1)</script> [bilde](data:image/png;base64,AAAA) '
    '[lenke](ftp://x.no/a) [trygg](https://bufdir.no)"'
)


def hostile_plan() -> str:
    text = SKELETON.replace(TITLE, HOSTILE_TITLE, 1)
    paragraph = "- p: Planen beskriver kommunens forebyggende arbeid etter barnevernsloven § 15-1."
    assert paragraph in text
    text = text.replace(paragraph, HOSTILE_PARAGRAPH, 1)
    text = text.replace(
        "description: Veiledningsgrupper for foreldre med barn 0-6 år.", HOSTILE_DESCRIPTION, 1
    )
    return text.replace("name: Foreldreveiledning", 'name: "Foreldre ::notice::veiledning"', 1)


def invalid_plan() -> str:
    """The hostile plan with a reference whose id holds a workflow command: SCHEMA and UNKNOWN-REFERENCE
    repeat it (validate only: the other commands refuse a plan that fails the schema)."""
    return hostile_plan().replace(
        "responsible: [helsestasjon, barnehage]", 'responsible: ["ukjent\\n::error title=X::y"]', 1
    )


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """(cwd, plan): the plan in a folder named like a workflow command, given relative to cwd so its
    file name starts the lines that name it."""
    folder = tmp_path / "::warning::mappe"
    folder.mkdir()
    (tmp_path / "planctl.toml").write_text("", encoding="utf-8")
    plan = folder / "plan.yaml"
    plan.write_text(hostile_plan(), encoding="utf-8")
    (folder / "invalid.yaml").write_text(invalid_plan(), encoding="utf-8")
    good = tmp_path / "good" / "plan.yaml"
    good.parent.mkdir()
    good.write_text(SKELETON, encoding="utf-8")
    return tmp_path, Path("::warning::mappe/plan.yaml")


def workflow_commands(output: str, *, ours: re.Pattern[str] | None = None) -> list[str]:
    """The lines of output the GitHub runner would execute (except those matching ours)."""
    found = []
    for line in re.split(r"\r\n|\r|\n", output):
        if (line.lstrip().startswith("::") and not (ours is not None and ours.match(line))) or "##[" in line:
            found.append(line)
    return found


TEXT_COMMANDS = {
    "validate": ["validate", "PLAN"],
    "validate-invalid": ["validate", "INVALID"],
    "report": ["report", "PLAN"],
    "diff": ["diff", "good/plan.yaml", "PLAN"],
    "build-markdown": ["build", "markdown", "PLAN", "-o", "out", "--force"],
    "build-docx": ["build", "docx", "PLAN", "-o", "out", "--force"],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", TEXT_COMMANDS)
def test_text_output_makes_no_workflow_command(name: str, hostile: tuple[Path, Path]) -> None:
    cwd, plan = hostile
    tmp = tmpdir_for(cwd)
    given = {"PLAN": str(plan), "INVALID": str(plan.with_name("invalid.yaml"))}
    args = [given.get(a, a) for a in TEXT_COMMANDS[name]]
    proc = planctl(*args, cwd=cwd, tmpdir=tmp)
    check_clean(proc, exit_codes=(0, 1), tmpdir=tmp)
    assert workflow_commands(proc.stdout) == []
    assert workflow_commands(proc.stderr) == []
    if not name.startswith("build"):
        assert "::warning::mappe" in proc.stdout + proc.stderr  # the file is still named, and findable


@pytest.mark.slow
def test_github_format_makes_only_its_own_annotations(hostile: tuple[Path, Path]) -> None:
    cwd, plan = hostile
    tmp = tmpdir_for(cwd)
    proc = planctl("validate", "--format", "github", str(plan.with_name("invalid.yaml")), cwd=cwd, tmpdir=tmp)
    check_clean(proc, exit_codes=(1,), tmpdir=tmp)
    ours = re.compile(
        r"^::(error|warning|notice) file=[^,:]*(,line=\d+(,col=\d+)?)?,title=[A-Z-]+::[^\r\n]*$"
    )
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert annotations and all(ours.match(line) for line in annotations), annotations
    assert workflow_commands(proc.stdout, ours=ours) == []
    assert all("file=%3A%3Awarning%3A%3Amappe/invalid.yaml" in line for line in annotations)
    assert any("%0A%3A%3Aerror" in line or "%0A::error" in line for line in annotations), annotations


MARKDOWN_COMMANDS = {
    "report": ["report", "--format", "markdown", "PLAN", "-o", "out.md"],
    "build": ["build", "markdown", "PLAN", "-o", "out", "--force"],
    "diff": ["diff", "--format", "markdown", "good/plan.yaml", "PLAN", "-o", "out.md"],
}


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.slow
@pytest.mark.parametrize("name", MARKDOWN_COMMANDS)
def test_markdown_renders_the_plans_text_as_text(name: str, hostile: tuple[Path, Path]) -> None:
    cwd, plan = hostile
    tmp = tmpdir_for(cwd)
    args = [str(plan) if a == "PLAN" else a for a in MARKDOWN_COMMANDS[name]]
    proc = planctl(*args, cwd=cwd, tmpdir=tmp)
    check_clean(proc, exit_codes=(0, 1), tmpdir=tmp)
    out = cwd / "out.md" if name != "build" else next((cwd / "out").glob("*.md"))
    html = _render(out.read_text(encoding="utf-8"))
    assert "<script" not in html and "<img" not in html, html
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html), "an unsafe link survived"
    assert 'href="data:' not in html and 'href="ftp:' not in html, html
    headings = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert not any(h.strip() in ("Injisert overskrift", "Overskrift") for h in headings), headings
    assert "&lt;script&gt;" in html or name == "diff"  # the title is shown, as text


@pytest.mark.slow
def test_json_has_null_for_non_finite_numbers(tmp_path: Path) -> None:
    """Statistics of .nan and .inf (valid YAML, accepted by validate) are null in diff's and report's JSON
    (before: NaN and Infinity, which no JSON parser accepts)."""
    (tmp_path / "planctl.toml").write_text("", encoding="utf-8")
    for name, value in (("old", "[.nan]"), ("new", "[.inf]")):
        folder = tmp_path / name
        folder.mkdir()
        text = SKELETON.replace(
            'series: {"Eksempel kommune": [null]}', f'series: {{"Eksempel kommune": {value}}}'
        )
        assert text != SKELETON
        (folder / "plan.yaml").write_text(text, encoding="utf-8")
    tmp = tmpdir_for(tmp_path)

    def strict(text: str) -> object:
        def refuse(constant: str) -> None:
            raise ValueError(f"not JSON: {constant}")

        return json.loads(text, parse_constant=refuse)

    proc = planctl("diff", "--format", "json", "old/plan.yaml", "new/plan.yaml", cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(0,), tmpdir=tmp)
    data = strict(proc.stdout)
    [change] = data["changes"]  # type: ignore[index]
    assert change["fields"]["series.Eksempel kommune"] == {"old": [None], "new": [None]}, data
    for name in ("old", "new"):
        proc = planctl("report", "--format", "json", f"{name}/plan.yaml", cwd=tmp_path, tmpdir=tmp)
        check_clean(proc, exit_codes=(0, 1), tmpdir=tmp)
        strict(proc.stdout)


# --- the escapes themselves (fast, in process) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\n::error::x", "a\\n::error::x"),
        ("::warning::x", ":\u200b:warning::x"),
        ("  ::notice::x", "  :\u200b:notice::x"),
        ("\u2028::error::x", "\\u2028::error::x"),
        ("x ##[set-env name=A]b", "x #\u200b#[set-env name=A]b"),
        ("\x1b[31mred\x07", "\\x1b[31mred\\x07"),
        ("tab\tstays", "tab\tstays"),
        ("\x85next", "\\x85next"),
    ],
)
def test_text_line(text: str, shown: str) -> None:
    assert text_line(text) == shown
    assert workflow_commands(text_line(text)) == []


def test_path_line_keeps_the_file_name_usable() -> None:
    assert path_line("::warning::x/plan.yaml") == "./::warning::x/plan.yaml"
    assert path_line(" x.yaml") == "./ x.yaml"
    assert path_line("plans/x.yaml") == "plans/x.yaml"


def test_workflow_escapes_are_the_runners() -> None:
    assert workflow_data("50%\r\nx") == "50%25%0D%0Ax"
    assert workflow_property("a:b,c%") == "a%3Ab%2Cc%25"


@pytest.mark.parametrize(
    "text",
    [
        "# heading",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[klikk](javascript:alert(1))",
        "line\n# heading\n- item\n1. item\n===",
        "`code` ~~strike~~ | cell |",
        "&lt;b&gt; &amp; @mention #12",
        "- item",
        "12) item",
        "---",
    ],
)
def test_markdown_text_renders_as_the_text(text: str) -> None:
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown_text(text))
    flat = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert html.strip() in (f"<p>{flat}</p>", f"<p>{flat.replace('&quot;', '&quot;')}</p>"), html


@pytest.mark.parametrize("text", ["a`b", "``x", "plans/`x`/plan.yaml:3", "x\ny"])
def test_markdown_code_cannot_be_left(text: str) -> None:
    html = MarkdownIt("commonmark").render(markdown_code(text))
    assert html.startswith("<p><code>") and html.rstrip().endswith("</code></p>"), html


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://bufdir.no/x?a=1&b=2", True),
        ("HTTP://x.no", True),
        ("mailto:post@kommune.no", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("file:///etc/passwd", False),
        ("vbscript:x", False),
        ("/relative", False),
        ("https://x.no/a b", False),
        ("https://x.no/>x", False),
        ("", False),
    ],
)
def test_safe_url(url: str, kept: bool) -> None:
    assert (safe_url(url) == url) is kept


def test_json_safe() -> None:
    value = {"a": [float("nan"), 1.5, float("inf")], "b": (float("-inf"), "x"), "c": {"d": 2}}
    assert json_safe(value) == {"a": [None, 1.5, None], "b": [None, "x"], "c": {"d": 2}}
