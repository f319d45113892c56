"""Exceptions that end a command cleanly. The CLI maps them to exit code 2 and a one-line message."""

from __future__ import annotations

from planctl.messages import Msg, current_language


class PlanctlError(Exception):
    """A usage error or unreadable input: exit 2, one line, never a traceback.

    The message is text already in the reader's language, or a `Msg` rendered when it is shown (a lower
    layer, such as the loader, does not know the language yet)."""

    exit_code = 2

    def __init__(
        self,
        message: str | Msg,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message if isinstance(message, str) else message.key)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str | None = None) -> str:
        """The message alone, in lang (default: the process's language)."""
        if isinstance(self.message, str):
            return self.message
        return self.message.render(lang or current_language())

    def one_line(self, lang: str | None = None) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.text(lang)}".replace("\n", " ")
