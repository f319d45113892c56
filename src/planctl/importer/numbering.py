"""Word numbering (numbering.xml): the label Word prints before a numbered paragraph.

A paragraph refers to a numbering instance (numId) and a level (ilvl); the instance points to an abstract
definition whose level says the format (decimal, letters, roman, bullet) and the text pattern («%1.%2»).
Counters run per instance in document order; a level's counter restarts when a higher level advances.
This is how headings keep their printed numbers («9.4.1») and lists are told numbered from bulleted.
"""

from __future__ import annotations

from dataclasses import field

from lxml import etree

from planctl.importer.ooxml import val, w
from planctl.records import record


@record
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@record
class _Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)


def _roman(n: int) -> str:
    out = ""
    for value, digits in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += digits
            n -= value
    return out


def _letters(n: int) -> str:
    n = max(n, 1)
    letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
    return letter * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt in ("upperLetter",):
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    def __init__(self, root: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.instances: dict[str, _Instance] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for an in root.iter(w("abstractNum")):
            aid = an.get(w("abstractNumId")) or ""
            levels: dict[int, Level] = {}
            for lvl in an.iter(w("lvl")):
                ilvl = int(lvl.get(w("ilvl")) or 0)
                start = val(lvl.find(w("start")))
                levels[ilvl] = Level(
                    fmt=val(lvl.find(w("numFmt"))) or "decimal",
                    text=val(lvl.find(w("lvlText"))) or "",
                    start=int(start) if start and start.lstrip("-").isdigit() else 1,
                )
            self.abstract[aid] = levels
        for num in root.iter(w("num")):
            nid = num.get(w("numId")) or ""
            inst = _Instance(val(num.find(w("abstractNumId"))) or "")
            for override in num.iter(w("lvlOverride")):
                ilvl = int(override.get(w("ilvl")) or 0)
                start = val(override.find(w("startOverride")))
                if start and start.isdigit():
                    inst.starts[ilvl] = int(start)
            self.instances[nid] = inst

    def level(self, num_id: str, ilvl: int) -> Level | None:
        inst = self.instances.get(num_id)
        if inst is None:
            return None
        return self.abstract.get(inst.abstract, {}).get(ilvl)

    def label(self, num_id: str | None, ilvl: int | None) -> tuple[str, bool] | None:
        """The printed label of the next paragraph numbered (num_id, ilvl) and whether it is ordered
        (not a bullet); None when the paragraph is not numbered (numId 0 switches numbering off)."""
        if not num_id or num_id == "0":
            return None
        ilvl = ilvl or 0
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return None
        if lvl.fmt == "bullet":
            return (lvl.text or "•", False)
        if lvl.fmt == "none":
            return (lvl.text.replace("%", "") if "%" not in lvl.text else "", False)
        inst = self.instances[num_id]
        counters = self.counters.setdefault(inst.abstract + "/" + num_id, {})
        start = inst.starts.get(ilvl, lvl.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = lvl.text
        for k in range(ilvl, -1, -1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                klvl = self.level(num_id, k) or Level()
                value = counters.get(k, inst.starts.get(k, klvl.start))
                counters.setdefault(k, value)
                text = text.replace(placeholder, format_number(value, klvl.fmt))
        return (text, True)
