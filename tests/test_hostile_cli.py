"""Names, ids and templates, attacked (issue 14, groups 2 and 7, and `init` from groups 5 and 9): a long id
or version gives a file name any file system takes; a title, municipality or version that validate accepts
builds every Word output; `init` with a name that is not UTF-8, holds characters YAML cannot hold raw, or
meets a dangling plan.yaml symlink; a hostile Word template. Real processes within 20 s and 1.5 GiB.

The Word document's core properties (a title over 255 characters) and the template's limits, macros and
external relationships are the council document writer's (issue 13); these tests hold it to them.
"""

from __future__ import annotations

import io
import os
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from tests.hostile_run import SKELETON, Run, check_clean, one_line_error, planctl, tmpdir_for, workspace

pytestmark = pytest.mark.slow

TITLE = "title: Plan for forebygging av omsorgssvikt og atferdsproblemer"


# --- group 2: what validate accepts, every command builds ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "x" * 3000), ("version", '"' + "v" * 3000 + '"'), ("version", '"' + "../" * 100 + '"')],
    ids=["long-id", "long-version", "dotdot-version"],
)
def test_build_markdown_names_its_file_safely(field: str, value: str, tmp_path: Path) -> None:
    """A long id or version (was: errno 36, file name too long), or one made of ../: a short, safe name
    inside the output folder."""
    text = (
        SKELETON.replace("  id: eksempel ", f"  id: {value} ", 1)
        if field == "id"
        else SKELETON.replace('version: "2026-01"', f"version: {value}", 1)
    )
    assert text != SKELETON
    plan = workspace(tmp_path, text)
    tmp = tmpdir_for(tmp_path)
    check_clean(planctl("validate", str(plan), cwd=tmp_path, tmpdir=tmp), exit_codes=(0,), tmpdir=tmp)
    proc = planctl("build", "markdown", str(plan), "-o", "out", cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(0,), tmpdir=tmp)
    [written] = list((tmp_path / "out").iterdir())
    assert written.suffix == ".md" and len(written.name.encode()) <= 200, written.name
    assert [p for p in tmp_path.rglob("*.md")] == [written]


LONG = {
    "title": lambda t: t.replace(TITLE, "title: " + "T" * 277, 1),
    "municipality": lambda t: t.replace('"Eksempel kommune"', '"' + "M" * 300 + ' kommune"'),
    "version": lambda t: t.replace('version: "2026-01"', 'version: "' + "v" * 300 + '"', 1),
}
WORD = {
    "build-docx": ["build", "docx", "PLAN", "-o", "out"],
    "report-docx": ["report", "--format", "docx", "PLAN", "-o", "out.docx"],
    "diff-docx": ["diff", "--format", "docx", "good/plan.yaml", "PLAN", "-o", "out.docx"],
}


@pytest.mark.parametrize("name", WORD)
@pytest.mark.parametrize("field", LONG)
def test_word_outputs_take_what_validate_accepts(field: str, name: str, tmp_path: Path) -> None:
    plan = workspace(tmp_path, LONG[field](SKELETON))
    good = tmp_path / "good" / "plan.yaml"
    good.parent.mkdir()
    good.write_text(SKELETON, encoding="utf-8")
    tmp = tmpdir_for(tmp_path)
    check_clean(planctl("validate", str(plan), cwd=tmp_path, tmpdir=tmp), exit_codes=(0,))
    args = [str(plan) if a == "PLAN" else a for a in WORD[name]]
    check_clean(planctl(*args, cwd=tmp_path, tmpdir=tmp), exit_codes=(0,), tmpdir=tmp)


# --- init --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char", ["\u2028", "\u2029", "\u0085", "\u0086", "\u007f", "\uffff", "\ufffe", '"', "\\"]
)
def test_init_writes_a_plan_that_validates_whatever_the_name(char: str, tmp_path: Path) -> None:
    tmp = tmpdir_for(tmp_path)
    proc = planctl("init", "p", "--municipality", f"Test{char} kommune", cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(0,), tmpdir=tmp)
    proc = planctl("validate", "--format", "json", "p/plan.yaml", cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(0,), tmpdir=tmp, one_line=False)
    from planctl.load.yamlsource import load_yaml

    doc = load_yaml(tmp_path / "p" / "plan.yaml", "plan.yaml")
    assert doc.data["plan"]["municipality"]["name"] == f"Test{char} kommune"  # the name as given


