"""PDF reader (pdfplumber, optional extra ``pdf``).

Tables come from pdfplumber's ruled-table extraction, everything else from the text layer with
the words inside table areas left out, so no number is read twice. Wrapped lines are re-joined
into one line per paragraph; each table row becomes one line of tab-separated cells (labels
first, then the value cells). Page footers (``- 3 -``, ``第 3 页``) are dropped, and
``page_of_line`` records the page each output line came from.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from giar_lint.model.report import ReadingProblem
from giar_lint.read.cells import join_wrapped, row_lines, tidy_spaces
from giar_lint.read.result import ReadResult

READER = "pdf"

MISSING_EXTRA_MESSAGE = (
    "读取 PDF 文件需要可选组件 pdfplumber，未安装；请运行 pip install 'giar-lint[pdf]' 后重试"
)
UNUSABLE_MESSAGE = (
    "扫描件或文本层无法读取的 PDF（未能提取可用文字），请提供文本版或可复制文字的 PDF"
)

_FOOTER = re.compile(
    r"^(?:[-－—–~〜]\s*\d{1,4}\s*[-－—–~〜]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4})$"
)
#: Share of the page height at the top and bottom where running headers and footers sit.
_MARGIN = 0.09


def read_pdf(data: bytes, path: str) -> ReadResult:
    """Extract the report text of a PDF file; never raises."""
    try:
        import pdfplumber
    except ImportError:
        return ReadResult(
            text="", reader=READER, problem=ReadingProblem("missing-extra", MISSING_EXTRA_MESSAGE)
        )
    # pdfminer logs every malformed object it meets; the finding (if any) says what matters.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return _read_document(pdf.pages)
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        message = f"PDF 文件已损坏或无法解析（{type(exc).__name__}），请提供完好的文件"
        return ReadResult(text="", reader=READER, problem=ReadingProblem("unreadable", message))


def _read_document(pages: Sequence[Any]) -> ReadResult:
    total = cid = cjk = 0
    items: list[_Item] = []
    layout = _Layout()
    for page in pages:
        page_total = page_cid = 0
        for ch in page.chars:
            text = ch.get("text", "")
            page_total += 1
            if text.startswith("(cid:"):
                page_cid += 1
            elif _is_cjk(text):
                cjk += 1
        total += page_total
        cid += page_cid
        # a page without a usable text layer (a scanned page) has nothing to lay out
        if page_total and page_cid <= 0.5 * page_total:
            page_items = _read_page(page)
            items.extend(page_items)
            layout.add(it.line for it in page_items if it.line is not None)
        page.close()  # drop the page's parsed objects: long reports stay in bounded memory
    if total == 0 or cid > 0.05 * total or cjk < 10 or cjk < 0.2 * total:
        return ReadResult(
            text="", reader=READER, problem=ReadingProblem("unusable-pdf", UNUSABLE_MESSAGE)
        )
    return _assemble(items, layout)


# --- one page -------------------------------------------------------------------------------


@dataclass
class _Item:
    page: int
    top: float
    table: list[str] | None = None  # the table's row lines
    line: dict[str, Any] | None = None  # a text line of the page


def _read_page(page: Any) -> list[_Item]:
    # fake bold (each glyph drawn twice, slightly offset) would otherwise read as 一一、、
    visible = page.dedupe_chars().filter(_is_visible)
    settings = {"explicit_horizontal_lines": _closing_edges(visible.edges)}
    page_no = int(page.page_number)
    items: list[_Item] = []
    rest = visible
    for table in visible.find_tables(table_settings=settings):
        rows = table.extract()
        if not _is_real_table(rows):
            continue
        items.append(_Item(page_no, float(table.bbox[1]), table=row_lines(rows)))
        rest = rest.outside_bbox(table.bbox, strict=False)
    height = float(page.height)
    for line in rest.extract_text_lines(strip=True, return_chars=True):
        if not _is_running_line(line, height):
            line["page"] = page_no
            items.append(_Item(page_no, float(line["top"]), line=line))
    items.sort(key=lambda it: it.top)
    return items


def _is_visible(obj: dict[str, Any]) -> bool:
    """Drop invisible filled rectangles (white backgrounds behind text lines): their edges would
    turn ordinary paragraphs into one-column tables."""
    if obj.get("object_type") != "rect":
        return True
    if obj.get("stroke"):
        return True
    if not obj.get("fill"):
        return False
    return not _is_white(obj.get("non_stroking_color"))


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    if isinstance(color, int | float):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) in (1, 3):
        return all(v >= 0.95 for v in values)
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return False


def _closing_edges(edges: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal edges where a table's vertical rules end without one: a table cut by a page
    break has no bottom (or top) rule, and pdfplumber would lose its last (first) row."""
    vertical = [e for e in edges if e.get("orientation") == "v" and e["bottom"] - e["top"] > 4]
    horizontal = [e for e in edges if e.get("orientation") == "h"]
    open_ends: dict[int, list[float]] = {}
    for edge in vertical:
        x = float(edge["x0"])
        for y in (float(edge["top"]), float(edge["bottom"])):
            if any(abs(h["top"] - y) <= 3 and h["x0"] - 3 <= x <= h["x1"] + 3 for h in horizontal):
                continue
            open_ends.setdefault(round(y), []).append(x)
    out: list[dict[str, Any]] = []
    for y, xs in sorted(open_ends.items()):
        # a rule drawn only part of the way (a missing corner) is completed to the open ends
        for h in horizontal:
            if abs(h["top"] - y) <= 3:
                xs.extend((float(h["x0"]), float(h["x1"])))
        if len(xs) < 2:
            continue
        x0, x1 = min(xs), max(xs)
        out.append(
            {
                "object_type": "line",
                "x0": x0,
                "x1": x1,
                "top": float(y),
                "bottom": float(y),
                "width": x1 - x0,
                "height": 0.0,
            }
        )
    return out


