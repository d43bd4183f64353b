"""Tables 二, 三 and 四: token streams from the table grammars → :class:`Table`.

Each table grammar yields rows of ``label, tokens…``. A row's cells are the values (numbers, ``/``,
``—``) after its label, skipping header text before the first value and ending at the first text
after it; so a label wrapped over lines, numbers on the next line, or a row's last number alone on
a line all read the same. Empty cells are seen between two values of one tab-separated line, or
between pipes of a Markdown row; text standing in a cell's place (``abc``, ``1O9``) is an
``invalid`` cell; a unit after a number (``12件``) and thousands separators (``1,234``) are
read. A label that was not recognised but whose item number was (``2.其他法律行政止公开``) is
named by that number within its group. Everything unexpected is recorded, never raised.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import NamedTuple

from lark import Token, Tree

from giar_lint.model.catalogue import (
    APPLICANT_COLUMNS,
    APPLICATION_ROW_KEYS,
    DISCLOSURE_ROWS,
    OLD_FORMAT_LABELS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
)
from giar_lint.model.offsets import OffsetMap
from giar_lint.model.report import Cell, FormatName, Row, Table
from giar_lint.model.source import SourceText, Span
from giar_lint.parse.grammars import parser
from giar_lint.read.normalize import normalize_table

VALUE_TYPES = frozenset({"NUMBER", "SLASH", "DASH"})

APPLICATION_TERMINALS: dict[str, str] = {
    "NEW": "new",
    "CARRIED_OVER": "carried_over",
    "GRANTED": "granted",
    "PARTLY_GRANTED": "partly_granted",
    "W_STATE_SECRET": "withheld.state_secret",
    "W_PROHIBITED": "withheld.prohibited_by_law",
    "W_THREE_SECURITIES": "withheld.three_securities",
    "W_THIRD_PARTY": "withheld.third_party",
    "W_INTERNAL": "withheld.internal_affairs",
    "W_PROCESS": "withheld.process_info",
    "W_ENFORCEMENT": "withheld.enforcement_files",
    "W_INQUIRY": "withheld.inquiry_matters",
    "U_NOT_HELD": "unavailable.not_held",
    "U_NEEDS_CREATION": "unavailable.needs_creation",
    "U_UNCLEAR": "unavailable.unclear",
    "N_PETITION": "not_processed.petition",
    "N_REPEATED": "not_processed.repeated",
    "N_PUBLICATION": "not_processed.publication",
    "N_EXCESSIVE": "not_processed.excessive",
    "N_CONFIRMATION": "not_processed.confirmation",
    "O_NO_SUPPLEMENT": "other.no_supplement",
    "O_FEE_UNPAID": "other.fee_unpaid",
    "O_OTHER": "other.other",
    "TOTAL": "total",
    "CARRIED_FORWARD": "carried_forward",
}
APPLICATION_GROUP_TERMINALS: dict[str, str] = {
    "G_RESULTS": "results",
    "G_WITHHELD": "withheld",
    "G_UNAVAILABLE": "unavailable",
    "G_NOT_PROCESSED": "not_processed",
    "G_OTHER": "other",
}
DISCLOSURE_TERMINALS: dict[str, str] = {
    "REGULATIONS": "regulations",
    "NORMATIVE_DOCUMENTS": "normative_documents",
    "NORMATIVE_DOCUMENTS_2019": "normative_documents",
    "LICENSING": "licensing",
    "OTHER_SERVICES": "other_services",
    "PUNISHMENT": "punishment",
    "COERCION": "coercion",
    "FEES": "fees",
    "PROCUREMENT": "procurement",
}
#: Table 二 of the 2019 trial format (国办公开办函〔2019〕60号): (key, label, number of cells).
DISCLOSURE_2019_ROWS: tuple[tuple[str, str, int], ...] = (
    ("regulations", "规章", 3),
    ("normative_documents", "规范性文件", 3),
    ("licensing", "行政许可", 3),
    ("other_services", "其他对外管理服务事项", 3),
    ("punishment", "行政处罚", 3),
    ("coercion", "行政强制", 3),
    ("fees", "行政事业性收费", 2),
    ("procurement", "政府集中采购", 2),
)
REVIEW_TERMINALS: dict[str, str] = {
    "REVIEW": "review",
    "DIRECT": "litigation_direct",
    "AFTER_REVIEW": "litigation_after_review",
}
_STRUCTURAL = frozenset(
    {"HEADER", "OLD_HEADER", "SECTION", "COLUMN", "LITIGATION"}
    | set(APPLICATION_TERMINALS)
    | set(APPLICATION_GROUP_TERMINALS)
    | set(DISCLOSURE_TERMINALS)
    | set(REVIEW_TERMINALS)
)


class _Region:
    """A normalised table region and the way back to the source.

    Cells are most of what a table yields, so the offset map and the source's line index are
    held here unpacked and looked up inline (one bisect each) rather than through the general
    :class:`OffsetMap` and :class:`SourceText` methods."""

    __slots__ = ("_length", "_lines", "_norm", "_orig", "_size", "offsets", "source", "text")

    def __init__(self, source: SourceText, text: str, offsets: OffsetMap) -> None:
        self.source = source
        self.text = text
        self.offsets = offsets
        self._length = offsets.length
        self._norm = offsets.norm_starts
        self._orig = offsets.orig_starts
        self._size = len(source.text)
        self._lines = source._line_starts

    def span(self, start: int, end: int) -> Span:
        """The source span of the normalised range ``[start, end)`` (as ``SourceText.span`` of
        ``OffsetMap.to_original(start)`` and ``to_original_end(end)``).

        Every row label and table needs one, so :meth:`_original` and :meth:`_position` are
        written out here rather than called four times."""
        norm = self._norm
        orig = self._orig
        length = self._length
        if start >= length:
            a = self.offsets.orig_end
        else:
            if start < 0:
                start = 0
            seg = bisect_right(norm, start) - 1
            a = orig[seg] + start - norm[seg]
        last = end - 1 if end > 0 else 0
        if last >= length:
            b = self.offsets.orig_end
        else:
            if last < 0:
                last = 0
            seg = bisect_right(norm, last) - 1
            b = orig[seg] + last - norm[seg]
        if end > 0:
            b += 1
        if b < a:
            a, b = b, a
        size = self._size
        lines = self._lines
        c = a if 0 <= a <= size else max(0, min(a, size))
        index = bisect_right(lines, c) - 1
        line, column = index + 1, c - lines[index] + 1
        c = b if 0 <= b <= size else max(0, min(b, size))
        index = bisect_right(lines, c) - 1
        return Span(a, b, line, column, index + 1, c - lines[index] + 1)

    def _original(self, pos: int) -> int:
        offsets = self.offsets
        if pos >= offsets.length:
            return offsets.orig_end
        if pos < 0:
            pos = 0
        norm = self._norm
        seg = bisect_right(norm, pos) - 1
        return self._orig[seg] + pos - norm[seg]

    def _position(self, offset: int) -> tuple[int, int]:
        c = offset if 0 <= offset <= self._size else max(0, min(offset, self._size))
        lines = self._lines
        index = bisect_right(lines, c) - 1
        return index + 1, c - lines[index] + 1

    def point(self, pos: int) -> Span:
        o = self._original(pos)
        line, column = self._position(o)
        return Span(o, o, line, column, line, column)

    def line_run(self, start: int, end: int) -> tuple[int, int, int] | None:
        """For a normalised range ``[start, end)`` that maps one for one to the source and lies
        on one source line: what to add to a normalised position to get the source offset, the
        line number and the offset where that line starts. None otherwise."""
        if not 0 <= start < end <= self._length or "\n" in self.text[start:end]:
            return None
        norm = self._norm
        seg = bisect_right(norm, start) - 1
        if seg + 1 < len(norm) and norm[seg + 1] < end:
            return None  # a deletion inside the range
        delta = self._orig[seg] - norm[seg]
        lines = self._lines
        index = bisect_right(lines, start + delta) - 1
        return delta, index + 1, lines[index]

    def value_cell(self, kind: str, raw: str, pos: int) -> Cell:
        """The cell of a NUMBER, SLASH or DASH at ``pos``; its characters are one for one in the
        source and on one line (the span is computed in place: tables are mostly cells)."""
        if pos >= self._length:
            o = self.offsets.orig_end
        else:
            if pos < 0:
                pos = 0
            norm = self._norm
            seg = bisect_right(norm, pos) - 1
            o = self._orig[seg] + pos - norm[seg]
        c = o if 0 <= o <= self._size else max(0, min(o, self._size))
        lines = self._lines
        index = bisect_right(lines, c) - 1
        column = c - lines[index] + 1
        length = len(raw)
        span = Span(o, o + length, index + 1, column, index + 1, column + length)
        if kind == "SLASH":
            return Cell(0, raw, "slash", span)
        if kind == "DASH":
            return Cell(0, raw, "dash", span)
        text = raw if raw.isdecimal() else raw.replace("−", "-").replace(",", "")
        value: int | Decimal
        try:
            value = Decimal(text) if "." in text else int(text)
        except (ValueError, InvalidOperation):
            return Cell(None, raw, "invalid", span)
        return Cell(value, raw, "negative" if value < 0 else "ok", span)


@dataclass(slots=True)
class _RawRow:
    label: Token | None
    items: list[Token]
    cells: list[Cell] = field(default_factory=list)
    end: int = 0
    key: str | None = None  # set when the key comes from context, not from the label terminal
    label_end: int | None = None  # when the label runs on past its first token


class _Item(NamedTuple):
    """One cell-level piece of a CELLS token (or a whole noise token)."""

    type: str  # NUMBER, SLASH, DASH, PIPE, or the noise token's type
    start_pos: int
    end_pos: int
    value: str


#: A cell written 无 (none) is a placeholder like "—": read as 0 and reported as written.
_CELL_RE = re.compile(
    r"(?P<NUMBER>[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)|(?P<SLASH>/)|(?P<DASH>[-—–]+|无)"
    r"|(?P<PIPE>\|)"
)


_new_item = tuple.__new__  # builds an _Item without the Python-level __new__ of NamedTuple


def _expand(items: list[Token]) -> list[_Item]:
    out: list[_Item] = []
    for tok in items:
        if tok.type == "CELLS":
            base = tok.start_pos
            for m in _CELL_RE.finditer(tok.value):
                kind = m.lastgroup or "NUMBER"
                out.append(_new_item(_Item, (kind, base + m.start(), base + m.end(), m.group())))
        else:
            out.append(_new_item(_Item, (tok.type, tok.start_pos, tok.end_pos, tok.value)))
    return out


def _value_cell(tok: _Item, region: _Region) -> Cell:
    return region.value_cell(tok.type, tok.value, tok.start_pos)


def _blank(region: _Region, pos: int) -> Cell:
    return Cell(0, "", "blank", region.point(pos))


def _empties_after(text: str, pos: int) -> int:
    """Empty tab-separated cells that end a line at ``pos`` (``0⇥⇥`` + line end: two)."""
    i = pos
    n = len(text)
    while i < n and text[i] in " \t\r\u3000":
        i += 1
    if i < n and text[i] != "\n":
        return 0  # more on this line: the whitespace separates, it is not a cell
    return text.count("\t", pos, i)


def _pipe_empties(text: str, pipes: list[int]) -> list[int]:
    """Empty Markdown cells: two pipes on one line with only whitespace between them."""
    return [
        a + 1 for a, b in pairwise(pipes) if "\n" not in text[a:b] and not text[a + 1 : b].strip()
    ]


#: Cells are mostly small numbers: their values by text (a lookup costs a fraction of int()).
_SMALL_INTS: dict[str, int] = {str(i): i for i in range(1000)}

_CELL_STOP = " \t\r\n|"
_JUNK_KINDS = frozenset({"TEXT", "CHAR"})
#: Row tokens that the cell loop does not simply pass over (before the values) or stop at (after)
_NOT_LAYOUT = frozenset({"CELLS", "TEXT", "CHAR"})
_UNITS = frozenset({"件", "个", "条", "项", "次", "人次", "元", "万元", "份", "家"})


def _junk_cell(
    text: str, seq: list[_Item], i: int, prev_end: int, started: bool, piped: bool, room: bool
) -> tuple[int, int, int] | None:
    """An unreadable cell (``abc``, ``1O9``) among the values of a row: a run of text between
    cell separators with a value after it on the same line, or ending a tab- or pipe-separated
    row that is short of cells. Returns the run and the index of the item after it, or None when
    the text is not a cell (a label's tail, a note)."""
    tok = seq[i]
    if tok.type not in _JUNK_KINDS:
        return None
    a = tok.start_pos
    while a > 0 and text[a - 1] not in _CELL_STOP:
        a -= 1
    b = tok.end_pos
    while b < len(text) and text[b] not in _CELL_STOP:
        b += 1
    if b - a > 12:
        return None
    if a < prev_end:
        # glued to what came before: only a value of this row may be swallowed, and then the
        # whole run is one unreadable cell whatever follows
        if not started or seq[i - 1].type not in VALUE_TYPES or seq[i - 1].end_pos != prev_end:
            return None
        j = i + 1
        while j < len(seq) and seq[j].start_pos < b:
            j += 1
        return a, b, j
    else:
        gap = text[prev_end:a]
        if "\n" in gap or (not started and "\t" not in gap and not piped):
            return None
    j = i + 1
    while j < len(seq) and seq[j].start_pos < b:
        j += 1
    k = j
    while k < len(seq) and seq[k].type == "PIPE":
        k += 1
    if k < len(seq) and seq[k].type in VALUE_TYPES and "\n" not in text[b : seq[k].start_pos]:
        return a, b, j
    # the last cell of a separated row: nothing else up to the line end
    line_end = text.find("\n", b)
    rest = text[b : len(text) if line_end < 0 else line_end]
    separated = piped or "\t" in text[prev_end:a] or text[a - 1 : a] == "|"
    if started and room and separated and not rest.strip(" \t\r|"):
        return a, b, j
    return None


def _read_cells(
    label_end: int, items: list[Token], region: _Region, expected: int
) -> tuple[list[Cell], int]:
    """Cells after a label (see the module docstring) and where the last one ends.

    Empty cells between two values are blanks. Empty cells before the first value or after the
    last one are usually layout (merged label columns, a table's unused columns), so they count
    as blanks only as far as the row would otherwise be short."""
    if not items:
        # a group header without cells: blanks only from tabs that end its line
        if expected <= 0:
            return [], label_end
        empties = min(_empties_after(region.text, label_end), expected)
        return [_blank(region, label_end + 1) for _ in range(empties)], label_end
    # the usual row: layout tokens (a column header, a section), one run of values without
    # pipes, then nothing or layout again; the loop below would skip the layout before the run
    # and stop at the layout after it, so the run alone is read
    k = 0
    count = len(items)
    while k < count and items[k].type not in _NOT_LAYOUT:
        k += 1
    if k == count:
        return [], label_end  # layout only (a group's column headers): no cell, no blank
    if (
        items[k].type == "CELLS"
        and "|" not in items[k].value
        and (k + 1 == count or items[k + 1].type not in _NOT_LAYOUT)
    ):
        start = items[k - 1].end_pos if k else label_end
        plain = _read_plain_cells(start, items[k], region, expected)
        if plain is not None:
            return plain
    text = region.text
    cells: list[Cell] = []
    leading: list[int] = []
    trailing: list[int] = []
    prev_end = label_end
    pipes: list[int] = []  # positions of pipes since the previous value (or the label)
    started = False
    end = label_end
    seq = _expand(items)
    i = 0
    while i < len(seq):
        tok = seq[i]
        kind = tok.type
        if kind == "PIPE":
            pipes.append(tok.start_pos)
            i += 1
            continue
        junk = None
        if kind in _JUNK_KINDS and started and tok.start_pos == prev_end and tok.value in _UNITS:
            # a unit written after the number (12件, 3.5万元): the number stands
            prev_end = tok.end_pos
            i += 1
            continue
        if kind not in VALUE_TYPES:
            room = len(cells) < expected
            junk = _junk_cell(text, seq, i, prev_end, started, bool(pipes), room)
            if junk is None:
                if started:
                    break
                prev_end = tok.end_pos
                pipes = []
                i += 1
                continue
        start_pos = junk[0] if junk else tok.start_pos
        if junk and junk[0] < prev_end:
            # the junk run swallows the value before it ("1O9"): one unreadable cell
            cells.pop()
            prev_end = junk[0]
        if pipes:
            empties = _pipe_empties(text, pipes)
        elif start_pos - prev_end < 2:
            empties = []  # the usual single separator
        else:
            gap = text[prev_end:start_pos]
            if "\n" not in gap:
                empties = [prev_end + 1] * max(0, gap.count("\t") - 1)
            else:
                empties = []
        if started:
            cells.extend(_blank(region, p) for p in empties)
        else:
            leading = empties
        if junk:
            a, b, i = junk
            cells.append(Cell(None, text[a:b], "invalid", region.span(a, b)))
            prev_end = end = b
        else:
            cells.append(_value_cell(tok, region))
            prev_end = end = tok.end_pos
            i += 1
        started = True
        pipes = []
    if started or prev_end == label_end:
        if pipes:
            same_line = [p for p in pipes if "\n" not in text[prev_end:p]]
            trailing = _pipe_empties(text, same_line)
        else:
            trailing = [prev_end + 1] * _empties_after(text, prev_end)
    short = expected - len(cells)
    if short > 0 and leading:
        take = leading[-short:]
        cells[0:0] = [_blank(region, p) for p in take]
        short -= len(take)
    if short > 0 and trailing:
        cells.extend(_blank(region, p) for p in trailing[:short])
    return cells, end


def _spaced_cells(cells: list[Cell], run: str, start: int, region: _Region) -> bool:
    """Append the cells of ``run``, at normalised ``start``, when it is plain numbers one space
    apart that map one for one to a single source line (then each number's span is the first
    one's shifted); False, and nothing appended, otherwise."""
    pieces = run.split(" ")
    if not all(map(str.isdecimal, pieces)) or (len(run) > 19 and max(map(len, pieces)) > 19):
        return False  # not plain numbers one space apart (longer ones go to value_cell)
    line = region.line_run(start, start + len(run))
    if line is None:
        return False
    delta, number, line_start = line
    o = start + delta
    c = o - line_start + 1
    small = _SMALL_INTS.get
    append = cells.append
    for raw in pieces:
        n = len(raw)
        cell_value = small(raw)
        if cell_value is None:
            cell_value = int(raw)
        append(Cell(cell_value, raw, "ok", Span(o, o + n, number, c, number, c + n)))
        o += n + 1
        c += n + 1
    return True


def _read_plain_cells(
    label_end: int, tok: Token, region: _Region, expected: int
) -> tuple[list[Cell], int] | None:
    """:func:`_read_cells` for the usual row: one run of values without pipes after the label
    (so no unreadable cell, unit or Markdown empty cell to look for). None when the run holds
    no value."""
    text = region.text
    cells: list[Cell] = []
    base = tok.start_pos
    value = tok.value
    inner = value.strip()
    lead = value.index(inner[:1])
    if "\t" not in text[label_end : base + lead]:
        # the usual row: plain numbers one space apart, on one line or wrapped over a few; no
        # tab, so no empty cell among them (only tabs make one)
        if "\n" not in inner:
            spaced = _spaced_cells(cells, inner, base + lead, region)
        else:
            spaced = True
            pos = base + lead
            for part in inner.split("\n"):
                run = part.strip(" ")
                if run and not _spaced_cells(cells, run, pos + part.index(run), region):
                    spaced = False
                    cells = []
                    break
                pos += len(part) + 1
        if spaced:
            prev_end = base + lead + len(inner)
            short = expected - len(cells)
            if short > 0:
                trailing = _empties_after(text, prev_end)
                if trailing:
                    cells.extend(_blank(region, prev_end + 1) for _ in range(min(trailing, short)))
            return cells, prev_end
    value_cell = region.value_cell
    leading: list[int] = []
    prev_end = label_end
    # most runs sit on one line and map one for one to the source: then every cell's span
    # follows from the first one's by addition
    line = region.line_run(base + lead, base + lead + len(inner))
    fast = line is not None
    delta, number, column_shift = 0, 0, 0
    if line is not None:
        delta, number, line_start = line
        column_shift = delta - line_start + 1
    append = cells.append
    pieces = value.split()
    found: list[tuple[int, str, str | None]]
    if all(map(str.isdecimal, pieces)):
        # only whitespace-separated plain numbers (the usual row): each piece is one NUMBER,
        # found by index() faster than by the regex
        found = []
        pos = 0
        for raw in pieces:
            pos = value.index(raw, pos)
            found.append((pos, raw, "NUMBER"))
            pos += len(raw)
    else:
        found = [(m.start(), m.group(), m.lastgroup) for m in _CELL_RE.finditer(value)]
    for i, raw, kind in found:
        j = i + len(raw)
        start = base + i
        if start - prev_end >= 2:
            gap = text[prev_end:start]
            if "\n" not in gap:
                empties = gap.count("\t") - 1
                if empties > 0:
                    if cells:
                        cells.extend(_blank(region, prev_end + 1) for _ in range(empties))
                    else:
                        leading = [prev_end + 1] * empties
        if fast and j - i < 20 and raw.isdecimal():  # a plain number (NUMBER)
            o = start + delta
            column = start + column_shift
            append(
                Cell(
                    int(raw), raw, "ok", Span(o, o + j - i, number, column, number, column + j - i)
                )
            )
        else:
            append(value_cell(kind or "NUMBER", raw, start))
        prev_end = base + j
    if not cells:
        return None
    short = expected - len(cells)
    if short > 0 and leading:
        take = leading[-short:]
        cells[0:0] = [_blank(region, p) for p in take]
        short -= len(take)
    if short > 0:
        trailing = _empties_after(text, prev_end)
        if trailing:
            cells.extend(_blank(region, prev_end + 1) for _ in range(min(trailing, short)))
    return cells, prev_end


def _missing() -> Cell:
    return Cell(None, "", "missing", None)


def _make_row(
    key: str, raw: _RawRow, region: _Region, expected: int, cells: list[Cell] | None = None
) -> Row:
    got = raw.cells if cells is None else cells
    read = len(got)
    main: tuple[Cell, ...]
    extra: tuple[Cell, ...] = ()
    if read == expected:
        main = tuple(got)
    elif read > expected:
        main = tuple(got[:expected])
        extra = tuple(got[expected:])
    else:
        main = (*got, *(_missing() for _ in range(expected - read)))
    label = raw.label
    label_text = ""
    label_span = None
    if label is not None:
        label_end = raw.label_end if raw.label_end is not None else label.end_pos
        label_text = "".join(region.text[label.start_pos : label_end].split())
        label_span = region.span(label.start_pos, label_end)
    return Row(
        key=key,
        label=label_text,
        label_span=label_span,
        cells=main,
        extra=extra,
        read_count=read,
    )


def _tokens(tree: Tree) -> tuple[list[Token], list[_RawRow]]:
    lead: list[Token] = []
    rows: list[_RawRow] = []
    for child in tree.children:
        if isinstance(child, Token):
            lead.append(child)
        else:
            # a row or group holds only tokens (its label, then what follows it)
            toks = child.children
            if toks:
                rows.append(_RawRow(toks[0], toks[1:]))  # type: ignore[arg-type]
    return lead, rows


def _span_bounds(lead: list[Token], rows: list[_RawRow]) -> tuple[int, int] | None:
    start = None
    for tok in lead:
        if tok.type in _STRUCTURAL:
            start = tok.start_pos
            break
    if start is None and rows and rows[0].label is not None:
        start = rows[0].label.start_pos
    if start is None:
        return None
    end = start
    for row in rows:
        label = row.label
        if label is not None and label.end_pos > end:
            end = label.end_pos
        if row.end > end:
            end = row.end
    return start, end


@dataclass
class ParsedTable:
    """A table and the tree it came from (for ``parse --format tree``)."""

    table: Table
    tree: Tree
    #: source range of the table, to keep its lines out of the paragraphs
    start: int
    end: int


def _parse_region(
    name: str, source: SourceText, start: int, end: int, folded: str | None
) -> tuple[_Region, Tree] | None:
    if folded is None:
        norm, offsets = normalize_table(source.text, start, end)
    else:
        norm, offsets = normalize_table(folded, start, end, folded=True)
    if not norm or norm.isspace():
        return None
    try:
        tree = parser(name).parse(norm)
    except Exception:  # the grammar is total; this is a last defence
        return None
    return _Region(source, norm, offsets), tree


class _Read(NamedTuple):
    """A table region as parsed: its tree, the tokens before the first row label, the rows."""

    region: _Region
    tree: Tree
    lead: list[Token]
    rows: list[_RawRow]


def _read_region(
    grammar: str, source: SourceText, start: int, end: int, folded: str | None
) -> _Read | None:
    """The region parsed with ``grammar``; None when it holds no row label."""
    parsed = _parse_region(grammar, source, start, end, folded)
    if parsed is None:
        return None
    region, tree = parsed
    lead, raw_rows = _tokens(tree)
    if not raw_rows:
        return None
    return _Read(region, tree, lead, raw_rows)


def _read_row_cells(read: _Read, expected: int, by_label: dict[str, int] | None = None) -> None:
    """Read the cells of every row: ``expected`` of them, or as many as ``by_label`` gives for
    the row's label terminal."""
    region = read.region
    for raw in read.rows:
        assert raw.label is not None
        width = expected if by_label is None else by_label.get(raw.label.type, expected)
        raw.cells, raw.end = _read_cells(raw.label.end_pos, raw.items, region, width)


def _first_with_cells(rows: list[_RawRow], mapping: dict[str, str]) -> dict[str, _RawRow]:
    """The first occurrence of each label, preferring one that has cells."""
    chosen: dict[str, _RawRow] = {}
    keys = set(mapping.values())
    for row in rows:
        key = row.key
        if key is None and row.label is not None:
            key = mapping.get(row.label.type)
        if key is None or key not in keys:
            continue
        prior = chosen.get(key)
        if prior is None or (not prior.cells and row.cells):
            chosen[key] = row
    return chosen


_OLD_LABELS = frozenset(OLD_FORMAT_LABELS)
_OLD_LABEL_MIN = min(map(len, OLD_FORMAT_LABELS))
#: Any old label with whitespace anywhere inside it: a token is compared with its whitespace
#: removed, so a region this does not match in holds no old label.
_OLD_LABEL_RE = re.compile("|".join(r"\s*".join(map(re.escape, t)) for t in OLD_FORMAT_LABELS))


def _leaves(tree: Tree) -> Iterator[Token]:
    """The tokens of a tree in order (as ``Tree.scan_values`` without a predicate)."""
    for child in tree.children:
        if isinstance(child, Tree):
            yield from _leaves(child)
        else:
            yield child


def _old_labels(region: _Region, tree: Tree) -> tuple[tuple[str, object], ...]:
    if _OLD_LABEL_RE.search(region.text) is None:
        return ()  # no token can read as an old label: spare the walk over every token
    found = []
    for tok in _leaves(tree):
        if tok.type == "CELLS" or len(tok) < _OLD_LABEL_MIN:
            continue  # a run of cells is never a label, nor is a shorter token
        text = "".join(str(tok).split())
        if text in _OLD_LABELS:
            found.append((text, region.span(tok.start_pos, tok.end_pos)))
    return tuple(found)


def _finish(
    read: _Read,
    kind: str,
    fmt: FormatName,
    columns: tuple[str, ...],
    rows: dict[str, Row],
    required: tuple[str, ...],
    subtotals: dict[str, Row] | None = None,
) -> ParsedTable | None:
    """The table of ``rows``, or None when it has none (or no extent in the region)."""
    if not rows:
        return None
    bounds = _span_bounds(read.lead, read.rows)
    if bounds is None:
        return None
    start, end = bounds
    region = read.region
    table = Table(
        kind=kind,  # type: ignore[arg-type]
        format=fmt,
        columns=columns,
        rows=rows,
        span=region.span(start, end),
        missing_rows=tuple(k for k in required if k not in rows),
        subtotals=subtotals or {},
        old_format_labels=_old_labels(region, read.tree),  # type: ignore[arg-type]
    )
    return ParsedTable(
        table, read.tree, region.offsets.to_original(start), region.offsets.to_original_end(end)
    )


_LEAVES: dict[str, tuple[str, ...]] = {
    group: tuple(k for k in APPLICATION_ROW_KEYS if k.startswith(group + "."))
    for group in APPLICATION_GROUP_TERMINALS.values()
}


def _numbered_rows(rows: list[_RawRow]) -> None:
    """Give a key to rows whose label text was not recognised but whose item number was
    (``2.其他法律行政止公开``): the item number inside the current group names the row."""
    group: str | None = None
    for row in rows:
        label = row.label
        if label is None:
            continue
        kind = label.type
        if kind in APPLICATION_GROUP_TERMINALS:
            group = APPLICATION_GROUP_TERMINALS[kind]
            continue
        if kind in APPLICATION_TERMINALS:
            key = APPLICATION_TERMINALS[kind]
            group = key.partition(".")[0] if "." in key else None
            continue
        if kind != "ITEM_NO" or group not in _LEAVES:
            continue
        digits = "".join(c for c in str(label) if c.isdigit())
        leaves = _LEAVES[group]
        number = int(digits) if digits else 0
        if 1 <= number <= len(leaves):
            row.key = leaves[number - 1]
            texts = []
            for tok in row.items:
                if tok.type not in ("TEXT", "CHAR"):
                    break
                texts.append(tok)
            if texts:
                row.label_end = texts[-1].end_pos


def parse_applications(
    source: SourceText, start: int, end: int, folded: str | None = None
) -> ParsedTable | None:
    """Table 三 in the source range ``[start, end)``, or None when it has no row label.
    ``folded``: the source text already folded, if the caller has it."""
    read = _read_region("table_applications", source, start, end, folded)
    if read is None:
        return None
    region, raw_rows = read.region, read.rows
    n = len(APPLICANT_COLUMNS)
    _read_row_cells(read, n)
    _numbered_rows(raw_rows)
    chosen = _first_with_cells(raw_rows, APPLICATION_TERMINALS)
    if not chosen:
        return None
    rows = {k: _make_row(k, chosen[k], region, n) for k in APPLICATION_ROW_KEYS if k in chosen}
    groups = _first_with_cells(raw_rows, APPLICATION_GROUP_TERMINALS)
    subtotals = {
        key: _make_row(key, raw, region, n)
        for key, raw in groups.items()
        if any(c.status != "blank" for c in raw.cells)
    }
    fmt: FormatName = "2021"
    required = APPLICATION_ROW_KEYS
    other_leaves = [k for k in rows if k.startswith("other.")]
    if "other" in subtotals and not other_leaves:
        # 2019 trial format: （六）其他处理 is one row with numbers and no items
        fmt = "2019"
        required = tuple(k for k in APPLICATION_ROW_KEYS if not k.startswith("other."))
    return _finish(read, "applications", fmt, APPLICANT_COLUMNS, rows, required, subtotals)


def parse_disclosure(
    source: SourceText, start: int, end: int, folded: str | None = None
) -> ParsedTable | None:
    """Table 二 in ``[start, end)`` (2021 or 2019 format), or None without any row label.
    ``folded``: the source text already folded, if the caller has it."""
    read = _read_region("table_disclosure", source, start, end, folded)
    if read is None:
        return None
    raw_rows = read.rows
    old = any(t.type == "OLD_HEADER" for t in read.lead) or any(
        r.label is not None
        and (
            r.label.type in ("NORMATIVE_DOCUMENTS_2019", "OTHER_SERVICES", "PROCUREMENT")
            or any(t.type == "OLD_HEADER" for t in r.items)
        )
        for r in raw_rows
    )
    mapping = dict(DISCLOSURE_TERMINALS)
    if not old:
        mapping["FEES"] = "fees_10k_yuan"
    spec = DISCLOSURE_2019_ROWS if old else tuple(DISCLOSURE_ROWS)
    # a row of this format's table has its own number of cells; any other row label, one
    widths = {k: n for k, _, n in spec}
    _read_row_cells(read, 1, {t: widths.get(k, 1) for t, k in mapping.items()})
    chosen = _first_with_cells(raw_rows, mapping)
    rows = {k: _make_row(k, chosen[k], read.region, n) for k, _, n in spec if k in chosen}
    required = tuple(k for k, _, _ in spec)
    return _finish(read, "disclosure", "2019" if old else "2021", (), rows, required)


def parse_review(
    source: SourceText, start: int, end: int, folded: str | None = None
) -> ParsedTable | None:
    """Table 四 in ``[start, end)``, or None when neither its header nor its numbers are there.
    ``folded``: the source text already folded, if the caller has it."""
    read = _read_region("table_review", source, start, end, folded)
    if read is None:
        return None
    region = read.region
    width = len(REVIEW_COLUMNS)
    _read_row_cells(read, width * 3)

    keys = [k for k, _ in REVIEW_GROUPS]
    # a group header followed by empty cells (tab or Markdown layout) has no cells of its own
    with_cells = [r for r in read.rows if any(c.status != "blank" for c in r.cells)]
    rows: dict[str, Row] = {}
    if len(with_cells) == 1 and len(with_cells[0].cells) > width:
        # the official layout: one row of 15 numbers under the two-level header
        only = with_cells[0]
        cells = only.cells
        for i, key in enumerate(keys):
            part = cells[i * width : (i + 1) * width]
            if i == len(keys) - 1:
                part = cells[i * width :]
            row = _make_row(key, _RawRow(None, []), region, width, part)
            rows[key] = row
    else:
        chosen = _first_with_cells(with_cells, REVIEW_TERMINALS)
        for key in keys:
            if key in chosen:
                rows[key] = _make_row(key, chosen[key], region, width)
    return _finish(read, "review_litigation", "2021", REVIEW_COLUMNS, rows, tuple(keys))
