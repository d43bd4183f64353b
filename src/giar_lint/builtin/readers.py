"""Built-in readers for published report formats: HTML pages, Word documents and PDFs.

Registered through the same :func:`giar_lint.hookspecs.giar_lint_read_input` hook a third-party
reader would use. The format modules are imported only when a file of their kind is read, so a
plain-text run never loads pdfplumber or python-docx.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from giar_lint.hookspecs import hookimpl
from giar_lint.read.result import ReadResult

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
#: binary Word 97-2003 and WPS documents: not readable, but worth a precise message
OLD_WORD_SUFFIXES = (".doc", ".wps")


def _kind(path: Path, data: bytes) -> str | None:
    """Which reader a file belongs to: by magic bytes first, then by suffix."""
    head = data[:1024]
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in OLD_WORD_SUFFIXES:
        return "old-word"
    # a Word package saved without its suffix: a zip archive holding word/document.xml
    if head.startswith(b"PK\x03\x04") and b"word/document.xml" in data:
        return "docx"
    if suffix in HTML_SUFFIXES:
        return "html"
    # A saved page with an unusual suffix (.asp, .jsp, none) still reads as HTML.
    if suffix not in (".txt", ".md") and _looks_like_html(head):
        return "html"
    return None


def _looks_like_html(head: bytes) -> bool:
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return probe.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in probe


@hookimpl
def giar_lint_read_input(path: Path, data: bytes) -> ReadResult | None:
    """Read an HTML, DOCX or PDF file into report text; ``None`` for other files."""
    kind = _kind(Path(path), data)
    if kind == "html":
        from giar_lint.read.html import read_html

        return read_html(data, str(path))
    if kind == "docx":
        from giar_lint.read.docx import read_docx

        return read_docx(data, str(path))
    if kind == "pdf":
        from giar_lint.read.pdf import read_pdf

        return read_pdf(data, str(path))
    if kind == "old-word":
        from giar_lint.read.docx import old_word_result

        return old_word_result()
    return None


@hookimpl
def giar_lint_input_suffixes() -> Sequence[str]:
    """Suffixes directory search picks up as reports."""
    return (*HTML_SUFFIXES, *DOCX_SUFFIXES, *PDF_SUFFIXES)
