"""The tracked-change document (`planctl diff --format docx`) without whole documents as element trees.

An lxml element tree costs ten to fifteen times its XML in memory; the redline of two large plans held
both council documents and the merged one as trees (1.46 GB for two plans of 3 MB). Now each document's
body blocks are kept as bytes as soon as they are rendered (a long table's rows while it is rendered), a
block is parsed back only to be merged, and the merged body is written as bytes (formats.word.frozen).
What is checked here, without measuring memory: the structure (which trees exist when), and that the
bytes are the same however the work is cut into batches.
"""

from __future__ import annotations

import gc
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from ruamel.yaml import YAML

from planctl.cli.main import cli
from planctl.diff.engine import diff_plans
from planctl.diff.sides import load_side
from planctl.formats.diff.docx import render_docx
from planctl.formats.word.council import CouncilRenderer
from planctl.formats.word.elements import TBL, P, w
from planctl.formats.word.package import Package
from planctl.load.yamlsource import YamlDocument

FIX = Path(__file__).parent / "fixtures" / "diff"


def _data(n: int, *, changed: bool) -> dict[str, Any]:
    """The diff fixture with n goals, strategies and pathway steps, a table, footnotes and links; changed:
    every other text reworded, a footnote changed, a paragraph with a link and a note gone and others
    added after a changed one."""
    data = YAML(typ="safe").load((FIX / "v1.yaml").read_text(encoding="utf-8"))

    def mark(i: int) -> str:
        return " endret" if changed and i % 2 else ""

    data["goals"] += [
        {"id": f"g{i}", "kind": "sub", "text": f"Delmål nummer {i}{mark(i)}."} for i in range(n)
    ]
    data["strategies"] = [
        {"id": f"st{i}", "title": f"Strategi {i}", "text": f"Strategitekst {i}{mark(i)}.", "goals": [f"g{i}"]}
        for i in range(n)
    ]
    steps = [
        {
            "title": f"Steg {i}",
            "action": f"Handling {i}{mark(i)}.",
            "actors": ["helsestasjon"],
            "arena": "drofting",
        }
        for i in range(n)
    ]
    data["pathways"] = [{"id": "forlop", "title": "Handlingsforløp", "steps": steps}]
    data["footnotes"] = [
        {"id": "kilde", "text": "Bufdir, 2023" + (", med nye tall." if changed else ".")},
        {"id": "borte", "text": "Et notat med [lenke](https://example.org/borte)."},
    ]
    prose = [{"p": "Første avsnitt om barn.[^kilde]"}, {"p": "Et avsnitt som går ut.[^borte]"}]
    if changed:
        prose = [
            {"p": "Første avsnitt om barn og unge.[^kilde]"},
            {"p": "Et nytt avsnitt, se [Bufdir](https://bufdir.no)."},
        ]
    rows = [[f"r{i}c{j}" + ("x" if changed and (i + j) % 3 == 0 else "") for j in range(4)] for i in range(n)]
    table = {"table": {"caption": "Tabell", "columns": ["A", "B", "C", "D"], "rows": rows}}
    data["document"]["body"].append(
        {
            "id": "mal",
            "title": "Mål",
            "blocks": [*prose, {"render": "strategies"}, {"render": "pathway"}, table],
        }
    )
    return data


def _side(tmp_path: Path, name: str, data: dict[str, Any]) -> Any:
    path = tmp_path / name / "plan.yaml"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8") as out:
        YAML().dump(data, out)
    return load_side(str(path)).model


def _redline(old: Any, new: Any) -> bytes:
    return render_docx(diff_plans(old, new, old_label="a", new_label="b"), "nb")


def _document(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def test_each_side_s_source_text_and_map_are_let_go_before_the_redline_is_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The YAML a side was read from, and the line and column of each of its keys and values, are not
    needed once the side is checked: only the models go on to the redline."""
    alive: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> bytes:
        gc.collect()
        alive.append(sum(1 for o in gc.get_objects() if isinstance(o, YamlDocument)))
        return render_docx(*args, **kwargs)

    monkeypatch.setattr("planctl.formats.diff.docx.render_docx", counted)
    out = tmp_path / "endringer.docx"
    result = CliRunner().invoke(
        cli, ["diff", str(FIX / "v1.yaml"), str(FIX / "v2.yaml"), "--format", "docx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert alive == [0]


def test_no_document_is_an_element_tree_when_the_next_is_made_and_the_redline_is_written_from_bytes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """When the new document's first element is rendered, the old document's body holds no paragraph or
    table (its blocks are bytes by then); when the redline is saved, its body holds none either (the body
    is written as bytes)."""
    renderers: list[CouncilRenderer] = []
    old_body_when_new_begins: list[int] = []
    render = CouncilRenderer.render

    def spy_render(self: CouncilRenderer, element: Any) -> Any:
        if self not in renderers:
            renderers.append(self)
            if len(renderers) == 2:
                body = renderers[0].package.body
                old_body_when_new_begins.append(len(body.findall(P)) + len(body.findall(TBL)))
        return render(self, element)

    saved: list[int] = []
    save = Package.save

    def spy_save(self: Package, **kwargs: Any) -> bytes:
        saved.append(len(self.body.findall(P)) + len(self.body.findall(TBL)))
        return save(self, **kwargs)

    monkeypatch.setattr(CouncilRenderer, "render", spy_render)
    monkeypatch.setattr(Package, "save", spy_save)
    data = _redline(
        _side(tmp_path, "old", _data(60, changed=False)), _side(tmp_path, "new", _data(60, changed=True))
    )
    assert old_body_when_new_begins == [0]
    assert saved == [0]
    body = etree.fromstring(_document(data)).find(w("body"))
    assert body is not None and len(body.findall(w("tbl"))) >= 3
    assert len(body.findall(w("p"))) > 60
