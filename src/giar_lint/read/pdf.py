"""PDF reader (pdfplumber, optional extra ``pdf``)."""

from __future__ import annotations

from giar_lint.model.report import ReadingProblem
from giar_lint.read.result import ReadResult


def read_pdf(data: bytes, path: str) -> ReadResult:
    """Extract the text layer and tables of a PDF."""
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return ReadResult(
            text="",
            reader="pdf",
            problem=ReadingProblem(
                "missing-extra",
                "读取 PDF 需要可选组件 pdfplumber，请安装：pip install 'giar-lint[pdf]'",
            ),
        )
    return ReadResult(text="", reader="pdf", problem=ReadingProblem("unreadable", "未实现"))
