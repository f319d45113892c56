"""The import report as values: what became what, from where, every guess, what could not be mapped.

Renderers (planctl.formats.imports) turn it into text or JSON (`planctl-import/1`); nothing here prints.
Each entry says where in the source it came from (paragraph or table position, and row), where it went in
the plan (a JSON Pointer), and, for a guess, why it was guessed (a message key with parameters), so the
user can check exactly those places.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from planctl.records import record

FORMAT = "planctl-import/1"


@record
class Where:
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None

    def as_dict(self) -> dict[str, int]:
        return {
            k: v
            for k, v in (("paragraph", self.paragraph), ("table", self.table), ("row", self.row))
            if v is not None
        }


@record
class Entry:
    kind: str  # what the source part became (section, p, list, quote, table, measure, unit, statistics ...)
    where: Where
    pointer: str = ""  # where it is in the written plan ("" when it is not written)
    text: str = ""  # a short excerpt of the source
    guess: tuple[str, dict[str, Any]] | None = None  # (message key, params) when it is a guess
    detail: tuple[str, dict[str, Any]] | None = None  # (message key, params) for what happened to it


@record
class NearMiss:
    block: str  # regional block id
    variant: str | None
    where: Where
    similarity: float
    diff: str  # «- region's words + plan's words», word by word


@record
class ImageEntry:
    name: str
    where: Where
    alt: str | None
    written: bool
    problem: str | None = None


@record
class Finding:
    rule: str
    severity: str
    message: str
    line: int | None
    path: str


@record
class ImportReport:
    source: str
    output: str | None = None
    entries: list[Entry] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    images: list[ImageEntry] = field(default_factory=list)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # general remarks (message keys)
    findings: list[Finding] = field(default_factory=list)  # validation of the written plan
    written: bool = False
    lang: str = "nb"

    def add(
        self,
        kind: str,
        where: Where,
        pointer: str = "",
        text: str = "",
        *,
        guess: tuple[str, dict[str, Any]] | None = None,
        detail: tuple[str, dict[str, Any]] | None = None,
    ) -> Entry:
        entry = Entry(kind, where, pointer, _excerpt(text), guess, detail)
        self.entries.append(entry)
        return entry

    def note(self, key: str, **params: Any) -> None:
        if (key, params) not in self.notes:
            self.notes.append((key, params))

    @property
    def guesses(self) -> list[Entry]:
        return [e for e in self.entries if e.guess is not None]

    @property
    def unmapped(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "unmapped"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.kind] = out.get(e.kind, 0) + 1
        return dict(sorted(out.items()))


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
