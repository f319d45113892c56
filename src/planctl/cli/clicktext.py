"""click's own words (usage errors, help headings) in the chosen language.

click marks every string it shows with gettext (`from gettext import gettext as _` in each of its modules)
so that applications can translate them; planctl keeps its words in its message catalogue rather than in
compiled .mo files, so the names `_` and `ngettext` in click's modules are pointed at the catalogue
(`click:<msgid>` keys, which keep click's own `{placeholders}`). A message id the catalogue does not have
stays as click wrote it.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from planctl.messages import catalogue, current_language

_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)


def translate(message: str) -> str:
    """click's message id in the current language (click fills in the placeholders itself)."""
    lang = current_language()
    if lang != "en":
        template = catalogue()[lang].get(f"click:{message}")
        if template is not None:
            return template
    return message


def translate_plural(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


def install() -> None:
    """Route click's gettext calls through the catalogue (idempotent)."""
    for module in _MODULES:
        setattr(module, "_", translate)  # noqa: B010 (a module global, not an attribute of ours)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", translate_plural)  # noqa: B010
