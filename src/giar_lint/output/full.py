"""Findings with their source line and a caret under the span, for people reading a terminal::

report.txt:12:5: A301 [error] 表三“总计”列：本年新收(45)+上年结转(0)=45，但…
   |
12 | 本年新收政府信息公开申请45件，…
   |     ^^^^
   = 可自动修复：…
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TextIO

from giar_lint.diagnostics import Diagnostic
from giar_lint.output.concise import format_line
from giar_lint.output.context import OutputContext


def display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK and full-width characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(prefix: str) -> str:
    """Blanks as wide as ``prefix`` on screen, keeping its tabs so the caret lines up."""
    return "".join("\t" if ch == "\t" else " " * display_width(ch) for ch in prefix)


#: Widest source line shown whole. Many reports put a whole paragraph on one line, so longer lines
#: are cut to a window around the finding.
MAX_WIDTH = 100
#: Screen columns kept before the finding when a line is cut.
LEAD_WIDTH = 24
ELLIPSIS = "…"


def _window(line_text: str, start: int, end: int) -> tuple[int, int]:
    """The character range of ``line_text`` to show for a finding at ``[start, end)``."""
    if display_width(line_text) <= MAX_WIDTH:
        return 0, len(line_text)
    begin, width = start, 0
    while begin > 0 and width + display_width(line_text[begin - 1]) <= LEAD_WIDTH:
        begin -= 1
        width += display_width(line_text[begin])
    stop, width = begin, 0
    while stop < len(line_text) and width + display_width(line_text[stop]) <= MAX_WIDTH:
        width += display_width(line_text[stop])
        stop += 1
    return begin, max(stop, min(start + 1, len(line_text)))


def caret_lines(line_text: str, d: Diagnostic) -> tuple[str, str]:
    """The source line (cut to a window around the finding when long) and the caret line."""
    start = max(0, min(d.span.column - 1, len(line_text)))
    if d.span.end_line == d.span.line:
        end = max(start + 1, min(d.span.end_column - 1, len(line_text)))
    else:
        end = max(start + 1, len(line_text))
    begin, stop = _window(line_text, start, end)
    shown = line_text[begin:stop]
    lead = ELLIPSIS if begin > 0 else ""
    source = lead + shown + (ELLIPSIS if stop < len(line_text) else "")
    start, end = start - begin, min(end, stop) - begin
    prefix = lead + shown[:start]
    if d.span.start == d.span.end:  # a point (e.g. where something is missing)
        return source, _pad(prefix) + "^"
    return source, _pad(prefix) + "^" * max(1, display_width(shown[start:end]))


def write(diagnostics: Sequence[Diagnostic], context: OutputContext, out: TextIO) -> None:
    for i, d in enumerate(diagnostics):
        if i:
            out.write("\n")
        out.write(format_line(d) + "\n")
        line_text = context.line_text(d.path, d.span.line)
        if line_text is None:
            continue
        number = str(d.span.line)
        gutter = " " * len(number)
        source, carets = caret_lines(line_text, d)
        out.write(f"{gutter} |\n{number} | {source}\n{gutter} | {carets}\n")
        if d.fix is not None:
            out.write(f"{gutter} = 可自动修复：{d.fix.message}\n")
