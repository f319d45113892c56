"""Column widths that fit a table's content: no column narrower than its longest word, the rest of the
width shared by how much text each column holds.

Text is measured with the advance widths of DejaVu Sans, the widest of the sans-serif fonts a council
document is set in: LibreOffice sets Arial (the shipped template's font) in it where neither Arial nor
its metric twin Liberation Sans is installed, and Arial, Liberation Sans and Calibri are all narrower. A
column that holds its longest word in DejaVu Sans holds it in each of them. This is a table of numbers,
not a layout engine: Word and LibreOffice lay out the text; planctl only decides the grid they lay it
into, as a person setting the table would.

The widths follow the automatic table layout of CSS 2.1 (§ 17.5.2.2): every column gets at least its
minimum (its longest word), and the width left over is shared in proportion to how much each column would
need beyond its minimum to hold its longest line unbroken. A table whose words cannot all fit keeps every
column at its minimum, scaled down together: the words then break, as in any word processor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat

TWIPS_PER_POINT = 20
_ADDRESS = re.compile(r"://|^www\.|\w\.\w|@|^#")  # a piece of a web or e-mail address
CELL_PADDING = 2 * 108 + 40  # Word's default cell margins (0.19 cm each side) and a border's allowance
WORD_ALLOWANCE = 1.03  # rounding, kerning and the odd wider glyph: a word stays whole
DEFAULT = 636  # a wide lowercase letter: the width of a character the tables do not know

# Advance widths (1/1000 em) of DejaVu Sans 2.37 and DejaVu Sans Bold, read from the fonts' hmtx tables,
# for the characters Norwegian text uses.
_REGULAR: dict[str, int] = {
    **dict.fromkeys("'", 275),
    **dict.fromkeys('ijl', 278),
    **dict.fromkeys('IJ', 295),
    **dict.fromkeys(' ,.‘’', 318),
    **dict.fromkeys('/:;\\|', 337),
    **dict.fromkeys('f', 352),
    **dict.fromkeys('-', 361),
    **dict.fromkeys('()[]', 390),
    **dict.fromkeys('t', 392),
    **dict.fromkeys('!', 401),
    **dict.fromkeys('r', 411),
    **dict.fromkeys('"', 460),
    **dict.fromkeys('*_`–§°', 500),
    **dict.fromkeys('“”', 518),
    **dict.fromkeys('s', 521),
    **dict.fromkeys('z', 525),
    **dict.fromkeys('?', 531),
    **dict.fromkeys('c', 550),
    **dict.fromkeys('L', 557),
    **dict.fromkeys('F', 575),
    **dict.fromkeys('k', 579),
    **dict.fromkeys('•', 590),
    **dict.fromkeys('vxy', 592),
    **dict.fromkeys('P', 603),
    **dict.fromkeys('TY', 611),
    **dict.fromkeys('oøö«»', 612),
    **dict.fromkeys('aåä', 613),
    **dict.fromkeys('eéèê', 615),
    **dict.fromkeys('EÉ', 632),
    **dict.fromkeys('hnuü', 634),
    **dict.fromkeys('Sbdgpq', 635),
    **dict.fromkeys('$0123456789{}', 636),
    **dict.fromkeys('K', 656),
    **dict.fromkeys('AVÅÄ', 684),
    **dict.fromkeys('XZ', 685),
    **dict.fromkeys('B', 686),
    **dict.fromkeys('R', 695),
    **dict.fromkeys('C', 698),
    **dict.fromkeys('UÜ', 732),
    **dict.fromkeys('N', 748),
    **dict.fromkeys('H', 752),
    **dict.fromkeys('D', 770),
    **dict.fromkeys('G', 775),
    **dict.fromkeys('&', 780),
    **dict.fromkeys('OQØÖ', 787),
    **dict.fromkeys('w', 818),
    **dict.fromkeys('#+<=>^~', 838),
    **dict.fromkeys('M', 863),
    **dict.fromkeys('%', 950),
    **dict.fromkeys('½', 969),
    **dict.fromkeys('mÆ', 974),
    **dict.fromkeys('æ', 982),
    **dict.fromkeys('W', 989),
    **dict.fromkeys('@—…', 1000),
}  # fmt: skip
_BOLD: dict[str, int] = {
    **dict.fromkeys("'", 306),
    **dict.fromkeys('ijl', 343),
    **dict.fromkeys(' ', 348),
    **dict.fromkeys('/\\|', 365),
    **dict.fromkeys('IJ', 372),
    **dict.fromkeys(',.‘’', 380),
    **dict.fromkeys(':;', 400),
    **dict.fromkeys('-', 415),
    **dict.fromkeys('f', 435),
    **dict.fromkeys('!', 456),
    **dict.fromkeys('()[]', 457),
    **dict.fromkeys('t', 478),
    **dict.fromkeys('r', 493),
    **dict.fromkeys('_`–§°', 500),
    **dict.fromkeys('"', 521),
    **dict.fromkeys('*', 523),
    **dict.fromkeys('?', 580),
    **dict.fromkeys('z', 582),
    **dict.fromkeys('c', 593),
    **dict.fromkeys('s', 595),
    **dict.fromkeys('L', 637),
    **dict.fromkeys('•', 639),
    **dict.fromkeys('x', 645),
    **dict.fromkeys('«»', 646),
    **dict.fromkeys('vy', 652),
    **dict.fromkeys('“”', 657),
    **dict.fromkeys('k', 665),
    **dict.fromkeys('aåä', 675),
    **dict.fromkeys('eéèê', 678),
    **dict.fromkeys('T', 682),
    **dict.fromkeys('EFÉ', 683),
    **dict.fromkeys('oøö', 687),
    **dict.fromkeys('$0123456789', 696),
    **dict.fromkeys('hnu{}ü', 712),
    **dict.fromkeys('bdgpq', 716),
    **dict.fromkeys('S', 720),
    **dict.fromkeys('Y', 724),
    **dict.fromkeys('Z', 725),
    **dict.fromkeys('P', 733),
    **dict.fromkeys('C', 734),
    **dict.fromkeys('B', 762),
    **dict.fromkeys('R', 770),
    **dict.fromkeys('X', 771),
    **dict.fromkeys('AVÅÄ', 774),
    **dict.fromkeys('K', 775),
    **dict.fromkeys('UÜ', 812),
    **dict.fromkeys('G', 821),
    **dict.fromkeys('D', 830),
    **dict.fromkeys('HN', 837),
    **dict.fromkeys('#+<=>^~', 838),
    **dict.fromkeys('OQØÖ', 850),
    **dict.fromkeys('&', 872),
    **dict.fromkeys('w', 924),
    **dict.fromkeys('M', 995),
    **dict.fromkeys('@—…', 1000),
    **dict.fromkeys('%', 1002),
    **dict.fromkeys('½', 1035),
    **dict.fromkeys('m', 1042),
    **dict.fromkeys('æ', 1048),
    **dict.fromkeys('Æ', 1085),
    **dict.fromkeys('W', 1103),
}  # fmt: skip


def text_width(text: str, size: float, *, bold: bool = False) -> int:
    """The width of text set in one line at size points, in twips."""
    return _twips(_units(text, bold), size)


def _twips(units: int, size: float) -> int:
    """Advance width units (1/1000 em) at size points in twips: never smaller for more units, so the widest
    of several texts is the one with the most units."""
    return round(units * size * TWIPS_PER_POINT / 1000)


@lru_cache(maxsize=1 << 16)
def _units(text: str, bold: bool) -> int:
    """The advance widths of text's characters, summed (1/1000 em). A table measures the same words and
    cells again and again (each word for its column's minimum, each cell for its line and its share), so
    the sums are kept; map with dict.get sums them without a Python frame per character."""
    return sum(map((_BOLD if bold else _REGULAR).get, text, repeat(DEFAULT)))


# What a text holds somewhere when one of its words is an address (each match of _ADDRESS is one of these
# in the text): a text without it has no address to leave out.
_ADDRESS_SOMEWHERE = re.compile(r"://|www\.|\w\.\w|@|#")


def longest_word(text: str, size: float, *, bold: bool = False) -> int:
    """The width of text's longest unbreakable stretch (Word breaks lines at spaces and after hyphens).
    A web address is no word: Word and LibreOffice break it where it must, and a column as wide as its
    longest host name would leave the words of the other columns no room."""
    broken = text.replace("-", "- ").replace("/", "/ ")
    words = (
        broken.split()
    )  # str.split() breaks at every line end splitlines() knows: all are whitespace to it
    if _ADDRESS_SOMEWHERE.search(broken) is not None:
        words = [w for w in words if not _ADDRESS.search(w)]
    return _twips(max(map(_units, words, repeat(bold)), default=0), size)


def longest_line(text: str, size: float, *, bold: bool = False) -> int:
    return _twips(max(map(_units, text.splitlines(), repeat(bold)), default=0), size)


def fit(
    columns: Sequence[Sequence[tuple[str, bool]]], available: int, size: float
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Widths (twips) of columns that share `available`, each column given as its cells' (text, bold),
    and each column's minimum: its longest word (with padding)."""
    if not columns:
        return (), ()
    lows = [
        CELL_PADDING
        + round(max((longest_word(t, size, bold=b) for t, b in cells), default=0) * WORD_ALLOWANCE)
        for cells in columns
    ]
    highs = [
        max(low, CELL_PADDING + max((longest_line(t, size, bold=b) for t, b in cells), default=0))
        for low, cells in zip(lows, columns, strict=True)
    ]
    if sum(lows) >= available:  # the words cannot all fit: every column at its minimum, scaled down
        return _shared(lows, available), tuple(lows)
    if sum(highs) <= available:  # everything fits on one line: the width left over in proportion
        return _shared(highs, available), tuple(lows)
    # The width left over goes to the columns by how much text they hold (a column of long descriptions
    # gets more than one of short names), none wider than its longest line needs.
    amounts = [sum(text_width(t, size, bold=b) for t, b in cells) for cells in columns]
    widths = [float(low) for low in lows]
    spare = float(available - sum(lows))
    open_ = [i for i in range(len(columns)) if widths[i] < highs[i]]
    while spare > 0.5 and open_:
        total = sum(amounts[i] for i in open_) or len(open_)
        share = {i: spare * (amounts[i] or 1) / total for i in open_}
        spare = 0.0
        for i in open_:
            room = highs[i] - widths[i]
            given = min(share[i], room)
            widths[i] += given
            spare += share[i] - given
        open_ = [i for i in open_ if widths[i] < highs[i] - 0.5]
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