def test_init_refuses_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    tmp = tmpdir_for(tmp_path)
    name = os.fsdecode(b"Test\xff kommune")  # the bytes a Latin-1 terminal sends
    proc = planctl("init", "p", "--municipality", name, cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    assert "UTF-8" in one_line_error(proc)
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("link", ["dangling", "to-a-file", "loop"])
def test_init_never_replaces_a_plan_yaml_symlink(link: str, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    target = {
        "dangling": tmp_path / "nowhere" / "plan.yaml",
        "to-a-file": tmp_path / "real.yaml",
        "loop": folder / "plan.yaml",
    }[link]
    if link == "to-a-file":
        target.write_text("mine\n", encoding="utf-8")
    (folder / "plan.yaml").symlink_to(target)
    tmp = tmpdir_for(tmp_path)
    proc = planctl("init", "p", cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(2,), tmpdir=tmp)
    assert (folder / "plan.yaml").is_symlink() and os.readlink(folder / "plan.yaml") == str(target)
    assert not (tmp_path / "nowhere").exists()
    assert link != "to-a-file" or target.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in folder.iterdir()) == ["plan.yaml"]


# --- group 7: a hostile template ---------------------------------------------------------------------


def _template(
    tmp_path: Path, *, extra: dict[str, bytes] | None = None, edit: dict[str, tuple[str, str]] | None = None
) -> Path:
    """The default template with extra parts, and parts edited (name: (text, replacement))."""
    source = files("planctl").joinpath("templates", "default.docx").read_bytes()
    path = tmp_path / "template.docx"
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if edit and item.filename in edit:
                old, new = edit[item.filename]
                assert old.encode() in data, (item.filename, old)
                data = data.replace(old.encode(), new.encode(), 1)
            zout.writestr(item, data)
        for name, content in (extra or {}).items():
            zout.writestr(name, content)
    return path


def _build_with(tmp_path: Path, template: Path, timeout: float = 20) -> tuple[int, Path]:
    plan = workspace(tmp_path)
    tmp = tmpdir_for(tmp_path)
    proc = planctl(
        "build",
        "docx",
        str(plan),
        "-o",
        "out",
        "--template",
        str(template),
        cwd=tmp_path,
        tmpdir=tmp,
        how=Run(timeout=timeout),
    )
    check_clean(proc, exit_codes=(0, 2), tmpdir=tmp)
    return proc.returncode, tmp_path / "out" / "eksempel-2026-01.docx"


def test_a_templates_macros_are_not_carried_into_the_document(tmp_path: Path) -> None:
    template = _template(
        tmp_path,
        extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project"},
        edit={
            "[Content_Types].xml": (
                "</Types>",
                '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                "</Types>",
            ),
            "word/_rels/document.xml.rels": (
                "</Relationships>",
                '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"'
                ' Target="vbaProject.bin"/></Relationships>',
            ),
        },
    )
    code, built = _build_with(tmp_path, template)
    assert code == 0
    with zipfile.ZipFile(built) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]


def test_a_templates_attached_template_is_not_carried_into_the_document(tmp_path: Path) -> None:
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="https://example.invalid/evil.dotm" TargetMode="External"/></Relationships>'
    )
    code, built = _build_with(
        tmp_path, _template(tmp_path, extra={"word/_rels/settings.xml.rels": rels.encode()})
    )
    assert code == 0
    with zipfile.ZipFile(built) as z:
        assert not any(b"example.invalid" in z.read(n) for n in z.namelist())


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "zip-bomb"])
def test_a_template_that_is_no_file_or_a_bomb_is_one_line(kind: str, tmp_path: Path) -> None:
    template = tmp_path / "template.docx"
    if kind == "fifo":
        os.mkfifo(template)
    elif kind == "dev-zero":
        template.symlink_to("/dev/zero")
    else:
        with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", b"<Types/>")
            with z.open("word/document.xml", "w") as part:  # 512 MiB of spaces, about 0.5 MB zipped
                block = b" " * (1024 * 1024)
                for _ in range(512):
                    part.write(block)
    code, _ = _build_with(tmp_path, template, timeout=10)
    assert code == 2


def test_a_template_without_section_properties(tmp_path: Path) -> None:
    """A template whose body has no w:sectPr: built (the writer's own page setup) or one line, never
    «internal error»."""
    source = files("planctl").joinpath("templates", "default.docx").read_bytes()
    template = tmp_path / "template.docx"
    with (
        zipfile.ZipFile(io.BytesIO(source)) as zin,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.find("<w:sectPr")
                end = text.find("</w:sectPr>") + len("</w:sectPr>")
                assert start > 0, "the default template has section properties to take away"
                data = (text[:start] + text[end:]).encode("utf-8")
            zout.writestr(item, data)
    _build_with(tmp_path, template)
