"""What a reader hands to the parser: the report text, or why there is none."""

from __future__ import annotations

from dataclasses import dataclass

from giar_lint.model.report import ReadingProblem


@dataclass(frozen=True)
class ReadResult:
    """Text of one input file as a reader produced it.

    ``text`` is what positions refer to: for a plain-text file the decoded file itself, for
    PDF/DOCX/HTML the extracted text (``parse --format text`` prints it). ``problem`` is set when
    nothing usable could be read (the parser then yields an unreadable report, reported as E001).
    """

    text: str
    encoding: str = "utf-8"
    problem: ReadingProblem | None = None
    #: the reader's name, for messages ("text", "html", "docx", "pdf", or a plugin's)
    reader: str = "text"
    #: for paged formats: the 1-based page of each line of ``text``
    page_of_line: tuple[int, ...] | None = None
    #: for DOCX: a description of the place of each line (e.g. "段落 12", "表格 2 第 3 行")
    place_of_line: tuple[str, ...] | None = None
