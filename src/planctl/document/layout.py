"""Layout: the plan model as a flat list of document elements, independent of the output format.

Both renderers (`render.docx`, `render.markdown`) read only this, so the Word document and the markdown
version always have the same headings, numbers, tables and text. Layout follows the plan's `document`
tree (or a default order when the plan has none), renders every `render:` block, resolves regional
includes, and puts registry data that no block placed into an automatic appendix: nothing is lost.

Every element carries a `key` saying what in the plan it shows, so that two layouts can be compared
element by element (the tracked-change document of `planctl diff`): `owner` alone ("section:goals") for
prose, which is matched by its text, or `owner|part` ("measure:x|..", "section:goals|title") for an element
that keeps its identity when its text changes. Table rows that show one entity each carry its key in
`TableEl.row_keys` ("measure:familiebasen"). Owners are diff entity kinds and ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from planctl.document.inline import Inline, Run, parse, plain, text_of
from planctl.messages import t
from planctl.model.types import (
    Block,
    Heading,
    Include,
    ListBlock,
    ListItem,
    Loc,
    Measure,
    Paragraph,
    Plan,
    Quote,
    Render,
    Section,
    Statistic,
    Status,
    Table,
    Unit,
)
from planctl.xmltext import clean

LEVELS = ("universal", "selective", "indicated")
SCOPES = ("municipality", "service", "individual")
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}

# ---- elements ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadingEl:
    level: int  # 1-based, never skipping a level
    number: str | None
    text: str
    key: str = field(default="", compare=False, repr=False)

    @property
    def full(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class ParaEl:
    runs: Inline
    style: str = "body"  # body | caption | source | note | reference | footnote | lead
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class ListEntry:
    runs: Inline
    children: tuple[ListEntry, ...] = ()


@dataclass(frozen=True)
class ListEl:
    style: str  # bullet | dash | numbered | arrow
    items: tuple[ListEntry, ...]
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class QuoteEl:
    runs: Inline
    source: str | None
    style: str | None
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class TableEl:
    caption: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    alt: str
    key: str = field(default="", compare=False, repr=False)
    row_keys: tuple[str, ...] = field(default=(), compare=False, repr=False)  # entity of each row, if any


@dataclass(frozen=True)
class PyramidLevel:
    level: str
    label: str
    count: int


@dataclass(frozen=True)
class PyramidEl:
    levels: tuple[PyramidLevel, ...]  # from the top (indicated) to the base (universal)
    caption: str
    alt: str
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class PathwayStepEl:
    number: int
    title: str
    action: Inline
    actors: str
    arena: str
    note: Inline


@dataclass(frozen=True)
class PathwayEl:
    title: str
    steps: tuple[PathwayStepEl, ...]
    caption: str
    alt: str
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class PageBreakEl:
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class TocEl:
    title: str
    placeholder: str
    entries: tuple[HeadingEl, ...]  # for renderers that cannot compute a table of contents themselves
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class CoverEl:
    municipality: str
    title: str
    subtitle: str | None
    date_label: str | None
    version: str | None
    status: str | None
    period: str | None
    lines: tuple[str, ...]
    draft: str | None  # "UTKAST" when the build was forced past errors
    key: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class DecisionEl:
    statement: str
    fields: tuple[tuple[str, str | None], ...]  # label, value (None: a blank to fill in)
    key: str = field(default="", compare=False, repr=False)


Element = (HeadingEl | ParaEl | ListEl | QuoteEl | TableEl | PyramidEl | PathwayEl | PageBreakEl | TocEl
           | CoverEl | DecisionEl)


@dataclass(frozen=True)
class Meta:
    title: str
    subject: str
    author: str
    language: str  # BCP 47 tag, e.g. nb-NO
    lang: str  # catalogue language: nb | nn | en
    created: datetime
    header: str
    draft: bool
    file_stem: str


@dataclass(frozen=True)
class Layout:
    meta: Meta
    elements: tuple[Element, ...]

    def headings(self) -> list[HeadingEl]:
        return [e for e in self.elements if isinstance(e, HeadingEl)]


# ---- entry point ---------------------------------------------------------------------------------


def layout(plan: Plan, *, lang: str | None = None, draft: bool = False) -> Layout:
    """The document elements of plan. lang: language of fixed texts (default: the plan's language)."""
    return _Builder(plan, lang or plan.info.language, draft).build()


def output_stem(plan: Plan) -> str:
    """File name without extension: the plan id and version, e.g. sondre-land-2023-03."""
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", plan.info.version or "").strip("-.")
    return f"{plan.info.id}-{version}" if version else plan.info.id


def document_date(plan: Plan) -> datetime:
    """A fixed date for document properties, derived from the plan (never the clock)."""
    for value in (plan.info.adoption.date, plan.info.date):
        parsed = _parse_date(value)
        if parsed is not None:
            return parsed
    if plan.info.period and plan.info.period[0]:
        return datetime(int(plan.info.period[0]), 1, 1, tzinfo=UTC)
    return datetime(2000, 1, 1, tzinfo=UTC)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1), tzinfo=UTC)
    except ValueError:
        return None


