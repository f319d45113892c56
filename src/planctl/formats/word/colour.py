"""Colours the council document fills with, and the text set on them: every text/background pair has a
contrast of at least 4.5:1 (WCAG 2.1, success criterion 1.4.3, level AA, for normal text).

The contrast ratio is WCAG's: (L1 + 0.05) / (L2 + 0.05) of the two colours' relative luminances.
"""

from __future__ import annotations

from functools import lru_cache

BLACK = "000000"
WHITE = "FFFFFF"
AA = 4.5  # WCAG 2.1 AA for normal text


def luminance(rgb: str) -> float:
    """The relative luminance of an sRGB colour written RRGGBB (WCAG 2.1)."""
    channels = [int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=256)
def text_on(fill: str) -> str:
    """Black or white, whichever reads better on fill (one of them always reaches 4.5:1). Kept per fill:
    a table asks it for every cell of a coloured column."""
    return BLACK if contrast(BLACK, fill) >= contrast(WHITE, fill) else WHITE


def normal(colour: str) -> str:
    """A colour as RRGGBB (a plan may write #rrggbb)."""
    return colour.lstrip("#").upper()
