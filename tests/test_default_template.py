"""The shipped Word template (src/planctl/templates/default.docx, written by make_default.py): the styles
planctl's documents use, and not the hundred table styles and the Word 2010 copy of the styles that
python-docx's own template carries (parsed, written and deflated again for every document: 785 kB of its
800 kB of XML)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from planctl.check.pipeline import check_file, options_for
from planctl.document.layout import layout
from planctl.formats.word.elements import w
from planctl.formats.word.package import DEFAULT_TEMPLATE, PYTHON_DOCX_TEMPLATE
from planctl.formats.word.writer import render_docx
from planctl.templates import make_default
from tests.conftest import BUNDLED_PLANS


def _styles(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/styles.xml"))
    return [(str(s.get(w("type"))), str(s.find(w("name")).get(w("val")))) for s in root.iter(w("style"))]


# python-docx's own template, which the shipped one was made from (python-docx 1.2.0)
MADE_FROM = "2094b5bddffe9cf973d61fe03388413804f034160718494a65db7e98da40d35d"


def test_make_default_writes_the_shipped_template() -> None:
    if hashlib.sha256(PYTHON_DOCX_TEMPLATE.read_bytes()).hexdigest() != MADE_FROM:
        pytest.skip("python-docx's template changed: regenerate default.docx (make_default) and MADE_FROM")
    assert make_default.build() == DEFAULT_TEMPLATE.read_bytes()


def test_the_template_keeps_the_table_styles_the_documents_use_and_no_styles_with_effects() -> None:
    shipped = DEFAULT_TEMPLATE.read_bytes()
    tables = sorted(name for kind, name in _styles(shipped) if kind == "table")
    assert tables == sorted(make_default._TABLE_STYLES_KEPT)
    with zipfile.ZipFile(io.BytesIO(shipped)) as package:
        names = package.namelist()
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        types = package.read("[Content_Types].xml").decode("utf-8")
    assert "word/stylesWithEffects.xml" not in names
    assert "stylesWithEffects" not in rels and "stylesWithEffects" not in types
    # what python-docx's template has besides
    original = PYTHON_DOCX_TEMPLATE.read_bytes()
    assert sum(kind == "table" for kind, _ in _styles(original)) > 50
    with zipfile.ZipFile(io.BytesIO(original)) as package:
        assert "word/stylesWithEffects.xml" in package.namelist()


@pytest.mark.parametrize("kind", ["paragraph", "character"])
def test_the_template_keeps_every_paragraph_and_character_style_of_python_docx(kind: str) -> None:
    # (only table styles are dropped: Word's style gallery offers the same paragraph and character styles)
    shipped = {name for k, name in _styles(DEFAULT_TEMPLATE.read_bytes()) if k == kind}
    original = {name for k, name in _styles(PYTHON_DOCX_TEMPLATE.read_bytes()) if k == kind}
    assert original <= shipped


@pytest.mark.parametrize("plan", BUNDLED_PLANS, ids=lambda p: p.parent.name)
def test_every_style_a_real_plans_document_names_is_defined_in_it(plan: Path) -> None:
    result = check_file(plan, options_for(plan))
    assert result.model is not None
    with zipfile.ZipFile(io.BytesIO(render_docx(layout(result.model, draft=True)))) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
    defined = {(s.get(w("type")), s.get(w("styleId"))) for s in styles.iter(w("style"))}
    kinds = {w("pStyle"): "paragraph", w("rStyle"): "character", w("tblStyle"): "table"}
    named = {(kinds[el.tag], el.get(w("val"))) for el in body.iter(*kinds)}
    assert named and named <= defined, named - defined
