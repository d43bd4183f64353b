"""DOCX reader (python-docx, optional extra ``docx``)."""

from __future__ import annotations

from giar_lint.model.report import ReadingProblem
from giar_lint.read.result import ReadResult


def read_docx(data: bytes, path: str) -> ReadResult:
    """Extract paragraphs and tables of a Word document in document order."""
    try:
        import docx  # noqa: F401
    except ImportError:
        return ReadResult(
            text="",
            reader="docx",
            problem=ReadingProblem(
                "missing-extra",
                "读取 Word 文档需要可选组件 python-docx，请安装：pip install 'giar-lint[docx]'",
            ),
        )
    return ReadResult(text="", reader="docx", problem=ReadingProblem("unreadable", "未实现"))
