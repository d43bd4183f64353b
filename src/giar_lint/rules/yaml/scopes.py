"""Scopes of pattern checks: which text of a report a pattern is matched against, and how a
match maps back to the file.

Patterns see the normalised paragraph text (wrapped lines re-joined, full-width ASCII folded to
half-width). By default all whitespace is removed as well, so a citation split over lines or
pages (``国办函\\n\\n〔2020〕109 号``) or spaced (``109 号``) still matches ``国办函〔2020〕109号``;
positions are kept so every match maps back to its exact place in the file.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right

from giar_lint.model.catalogue import CN_NUMERALS, PART_BY_KEY
from giar_lint.model.report import Paragraph, Report
from giar_lint.model.source import Span
from giar_lint.rules.yaml.records import MutableRecord, Record

SCOPE_NAMES = ("document", "title", "preamble")


class ScopeSpec(Record):
    """Which text of a report a pattern check looks at."""

    _fields = ("kind", "parts")
    kind: str  # document | title | preamble | part
    parts: tuple[str, ...]

    def __init__(self, kind: str, parts: tuple[str, ...] = ()) -> None:
        self.__dict__.update(kind=kind, parts=parts)

    def describe(self) -> str:
        if self.kind == "document":
            return "全文"
        if self.kind == "title":
            return "标题"
        if self.kind == "preamble":
            return "正文开头"
        return "、".join(part_name(k) for k in self.parts)


def part_name(key: str) -> str:
    spec = PART_BY_KEY[key]
    return f"第{CN_NUMERALS[spec.number - 1]}部分“{spec.template}”"


class Unit(Record):
    """One piece of text (a paragraph or the title) with its map to original offsets."""

    _fields = ("text", "paragraph", "span", "exact", "positions")
    text: str
    paragraph: Paragraph | None
    span: Span  # the whole unit
    #: False when positions inside the text cannot be mapped one for one (then any match maps
    #: to the whole unit)
    exact: bool
    #: for a unit without a paragraph: the original offset of each character of ``text``
    positions: tuple[int, ...] | None

    def __init__(
        self,
        text: str,
        paragraph: Paragraph | None,
        span: Span,
        exact: bool = True,
        positions: tuple[int, ...] | None = None,
    ) -> None:
        self.__dict__.update(
            text=text, paragraph=paragraph, span=span, exact=exact, positions=positions
        )

    def original(self, index: int) -> int:
        if self.paragraph is not None:
            return self.paragraph.offsets.to_original(index)
        if not self.exact or not self.positions:
            return self.span.start
        return self.positions[min(max(index, 0), len(self.positions) - 1)]

    def original_end(self, end: int) -> int:
        if self.paragraph is not None:
            return self.paragraph.offsets.to_original_end(end)
        if not self.exact or not self.positions:
            return self.span.end
        return self.positions[min(max(end - 1, 0), len(self.positions) - 1)] + 1


class ScopeText(MutableRecord):
    """The units of a scope compacted (whitespace removed) and joined, with maps back.

    One is built per report, scope and whitespace mode and shared by every rule that asks for
    it (see :func:`scope_text`), so it must not be changed once built."""

    _fields = ("report", "units", "compact", "index", "starts", "joined", "anchor")

    def __init__(
        self,
        report: Report,
        units: list[Unit],
        compact: list[str],
        index: list[list[int] | None],
        starts: list[int],
        joined: str,
        anchor: Span,
    ) -> None:
        self.report = report
        self.units = units
        self.compact = compact
        #: per unit: compact position → unit text position; ``None`` until a match needs it
        #: (most units never hold a match, and building the map is the costly part)
        self.index = index
        self.starts = starts  # start of each unit in ``joined``
        self.joined = joined
        self.anchor = anchor

    def span(self, start: int, end: int) -> Span:
        """Source span of ``joined[start:end]``."""
        u1 = bisect_right(self.starts, start) - 1
        u2 = bisect_right(self.starts, max(start, end - 1)) - 1
        return self.unit_span(u1, start - self.starts[u1], u2, end - self.starts[u2])

    def unit_index(self, u: int) -> list[int]:
        """Compact position → unit text position, for unit ``u``."""
        index = self.index[u]
        if index is None:
            text = self.units[u].text
            if len(text) == len(self.compact[u]):  # nothing was removed
                index = list(range(len(text)))
            else:
                index = [i for i, ch in enumerate(text) if not ch.isspace()]
            self.index[u] = index
        return index

    def unit_span(self, u1: int, start: int, u2: int, end: int) -> Span:
        """Source span from compact position ``start`` of unit ``u1`` to compact position
        ``end`` (exclusive) of unit ``u2``."""
        first, last = self.units[u1], self.units[u2]
        index1, index2 = self.unit_index(u1), self.unit_index(u2)
        if not index1 or not index2:
            return first.span
        a = first.original(index1[min(start, len(index1) - 1)])
        b = last.original_end(index2[min(max(end - 1, 0), len(index2) - 1)] + 1)
        return self.report.source.span(a, max(a, b))


def _compact(text: str, keep_whitespace: bool) -> str:
    # str.split() splits at whitespace as str.isspace sees it, the set ``\s`` of a str pattern
    # matches; it removes whitespace several times faster than ``re.sub(r"\s+", "", text)``.
    if keep_whitespace:
        return text
    return "".join(text.split())


def _title_unit(report: Report) -> Unit | None:
    title = report.title
    if title is None:
        return None
    positions = _align(title.text, report.source.text, title.span.start, title.span.end)
    if positions is not None:
        return Unit(title.text, None, title.span, positions=positions)
    # The title could not be aligned with the file (an unusual normalisation): matches are
    # reported on the whole title.
    return Unit(title.text, None, title.span, exact=False)


def _align(text: str, source: str, start: int, end: int) -> tuple[int, ...] | None:
    """Original offsets of the characters of ``text``, a normalised copy of
    ``source[start:end]`` (whitespace dropped, full-width ASCII folded), or None."""
    out: list[int] = []
    j = start
    for ch in text:
        while j < end and source[j] != ch and source[j].isspace():
            j += 1
        if j >= end:
            return None
        original = source[j]
        if original != ch and unicodedata.normalize("NFKC", original) != ch:
            return None
        out.append(j)
        j += 1
    return tuple(out)


# The scope texts of the report checked last: every pattern rule over the same scope shares one
# (a report is checked by all rules before the next one starts). Held with the report itself,
# so an identity test is safe.
_memo: tuple[Report, dict[tuple[str, tuple[str, ...], bool], ScopeText | None]] | None = None


def scope_text(report: Report, scope: ScopeSpec, keep_whitespace: bool = False) -> ScopeText | None:
    """The text of ``scope`` in ``report``, or None when the scope is absent (no such part, no
    title). The result is shared between callers: read it, never change it."""
    global _memo
    memo = _memo
    if memo is None or memo[0] is not report:
        memo = (report, {})
        _memo = memo
    # the fields of the scope rather than the scope itself: hashing a Record is much slower
    key = (scope.kind, scope.parts, keep_whitespace)
    cache = memo[1]
    if key in cache:
        return cache[key]
    text = _scope_text(report, scope, keep_whitespace)
    cache[key] = text
    return text


def _scope_text(report: Report, scope: ScopeSpec, keep_whitespace: bool) -> ScopeText | None:
    units: list[Unit] = []
    anchor: Span | None = None
    if scope.kind == "title":
        unit = _title_unit(report)
        if unit is None or report.title is None:
            return None
        units.append(unit)
        anchor = report.title.span
    elif scope.kind == "preamble":
        units.extend(Unit(p.text, p, p.span) for p in report.preamble)
        if report.preamble:
            anchor = report.preamble[0].span
        elif report.title is not None:
            anchor = report.title.span
        else:
            return None
    elif scope.kind == "document":
        units.extend(Unit(p.text, p, p.span) for p in report.paragraphs)
        if report.title is not None:
            anchor = report.title.span
        elif units:
            anchor = units[0].span
        else:
            anchor = report.source.span(0, 0)
    else:
        parts = [p for p in report.parts if p.key in scope.parts]
        if not parts:
            return None
        anchor = parts[0].heading_span
        for part in parts:
            units.extend(Unit(p.text, p, p.span) for p in part.paragraphs)
    compact: list[str] = []
    starts: list[int] = []
    pos = 0
    step = 1 if keep_whitespace else 0
    for unit in units:
        text = _compact(unit.text, keep_whitespace)
        starts.append(pos)
        compact.append(text)
        pos += len(text) + step
    index: list[list[int] | None] = [None] * len(units)
    joiner = "\n" if keep_whitespace else ""
    return ScopeText(report, units, compact, index, starts, joiner.join(compact), anchor)
