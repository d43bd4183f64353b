"""Inline suppression comments for Markdown reports.

A Markdown report can silence findings with HTML comments, which Markdown renderers do not show::

    <!-- giar-lint: disable=C501,R601 -->     from here on (until enable or end of file)
    <!-- giar-lint: enable=C501 -->           ends the region for C501
    <!-- giar-lint: disable -->               every code (``enable`` without codes ends it)
    <!-- giar-lint: disable-next-line=S106 -->  only findings that start on the next non-blank line

A code may be a prefix, as on the command line (``A3`` silences A301…A304). A region starts at
the comment itself: a finding is silenced when it *starts* inside the region. For each finding the
last ``disable``/``enable`` comment before it that concerns its code decides, so ``enable=C501``
after a bare ``disable`` keeps every other code silenced.

Plain-text reports are published as they are, so comments would end up in the published text:
use a baseline (:mod:`giar_lint.baseline`) for them. :func:`apply_suppressions` therefore only
acts on Markdown files; :func:`filter_suppressed` acts on any text it is given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from giar_lint.diagnostics import Diagnostic
from giar_lint.model.source import line_starts

__all__ = [
    "MARKDOWN_SUFFIXES",
    "Directive",
    "apply_suppressions",
    "filter_suppressed",
    "is_markdown",
    "parse_directives",
]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

_DIRECTIVE = re.compile(
    r"<!--\s*giar-lint\s*:\s*"
    r"(?P<action>disable-next-line|disable|enable)"
    r"(?:\s*=\s*(?P<codes>[A-Za-z0-9_,\s]*?))?"
    r"\s*-->"
)
#: All codes: represented as the empty prefix, which every code starts with.
_ALL: tuple[str, ...] = ("",)


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``<!-- giar-lint: ... -->`` comment."""

    action: str  # "disable", "enable" or "disable-next-line"
    codes: tuple[str, ...]  # upper-case codes or prefixes; ("",) means every code
    start: int  # character offset of ``<!--``
    end: int  # character offset just past ``-->``
    line: int  # 1-based line of ``<!--``


def is_markdown(path: str | PurePath) -> bool:
    """Whether inline suppression comments are honoured for this file."""
    return PurePath(str(path)).suffix.lower() in MARKDOWN_SUFFIXES


def _fenced_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks, where a comment is literal text."""
    ranges: list[tuple[int, int]] = []
    fence: str | None = None
    block_start = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        if fence is None:
            m = re.match(r"(`{3,}|~{3,})", stripped)
            if m and len(line) - len(stripped) <= 3:
                fence = m.group(1)
                block_start = pos
        elif stripped.rstrip().startswith(fence) and set(stripped.strip()) <= set(fence[0]):
            ranges.append((block_start, pos + len(line)))
            fence = None
        pos += len(line)
    if fence is not None:
        ranges.append((block_start, pos))
    return ranges


def parse_directives(text: str) -> list[Directive]:
    """Every suppression comment in ``text``, in order (comments inside fenced code blocks are
    text, not directives)."""
    if "giar-lint" not in text:
        return []
    starts = line_starts(text)
    fenced = _fenced_ranges(text)
    out: list[Directive] = []
    for m in _DIRECTIVE.finditer(text):
        if any(a <= m.start() < b for a, b in fenced):
            continue
        raw = m.group("codes")
        codes = tuple(c.strip().upper() for c in (raw or "").split(",") if c.strip())
        line = bisect_right(starts, m.start())
        out.append(Directive(m.group("action"), codes or _ALL, m.start(), m.end(), line))
    return out


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _next_content_line(text: str, starts: Sequence[int], directive: Directive) -> int | None:
    """The 1-based number of the first non-blank line after the directive's own line that is not
    itself only a suppression comment."""
    line = bisect_right(starts, directive.end - 1)  # the line the comment ends on
    while line < len(starts):
        begin = starts[line]
        finish = starts[line + 1] if line + 1 < len(starts) else len(text)
        content = _DIRECTIVE.sub("", text[begin:finish]).strip()
        line += 1
        if content:
            return line
    return None


def _region_silences(regions: Sequence[Directive], count: int, code: str) -> bool:
    """Whether the last of the first ``count`` disable/enable comments that concerns ``code``
    is a ``disable``."""
    for d in reversed(regions[:count]):
        if _matches(code, d.codes):
            return d.action == "disable"
    return False


def filter_suppressed(text: str, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings of ``text`` that no suppression comment in it silences (order kept).

    Spans of ``diagnostics`` must refer to ``text`` (for a Markdown file, the file itself).
    """
    diagnostics = list(diagnostics)
    directives = parse_directives(text)
    if not directives or not diagnostics:
        return diagnostics

    starts = line_starts(text)
    next_line: dict[int, list[str]] = {}
    regions: list[Directive] = []
    for d in directives:
        if d.action == "disable-next-line":
            target = _next_content_line(text, starts, d)
            if target is not None:
                next_line.setdefault(target, []).extend(d.codes)
        else:
            regions.append(d)
    region_starts = [d.start for d in regions]

    kept: list[Diagnostic] = []
    for diag in diagnostics:
        code = diag.code.upper()
        if _region_silences(regions, bisect_right(region_starts, diag.span.start), code):
            continue
        if _matches(code, next_line.get(diag.span.line, ())):
            continue
        kept.append(diag)
    return kept


def apply_suppressions(
    path: str | PurePath, text: str, diagnostics: Iterable[Diagnostic]
) -> list[Diagnostic]:
    """:func:`filter_suppressed` for Markdown files; other files' findings pass unchanged."""
    if not is_markdown(path):
        return list(diagnostics)
    return filter_suppressed(text, diagnostics)
