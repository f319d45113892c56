"""One message catalogue for everything users read: bokmål (nb), nynorsk (nn) and English (en).

Each module in this package holds a `CATALOGUE: dict[lang, dict[key, template]]` for one area (core,
law, guide, report ...); templates use `str.format` fields. Rule code never holds user-facing strings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from planctl.messages import build, core, diff, guide, imports, law, report

LANGUAGES = ("nb", "nn", "en")
_AREAS = (core, law, guide, report, build, diff, imports)
_FALLBACK = {"nn": ("nn", "nb", "en"), "nb": ("nb", "en"), "en": ("en", "nb")}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for area in _AREAS:
        for lang, entries in area.CATALOGUE.items():
            clash = set(entries) & set(merged[lang])
            if clash:
                raise ValueError(f"message keys defined twice: {sorted(clash)}")
            merged[lang].update(entries)
    return merged


def has(key: str, lang: str = "nb") -> bool:
    return key in catalogue().get(lang, {})


def t(lang: str, key: str, /, **params: Any) -> str:
    """The message for key in lang (falling back nn -> nb -> en), formatted with params."""
    cat = catalogue()
    for candidate in _FALLBACK.get(lang, ("nb", "en")):
        template = cat[candidate].get(key)
        if template is not None:
            return template.format(**params)
    raise KeyError(f"no message for {key!r}")
