"""The typed report model: the only thing rules see.

Everything is an immutable dataclass. Every element that a finding can point at carries a
:class:`~giar_lint.model.source.Span` into the user's original file. The model records facts,
including structural problems (a missing part, a row with six numbers, a blank cell); it never
decides whether they are errors: that is the rules' job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from giar_lint.model.offsets import OffsetMap
from giar_lint.model.source import SourceText, Span

#: Table format in force: the 2021 format (国办公开办函〔2021〕30号) or the 2019 trial format
#: (国办公开办函〔2019〕60号). "2007" marks a report in the 2007 条例 layout (not checked further).
FormatName = Literal["2021", "2019", "2007", "unknown"]

#: How a cell reads. ``ok`` has a value; ``blank``/``slash``/``dash`` are read as 0 for arithmetic
#: but reported; ``negative`` has a (negative) value; ``invalid`` and ``missing`` have none.
CellStatus = Literal["ok", "blank", "slash", "dash", "negative", "invalid", "missing"]

#: Numbering style of a sub-heading: ``paren`` （一）/(一), ``paren_arabic`` （1）, ``shi`` 一是,
#: ``dun`` 一、 (the part-level style, wrong inside a part), ``arabic`` 1. / 1、
NumberingStyle = Literal["paren", "paren_arabic", "shi", "dun", "arabic"]


@dataclass(frozen=True)
class ReadingProblem:
    """Something that stopped the input from being read as a report (reported as E001) or a
    table from being read (reported by the T2xx rules)."""

    kind: str  # "binary", "empty", "undecodable", "unusable-pdf", "missing-extra", ...
    message: str  # Chinese, one line
    span: Span | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph with its wrapped lines re-joined.

    ``text`` is normalised (wrapped line ends and whitespace inside CJK runs removed, full-width
    ASCII folded to half-width); :meth:`span_of` maps a range of ``text`` back to the file."""

    text: str
    span: Span
    offsets: OffsetMap = field(repr=False, compare=False)
    source: SourceText = field(repr=False, compare=False)

    def span_of(self, start: int, end: int) -> Span:
        """Source span of ``text[start:end]``."""
        return self.source.span(self.offsets.to_original(start), self.offsets.to_original_end(end))


@dataclass(frozen=True)
class SubHeading:
    """A numbered sub-heading inside a part (``（一）``, ``1.``)."""

    text: str  # the whole heading line, normalised
    numeral: str  # as written: "一", "1"
    number: int  # numeric value of the numeral
    style: NumberingStyle
    span: Span


@dataclass(frozen=True)
class Part:
    """One of the six parts, identified by its title text."""

    key: str  # overview | disclosure | applications | review | problems | other
    number: int  # 1..6, the catalogue position of ``key``
    numeral: str | None  # the numeral as written in the heading ("一", "第一部分"), if any
    title: str  # the title as written, normalised, without numeral and trailing 。
    title_kind: Literal["template", "variant", "nonstandard"]
    heading_span: Span
    body_span: Span
    subheadings: tuple[SubHeading, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def line(self) -> int:
        return self.heading_span.line

    @property
    def text(self) -> str:
        """The normalised text of the part's paragraphs, joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Cell:
    """One cell of a table row: its value, the text as read, and how it was read."""

    value: int | Decimal | None
    raw: str
    status: CellStatus
    span: Span | None  # None only for a ``missing`` cell


@dataclass(frozen=True)
class Row:
    """One row of a table, with one cell per column."""

    key: str  # e.g. "new", "withheld.state_secret", "review", "regulations"
    label: str  # the label as read, normalised
    label_span: Span | None
    cells: tuple[Cell, ...]  # exactly as many as the table has columns (``missing`` pads)
    extra: tuple[Cell, ...] = ()  # numbers beyond the expected column count
    read_count: int = 0  # how many cells were actually present in the text

    @property
    def values(self) -> tuple[int | Decimal | None, ...]:
        return tuple(c.value for c in self.cells)


@dataclass(frozen=True)
class Table:
    """Table 二 (``disclosure``), 三 (``applications``) or 四 (``review_litigation``)."""

    kind: Literal["disclosure", "applications", "review_litigation"]
    format: FormatName
    columns: tuple[str, ...]  # column keys (applications, review_litigation), else ()
    rows: dict[str, Row]  # in table order; a missing row is absent
    span: Span
    missing_rows: tuple[str, ...] = ()  # keys of required rows not found
    #: numbers written on a group label that normally carries none (e.g. （三）不予公开 with a row
    #: of numbers): a report's own subtotal, keyed by group ("withheld", "unavailable", ...)
    subtotals: dict[str, Row] = field(default_factory=dict)
    #: 2019 trial-format labels found in this table, with where they are
    old_format_labels: tuple[tuple[str, Span], ...] = ()

    def row(self, key: str) -> Row | None:
        return self.rows.get(key)


@dataclass(frozen=True)
class Title:
    """The report's title line, with the body and year read from it."""

    text: str
    agency: str | None
    year: int | None
    span: Span
    year_span: Span | None = None
    agency_span: Span | None = None


@dataclass(frozen=True)
class Tables:
    """The three statistical tables of a report (``None`` for one not found)."""

    disclosure: Table | None = None
    applications: Table | None = None
    review_litigation: Table | None = None

    def __iter__(self) -> Iterator[Table]:
        return iter(t for t in (self.disclosure, self.applications, self.review_litigation) if t)


@dataclass(frozen=True)
class Report:
    """A parsed report: its text, title, parts and tables."""

    source: SourceText
    title: Title | None
    format: FormatName
    parts: tuple[Part, ...]  # in document order; a duplicated heading appears twice
    preamble: tuple[Paragraph, ...]  # paragraphs before the first part heading
    tables: Tables
    problems: tuple[ReadingProblem, ...] = ()
    #: for formats whose text was extracted (PDF), the page of each source line (1-based)
    page_of_line: tuple[int, ...] | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def agency(self) -> str | None:
        return self.title.agency if self.title else None

    @property
    def year(self) -> int | None:
        return self.title.year if self.title else None

    @property
    def readable(self) -> bool:
        """False when the input could not be read as text at all (E001)."""
        return not any(p.kind in UNREADABLE_KINDS for p in self.problems)

    def parts_by_key(self, key: str) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.key == key)

    def part(self, key: str) -> Part | None:
        """The first part with ``key``, or None."""
        for p in self.parts:
            if p.key == key:
                return p
        return None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """All paragraphs in document order (preamble first)."""
        out = list(self.preamble)
        for p in self.parts:
            out.extend(p.paragraphs)
        return tuple(out)


UNREADABLE_KINDS = frozenset(
    {"binary", "empty", "undecodable", "unusable-pdf", "missing-extra", "io-error", "unreadable"}
)
