"""The fidelity measure (scripts/fidelity.py): seed sentence extraction, matching, and the real figures
against the documents `planctl build` produces from plans/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scripts import fidelity

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "seeds"


def _sentences(spec: fidelity.SeedSpec) -> list[str]:
    text = (SEEDS / spec.file).read_text(encoding="utf-8")
    return [s.text for s in fidelity.seed_sentences(spec.file, text, spec.kind)]


def _spec(prefix: str) -> fidelity.SeedSpec:
    return next(s for s in fidelity.SEEDS if s.file.startswith(prefix))


def test_seed_files_are_in_the_project() -> None:
    assert (SEEDS / "README.md").is_file()
    for spec in fidelity.SEEDS:
        assert (SEEDS / spec.file).stat().st_size > 1000, spec.file


def test_page_furniture_is_dropped_from_000() -> None:
    sentences = _sentences(_spec("000"))
    joined = "\n".join(sentences)
    assert len(sentences) > 250
    assert "Side |" not in joined
    assert "\uf0b7" not in joined and "•" not in joined
    # hyphenated across a line end in the PDF text layer: "Leseveiledning og klasse-" / "lesekurs i skole"
    assert any("klasselesekurs" in s for s in sentences)
    # "samfunns- " / "og arbeidsliv" keeps its hyphen
    assert any("samfunns- og arbeidsliv" in s for s in sentences)


def test_markdown_syntax_and_toc_are_dropped_from_001() -> None:
    sentences = _sentences(_spec("001"))
    joined = "\n".join(sentences)
    for artefact in ("<b>", "**", "|", "#", ".....", "---"):
        assert artefact not in joined, artefact
    # table cells are sentences of their own
    assert any(s.startswith("Alle gravide i Søndre Land kommune og deres partnere") for s in sentences)


def test_link_annotations_are_dropped_from_002() -> None:
    sentences = _sentences(_spec("002"))
    joined = "\n".join(sentences)
    assert "http" not in joined and "bedreinnsats.no" not in joined
    assert "ungdom-i-kommunen" not in joined  # continuation of a URL broken at a line end
    # the footnote anchor "Forebygging1 handler" is also tried without the number
    spec = _spec("002")
    raw = fidelity.seed_sentences(spec.file, (SEEDS / spec.file).read_text(encoding="utf-8"), spec.kind)
    anchored = [s for s in raw if s.text.startswith("Forebygging1 handler")]
    assert len(anchored) == 1
    assert any(v.startswith("Forebygging handler om å forhindre") for v in anchored[0].variants())
    # "Del 2 beskriver" keeps its number as one reading
    assert any(s.text.startswith("Del 2 beskriver") for s in raw)


def test_running_title_is_dropped_from_004() -> None:
    sentences = _sentences(_spec("004"))
    assert not any("Sammen om en trygg oppvekst" in s for s in sentences)
    assert not any(s.endswith("Sammen om en") for s in sentences)


def test_normalise_unifies_typography_and_markup() -> None:
    assert fidelity.normalise("«Ja» – **sa**  hun’s\u00a0ord") == "«Ja» - sa hun's ord"
    assert fidelity.normalise('Se <a href="https://x.no/a">lenken</a> her') == "Se lenken her"
    assert fidelity.normalise("Forebygging[^fn] handler") == "Forebygging handler"


def test_matching_counts_found_and_missing() -> None:
    seed = (
        "Første avsnitt er her og slutter nå.  \n"
        "Andre setning som ikke finnes i dokumentet.  \n"
        "Overskrift i tabell \n"
        "Cellen har en lang tekst som står i dokumentet.  \n"
    )
    sentences = fidelity.seed_sentences("x.txt", seed, "pdf")
    assert len(sentences) == 3
    doc = fidelity.normalise(
        "Tittel Første avsnitt er her og slutter nå. Noe annet. Overskrift i tabell mellom "
        "Cellen har en lang tekst som står i dokumentet."
    )
    result = fidelity.match(sentences, doc, fidelity.SeedResult("x", "p", "r", "docx", "d"))
    assert (result.total, result.whole, result.pieces) == (3, 1, 1)
    assert result.missing == ["Andre setning som ikke finnes i dokumentet."]
    assert round(result.share, 1) == 66.7


@pytest.mark.slow  # builds and reads back five documents (~7 s); the unit tests above cover the matching
def test_real_plans_are_reproduced_by_the_built_document() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.fidelity", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results = {r["seed"][:3]: r for r in json.loads(proc.stdout)}
    assert set(results) == {"000", "001", "002", "003", "004"}
    for seed, r in results.items():
        assert r["source"] in ("docx", "markdown"), (seed, r["description"])
        assert r["sentences"] > 20, seed
    # the per-plan figures (Søndre Land on 000, its wording source), and Vedlegg 2 (003)
    for seed in ("000", "002", "003", "004"):
        r = results[seed]
        assert r["share"] >= fidelity.TARGET, (seed, r["share"], r["missing"])
    # 001 is a second extraction of Søndre Land with its own word-level errors: reported, held lower
    assert results["001"]["share"] >= 90.0, results["001"]["missing"]
