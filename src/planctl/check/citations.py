"""What a rule rests on, as data: a provision of a law (`Law`) or a guidance document (`Guidance`), and the
rule's basis: `law` (lovkrav), `guidance` (anbefaling) or `quality` (kvalitet: rests on no text at all).

A law rule cites the paragraph and ledd it enforces; a guidance rule cites the document it follows (publisher,
title, year) and never the law; a data-quality rule cites nothing (design.md § 4). `cite()` writes a rule's
sources in a language: the act's name and the ledd come from the message catalogue (nynorsk says
«barnevernslova … andre ledd»), a document's title stays as it was published.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from planctl.messages import t
from planctl.records import record

Basis = Literal["law", "guidance", "quality"]
BASES: tuple[Basis, ...] = ("law", "guidance", "quality")

# Acts cited by the rules; their names per language are the catalogue's `cite.act.<key>`.
ACTS = ("bvl",)


@record(frozen=True)
class Law:
    """A provision: act key (ACTS), section («15-1») and ledd (1-based)."""

    act: str
    section: str
    ledd: int | None = None

    def __post_init__(self) -> None:
        if self.act not in ACTS:
            raise ValueError(f"unknown act {self.act!r}")


@record(frozen=True)
class Guidance:
    """A guidance document: who published it, its title as published, and the year it was published; for
    a web page that gives no date, the year it was read (`read`), and the citation says so."""

    publisher: str
    title: str
    year: str
    url: str | None = None
    read: bool = False


Source = Law | Guidance

# The guidance documents the rules follow. Each was read with the search tool; the rules quote their words
# (catalogue `rule.<ID>.words`).
BUFDIR_PREVENTION = Guidance(
    "Bufdir",
    "Kommunens ansvar for å forebygge omsorgssvikt og atferdsvansker",
    "2026",
    "https://www.bufdir.no/fagstotte/barnevern-oppvekst/barnevernsreformen/forebygging-kommune/",
    read=True,
)
BUFDIR_STATE_REPORT = Guidance(
    "Bufdir",
    "Tilstandsrapportering for kommunale barnevernstjenester",
    "2026",
    "https://www2.bufdir.no/fagstotte/produkter/tilstandsrapportering_for_kommunale_barnevernstjenester/",
    read=True,
)
FOREBYGGING_NO_LEVELS = Guidance(
    "forebygging.no (Helsedirektoratet)",
    "Universelle tiltak",
    "2020",
    "http://www.forebygging.no/Ordbok/Q-A/Universelle-tiltak/",
)
KMD_CHILDREN_IN_PLANNING = Guidance(
    "Kommunal- og moderniseringsdepartementet",
    "Barn og unge i plan og byggesak",
    "2020",
    "https://www.regjeringen.no/no/dokumenter/barn-og-unge-i-plan-og-byggesak/id2685228/?ch=5",
)


def cite_one(source: Source, lang: str) -> str:
    if isinstance(source, Guidance):
        key = "cite.guidance.read" if source.read else "cite.guidance"
        return t(lang, key, publisher=source.publisher, title=source.title, year=source.year)
    text = t(lang, f"cite.act.{source.act}", section=source.section)
    if source.ledd is not None:
        text += " " + t(lang, f"cite.ledd.{source.ledd}")
    return text


def cite(sources: Iterable[Source], lang: str) -> str | None:
    """The sources written out, separated by «; », or None for a rule that cites nothing."""
    parts = [cite_one(s, lang) for s in sources]
    return "; ".join(parts) if parts else None


def basis_label(basis: Basis, lang: str) -> str:
    return t(lang, f"basis.{basis}")
