"""click's own words (usage errors, help headings) in the chosen language.

click marks every string it shows with gettext (`from gettext import gettext as _` in each of its modules)
so that applications can translate them; planctl keeps its words in its message catalogue rather than in
compiled .mo files, so the names `_` and `ngettext` in click's modules are pointed at the catalogue
(`click:<msgid>` keys, which keep click's own `{placeholders}`). A message id the catalogue does not have
stays as click wrote it.

The commands' own help texts (docstrings and `help=`) are written in English, which is their message id
in planctl.messages.helptext, looked up when click formats help (so a `--lang` given after `--help`
counts too, and nothing is looked up unless help is shown).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

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


def help_text(text: str | None) -> str | None:
    """A command's or option's English help text in the current language (English: as written)."""
    if not text:
        return text
    lang = current_language()
    if lang == "en":
        return text
    # imported here: only `--help` needs the help texts, and every other command starts without them
    from planctl.messages import helptext

    key = inspect.cleandoc(text)
    for candidate in (lang, "nb"):
        found = helptext.CATALOGUE.get(candidate, {}).get(key)
        if found is not None:
            return found
    return text


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _with_translated_help(method: _Method) -> _Method:
    """method run on a copy of its command or option whose help texts are in the current language."""
    if getattr(method, "_planctl_translated", False):  # install() twice: wrap once
        return method

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        twin = copy.copy(self)
        twin.help = help_text(self.help)
        if hasattr(self, "short_help"):
            twin.short_help = help_text(self.short_help)
        return method(twin, *args, **kwargs)

    wrapper._planctl_translated = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def install() -> None:
    """Route click's gettext calls and the commands' help texts through the catalogue (idempotent)."""
    for module in _MODULES:
        setattr(module, "_", translate)  # noqa: B010 (a module global, not an attribute of ours)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", translate_plural)  # noqa: B010
    command, option = click.core.Command, click.core.Option
    command.format_help_text = _with_translated_help(command.format_help_text)  # type: ignore[method-assign]
    command.get_short_help_str = _with_translated_help(command.get_short_help_str)  # type: ignore[method-assign]
    option.get_help_record = _with_translated_help(option.get_help_record)  # type: ignore[method-assign]
