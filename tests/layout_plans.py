"""A large plan for the layout checks (tests/test_layout_check.py), generated: many chapters, a long
measures overview on landscape pages, small tables among the prose, long Norwegian compound words,
footnotes, web addresses and level colours. The same plan every time (no randomness)."""

from __future__ import annotations

import json
from pathlib import Path

WORDS = (
    "Helsestasjonsprogrammet",
    "barneverntjenesten",
    "foreldreveiledningsprogrammet",
    "skolehelsetjenesten",
    "tverrfaglig",
    "samhandlingsstrukturen",
    "oppvekstområdet",
    "lavterskeltilbud",
    "kommunepsykologen",
    "familieveiledning",
)
LEVELS = ("universal", "selective", "indicated")


def _sentence(i: int, n: int) -> str:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)]
    return "Tiltaket styrker " + " og ".join(words) + f" i område {i}."


def large_plan() -> dict[str, object]:
    units = [
        {
            "id": f"tjeneste-{i}",
            "name": f"{WORDS[i % len(WORDS)].capitalize()} {i}",
            "kind": "service",
            "municipal": True,
        }
        for i in range(12)
    ]
    measures = []
    for i in range(90):
        measures.append(
            {
                "id": f"tiltak-{i}",
                "name": f"{WORDS[i % len(WORDS)].capitalize()}sarbeid {i}",
                "description": " ".join(_sentence(i + k, 2 + (i + k) % 4) for k in range(1 + i % 4)),
                "levels": [LEVELS[i % 3]],
                "responsible": [f"tjeneste-{i % 12}", f"tjeneste-{(i + 5) % 12}"],
                "status": {"state": "active", "label": "I gang" if i % 2 else "Planlagt høsten 2025"},
                "due": f"{2025 + i % 3}",
            }
        )
    statistics = [
        {
            "id": f"tall-{i}",
            "title": f"Andel barn med tiltak, tabell {i}",
            "unit": "percent",
            "source": {
                "name": "Bufdir kommunemonitor",
                "url": "https://www.bufdir.no/statistikk-og-analyse/kommunemonitor/",
                "retrieved": "2024-03-01",
            },
            "periods": ["2021", "2022", "2023"],
            "series": {
                f"Kommune {k}": [
                    round(3.1 + k * 0.4 + i * 0.1, 1),
                    round(3.4 + k * 0.3, 1),
                    round(3.9 + k * 0.2, 1),
                ]
                for k in range(2 + i % 4)
            },
        }
        for i in range(8)
    ]
    footnotes = [
        {
            "id": f"n{i}",
            "text": f"Se https://lovdata.no/dokument/NL/lov/2021-06-18-97/§{15 + i} for paragraf {15 + i}.",
        }
        for i in range(6)
    ]
    chapters = []
    for c in range(10):
        blocks: list[object] = []
        for p in range(6):
            note = f"[^n{(c + p) % 6}]" if p % 3 == 0 else ""
            blocks.append(
                {
                    "p": " ".join(_sentence(c * 10 + p + k, 3) for k in range(4))
                    + note
                    + " Les mer på www.bedreinnsats.no."
                }
            )
            if p in (2, 5):
                blocks.append({"render": "statistics", "ids": [f"tall-{(c + p) % 8}"]})
        children = [
            {
                "id": f"kapittel-{c}-{k}",
                "title": f"{WORDS[(c + k) % len(WORDS)].capitalize()} og samarbeid",
                "blocks": [{"p": _sentence(c + k, 5)}],
            }
            for k in range(3)
        ]
        chapters.append(
            {
                "id": f"kapittel-{c}",
                "title": f"Kapittel om {WORDS[c % len(WORDS)]}",
                "blocks": blocks,
                "children": children,
            }
        )
    chapters[2]["blocks"].append({"render": "units", "columns": ["name", "kind"]})
    return {
        "schema": "planctl/1",
        "plan": {
            "id": "storby",
            "title": "Plan for forebygging av omsorgssvikt og atferdsproblemer i Storby",
            "keywords": ["forebygging", "tidlig innsats"],
            "municipality": {"name": "Storby kommune", "number": "9998"},
            "language": "nb",
            "version": "2026-01",
            "date": "2026-01-15",
            "period": {"start": 2026, "end": 2029},
            "adoption": {
                "body": "kommunestyret",
                "status": "adopted",
                "date": "2026-02-12",
                "case_ref": "26/1",
            },
        },
        "units": units,
        "goals": [{"id": "hovedmal", "kind": "main", "text": "Barn og unge får rett hjelp til rett tid."}],
        "measures": measures,
        "statistics": statistics,
        "footnotes": footnotes,
        "document": {
            "toc": True,
            "level_colors": {"universal": "#1F6F3F", "selective": "#FFE699", "indicated": "#9C2B27"},
            "body": [
                {"id": "mal", "title": "Mål", "blocks": [{"render": "goals"}, {"render": "pyramid"}]},
                *chapters,
            ],
            "appendices": [
                {
                    "id": "vedlegg-1",
                    "title": "Vedlegg 1: Tiltaksoversikt",
                    "orientation": "landscape",
                    "blocks": [
                        {
                            "render": "measures",
                            "group_by": "level",
                            "columns": ["name", "description", "responsible", "status", "due", "levels"],
                        }
                    ],
                }
            ],
        },
    }


def write_large_plan(folder: Path) -> Path:
    """The large plan as plan.yaml in folder (JSON is YAML)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "planctl.toml").write_text("", encoding="utf-8")
    path = folder / "plan.yaml"
    path.write_text(json.dumps(large_plan(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
