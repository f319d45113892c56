"""One message catalogue for everything users read: bokmål (nb), nynorsk (nn) and English (en).

Each module in this package holds a `CATALOGUE: dict[lang, dict[key, template]]` for one area (core,
law, guide, report ...); templates use `str.format` fields. Rule code never holds user-facing strings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field
from functools import lru_cache
from typing import Any

from planctl.messages import build, cli, core, diff, guards, guide, imports, law, report
from planctl.records import record

LANGUAGES = ("nb", "nn", "en")
_AREAS = (core, law, guide, report, build, diff, imports, cli, guards)
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


@record(frozen=True)
class Msg:
    """A message not yet in a language: catalogue key plus parameters (which may be Msgs themselves).
    Lower layers that do not know the reader's language (the loader, configuration, output) raise and
    report Msgs; the check pipeline and the command line render them."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return t(lang, self.key, **{k: render(lang, v) for k, v in self.params.items()})


def render(lang: str, value: Any) -> Any:
    """value, with a Msg rendered in lang (other values as they are)."""
    return value.render(lang) if isinstance(value, Msg) else value


# The language of this process's messages where no plan says otherwise: the command line sets it from
# --lang (or a plan's `language`); until then it is the environment's (LC_ALL, LC_MESSAGES, LANG).
_current: str | None = None


def use_language(lang: str | None) -> None:
    global _current
    _current = lang if lang in LANGUAGES else None


def current_language() -> str:
    return _current or environment_language()


def environment_language() -> str:
    """nb, nn or en from the locale variables, as gettext reads them (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG; the first set wins); bokmål when they name no language planctl has (C, POSIX, de_DE ...)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if not value:
            continue
        for entry in value.split(":"):
            code = entry.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
            if code in ("nn",):
                return "nn"
            if code in ("nb", "no"):
                return "nb"
            if code == "en":
                return "en"
        return "nb"
    return "nb"
