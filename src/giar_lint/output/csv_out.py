"""CSV, one row per finding, for review offices working in a spreadsheet.

Columns: path, body (the reporting agency), year, line, column, end_line, end_column, code, name,
severity, message, page, place, fixable. The output starts with a UTF-8 byte-order mark so that
spreadsheet programs recognise the Chinese text.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from giar_lint.diagnostics import Diagnostic
from giar_lint.output.context import OutputContext

COLUMNS = (
    "path",
    "body",
    "year",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "severity",
    "message",
    "page",
    "place",
    "fixable",
)


def write(diagnostics: Sequence[Diagnostic], context: OutputContext, out: TextIO) -> None:
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for d in diagnostics:
        info = context.files.get(d.path)
        writer.writerow(
            [
                d.path,
                (info.agency if info else None) or "",
                (info.year if info else None) or "",
                d.span.line,
                d.span.column,
                d.span.end_line,
                d.span.end_column,
                d.code,
                d.name,
                d.severity,
                d.message,
                d.data.get("page", ""),
                d.data.get("place", ""),
                "yes" if d.fix is not None else "no",
            ]
        )
