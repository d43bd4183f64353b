"""GitHub Actions workflow commands: annotations on the pull request's files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from giar_lint.diagnostics import Diagnostic
from giar_lint.output.concise import place_suffix
from giar_lint.output.context import OutputContext

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_line(d: Diagnostic) -> str:
    s = d.span
    props = (
        f"file={_escape_property(d.path)},line={s.line},col={s.column},"
        f"endLine={s.end_line},endColumn={s.end_column},title={_escape_property(d.code)}"
    )
    message = f"{d.code} [{d.severity}] {d.message}{place_suffix(d)}"
    return f"::{_LEVEL.get(d.severity, 'error')} {props}::{_escape_data(message)}"


def write(diagnostics: Sequence[Diagnostic], context: OutputContext, out: TextIO) -> None:
    for d in diagnostics:
        out.write(format_line(d) + "\n")
