"""The plan places what it has: no machine-made appendix, and BUILD-UNPLACED for what no block shows and no
chapter says (planctl.model.placement). The real plans lose nothing: what every entry of theirs says is in
the Word document, read back independently (docx2python)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx2python import docx2python

from planctl.check.findings import Severity
from planctl.check.pipeline import check_file, options_for
from planctl.document.layout import layout
from planctl.formats.word.writer import render_docx
from planctl.model.kinds import KINDS
from planctl.model.placement import unplaced
from tests.conftest import BUNDLED_PLANS


def _normal(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a markdown link is its text
    text = re.sub(r"\[\^[^\]]*\]|\*\*|[*_`]", "", text)
    return re.sub(r"\s+", " ", text).casefold().strip()


@pytest.fixture(scope="module", params=BUNDLED_PLANS, ids=lambda p: p.parent.name)
def built(request: pytest.FixtureRequest) -> tuple[object, str]:
    plan: Path = request.param
    result = check_file(plan, options_for(plan))
    assert result.model is not None
    draft = any(f.severity == Severity.ERROR for f in result.findings)
    assert not [f for f in result.findings if f.rule == "BUILD-UNPLACED"]
    data = render_docx(layout(result.model, draft=draft))
    with docx2python(io.BytesIO(data)) as doc:
        text = doc.text
    text = re.sub(r"</?a[^>]*>", "", text)  # docx2python writes hyperlinks as <a href=...>
    return result.model, _normal(text)


def test_the_real_plans_have_no_machine_appendix_and_place_everything(built: tuple[object, str]) -> None:
    model, text = built
    assert "øvrige opplysninger i planen" not in text and "laget automatisk" not in text
    assert unplaced(model) == []  # type: ignore[arg-type]


def test_what_every_entry_of_a_real_plan_says_is_in_its_document(built: tuple[object, str]) -> None:
    model, text = built
    missing = []
    for kind in KINDS:
        for entry in getattr(model, kind.registry):
            for field in kind.content:
                value = getattr(entry, f"{field}_label", None) or getattr(entry, field)
                for piece in _pieces(model, value):
                    if _normal(piece) not in text:
                        missing.append(f"{kind.name}:{entry.id}.{field}: {piece[:60]}")
    assert not missing, "\n".join(missing)


def _pieces(model: object, value: object) -> list[str]:
    """The texts a value says: the pieces of a text (its lines, the excerpts a label joins with "; "), the
    names of the units a list of unit ids names, the texts of nested entries."""
    if isinstance(value, str):
        return [p for p in re.split(r"\n|; ", value) if p.strip()]
    if isinstance(value, tuple):
        out: list[str] = []
        for item in value:
            if isinstance(item, str):
                unit = model.unit(item)  # type: ignore[attr-defined]
                out.append(unit.name if unit is not None else item)
            else:
                out.extend(
                    p for f in ("title", "action", "note") for p in _pieces(model, getattr(item, f, None))
                )
        return out
    return []
