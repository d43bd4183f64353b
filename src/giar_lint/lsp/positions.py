"""Positions between giar-lint and the Language Server Protocol.

giar-lint counts columns in characters (Unicode code points, 1-based). LSP counts them in code
units of the negotiated position encoding, 0-based: UTF-16 unless the client offers another, so a
character outside the Basic Multilingual Plane (𠀀, emoji) is two units, while most Chinese
characters are one. Both sides end lines at ``\\n``, ``\\r\\n`` or a lone ``\\r``; ranges are
still computed from a span's character offsets, the one thing that cannot drift, and the cost of
a conversion is a bisect plus the length of one line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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


_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class LineIndex:
    """The lines of one document version as LSP counts them, for converting spans to LSP ranges.

    Conversion goes through the span's character offsets, not its line and column, so that a
    document version and the findings computed on it always agree.
    """

    text: str
    starts: tuple[int, ...]  # character offset of each line's first character
    encoding: str = UTF16

    @classmethod
    def of(cls, text: str, encoding: str = UTF16) -> LineIndex:
        return cls(text, (0, *(m.end() for m in _LINE_END.finditer(text))), encoding)

    def line_text(self, line: int) -> str:
        """Text of the 0-based ``line`` without its line end ("" past the end)."""
        if not 0 <= line < len(self.starts):
            return ""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line] : end].rstrip("\r\n")

    def offset_position(self, offset: int) -> tuple[int, int]:
        """LSP (line, character) of a character offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        # An offset between the CR and LF of a CRLF is the end of the line's text.
        segment = self.text[start:offset].rstrip("\r")
        return line, to_units(segment, len(segment), self.encoding)

    def range(self, span: Span) -> tuple[tuple[int, int], tuple[int, int]]:
        """LSP start and end positions of a span (end exclusive, as in the span)."""
        return self.offset_position(span.start), self.offset_position(span.end)

    def offset_of(self, line: int, character: int) -> int:
        """The character offset of an LSP (line, character)."""
        if line >= len(self.starts):
            return len(self.text)
        return self.starts[max(0, line)] + from_units(
            self.line_text(line), character, self.encoding
        )