# ---- the builder ------------------------------------------------------------------------------------


@dataclass
class _State:
    placed: dict[str, set[str]] = field(default_factory=dict)
    footnotes: dict[str, int] = field(default_factory=dict)  # id -> printed number
    pending_notes: list[str] = field(default_factory=list)  # ids referenced in the current chapter
    last_level: int = 0


class _Builder:
    def __init__(self, plan: Plan, lang: str, draft: bool) -> None:
        self.plan = plan
        self.lang = lang
        self.draft = draft
        self.out: list[Element] = []
        self.state = _State()
        self.owner = "plan"  # what in the plan the elements now emitted show (see the module docstring)
        self._parts: set[str] = set()

    def m(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def _emit(self, element: Element, part: str | None = None, *, owner: str | None = None) -> None:
        """Append element, keyed by its owner (and part, for an element that keeps its identity)."""
        key = owner or self.owner
        if part is not None:
            base, n = f"{key}|{part}", 1
            key = base
            while key in self._parts:  # the same part twice (e.g. one render block used twice)
                n += 1
                key = f"{base}~{n}"
            self._parts.add(key)
        self.out.append(replace(element, key=key))

    @contextmanager
    def _owning(self, owner: str) -> Iterator[None]:
        outer, self.owner = self.owner, owner
        try:
            yield
        finally:
            self.owner = outer

    # -- document frame
    def build(self) -> Layout:
        info = self.plan.info
        doc = self.plan.document
        self._emit(self._cover(), "cover")
        self._emit(PageBreakEl())
        toc_index = len(self.out) if doc.toc else -1
        sections = doc.body if doc.present else self._default_sections()
        counters: list[int] = []
        for section in sections:
            self._section(section, 1, counters, appendix=False)
        for section in doc.appendices:
            self._section(section, 1, [], appendix=True)
        self._auto_appendix()
        self._decision()
        if toc_index >= 0:
            entries = tuple(e for e in self.out if isinstance(e, HeadingEl) and e.level <= 3)
            toc = TocEl(self.m("build.toc"), self.m("build.toc.placeholder"), entries, key="toc|toc")
            self.out[toc_index:toc_index] = [toc]
        header = f"{clean(info.municipality.name)} – {text_of(info.title)}"
        if self.draft:
            header = f"{self.m('build.draft')} – {header}"
        meta = Meta(title=text_of(info.title), subject=self.m("build.subject"),
                    author=clean(info.municipality.name), language=LANGUAGE_TAGS.get(self.lang, "nb-NO"),
                    lang=self.lang, created=document_date(self.plan), header=header, draft=self.draft,
                    file_stem=output_stem(self.plan))
        return Layout(meta, tuple(self.out))

    def _cover(self) -> CoverEl:
        info = self.plan.info
        front = self.plan.document.front
        period = None
        if info.period and info.period[0] and info.period[1]:
            period = self.m("build.period", start=info.period[0], end=info.period[1])
        return CoverEl(
            municipality=clean(info.municipality.name), title=text_of(info.title),
            subtitle=text_of(front.subtitle or info.subtitle or "") or None,
            date_label=clean(front.date_label or info.date or "") or None,
            version=self.m("build.version", version=clean(info.version)) if info.version else None,
            status=self._status_text() or None, period=period,
            lines=tuple(text_of(line) for line in front.lines),
            draft=self.m("build.draft") if self.draft else None)

    def _status_text(self) -> str:
        a = self.plan.info.adoption
        body = clean(a.body)
        if a.status == "adopted":
            if a.label:
                return text_of(a.label)
            parts = [self.m("build.status.adopted", body=body)]
            parts.extend(clean(x) for x in (a.date, a.case_ref) if x)
            return ", ".join(parts)
        if a.label:
            return text_of(a.label)
        key = f"build.status.{a.status}"
        return self.m(key, body=body) if a.status in ("draft", "consultation", "submitted", "repealed",
                                                       "unknown") else ""

    def _decision(self) -> None:
        info = self.plan.info
        a = info.adoption
        body = clean(a.body)
        title = text_of(info.title)
        self._emit(PageBreakEl())
        self._heading(1, None, self.m("build.decision"), "decision.title")
        if a.status in ("adopted", "repealed"):
            statement = self.m("build.decision.adopted", title=title, body=body)
            fields: list[tuple[str, str | None]] = [
                (self.m("build.decision.body"), body or None), (self.m("build.decision.date"), a.date),
                (self.m("build.decision.case"), a.case_ref)]
        else:
            statement = self.m("build.decision.pending", title=title, body=_capital(body))
            fields = [(self.m("build.decision.body"), body or None), (self.m("build.decision.date"), None),
                      (self.m("build.decision.case"), None), (self.m("build.decision.text"), None),
                      (self.m("build.decision.signature"), None)]
        if info.revision and info.revision.next_review:
            fields.append((self.m("build.decision.next_review"), clean(info.revision.next_review)))
        self._emit(DecisionEl(statement, tuple((k, clean(v) if v else None) for k, v in fields)), "decision")

    # -- sections
    def _heading(self, level: int, number: str | None, text: str, part: str | None = None) -> None:
        level = max(1, min(level, self.state.last_level + 1, 9))
        self.state.last_level = level
        self._emit(HeadingEl(level, clean(number) if number else None, text), part)

    def _section(self, section: Section, level: int, counters: list[int], *, appendix: bool) -> None:
        if level == 1:
            self._flush_notes()
            self._emit(PageBreakEl())
        number = section.number
        if number is None and self.plan.document.numbering == "decimal" and not section.unnumbered \
                and not appendix:
            while len(counters) < level:
                counters.append(0)
            del counters[level:]
            counters[level - 1] += 1
            number = ".".join(str(n) for n in counters[:level])
        with self._owning(f"section:{section.key}"):
            self._heading(level, number, text_of(section.title), "title")
            heading_level = self.state.last_level
            self._blocks(section.blocks, heading_level)
            for child in section.children:
                self._section(child, heading_level + 1, counters, appendix=appendix)
            if level == 1:
                self._flush_notes()

    def _blocks(self, blocks: Sequence[Block], level: int) -> None:
        for block in blocks:
            self._block(block, level)

    def _block(self, block: Block, level: int) -> None:
        if isinstance(block, Paragraph):
            self._para(block.text)
        elif isinstance(block, Heading):
            self._heading(level + block.level, None, text_of(block.text))
        elif isinstance(block, ListBlock):
            self._emit(ListEl(block.style, tuple(self._list_entry(i) for i in block.items)))
        elif isinstance(block, Quote):
            source = clean(block.source) if block.source else None
            if source and block.style not in ("poem", "epigraph"):
                # Plans cite legal text and excerpts inline: «...» (Lov om barnevern § 15-1).
                stop = "" if block.text.rstrip().endswith((".", "!", "?")) else "."
                self._emit(QuoteEl((*self._runs(block.text), *_text(f" ({source}){stop}")), None, block.style))
            else:
                self._emit(QuoteEl(self._runs(block.text), source, block.style))
        elif isinstance(block, Table):
            width = max([len(block.columns), *(len(r) for r in block.rows)])
            header = tuple(text_of(c) for c in block.columns) + ("",) * (width - len(block.columns))
            rows = tuple(tuple(self._runs(c) for c in r) + ((),) * (width - len(r)) for r in block.rows)
            self._table(text_of(block.caption) if block.caption else None, header, rows, (1.0,) * width,
                        text_of(block.caption or ""))
        elif isinstance(block, Include):
            self._blocks(block.blocks, level)
        elif isinstance(block, Render):
            self._render(block, level)

    def _list_entry(self, item: ListItem) -> ListEntry:
        return ListEntry(self._runs(item.text), tuple(self._list_entry(c) for c in item.items))

    def _para(self, text: str | None, style: str = "body", part: str | None = None, *,
              owner: str | None = None) -> None:
        runs = self._runs(text)
        if runs:
            self._emit(ParaEl(runs, style), part, owner=owner)

    def _runs(self, text: str | None) -> Inline:
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
            number = self.state.footnotes.get(note.id)
            if number is None:
                number = len(self.state.footnotes) + 1
                self.state.footnotes[note.id] = number
                self.state.pending_notes.append(note.id)
                self._place("footnotes", note.id)
            out.append(replace(r, text=str(number), footnote=str(number)))
        return tuple(out)

    def _flush_notes(self) -> None:
        if not self.state.pending_notes:
            return
        ids, self.state.pending_notes = self.state.pending_notes, []
        self._emit(ParaEl((Run(self.m("build.footnotes"), bold=True),), "footnote"))
        for note_id in ids:
            note = self.plan.footnote(note_id)
            if note is None:
                continue
            number = self.state.footnotes[note_id]
            self._emit(ParaEl((Run(f"{number} "), *parse(note.text)), "footnote"), "note", owner=f"footnote:{note_id}")

    def _table(self, caption: str | None, header: tuple[str, ...], rows: tuple[tuple[Inline, ...], ...],
               widths: tuple[float, ...], alt: str, part: str | None = None,
               row_keys: tuple[str, ...] = ()) -> None:
        self._emit(TableEl(caption, header, rows, widths, alt or caption or ", ".join(h for h in header if h),
                           row_keys=row_keys), part)

    def _place(self, kind: str, item_id: str) -> None:
        self.state.placed.setdefault(kind, set()).add(item_id)

    # -- render blocks
    def _render(self, r: Render, level: int) -> None:
        handler = {
            "measures": self._r_measures, "arenas": self._r_arenas, "agreements": self._r_agreements,
            "units": self._r_units, "pathway": self._r_pathway, "annual_wheel": self._r_wheel,
            "statistics": self._r_statistics, "references": self._r_references, "goals": self._r_goals,
            "strategies": self._r_strategies, "pyramid": self._r_pyramid, "footnotes": self._r_footnotes,
        }.get(r.what)
        if handler is not None:
            handler(r, level)

    @staticmethod
    def _select(items: Iterable[object], ids: tuple[str, ...] | None, lookup: dict[str, object]) -> list[object]:
        if ids is None:
            return list(items)
        return [lookup[i] for i in ids if i in lookup]

    def _r_measures(self, r: Render, level: int) -> None:
        by_id = {m.id: m for m in self.plan.measures}
        chosen: list[Measure] = [by_id[i] for i in r.ids if i in by_id] if r.ids is not None \
            else list(self.plan.measures)
        if r.levels is not None:
            chosen = [m for m in chosen if set(m.levels) & set(r.levels)]
        if r.scope is not None:
            chosen = [m for m in chosen if m.scope == r.scope]
        for m in chosen:
            self._place("measures", m.id)
        columns = r.columns or ("name", "description", "responsible", "status")
        header = tuple(r.label(c, self._measure_label(c)) for c in columns)
        widths = tuple(_MEASURE_WIDTHS.get(c, 2.0) for c in columns)
        if r.title:
            self._para(r.title, "caption", "measures.caption")
        groups = self._groups(chosen, r)
        for key, label, items in groups:
            if key is not None:
                self._heading(level + 1, None, label, f"measures.{key}.title")
            rows = tuple(tuple(self._measure_cell(m, c) for c in columns) for m in items)
            self._table(None, header, rows, widths, label or text_of(r.title or "") or self.m("build.section.measures"),
                        f"measures.{key}", tuple(f"measure:{m.id}" for m in items))

    def _groups(self, measures: list[Measure], r: Render) -> list[tuple[str | None, str, list[Measure]]]:
        labels = dict(r.group_labels)
        if r.group_by == "level":
            keys = [lv for lv in LEVELS if r.levels is None or lv in r.levels]
            out: list[tuple[str | None, str, list[Measure]]] = []
            for lv in keys:
                items = [m for m in measures if lv in m.levels]
                if items:
                    out.append((lv, text_of(labels.get(lv, self.m(f"build.level.{lv}"))), items))
            rest = [m for m in measures if not set(m.levels) & set(LEVELS)]
            if rest:
                out.append(("none", text_of(labels.get("none", self.m("build.level.none"))), rest))
            return out
        if r.group_by == "scope":
            out = []
            for sc in SCOPES:
                items = [m for m in measures if m.scope == sc]
                if items:
                    out.append((sc, text_of(labels.get(sc, self.m(f"build.scope.{sc}"))), items))
            rest = [m for m in measures if m.scope not in SCOPES]
            if rest:
                out.append(("none", text_of(labels.get("none", self.m("build.scope.none"))), rest))
            return out
        return [(None, "", measures)] if measures else []

    def _measure_label(self, column: str) -> str:
        key = f"build.col.{column}"
        return self.m(key) if column in _MEASURE_WIDTHS else column

    def _measure_cell(self, m: Measure, column: str) -> Inline:
        if column == "name":
            return self._runs(m.name)
        if column == "description":
            return self._runs(m.description)
        if column == "details":
            return self._runs(m.details)
        if column == "levels":
            return _text(", ".join(self.m(f"build.level.short.{lv}") for lv in m.levels if lv in LEVELS))
        if column == "scope":
            return _text(self.m(f"build.scope.{m.scope}") if m.scope in SCOPES else "")
        if column == "responsible":
            return self._runs(m.responsible_label) if m.responsible_label is not None \
                else self._unit_names(m.responsible)
        if column == "status":
            return _text(self._state(m.status))
        if column == "due":
            return _text(clean(m.due or ""))
        if column == "evaluation":
            return self._runs(m.evaluation)
        if column == "goals":
            goals = {g.id: g for g in self.plan.goals}
            return _lines([text_of(goals[g].text) if g in goals else g for g in m.goals])
        if column == "links":
            out: list[Run] = []
            for i, link in enumerate(m.links):
                if i:
                    out.append(Run("", brk=True))
                out.append(Run(clean(link.text or link.url), url=clean(link.url)))
            return tuple(out)
        return ()

    def _state(self, status: Status | None) -> str:
        """A status as printed: the plan's own words, else its state in the document's language, never the
        bare normalised value (`in_progress`)."""
        if status is None:
            return ""
        if status.label is not None:
            return clean(status.label)
        return self.m(f"build.state.{status.state}")

    def _unit_names(self, ids: Sequence[str]) -> Inline:
        return _lines(self._unit_name_list(ids))

    def _unit_name_list(self, ids: Sequence[str]) -> list[str]:
        names = []
        for uid in ids:
            unit = self.plan.unit(uid)
            names.append(clean(unit.name) if unit is not None else clean(uid))
        return names

    def _r_arenas(self, r: Render, level: int) -> None:
        by_id = {a.id: a for a in self.plan.arenas}
        chosen = [by_id[i] for i in r.ids if i in by_id] if r.ids is not None else list(self.plan.arenas)
        columns = r.columns or ("name", "purpose", "level", "participants", "frequency")
        defaults = {"name": "build.col.arena.name", "purpose": "build.col.purpose", "level": "build.col.level",
                    "participants": "build.col.participants", "frequency": "build.col.frequency",
                    "established": "build.col.established"}
        rows = []
        for a in chosen:
            self._place("arenas", a.id)
            cells = {"name": self._runs(a.name), "purpose": self._runs(a.purpose),
                     "level": _text(self.m(f"build.arena.level.{a.level}") if a.level else ""),
                     "participants": self._runs(a.participants_label) if a.participants_label
                     else self._unit_names(a.participants),
                     "frequency": self._runs(a.frequency), "established": self._runs(a.established)}
            rows.append(tuple(cells.get(c, ()) for c in columns))
        self._entity_table(r, columns, defaults, rows, self.m("build.section.arenas"),
                           {"purpose": 4.0, "participants": 3.0, "frequency": 2.5}, [f"arena:{a.id}" for a in chosen])

    def _r_agreements(self, r: Render, level: int) -> None:
        by_id = {a.id: a for a in self.plan.agreements}
        chosen = [by_id[i] for i in r.ids if i in by_id] if r.ids is not None else list(self.plan.agreements)
        columns = r.columns or ("title", "parties", "status", "review", "description")
        defaults = {"title": "build.col.agreement.title", "parties": "build.col.parties",
                    "status": "build.col.status", "review": "build.col.review",
                    "description": "build.col.description"}
        rows = []
        for a in chosen:
            self._place("agreements", a.id)
            cells = {"title": self._runs(a.title), "parties": self._unit_names(a.parties),
                     "status": _text(self._state(a.status)), "review": self._runs(a.review),
                     "description": self._runs(a.description)}
            rows.append(tuple(cells.get(c, ()) for c in columns))
        self._entity_table(r, columns, defaults, rows, self.m("build.section.agreements"),
                           {"description": 4.0, "parties": 3.0}, [f"agreement:{a.id}" for a in chosen])

    def _r_units(self, r: Render, level: int) -> None:
        pool = self.plan.all_units()
        by_id = {u.id: u for u in pool}
        chosen: list[Unit] = [u for i in r.ids if (u := self.plan.unit(i)) is not None] if r.ids is not None \
            else list(pool)
        for u in chosen:
            self._place("units", u.id)
        if r.columns == ("description",):  # partner paragraphs, e.g. a partner appendix
            for u in chosen:
                self._para(u.description or f"**{u.name}**", part="text", owner=f"unit:{u.id}")
            return
        del by_id
        columns = r.columns or ("name", "kind", "mandate", "members")
        defaults = {"name": "build.col.unit.name", "kind": "build.col.kind", "mandate": "build.col.mandate",
                    "members": "build.col.members", "description": "build.col.description"}
        rows = []
        for u in chosen:
            cells = {"name": self._runs(u.name), "kind": _text(self.m(f"build.unit.kind.{u.kind}")),
                     "mandate": self._runs(u.mandate), "members": self._unit_names(u.members),
                     "description": self._runs(u.description),
                     "url": (Run(clean(u.url), url=clean(u.url)),) if u.url else ()}
            rows.append(tuple(cells.get(c, ()) for c in columns))
        self._entity_table(r, columns, defaults, rows, self.m("build.section.units"),
                           {"mandate": 5.0, "description": 5.0, "members": 3.0}, [f"unit:{u.id}" for u in chosen])

    def _r_wheel(self, r: Render, level: int) -> None:
        by_id = {w.id: w for w in self.plan.annual_wheel}
        chosen = [by_id[i] for i in r.ids if i in by_id] if r.ids is not None else list(self.plan.annual_wheel)
        months = self.m("build.months").split(",")
        columns = r.columns or ("month", "title", "responsible", "kind", "frequency")
        defaults = {"month": "build.col.month", "title": "build.col.wheel.title",
                    "responsible": "build.col.responsible", "kind": "build.col.wheel.kind",
                    "frequency": "build.col.frequency", "description": "build.col.description"}
        rows = []
        chosen = sorted(chosen, key=lambda w: (w.month or 13))
        for w in chosen:
            self._place("annual_wheel", w.id)
            cells = {"month": _text(months[w.month - 1] if w.month else ""), "title": self._runs(w.title),
                     "responsible": self._unit_names(w.responsible),
                     "kind": _text(self.m(f"build.wheel.kind.{w.kind}") if w.kind else ""),
                     "frequency": self._runs(w.frequency), "description": self._runs(w.description)}
            rows.append(tuple(cells.get(c, ()) for c in columns))
        self._entity_table(r, columns, defaults, rows, self.m("build.section.annual_wheel"),
                           {"title": 4.0, "description": 4.0}, [f"annual_wheel:{w.id}" for w in chosen])

    def _entity_table(self, r: Render, columns: tuple[str, ...], defaults: dict[str, str],
                      rows: list[tuple[Inline, ...]], alt: str, widths: dict[str, float],
                      row_keys: list[str]) -> None:
        if not rows:
            return
        header = tuple(r.label(c, self.m(defaults[c]) if c in defaults else c) for c in columns)
        caption = text_of(r.title) if r.title else None
        self._table(caption, header, tuple(rows), tuple(widths.get(c, 2.0) for c in columns), caption or alt,
                    r.what, tuple(row_keys))

    def _r_statistics(self, r: Render, level: int) -> None:
        pool = self.plan.all_statistics()
        chosen: list[Statistic] = [s for i in r.ids if (s := self.plan.statistic(i)) is not None] \
            if r.ids is not None else list(pool)
        for s in chosen:
            self._place("statistics", s.id)
            with self._owning(f"statistics:{s.id}"):
                self._statistic(s)

    def _statistic(self, s: Statistic) -> None:
        comma = self.lang in ("nb", "nn")

        def fmt(v: float | None) -> Inline:
            # Value by value, as the plan printed it: 5 stays "5", 5.0 is "5,0", 4.85 is "4,85".
            if v is None:
                return ()
            text = str(v) if isinstance(v, int) else f"{v:.{max(1, _decimals(v))}f}"
            return _text(text.replace(".", ",") if comma else text)

        entity = clean(s.entity_label or "")
        periods = tuple(clean(p) for p in s.periods)
        if s.layout == "columns":
            header = (entity, *(clean(name) for name, _ in s.series))
            rows = tuple((_text(p), *(fmt(vals[i] if i < len(vals) else None) for _, vals in s.series))
                         for i, p in enumerate(periods))
            widths = (3.0, *(1.0 for _ in s.series))
            row_keys = tuple(f"period:{p}" for p in periods)
        else:
            header = (entity, *periods)
            rows = tuple((_text(clean(name)), *(fmt(vals[i] if i < len(vals) else None)
                                                 for i in range(len(periods)))) for name, vals in s.series)
            widths = (2.0, *(1.0 for _ in periods))
            row_keys = tuple(f"series:{name}" for name, _ in s.series)
        title = text_of(s.title) if s.title else None
        self._table(title, header, rows, widths, title or self.m("build.section.statistics"), "table", row_keys)
        if s.source is not None and (s.source.name or s.source.url):
            runs: list[Run] = []
            name = clean(s.source.name or "")
            if s.source.url:
                runs.append(Run(name or clean(s.source.url), italic=False, url=clean(s.source.url)))
            else:
                runs.append(Run(name))
            if s.source.retrieved:
                runs.append(Run(", " + self.m("build.source.retrieved", date=clean(s.source.retrieved))))
            prefix = self.m("build.source", source="\0").split("\0")
            self._emit(ParaEl((Run(prefix[0]), *runs, Run(prefix[1])) if prefix[1] else
                              (Run(prefix[0]), *runs), "source"), "source")
        if s.note:
            self._para(s.note, "note", "note")

    def _r_references(self, r: Render, level: int) -> None:
        pool = (*self.plan.regional_references, *self.plan.references)
        chosen = [x for i in r.ids if (x := self.plan.reference(i)) is not None] if r.ids is not None \
            else [x for x in pool if self.plan.reference(x.id) is x]
        for ref in chosen:
            self._place("references", ref.id)
            if ref.text:
                self._para(ref.text, "reference", "text", owner=f"reference:{ref.id}")
                continue
            runs: list[Run] = []
            head = " ".join(x for x in (clean(ref.author or ""), f"({clean(ref.year)})." if ref.year else "") if x)
            if head:
                runs.append(Run(head + " "))
            if ref.title:
                runs.append(Run(text_of(ref.title) + ".", italic=True))
            if ref.url:
                runs.append(Run(" "))
                runs.append(Run(clean(ref.url), url=clean(ref.url)))
            if runs:
                self._emit(ParaEl(tuple(runs), "reference"), "text", owner=f"reference:{ref.id}")

    def _r_goals(self, r: Render, level: int) -> None:
        by_id = {g.id: g for g in self.plan.goals}
        chosen = [by_id[i] for i in r.ids if i in by_id] if r.ids is not None else list(self.plan.goals)
        subs: list[ListEntry] = []

        def flush() -> None:
            if subs:
                self._emit(ListEl("bullet", tuple(subs)))
                subs.clear()

        for g in chosen:
            self._place("goals", g.id)
            lead = (Run(text_of(g.label) + " "),) if g.label else ()
            body = tuple(replace(run, bold=True) if g.kind == "main" else run for run in self._runs(g.text))
            if g.kind == "main":
                flush()
                self._emit(ParaEl((*lead, *body), "body"), "text", owner=f"goal:{g.id}")
            else:
                subs.append(ListEntry((*lead, *body)))
        flush()

    def _r_strategies(self, r: Render, level: int) -> None:
        by_id = {s.id: s for s in self.plan.strategies}
        chosen = [by_id[i] for i in r.ids if i in by_id] if r.ids is not None else list(self.plan.strategies)
        for s in chosen:
            self._place("strategies", s.id)
            title = f"{clean(s.number)} {text_of(s.title)}" if s.number else text_of(s.title)
            self._emit(ParaEl((Run(title, bold=True),), "lead"), "title", owner=f"strategy:{s.id}")
            self._para(s.text, part="text", owner=f"strategy:{s.id}")

    def _r_pyramid(self, r: Render, level: int) -> None:
        labels = dict(r.group_labels)
        levels = []
        for lv in reversed(LEVELS):
            count = sum(1 for m in self.plan.measures if lv in m.levels)
            label = clean(labels.get(lv) or self.m(f"build.pyramid.{lv}"))
            levels.append(PyramidLevel(lv, label, count))
        caption = text_of(r.caption or r.title or "") or self.m("build.pyramid.caption")
        alt = clean(r.alt) if r.alt else self.m(
            "build.pyramid.alt", levels="; ".join(p.label.replace("\n", " ") for p in levels),
            counts="; ".join(f"{p.label.splitlines()[-1]}: {p.count}" for p in levels))
        self._emit(PyramidEl(tuple(levels), caption, alt), "pyramid")

    def _r_pathway(self, r: Render, level: int) -> None:
        by_id = {p.id: p for p in self.plan.pathways}
        chosen = [by_id[i] for i in r.ids if i in by_id] if r.ids is not None else list(self.plan.pathways)
        arenas = {a.id: a for a in self.plan.arenas}
        for p in chosen:
            self._place("pathways", p.id)
            self._para(p.intro, part="intro", owner=f"pathway:{p.id}")
            steps = []
            for i, s in enumerate(p.steps, start=1):
                arena = arenas.get(s.arena) if s.arena else None
                steps.append(PathwayStepEl(i, text_of(s.title), self._runs(s.action),
                                           ", ".join(self._unit_name_list(s.actors)),
                                           text_of(arena.name) if arena else clean(s.arena or ""),
                                           self._runs(s.note)))
            caption = text_of(r.caption or r.title or "") or text_of(p.title)
            alt = clean(r.alt) if r.alt else self.m(
                "build.pathway.alt", title=text_of(p.title),
                steps=" → ".join(f"{s.number}. {s.title}: {plain(s.action)}" for s in steps))
            owner = f"pathway:{p.id}"
            self._emit(PathwayEl(text_of(p.title), tuple(steps), caption, alt), "figure", owner=owner)
            if p.url:
                self._emit(ParaEl((Run(clean(p.url), url=clean(p.url)),), "source"), "url", owner=owner)

    def _r_footnotes(self, r: Render, level: int) -> None:
        pool = (*self.plan.regional_footnotes, *self.plan.footnotes)
        chosen = [x for i in r.ids if (x := self.plan.footnote(i)) is not None] if r.ids is not None \
            else [x for x in pool if self.plan.footnote(x.id) is x]
        for note in chosen:
            self._place("footnotes", note.id)
            number = self.state.footnotes.get(note.id)
            lead = (Run(f"{number} "),) if number is not None else ()
            self._emit(ParaEl((*lead, *self._runs(note.text)), "footnote"), "text", owner=f"footnote:{note.id}")

    # -- default order and the automatic appendix
    def _default_sections(self) -> tuple[Section, ...]:
        plan = self.plan
        spec: list[tuple[str, list[Render]]] = []

        def render(what: str, **kw: object) -> Render:
            return _synthetic_render(plan.file, what, **kw)

        if plan.goals or plan.strategies:
            spec.append(("goals", [render("goals")] + ([render("strategies")] if plan.strategies else [])))
        if plan.units:
            spec.append(("units", [render("units", ids=tuple(u.id for u in plan.units))]))
        if plan.measures:
            spec.append(("measures", [render("pyramid"), render("measures", group_by="level")]))
        if plan.arenas or plan.agreements:
            spec.append(("arenas", [render("arenas")] + ([render("agreements")] if plan.agreements else [])))
        if plan.pathways:
            spec.append(("pathways", [render("pathway")]))
        if plan.annual_wheel:
            spec.append(("annual_wheel", [render("annual_wheel")]))
        if plan.statistics:
            spec.append(("statistics", [render("statistics", ids=tuple(s.id for s in plan.statistics))]))
        if plan.references:
            spec.append(("references", [render("references", ids=tuple(x.id for x in plan.references))]))
        return tuple(_synthetic_section(plan.file, key, self.m(f"build.section.{key}"), tuple(blocks))
                     for key, blocks in spec)

    def _auto_appendix(self) -> None:
        plan = self.plan
        placed = self.state.placed
        kinds: list[tuple[str, str, tuple[str, ...]]] = [
            ("goals", "goals", tuple(g.id for g in plan.goals)),
            ("strategies", "strategies", tuple(s.id for s in plan.strategies)),
            ("units", "units", tuple(u.id for u in plan.units)),
            ("measures", "measures", tuple(m.id for m in plan.measures)),
            ("arenas", "arenas", tuple(a.id for a in plan.arenas)),
            ("agreements", "agreements", tuple(a.id for a in plan.agreements)),
            ("pathways", "pathway", tuple(p.id for p in plan.pathways)),
            ("annual_wheel", "annual_wheel", tuple(w.id for w in plan.annual_wheel)),
            ("statistics", "statistics", tuple(s.id for s in plan.statistics)),
            ("references", "references", tuple(x.id for x in plan.references)),
            ("footnotes", "footnotes", tuple(f.id for f in plan.footnotes)),
        ]
        missing = [(kind, what, tuple(i for i in ids if i not in placed.get(kind, set())))
                   for kind, what, ids in kinds]
        missing = [(kind, what, ids) for kind, what, ids in missing if ids]
        if not missing:
            return
        self._flush_notes()
        self._emit(PageBreakEl())
        with self._owning("appendix:auto"):
            self._heading(1, None, self.m("build.appendix.auto"), "title")
            self._para(self.m("build.appendix.auto.intro"), part="intro")
            for kind, what, ids in missing:
                self._heading(2, None, self.m(f"build.section.{kind}"), f"{kind}.title")
                extra: dict[str, object] = {"group_by": "level"} if kind == "measures" else {}
                if kind == "measures":
                    extra["columns"] = ("name", "description", "levels", "responsible", "status", "due",
                                        "evaluation")
                if kind == "units":
                    extra["columns"] = ("name", "kind", "mandate", "members", "description")
                self._render(_synthetic_render(plan.file, what, ids=ids, **extra), 2)
            self._flush_notes()


_MEASURE_WIDTHS = {"name": 3.7, "description": 5.4, "details": 4.5, "levels": 1.6, "scope": 1.8,
                   "responsible": 3.7, "status": 1.7, "due": 1.3, "evaluation": 3.0, "goals": 3.0, "links": 3.0}


def _synthetic_render(file: str, what: str, **kw: object) -> Render:
    def tup(key: str) -> tuple[str, ...] | None:
        value = kw.get(key)
        return tuple(str(v) for v in value) if isinstance(value, tuple) else None

    group_by = kw.get("group_by")
    return Render(what, tup("ids"), None, None, str(group_by) if group_by else None, tup("columns"), (), (),
                  None, None, None, Loc(file, "/document"))


def _synthetic_section(file: str, key: str, title: str, blocks: tuple[Block, ...]) -> Section:
    return Section(key, title, None, None, False, (), blocks, (), "plan", Loc(file, "/document"))


def _text(text: str) -> Inline:
    return (Run(text),) if text else ()


def _lines(items: Sequence[str]) -> Inline:
    out: list[Run] = []
    for i, item in enumerate(items):
        if i:
            out.append(Run("", brk=True))
        out.append(Run(item))
    return tuple(out)


def _decimals(value: float) -> int:
    text = repr(value)
    if "e" in text or "." not in text:
        return 0
    frac = text.split(".", 1)[1].rstrip("0")
    return min(len(frac), 4)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
