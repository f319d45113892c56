"""Text that XML 1.0 can hold: find and strip the characters it cannot (C0 controls other than tab,
newline and carriage return; lone surrogates; U+FFFE and U+FFFF)."""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def illegal_chars(text: str) -> list[str]:
    """The distinct illegal characters in text, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in _ILLEGAL.finditer(text):
        seen.setdefault(match.group(), None)
    return list(seen)


def clean(text: str) -> str:
    """text without the characters XML cannot hold."""
    return _ILLEGAL.sub("", text)
