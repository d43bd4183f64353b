"""The report model: typed, immutable, positioned. See :mod:`giar_lint.model.report`."""

from giar_lint.model.offsets import OffsetMap
from giar_lint.model.report import (
    Cell,
    FormatName,
    Paragraph,
    Part,
    ReadingProblem,
    Report,
    Row,
    SubHeading,
    Table,
    Tables,
    Title,
)
from giar_lint.model.source import SourceText, Span

__all__ = [
    "Cell",
    "FormatName",
    "OffsetMap",
    "Paragraph",
    "Part",
    "ReadingProblem",
    "Report",
    "Row",
    "SourceText",
    "Span",
    "SubHeading",
    "Table",
    "Tables",
    "Title",
]
