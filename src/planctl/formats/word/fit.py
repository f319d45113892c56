"""Column widths that fit a table's content: no column narrower than its longest word, the rest of the
width shared by how much text each column holds.

Text is measured with the advance widths of Helvetica (Adobe's core-14 font metrics, per 1000 units of the
font size), which Arial, the shipped template's font, and Liberation Sans, its metric twin on Linux, share
exactly. A municipality's template may use another font: a small allowance per word keeps a word whole
in a font somewhat wider than Arial. This is a table of numbers, not a layout engine: Word and LibreOffice
lay out the text; planctl only decides the grid they lay it into, as a person setting the table would.

The widths follow the automatic table layout of CSS 2.1 (§ 17.5.2.2): every column gets at least its
minimum (its longest word), and the width left over is shared in proportion to how much each column would
need beyond its minimum to hold its longest line unbroken. A table whose words cannot all fit keeps every
column at its minimum, scaled down together: the words then break, as in any word processor.
"""

from __future__ import annotations

from collections.abc import Sequence

TWIPS_PER_POINT = 20
CELL_PADDING = 2 * 108 + 40  # Word's default cell margins (0.19 cm each side) and a border's allowance
WORD_ALLOWANCE = 1.06  # a template font a little wider than Arial still keeps the longest word whole
BOLD = 1.08  # Helvetica-Bold is about this much wider than Helvetica in running text
DEFAULT = 556  # an average lowercase letter: the width of a character the table does not know

# Helvetica advance widths (1/1000 em) of the characters Norwegian text uses.
_WIDTHS: dict[str, int] = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191, "(": 333, ")": 333,
    "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278, ":": 278, ";": 278, "<": 584, "=": 584,
    ">": 584, "?": 556, "@": 1015, "[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333, "{": 334,
    "|": 260, "}": 334, "~": 584,
    **dict.fromkeys("0123456789", 556),
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278, "J": 500,
    "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722, "S": 667, "T": 611,
    "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222, "j": 222,
    "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "q": 556, "r": 333, "s": 500, "t": 278,
    "u": 556, "v": 500, "w": 722, "x": 500, "y": 500, "z": 500,
    "Æ": 1000, "Ø": 778, "Å": 667, "æ": 889, "ø": 611, "å": 556, "É": 667, "é": 556, "è": 556, "ê": 556,
    "ü": 556, "ö": 556, "ä": 556, "Ü": 722, "Ö": 778, "Ä": 667, "«": 556, "»": 556, "–": 556, "—": 1000,
    "§": 556, "‘": 222, "’": 222, "“": 333, "”": 333, "•": 350, "…": 1000, "°": 400, "½": 834,
}  # fmt: skip


def text_width(text: str, size: float, *, bold: bool = False) -> int:
    """The width of text set in one line at size points, in twips."""
    units = sum(_WIDTHS.get(c, DEFAULT) for c in text)
    return round(units * size * TWIPS_PER_POINT / 1000 * (BOLD if bold else 1.0))


def longest_word(text: str, size: float, *, bold: bool = False) -> int:
    """The width of text's longest unbreakable stretch (Word breaks lines at spaces and after hyphens)."""
    words = [w for line in text.splitlines() for w in line.replace("-", "- ").replace("/", "/ ").split()]
    return max((text_width(w, size, bold=bold) for w in words), default=0)


def longest_line(text: str, size: float, *, bold: bool = False) -> int:
    return max((text_width(line, size, bold=bold) for line in text.splitlines()), default=0)


def fit(
    columns: Sequence[Sequence[tuple[str, bool]]], available: int, size: float
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Widths (twips) of columns that share `available`, each column given as its cells' (text, bold),
    and each column's minimum: its longest word (with padding)."""
    lows = [
        CELL_PADDING
        + round(max((longest_word(t, size, bold=b) for t, b in cells), default=0) * WORD_ALLOWANCE)
        for cells in columns
    ]
    highs = [
        max(low, CELL_PADDING + max((longest_line(t, size, bold=b) for t, b in cells), default=0))
        for low, cells in zip(lows, columns, strict=True)
    ]
    if not columns:
        return (), ()
    total_low, total_high = sum(lows), sum(highs)
    if total_low >= available:  # the words cannot all fit: every column at its minimum, scaled down
        return _shared(lows, available), tuple(lows)
    if total_high <= available:  # everything fits on one line: the width left over in proportion
        return _shared(highs, available), tuple(lows)
    spare = available - total_low
    room = [high - low for low, high in zip(lows, highs, strict=True)]
    total_room = sum(room)
    widths = [low + spare * r / total_room for low, r in zip(lows, room, strict=True)]
    return _rounded(widths, available), tuple(lows)


def _shared(weights: Sequence[int], available: int) -> tuple[int, ...]:
    total = sum(weights) or 1
    return _rounded([available * w / total for w in weights], available)


def _rounded(widths: Sequence[float], available: int) -> tuple[int, ...]:
    """Whole twips that add up to available exactly (the last column takes the rounding)."""
    out = [int(w) for w in widths]
    if out:
        out[-1] += available - sum(out)
    return tuple(out)
