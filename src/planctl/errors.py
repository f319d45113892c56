"""Exceptions that end a command cleanly. The CLI maps them to exit code 2 and a one-line message."""

from __future__ import annotations


class PlanctlError(Exception):
    """A usage error or unreadable input: exit 2, one line, never a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}".replace("\n", " ")
