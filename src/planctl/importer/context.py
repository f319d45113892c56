"""What the import steps share: the language, the report, the registries being built, and the guesses
to mark in the written plan."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from planctl.importer.ids import Ids
from planctl.importer.report import ImportReport, Where
from planctl.importer.tree import Image
from planctl.importer.units import Units
from planctl.messages import t
from planctl.model import kinds
from planctl.records import record

# What the importer fills: the plan's registries but units (their own Units) and the annual wheel (never
# read from a document), and the document's sections.
KINDS = (*(k.registry for k in kinds.KINDS if k.registry not in ("units", "annual_wheel")), "sections")


@record
class Context:
    lang: str
    report: ImportReport
    units: Units
    regional: dict[str, Any] | None = None  # the regional file's data (--regional)
    registries: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {k: [] for k in KINDS})
    ids: dict[str, Ids] = field(default_factory=lambda: {k: Ids() for k in KINDS})
    images: list[Image] = field(default_factory=list)
    guessed: dict[int, dict[str, tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    footnote_ids: dict[str, str] = field(default_factory=dict)  # source key -> footnote id
    footnote_text: dict[str, str] = field(default_factory=dict)  # source key -> text
    used_notes: set[str] = field(default_factory=set)
    # A measure's goals column, linked to the plan's goals once the whole document is read
    # (`importer.measures.link_goals`): (the measure, the cell's goals as inline text, where the row is).
    goal_cells: list[tuple[dict[str, Any], list[str], Where]] = field(default_factory=list)

    def m(self, key: str, **params: Any) -> str:
        return t(self.lang, key, **params)

    def guess(self, obj: dict[str, Any], key: str, why: str, **params: Any) -> None:
        """Mark obj[key] as a guess: commented in the YAML, listed in the report."""
        self.guessed.setdefault(id(obj), {})[key] = (why, params)

    def new_id(self, kind: str, text: str, fallback: str) -> str:
        return self.ids[kind].new(text, fallback)

    def note_id(self, key: str) -> str:
        """The plan's footnote id for a source footnote key («1», «a»), created on first use."""
        self.used_notes.add(key)
        found = self.footnote_ids.get(key)
        if found is None:
            found = self.new_id("footnotes", f"fotnote-{key}", "fotnote")
            self.footnote_ids[key] = found
        return found


def where(paragraph: int | None = None, table: int | None = None, row: int | None = None) -> Where:
    return Where(paragraph, table, row)
