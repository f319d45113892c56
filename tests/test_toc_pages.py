"""The page numbers of the contents (planctl.formats.word.pages): bounded by `[limits] layout-size`, and
counted without LibreOffice updating the contents (planctl writes them filled in) - the same pages as
when LibreOffice updates its index first, for the three real plans."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from planctl import soffice
from planctl.check.pipeline import check_file, options_for
from planctl.cli.main import cli
from planctl.document.layout import layout
from planctl.formats.word.council import TOC_PREFIX
from planctl.formats.word.elements import w
from planctl.formats.word.pages import LONG_CELL, body_size, layout_weight, measure
from planctl.formats.word.writer import render_docx
from planctl.load.config import load_config
from planctl.messages import t
from tests.conftest import BUNDLED_PLANS, ROOT
from tests.hostile_run import SKELETON, check_clean, planctl, tmpdir_for, workspace

SMALL = ROOT / "tests" / "fixtures" / "build" / "small.yaml"
HAVE_UNO = soffice.find_soffice() is not None and soffice.find_uno_python() is not None
needs_uno = pytest.mark.skipif(not HAVE_UNO, reason="LibreOffice or its Python bridge is missing")


def _first_pass(plan: Path) -> bytes:
    """The council document as build docx writes it before LibreOffice counts pages."""
    result = check_file(plan, options_for(plan))
    assert result.model is not None
    return render_docx(layout(result.model))


def _pages(path: Path) -> list[str | None]:
    """The page number (PAGEREF result) of each contents entry of a built .docx, None where it has none."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    out: list[str | None] = []
    for link in root.iter(w("hyperlink")):
        anchor = link.get(w("anchor")) or ""
        if anchor.startswith(TOC_PREFIX):
            paged = any(f"PAGEREF {anchor}" in (i.text or "") for i in link.iter(w("instrText")))
            out.append([x.text or "" for x in link.iter(w("t"))][-1] if paged else None)
    return out


def test_the_body_size_is_read_from_the_zip_directory() -> None:
    data = _first_pass(SMALL)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert body_size(data) == len(package.read("word/document.xml"))


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_body_over_the_limit_is_not_laid_out(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("LibreOffice must not start for a document over the limit")

    monkeypatch.setattr("planctl.formats.word.pages.run", no_run)
    data = _first_pass(SMALL)
    size = body_size(data)
    pages, why = measure(data, lang, max_layout_bytes=size - 1)
    assert pages is None
    expected = t(lang, "build.toc.too-large", size=f"{size:,}", limit=f"{size - 1:,}", key="layout-size")
    assert why == expected and "layout-size" in why


def test_layout_size_is_a_limits_key_of_planctl_toml(tmp_path: Path) -> None:
    (tmp_path / "planctl.toml").write_text("[limits]\nlayout-size = 12345\n", encoding="utf-8")
    assert load_config(tmp_path, []).limits.max_layout_bytes == 12345


def test_build_docx_over_the_layout_size_says_so_and_lists_the_headings(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    shutil.copy(SMALL, folder / "plan.yaml")
    (folder / "planctl.toml").write_text("[limits]\nlayout-size = 1000\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "docx", str(folder / "plan.yaml"), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert "innholdsfortegnelsen har ingen sidetall" in result.stderr
    assert "hev [limits] layout-size i planctl.toml" in result.stderr
    assert "python3-uno" not in result.stderr  # the size decided, before LibreOffice was looked for
    pages = _pages(out / "testby-2024-01.docx")
    assert len(pages) >= 5 and set(pages) == {None}


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_uno
@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_the_pages_are_those_libreoffice_gives_after_updating_its_contents(plan: Path) -> None:
    """Before, LibreOffice updated the contents twice before the headings' pages were read: the same pages."""
    data = _first_pass(plan)
    pages, why = measure(data, "nb")
    assert pages is not None, why
    updated = soffice.run(data, suffix=".docx", timeout=300, update_indexes=True, bookmarks=TOC_PREFIX)
    assert updated.pages and dict(pages) == updated.pages


# ---- long table cells weigh their length squared against layout-size --------------------------------

_DESCRIPTION = "description: Veiledningsgrupper for foreldre med barn 0-6 år."


def _with_description(text: str, plan: str = SKELETON) -> str:
    return plan.replace(_DESCRIPTION, f"description: '{text}'", 1)


def _words(characters: int) -> str:
    """Words of exactly that many characters, ending in a letter."""
    return ("ord " * (characters // 4 + 1))[: characters - 1] + "x"


def _docx_of(plan_text: str, tmp_path: Path) -> bytes:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text, encoding="utf-8")
    return _first_pass(plan)


def test_a_long_cell_weighs_its_length_squared(tmp_path: Path) -> None:
    plan = _with_description(_words(4_000))
    plan = plan.replace(
        "description: Anonym drøfting av bekymring med flere tjenester.", f"description: {_words(2_500)}", 1
    )
    assert layout_weight(_docx_of(plan, tmp_path)) == (2, 4_000**2 // LONG_CELL + 2_500**2 // LONG_CELL)
    # a cell of LONG_CELL characters is an ordinary one
    assert layout_weight(_docx_of(_with_description(_words(LONG_CELL)), tmp_path)) == (0, 0)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_document_heavy_with_long_cells_is_not_laid_out(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bytes] = []
    monkeypatch.setattr("planctl.formats.word.pages.find_soffice", lambda: "soffice")
    monkeypatch.setattr(
        "planctl.formats.word.pages.run",
        lambda data, **kwargs: started.append(data) or soffice.Outcome(None, {}, 1, measured=True),
    )
    data = _docx_of(_with_description(_words(10_000)), tmp_path)
    size, (cells, extra) = body_size(data), layout_weight(data)
    assert (cells, extra) == (1, 10_000**2 // LONG_CELL)
    pages, why = measure(data, lang, max_layout_bytes=size + extra - 1)
    assert pages is None and started == []
    assert why == t(
        lang,
        "build.toc.long-cells",
        size=f"{size:,}",
        cells="1",
        long=f"{LONG_CELL:,}",
        extra=f"{extra:,}",
        limit=f"{size + extra - 1:,}",
        key="layout-size",
    )
    pages, why = measure(data, lang, max_layout_bytes=size + extra)
    assert pages == {} and why == "" and started == [data]


@pytest.mark.skipif(soffice.find_soffice() is None, reason="LibreOffice is not installed")
def test_a_cell_of_100_000_characters_is_built_without_laying_it_out(tmp_path: Path) -> None:
    """LibreOffice took 27 s to lay out this one cell (600,000 characters: 160 s), in a plan of 100 kB
    whose body is far below layout-size; now the build leaves it out, within a hostile run's 20 s."""
    plan = workspace(tmp_path, _with_description(_words(100_000)))
    tmp = tmpdir_for(tmp_path)
    proc = planctl("build", "docx", str(plan), "-o", "out", cwd=tmp_path, tmpdir=tmp)
    check_clean(proc, exit_codes=(0,), tmpdir=tmp, one_line=False)
    assert "[limits] layout-size" in proc.stderr and "100,000" not in proc.stderr, proc.stderr
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2
