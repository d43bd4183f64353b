"""Table rows and cell text as the readers write them: one line per row, cells separated by tabs.

Shared by the HTML, DOCX and PDF readers so that every format hands the parser the same shape:
the row's label cells first (empty and merged-away cells dropped), then its value cells in
column order (a blank value cell stays as an empty cell, a merged-away one is dropped so that a
spanning cell never yields a duplicated number).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

#: A cell of a value column that reads as a value (number, blank, or one of the usual fillers).
_VALUE = re.compile(r"^(?:[-−－+]?\d[\d,，]*(?:[.．]\d+)?%?|[/／\\]|[-－—–―─]{1,2}|无|0\.0+)?$")
_NUMBER = re.compile(r"^[-−－+]?\d[\d,，]*(?:[.．]\d+)?$")
_SPACE = re.compile(r"[ \t\u00a0\u3000\u2002-\u200b\ufeff]+")


def is_wide(ch: str) -> bool:
    """CJK ideographs and full-width punctuation: text that never needs a space beside it."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2010 <= o <= 0x2027
        or 0xF900 <= o <= 0xFAFF
    )


def is_wide_punct(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFF0F
        or 0x2010 <= o <= 0x2027
        or (0xFF1A <= o <= 0xFF20)
        or 0xFF3B <= o <= 0xFF40
        or 0xFF5B <= o <= 0xFF65
    )


def tidy_spaces(text: str) -> str:
    """Collapse runs of spaces, and drop those that only come from justified or letter-spaced
    CJK text (between two CJK characters, or next to full-width punctuation). Spaces between a
    number and a CJK character (``2023 年``) are kept: they are part of ordinary writing."""
    text = _SPACE.sub(" ", text).strip()
    if " " not in text:
        return text
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < n - 1:
            a, b = text[i - 1], text[i + 1]
            if (is_wide(a) and is_wide(b)) or is_wide_punct(a) or is_wide_punct(b):
                continue
        out.append(ch)
    return "".join(out)


def join_wrapped(first: str, second: str) -> str:
    """Join two pieces of text that a line wrap separated."""
    if not first:
        return second
    if not second:
        return first
    a, b = first[-1], second[0]
    if a.isascii() and a.isalnum() and b.isascii() and b.isalpha():
        return f"{first} {second}"
    return first + second


def clean_cell(text: str) -> str:
    """One line of text for a cell: wrapped lines re-joined, tabs and stray spaces removed."""
    pieces = [tidy_spaces(p) for p in re.split(r"[\r\n\v\f\u2028\u2029]+", text)]
    out = ""
    for piece in pieces:
        out = join_wrapped(out, piece)
    return tidy_spaces(out)


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def is_value(text: str) -> bool:
    return bool(_VALUE.match(text))


def row_lines(rows: Sequence[Sequence[str | None]]) -> list[str]:
    """Table rows → one tab-separated line each.

    ``rows`` is a grid as table extractors give it: ``None`` for a position covered by a merged
    cell (not its first), ``""`` for an empty cell. Columns before the first column that holds
    numbers are label columns; a data row writes its non-empty labels, then every value cell.
    A column that is empty in every row (a ruling artefact) is dropped.
    """
    grid = [[None if c is None else clean_cell(c) for c in row] for row in rows]
    width = max((len(r) for r in grid), default=0)
    grid = [r + [None] * (width - len(r)) for r in grid]
    keep = [any(r[j] for r in grid) for j in range(width)]
    grid = [[c for j, c in enumerate(r) if keep[j]] for r in grid]
    starts = [_first_number(r) for r in grid]
    found = [j for j in starts if j is not None]
    # the column where most rows' numbers begin; ties go to the leftmost
    common = min(Counter(found).most_common(), key=lambda kv: (-kv[1], kv[0]))[0] if found else None
    lines: list[str] = []
    for row, start in zip(grid, starts, strict=True):
        if not any(row):
            continue
        if common is None:
            lines.append("\t".join(c for c in row if c))
            continue
        first_value = common if start is None else min(common, start)
        if _is_data_row(row, first_value):
            labels = [c for c in row[:first_value] if c]
            values = [c for c in row[first_value:] if c is not None]
            lines.append("\t".join(labels + values))
        else:
            lines.append("\t".join(c for c in row if c))
    return lines


def _first_number(row: Sequence[str | None]) -> int | None:
    return next((j for j, c in enumerate(row) if c and is_number(c)), None)


def _is_data_row(row: Sequence[str | None], first_value: int) -> bool:
    values = [c for c in row[first_value:] if c is not None]
    if any(c and is_number(c) for c in values):
        return True
    has_label = any(row[:first_value]) or first_value == 0
    return has_label and bool(values) and all(is_value(c) for c in values)
