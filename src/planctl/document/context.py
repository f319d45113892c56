"""What every part of the layout shares: the plan, the language, the elements emitted so far, and the
helpers that emit them (keyed by their owner) and number footnotes. Which entries a `render:` block shows
is `planctl.model.placement`'s answer, the same that BUILD-UNPLACED gives."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from planctl.document.elements import PLAN, Element, HeadingEl, Key, ParaEl, TableEl
from planctl.document.inline import Inline, Run, parse
from planctl.messages import t
from planctl.model.types import Plan, Status

LEVELS = ("universal", "selective", "indicated")
SCOPES = ("municipality", "service", "individual")


class Context:
    def __init__(self, plan: Plan, lang: str, draft: bool) -> None:
        self.plan = plan
        self.lang = lang
        self.draft = draft
        self.out: list[Element] = []
        self.footnotes: dict[str, int] = {}  # id -> printed number
        self.notes: list[tuple[str, Inline]] = []  # printed number -> the note's text, in order
        self.last_level = 0
        self.owner = PLAN  # what in the plan the elements now emitted show
        self._parts: set[Key] = set()

    def m(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def emit(self, element: Element, part: str | None = None, *, owner: Key | None = None) -> None:
        """Append element, keyed by its owner (and part, for an element that keeps its identity)."""
        key = owner or self.owner
        if part is not None:
            key, n = replace(key, part=part), 1
            while key in self._parts:  # the same part twice (e.g. one render block used twice)
                n += 1
                key = replace(key, part=f"{part}~{n}")
            self._parts.add(key)
        self.out.append(replace(element, key=key))

    @contextmanager
    def owning(self, owner: Key) -> Iterator[None]:
        outer, self.owner = self.owner, owner
        try:
            yield
        finally:
            self.owner = outer

    # -- emitting
    def heading(self, level: int, number: str | None, text: str, part: str | None = None) -> None:
        level = max(1, min(level, self.last_level + 1, 9))
        self.last_level = level
        self.emit(HeadingEl(level, number or None, text), part)

    def para(
        self, text: str | None, style: str = "body", part: str | None = None, *, owner: Key | None = None
    ) -> None:
        runs = self.runs(text)
        if runs:
            self.emit(ParaEl(runs, style), part, owner=owner)

    def table(
        self,
        caption: str | None,
        header: tuple[str, ...],
        rows: tuple[tuple[Inline, ...], ...],
        alt: str,
        part: str | None = None,
        row_keys: tuple[Key, ...] = (),
        numeric: tuple[bool, ...] = (),
        *,
        fill: str | None = None,
    ) -> None:
        alt = alt or caption or ", ".join(h for h in header if h)
        self.emit(TableEl(caption, header, rows, alt, row_keys=row_keys, numeric=numeric, fill=fill), part)

    # -- text
    def runs(self, text: str | None) -> Inline:
        """Parsed inline text with footnote markers numbered (in order of first reference)."""
        if not text:
            return ()
        runs = parse(text)
        if not any(r.footnote for r in runs):
            return runs
        out: list[Run] = []
        for r in runs:
            if r.footnote is None:
                out.append(r)
                continue
            note = self.plan.footnote(r.footnote)
            if note is None:
                out.append(Run(r.text))  # unknown id (an integrity error): keep the marker as printed
                continue
            number = self.footnotes.get(note.id)
            if number is None:
                number = len(self.footnotes) + 1
                self.footnotes[note.id] = number
                # a marker inside a note's own text would point nowhere: dropped
                self.notes.append((str(number), tuple(r for r in parse(note.text) if r.footnote is None)))
            out.append(replace(r, text=str(number), footnote=str(number)))
        return tuple(out)

    def state(self, status: Status | None) -> str:
        """A status as printed: the plan's own words, else its state in the document's language, never the
        bare normalised value (`in_progress`)."""
        if status is None:
            return ""
        if status.label is not None:
            return status.label
        return self.m(f"build.state.{status.state}")

    def unit_names(self, ids: Sequence[str]) -> list[str]:
        names = []
        for uid in ids:
            unit = self.plan.unit(uid)
            names.append(unit.name if unit is not None else uid)
        return names


def text(value: str) -> Inline:
    """Plain text as runs (no markdown)."""
    return (Run(value),) if value else ()


def lines(items: Sequence[str]) -> Inline:
    """Plain texts, one a line."""
    out: list[Run] = []
    for i, item in enumerate(items):
        if i:
            out.append(Run("", brk=True))
        out.append(Run(item))
    return tuple(out)


_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_words(value: str | None, m: Callable[..., str]) -> str | None:
    """A date as a council reads it: 2022-12 «desember 2022», 2026-03-12 «12. mars 2026» (in the language
    m speaks); anything else as written. m: the message function of the document's language."""
    if not value:
        return value
    found = _DATE.fullmatch(value.strip())
    if found is None:
        return value
    year, month, day = found.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return value
    name = m("build.months").split(",")[int(month) - 1]
    if day is None:
        return m("build.date.month", month=name, year=year)
    return m("build.date.day", day=int(day), month=name, year=year)


def colour(value: str | None) -> str | None:
    """A colour as RRGGBB (the plan may write #rrggbb)."""
    return value.lstrip("#").upper() if value else None


def capital(value: str) -> str:
    return value[:1].upper() + value[1:]
