"""formats.word.frozen: body blocks kept as the bytes they are in their document (the redline's memory:
tests/test_redline_memory.py). The bytes must be exact, whatever the batches the work is cut into."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest

from planctl.diff.sides import load_side
from planctl.document.layout import layout
from planctl.formats.word import frozen
from planctl.formats.word import redline as redline_module
from planctl.formats.word.elements import w
from planctl.formats.word.frozen import Body, Frozen, FrozenTable
from planctl.formats.word.writer import render_docx as render_council
from planctl.formats.word.writer import render_frozen
from tests.conftest import PLANS
from tests.test_redline_memory import _data, _document, _redline, _side


@pytest.mark.slow  # a redline of two plans of 60 goals, strategies, steps and table rows
def test_a_long_table_leaves_the_tree_row_batch_by_row_batch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """While a table is rendered, its finished rows are frozen once they hold BATCH_CELLS cells: the
    pathway (two rows a step) and the data table (60 rows of 4 cells) never have all their rows as
    elements."""
    monkeypatch.setattr(frozen, "BATCH_CELLS", 16)
    rows_in_tree: list[int] = []
    row_done = frozen.Freezer.row_done

    def spy(self: frozen.Freezer, tbl: Any, keep: bool) -> None:
        row_done(self, tbl, keep)
        rows_in_tree.append(len(tbl.findall(w("tr"))))

    monkeypatch.setattr(frozen.Freezer, "row_done", spy)
    _redline(
        _side(tmp_path, "old", _data(60, changed=False)), _side(tmp_path, "new", _data(60, changed=True))
    )
    assert len(rows_in_tree) >= 2 * (60 + 60)  # every row of the table and every step, in both documents
    assert max(rows_in_tree) <= 16


def test_frozen_blocks_are_the_bytes_the_council_document_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A council document written from its frozen blocks (rows frozen in batches of a few cells while the
    tables are rendered, section breaks and kept-together tables included) is byte for byte the document
    part `planctl build docx` writes; and a block parsed back and frozen again keeps its bytes."""
    monkeypatch.setattr(frozen, "BATCH_CELLS", 5)
    for path in PLANS.glob("*/plan.yaml"):
        lay = layout(load_side(str(path)).model)
        _, freezer, spans = render_frozen(lay)
        blocks = [block for span in spans for block in span]
        assert all(isinstance(block, Frozen) for block in blocks)
        assert any(isinstance(block, FrozenTable) and len(block.rows) > 5 for block in blocks)
        head, tail = freezer.around_body()
        body = Body(freezer, head)
        for block in blocks:
            assert isinstance(block, Frozen)
            body.write(block)
        document = body.document(tail)
        plain = [b for b in blocks if not isinstance(b, FrozenTable)]
        assert [freezer.freeze([el])[0] for el in freezer.thaw([b.xml for b in plain])] == [
            b.xml for b in plain
        ]
        freezer.close()
        assert bytes(document) == _document(render_council(lay)), path.parent.name


@pytest.mark.slow  # six redlines of real and generated plans: about 1 s each batch size
@pytest.mark.parametrize("batch", [1, 7])
def test_the_redline_is_the_same_whatever_the_batches(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, batch: int
) -> None:
    """Blocks and rows are frozen, parsed and merged in batches (a bound on the elements alive at once);
    batches of one cell or seven give the same bytes as the default, for two real plans (landscape
    sections, measures tables) and a generated pair with footnotes, links and paragraphs settled anew."""
    sides = [
        (load_side(str(PLANS / a / "plan.yaml")).model, load_side(str(PLANS / b / "plan.yaml")).model)
        for a, b in (("vestre-toten", "nordre-land"), ("nordre-land", "sondre-land"))
    ]
    generated = _data(40, changed=False), _data(40, changed=True)
    sides.append((_side(tmp_path, "old", copy.deepcopy(generated[0])), _side(tmp_path, "new", generated[1])))
    expected = [hashlib.sha256(_redline(old, new)).hexdigest() for old, new in sides]
    monkeypatch.setattr(frozen, "BATCH_CELLS", batch)
    monkeypatch.setattr(redline_module, "BATCH_CELLS", batch)
    assert [hashlib.sha256(_redline(old, new)).hexdigest() for old, new in sides] == expected
