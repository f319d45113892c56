"""The council document's two ways of being written: from its whole element tree, or, when its layout is
large (`formats.word.writer.weight`), through `formats.word.frozen`, each block kept as bytes as soon as
it is rendered, so that memory follows the document's XML and not its element tree. The bytes must be the
same either way, for every kind of content: the real plans (tables, landscape pages, footnotes, the
pyramid and pathway), pictures in the body and a template's header, a contents list with page numbers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planctl.check.pipeline import CheckOptions, check_file
from planctl.document.elements import Layout, ListEl, ListEntry, TableEl, TocEl
from planctl.document.layout import layout
from planctl.formats.word import frozen, writer
from planctl.formats.word.council import TOC_PREFIX
from tests.conftest import BUNDLED_PLANS, png
from tests.test_word_opc import _template_with_header

SMALL = Path(__file__).parent / "fixtures" / "build" / "small.yaml"


def _layout(path: Path) -> Layout:
    result = check_file(path, CheckOptions(families=("syntax", "integrity")))
    assert result.model is not None
    return layout(result.model)


def _both(monkeypatch: pytest.MonkeyPatch, lay: Layout, **options: Any) -> tuple[bytes, bytes]:
    """The document written from its whole tree, and written through the freezer."""
    monkeypatch.setattr(writer, "FROZEN_ABOVE", 10**12)
    whole = writer.render_docx(lay, **options)
    monkeypatch.setattr(writer, "FROZEN_ABOVE", -1)
    frozen_way = writer.render_docx(lay, **options)
    return whole, frozen_way


def _pages(data: bytes) -> dict[str, int]:
    """A page for every contents bookmark of a document (as LibreOffice would count them)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    names = sorted(set(re.findall(rf'w:name="({re.escape(TOC_PREFIX)}[^"]+)"', body)))
    assert names, "the document's contents list its headings by bookmarks"
    return {name: 3 + k for k, name in enumerate(names)}


@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_a_real_plans_document_is_the_same_either_way(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lay = _layout(plan)
    whole, frozen_way = _both(monkeypatch, lay)
    assert whole == frozen_way
    whole, frozen_way = _both(monkeypatch, lay, pages=_pages(whole))
    assert whole == frozen_way


def test_pictures_and_a_template_with_a_header_are_the_same_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = YAML(typ="safe").load(SMALL.read_text(encoding="utf-8"))
    blocks = data["document"]["body"][0]["blocks"]
    for i in range(3):
        (tmp_path / f"bilde{i}.png").write_bytes(png(40 + i, 20, 3780, colour=bytes((i, 9, 9))))
        blocks.append({"figure": {"image": f"bilde{i}.png", "alt": f"Bilde {i}"}})
    plan = tmp_path / "plan.yaml"
    with plan.open("w", encoding="utf-8") as out:
        YAML().dump(data, out)
    lay = _layout(plan)
    template = _template_with_header(tmp_path)
    whole, frozen_way = _both(monkeypatch, lay, template=template)
    assert whole == frozen_way
    assert whole.count(b"word/media/") >= 1  # (the pictures are in the package)


def test_the_weight_counts_blocks_table_cells_list_items_and_contents_lines() -> None:
    cell = ()
    table = TableEl(None, ("a", "b", "c"), ((cell, cell, cell),) * 4, "alt")
    items = (ListEntry((), (ListEntry(()), ListEntry((), (ListEntry(()),)))), ListEntry(()))
    nested = ListEl("bullet", items)
    lay = _layout(SMALL)
    toc = next(e for e in lay.elements if isinstance(e, TocEl))
    assert writer.weight(Layout(lay.meta, (table,))) == 1 + 12
    assert writer.weight(Layout(lay.meta, (nested,))) == 1 + 5
    assert writer.weight(Layout(lay.meta, (toc,))) == 1 + len(toc.entries)


def test_a_large_document_is_written_through_the_freezer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above FROZEN_ABOVE the blocks go to bytes while the document is rendered (the freezer freezes
    them), below it they do not; what the document says is the same (tested above)."""
    lay = _layout(SMALL)
    frozen_calls: list[int] = []
    original = frozen.Freezer.freeze

    def counting(self: frozen.Freezer, elements: Any) -> list[bytes]:
        frozen_calls.append(len(elements))
        return original(self, elements)

    monkeypatch.setattr(frozen.Freezer, "freeze", counting)
    monkeypatch.setattr(writer, "FROZEN_ABOVE", writer.weight(lay))
    writer.render_docx(lay)
    assert frozen_calls == []
    monkeypatch.setattr(writer, "FROZEN_ABOVE", writer.weight(lay) - 1)
    writer.render_docx(lay)
    assert sum(frozen_calls) > 10
