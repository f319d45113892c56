"""Output formats by name: one registry per result type (findings, compliance, diff, document).

A registry maps a format's name to where its renderer lives ("module:function"), so the command line
builds its `--format` choices from the keys without importing a renderer (and what it needs: rich,
python-docx, lxml); `Format.load()` imports the one renderer a command uses. Every renderer of a result
type has the same signature, given by the registry's type.
"""

from __future__ import annotations

import importlib
from typing import Generic, TypeVar, cast

from planctl.records import record

R = TypeVar("R")


@record(frozen=True)
class Format(Generic[R]):
    """A renderer of type R at target ("package.module:function"). binary: it gives bytes (a file to write,
    never a terminal's text); suffix: the file name's ending where the command names the file."""

    target: str
    binary: bool = False
    suffix: str = ""

    def load(self) -> R:
        module, _, name = self.target.partition(":")
        return cast(R, getattr(importlib.import_module(module), name))


Registry = dict[str, Format[R]]
