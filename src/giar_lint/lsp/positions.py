"""Positions between giar-lint and the Language Server Protocol.

giar-lint counts columns in characters (Unicode code points, 1-based). LSP counts them in code
units of the negotiated position encoding, 0-based: UTF-16 unless the client offers another, so a
character outside the Basic Multilingual Plane (𠀀, emoji) is two units, while most Chinese
characters are one. Lines are the same in both (LSP lines end at ``\\n``, ``\\r\\n`` or ``\\r``; a
report's lines end at ``\\n`` with the ``\\r`` of a CRLF belonging to the line it ends, and a
bare ``\\r`` does not occur in decoded reports).

Conversion is per line, so the cost is that of the line, never of the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from giar_lint.model.source import Span

__all__ = [
    "LineIndex",
    "from_units",
    "to_units",
]

UTF16 = "utf-16"
UTF8 = "utf-8"
UTF32 = "utf-32"


def _width(char: str, encoding: str) -> int:
    cp = ord(char)
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    return 2 if cp > 0xFFFF else 1


def to_units(line_text: str, column: int, encoding: str = UTF16) -> int:
    """The 0-based LSP character offset of the 0-based code-point ``column`` in ``line_text``
    (a column past the end of the line is clamped to it)."""
    column = max(0, min(column, len(line_text)))
    if encoding == UTF32 or line_text.isascii():
        return column
    return sum(_width(c, encoding) for c in line_text[:column])


def from_units(line_text: str, units: int, encoding: str = UTF16) -> int:
    """The 0-based code-point column of the 0-based LSP character offset ``units``.

    An offset in the middle of a character (the second half of a surrogate pair) rounds down to
    that character; an offset past the end of the line is clamped to it, as LSP requires."""
    if units <= 0:
        return 0
    if encoding == UTF32 or line_text.isascii():
        return min(units, len(line_text))
    total = 0
    for index, char in enumerate(line_text):
        total += _width(char, encoding)
        if total > units:
            return index
        if total == units:
            return index + 1
    return len(line_text)


@dataclass(frozen=True)
class LineIndex:
    """The lines of one document version, for converting spans to LSP ranges and back."""

    lines: Sequence[str]  # without line ends
    encoding: str = UTF16

    @classmethod
    def of(cls, text: str, encoding: str = UTF16) -> LineIndex:
        # Split at "\n" only, keeping a trailing "\r" out of the columns: that is how
        # giar-lint's own line index counts.
        return cls([line.rstrip("\r") for line in text.split("\n")], encoding)

    def line_text(self, line: int) -> str:
        """Text of the 0-based ``line`` ("" past the end)."""
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def position(self, line: int, column: int) -> tuple[int, int]:
        """LSP (line, character) of giar-lint's 1-based (line, column)."""
        line0 = max(0, line - 1)
        if line0 >= len(self.lines):  # past the end: the end of the document
            line0 = len(self.lines) - 1
            return line0, to_units(self.lines[line0], len(self.lines[line0]), self.encoding)
        return line0, to_units(self.lines[line0], column - 1, self.encoding)

    def range(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        """LSP start and end positions of a span (end exclusive, as in the span)."""
        return self.position(span.line, span.column), self.position(span.end_line, span.end_column)

    def to_code_points(self, line: int, character: int) -> tuple[int, int]:
        """giar-lint's 1-based (line, column) of an LSP (line, character)."""
        return line + 1, from_units(self.line_text(line), character, self.encoding) + 1