def _is_real_table(rows: Sequence[Sequence[str | None]]) -> bool:
    """A ruled area is a table when some row has two or more filled cells."""
    return any(sum(1 for c in row if c and c.strip()) >= 2 for row in rows)


def _is_running_line(line: dict[str, Any], height: float) -> bool:
    top, bottom = float(line["top"]), float(line["bottom"])
    if top < height * (1 - _MARGIN) and bottom > height * _MARGIN:
        return False
    return bool(_FOOTER.match(re.sub(r"\s+", " ", line["text"]).strip()))


# --- paragraphs ---------------------------------------------------------------------------------


class _Layout:
    """Body margins and text size, measured over the whole document."""

    def __init__(self) -> None:
        self.x0: Counter[int] = Counter()
        self.x1: Counter[int] = Counter()
        self.sizes: Counter[int] = Counter()

    def add(self, lines: Iterable[dict[str, Any]]) -> None:
        for line in lines:
            self.x0[round(_x0(line))] += 1
            self.x1[round(line["x1"])] += 1
            chars = line.get("chars") or ()
            if chars:
                self.sizes[round(chars[0].get("size", 0))] += 1

    @property
    def left(self) -> float:
        return float(self.x0.most_common(1)[0][0]) if self.x0 else 0.0

    @property
    def right(self) -> float:
        if not self.x1:
            return 0.0
        # the right margin is where the most full lines end
        common = self.x1.most_common(3)
        return float(max(x for x, _n in common))

    @property
    def size(self) -> float:
        return float(self.sizes.most_common(1)[0][0]) if self.sizes else 12.0


_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}部分"
    r"|[（(][一二三四五六七八九十]{1,3}[）)])"
)


def _assemble(items: list[_Item], layout: _Layout) -> ReadResult:
    """Paragraphs (wrapped lines re-joined) and table rows, in reading order."""
    left, right, size = layout.left, layout.right, layout.size
    out: list[tuple[str, int]] = []  # (line, page); "" separates blocks
    para: list[str] = []
    para_page = 0
    prev: dict[str, Any] | None = None
    prev_was_table = False

    def flush() -> None:
        nonlocal para
        if para:
            text = ""
            for piece in para:
                text = join_wrapped(text, piece)
            if out and out[-1][0]:
                out.append(("", para_page))
            out.append((text, para_page))
            para = []

    for item in items:
        if item.table is not None:
            flush()
            if out and out[-1][0] and not prev_was_table:
                out.append(("", item.page))
            out.extend((row, item.page) for row in item.table)
            prev_was_table = True
            prev = None
            continue
        line = item.line
        assert line is not None
        text = tidy_spaces(line["text"])
        if not text:
            continue
        if prev_was_table:
            out.append(("", item.page))
            prev_was_table = False
        if prev is None or _starts_paragraph(line, prev, text, left, right, size):
            flush()
            para_page = item.page
        para.append(text)
        prev = line
    flush()
    lines = [text for text, _page in out]
    pages = [page for _text, page in out]
    text = "\n".join(lines) + "\n"
    last = pages[-1] if pages else 1
    return ReadResult(text=text, reader=READER, page_of_line=(*pages, last))


def _starts_paragraph(
    line: dict[str, Any], prev: dict[str, Any], text: str, left: float, right: float, size: float
) -> bool:
    if _is_title_continuation(line, prev, text, size):
        return False
    if _x0(line) > left + 0.8 * size:  # indented first line, or centred
        return True
    if float(prev["x1"]) < right - 1.5 * size:  # the previous line stopped short
        return True
    if _size(line) and _size(prev) and abs(_size(line) - _size(prev)) > 1.5:
        return True
    if line["page"] == prev["page"] and float(line["top"]) - float(prev["bottom"]) > 1.2 * size:
        return True
    return bool(_HEADING_START.match(text))


def _is_title_continuation(
    line: dict[str, Any], prev: dict[str, Any], text: str, size: float
) -> bool:
    """A title set in large type over two or more lines (the body, then 年度报告) is one line."""
    big = size + 2
    if _size(line) < big or _size(prev) < big or line["page"] != prev["page"]:
        return False
    if float(line["top"]) - float(prev["bottom"]) > 0.8 * _size(line):
        return False
    return not _HEADING_START.match(text)


def _x0(line: dict[str, Any]) -> float:
    """Where the line's first visible character starts (an indent may be typed as spaces)."""
    chars = line.get("chars") or ()
    visible = [float(c["x0"]) for c in chars if str(c.get("text", "")).strip()]
    return min(visible) if visible else float(line["x0"])


def _size(line: dict[str, Any]) -> float:
    chars = line.get("chars") or ()
    return float(chars[0].get("size", 0)) if chars else 0.0


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch[0] <= "\u9fff" or "\u3400" <= ch[0] <= "\u4dbf")
