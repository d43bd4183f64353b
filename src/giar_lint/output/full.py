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


def caret_lines(line_text: str, d: Diagnostic) -> tuple[str, str]:
    start = max(0, min(d.span.column - 1, len(line_text)))
    if d.span.end_line == d.span.line:
        end = max(start + 1, min(d.span.end_column - 1, len(line_text)))
    else:
        end = max(start + 1, len(line_text))
    marked = line_text[start:end]
    if d.span.start == d.span.end:  # a point (e.g. where something is missing)
        return line_text, _pad(line_text[:start]) + "^"
    return line_text, _pad(line_text[:start]) + "^" * max(1, display_width(marked))


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
