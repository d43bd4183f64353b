"""Positions in the user's original file.

Every position the model exposes refers to the decoded original text (after removing a byte-order
mark), never to the normalised text the grammars see. Lines and columns are 1-based and counted in
characters (Unicode code points). Lines end at LF, CRLF or a lone CR, as editors count them; a
line end belongs to the line it ends.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate


@dataclass(frozen=True, slots=True, init=False)
class Span:
    """A half-open range ``[start, end)`` of character offsets into :attr:`SourceText.text`,
    with its 1-based line/column (``end_column`` is exclusive, as in LSP and SARIF)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(
        self, start: int, end: int, line: int, column: int, end_line: int, end_column: int
    ) -> None:
        # the slots' own setters: a report makes hundreds of spans, and this is about twice as
        # fast as the object.__setattr__ calls of a frozen dataclass's generated __init__
        _set_start(self, start)
        _set_end(self, end)
        _set_line(self, line)
        _set_column(self, column)
        _set_end_line(self, end_line)
        _set_end_column(self, end_column)

    def as_dict(self) -> dict[str, int]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


_set_start = Span.start.__set__  # type: ignore[attr-defined]
_set_end = Span.end.__set__  # type: ignore[attr-defined]
_set_line = Span.line.__set__  # type: ignore[attr-defined]
_set_column = Span.column.__set__  # type: ignore[attr-defined]
_set_end_line = Span.end_line.__set__  # type: ignore[attr-defined]
_set_end_column = Span.end_column.__set__  # type: ignore[attr-defined]


#: A line end: CRLF, LF or a lone CR (old Mac files, some exports), as the Language Server
#: Protocol counts them.
_LINE_END = re.compile(r"\r\n?|\n")


def line_starts(text: str) -> tuple[int, ...]:
    """The offset where each line of ``text`` starts (lines end at CRLF, LF or a lone CR)."""
    if "\r" in text:
        return (0, *(m.end() for m in _LINE_END.finditer(text)))
    # each line's length plus its "\n", summed up (twice as fast as a find() loop)
    lengths = [len(line) + 1 for line in text.split("\n")]
    lengths.pop()
    return (0, *accumulate(lengths))


@dataclass(frozen=True)
class SourceText:
    """The decoded original text of one input, with a line index for offset → line/column."""

    path: str
    text: str
    encoding: str = "utf-8"
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_line_starts", line_starts(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; offsets are clamped to the text."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column)."""
        line = max(1, min(line, len(self._line_starts)))
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

    def span(self, start: int, end: int) -> Span:
        if end < start:
            start, end = end, start
        # position() twice, inlined: the parser makes a span for every paragraph and heading
        size = len(self.text)
        starts = self._line_starts
        a = start if 0 <= start <= size else max(0, min(start, size))
        b = end if 0 <= end <= size else max(0, min(end, size))
        i = bisect_right(starts, a) - 1
        j = bisect_right(starts, b, i) - 1  # b >= a: its line is not before a's
        return Span(start, end, i + 1, a - starts[i] + 1, j + 1, b - starts[j] + 1)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line end."""
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
