"""The one error a rule file can produce: where it is and what is wrong."""

from __future__ import annotations


class RuleFileError(Exception):
    """A rule file that cannot be used, with the place of the problem.

    ``str(error)`` is ``"path:line:col: message"`` (1-based line and column), the shape every
    editor and CI system can jump to.
    """

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        self.path = str(path)
        self.line = max(1, int(line))
        self.column = max(1, int(column))
        self.message = message
        super().__init__(f"{self.path}:{self.line}:{self.column}: {message}")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"
