"""The neutral document tree every reader produces: paragraphs, tables and images in reading order.

Nothing here knows about Word or markdown. Positions (`pos`) count paragraphs and tables of the body in
reading order, 1-based, so the import report can say where something came from («avsnitt 12»,
«tabell 3»).
"""

from __future__ import annotations

from dataclasses import field

from planctl.records import record


@record
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None
    note: str | None = None  # the id of a footnote this run refers to (its text is the printed marker)
    brk: bool = False  # a line break (text is empty)
    superscript: bool = False

    def continues(self, before: Run) -> bool:
        """This run's text may join the run before it: both text (no break, no note marker), same format."""
        return (
            not (self.brk or before.brk)
            and self.note is None
            and before.note is None
            and (self.bold, self.italic, self.url, self.superscript)
            == (before.bold, before.italic, before.url, before.superscript)
        )


def merge_runs(runs: list[Run]) -> list[Run]:
    """Neighbours with the same format joined (as new runs: the input is not changed), empty runs dropped."""
    out: list[Run] = []
    for run in runs:
        if not (run.text or run.brk or run.note):
            continue
        if out and run.continues(out[-1]):
            out[-1].text += run.text
        else:
            out.append(Run(run.text, run.bold, run.italic, run.url, run.note, run.brk, run.superscript))
    return out


@record
class Para:
    """A paragraph. role: body | heading | title | subtitle | list | quote | caption | toc | toc-heading |
    footnote | source | note | bibliography. level: heading level (1-9) or list depth (1-based)."""

    runs: list[Run]
    role: str = "body"
    level: int = 0
    number: str | None = None  # the label Word numbering prints before the text ("1.", "9.4.1", "•")
    ordered: bool = False  # a numbered (not bulleted) list item
    style: str = ""  # the style name as the document has it, for the report
    pos: int = 0
    page_break: bool = False
    align: str | None = None  # right | center | None

    @property
    def text(self) -> str:
        return "".join("\n" if r.brk else r.text for r in self.runs)

    @property
    def plain(self) -> str:
        """The text on one line, whitespace collapsed."""
        return " ".join(self.text.split())


@record
class Cell:
    blocks: list[Block]
    span: int = 1  # grid columns this cell covers
    merge: str | None = None  # vertical merge: "restart" starts one, "continue" is covered by the cell above
    fill: str | None = None  # shading colour (hex) or None

    @property
    def text(self) -> str:
        parts = [b.text for b in self.blocks]
        return "\n".join(p for p in parts if p.strip())

    @property
    def plain(self) -> str:
        return " ".join(self.text.split())

    @property
    def nested(self) -> bool:
        return any(isinstance(b, Table) for b in self.blocks)


@record
class Row:
    cells: list[Cell]
    header: bool = False  # marked as a repeated header row

    @property
    def width(self) -> int:
        return sum(c.span for c in self.cells)


@record
class Table:
    rows: list[Row]
    pos: int = 0
    caption: str | None = None  # the table's own alternative text title (w:tblCaption), if any
    grid: bool = True  # drawn with borders (False for layout tables such as planctl's figures)

    @property
    def text(self) -> str:
        return "\n".join(c.text for r in self.rows for c in r.cells if c.text)

    @property
    def width(self) -> int:
        return max((r.width for r in self.rows), default=0)


@record
class Image:
    name: str  # file name to write beside the plan
    data: bytes | None  # None when the picture is linked, missing or too large
    alt: str | None
    pos: int = 0
    problem: str | None = None  # why it cannot be kept, when data is None

    @property
    def text(self) -> str:
        return self.alt or ""


Block = Para | Table | Image


@record
class Properties:
    """Core document properties (docProps/core.xml), where the document has them."""

    title: str | None = None
    subject: str | None = None
    creator: str | None = None
    created: str | None = None
    keywords: str | None = None
    language: str | None = None
    identifier: str | None = None


@record
class Document:
    blocks: list[Block]
    footnotes: dict[str, list[Run]] = field(default_factory=dict)  # id -> text runs
    properties: Properties = field(default_factory=Properties)
    kind: str = "docx"  # docx | markdown
    warnings: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # (message key, params)
