"""Prevention levels (and measure scopes) named in headings, group rows and cells."""

from __future__ import annotations

import re

_LEVELS = (
    ("universal", re.compile(r"univers|\bfor alle\b|\bgenerell|\ballmenn")),
    ("selective", re.compile(r"\bsele?k?t|\bselk|\bfor noen\b|\bfor nokon\b|\bfor nokre\b|\bselective")),
    ("indicated", re.compile(r"\bindi[sk]|\bfor få\b|\bindicated")),
)
_SCOPES = (
    ("municipality", re.compile(r"kommuneniv|kommunalt niv|municipal level|systemniv")),
    ("service", re.compile(r"tjenesteniv|tenesteniv|service level")),
    ("individual", re.compile(r"individniv|individual level")),
)


def level_of(text: str) -> str | None:
    low = text.lower()
    found = [name for name, pattern in _LEVELS if pattern.search(low)]
    return found[0] if len(found) == 1 else None


def levels_in(text: str) -> list[str]:
    low = text.lower()
    return [name for name, pattern in _LEVELS if pattern.search(low)]


def scope_of(text: str) -> str | None:
    low = text.lower()
    found = [name for name, pattern in _SCOPES if pattern.search(low)]
    return found[0] if len(found) == 1 else None


def is_group_label(text: str) -> bool:
    """A short heading or row naming a level («UNIVERSELLE TILTAK», «For noen: selekterte tiltak»)."""
    words = text.split()
    return 0 < len(words) <= 8 and level_of(text) is not None
