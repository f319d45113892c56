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
from planctl.formats.word.pages import body_size, measure
from planctl.formats.word.writer import render_docx
from planctl.load.config import load_config
from planctl.messages import t
from tests.conftest import BUNDLED_PLANS, ROOT

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
