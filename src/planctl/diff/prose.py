"""Word-level diff of prose: word tokens aligned by `diff.matching` (difflib.SequenceMatcher's answer, linear
also for long texts, where every space is the same token); whitespace kept, so text round-trips."""

from __future__ import annotations

import re
from typing import Literal

from planctl.diff.matching import opcodes
from planctl.records import record

Op = Literal["equal", "insert", "delete"]
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@record(frozen=True)
class Segment:
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments that read as the old text (equal + delete) or as the new text (equal + insert).

    A replaced stretch is given as its deletion followed by its insertion. Neighbouring segments with the
    same op are merged.
    """
    a, b = tokens(old), tokens(new)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            _push(out, "equal", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _push(out, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _push(out, "insert", "".join(b[j1:j2]))
    return out


def _push(out: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = Segment(op, out[-1].text + text)
    else:
        out.append(Segment(op, text))


def old_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "insert")


def new_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "delete")


def is_prose(old: object, new: object, min_words: int = 8) -> bool:
    """Whether a field change reads better as a word diff than as `old → new`."""
    texts = [v for v in (old, new) if isinstance(v, str)]
    if len(texts) != 2:
        return False
    return any(len(t.split()) >= min_words or "\n" in t for t in texts)
