"""``path:line:col: CODE [severity] message``, one finding per line (the default format)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from giar_lint.diagnostics import Diagnostic
from giar_lint.output.context import OutputContext


def format_line(d: Diagnostic) -> str:
    where = place_suffix(d)
    message = " ".join(d.message.splitlines())
    return f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity}] {message}{where}"


def place_suffix(d: Diagnostic) -> str:
    """`` （第 3 页）`` for PDF inputs, `` （表格 2 第 3 行）`` for DOCX, else empty."""
    place = d.data.get("place")
    if place:
        return f"（{place}）"
    page = d.data.get("page")
    if page:
        return f"（第 {page} 页）"
    return ""


def write(diagnostics: Sequence[Diagnostic], context: OutputContext, out: TextIO) -> None:
    for d in diagnostics:
        out.write(format_line(d) + "\n")
