"""DOCX reader (python-docx, optional extra ``docx``).

Paragraphs and tables are written in document order, in the readers' common shape (one line per
paragraph, one tab-separated line per table row). Merged cells are read from the table XML
(``w:gridSpan``, ``w:vMerge``) so a merged cell's text appears once. Word's automatic numbering
is not part of the paragraph text; it is restored from the numbering definitions, because part
headings such as 一、总体情况 are often numbered that way. ``place_of_line`` says where each line
came from (段落 N, 表格 N 第 R 行) for findings.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from giar_lint.model.report import ReadingProblem
from giar_lint.read.cells import clean_cell, row_lines, tidy_spaces
from giar_lint.read.result import ReadResult

READER = "docx"

MISSING_EXTRA_MESSAGE = (
    "读取 Word 文档需要可选组件 python-docx，未安装；请运行 pip install 'giar-lint[docx]' 后重试"
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _w(name: str) -> str:
    return _W + name


OLD_WORD_MESSAGE = (
    "旧版 Word（.doc）或 WPS 格式的文档无法直接读取，请另存为 .docx、PDF 或文本文件后再检查"
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def old_word_result() -> ReadResult:
    """The answer for a binary Word 97-2003 (or WPS) document."""
    return ReadResult(
        text="", reader=READER, problem=ReadingProblem("unreadable", OLD_WORD_MESSAGE)
    )


def read_docx(data: bytes, path: str) -> ReadResult:
    """Extract paragraphs and tables of a Word document in document order; never raises."""
    if data.startswith(_OLE_MAGIC):  # a .doc saved under a .docx name
        return old_word_result()
    try:
        import docx
    except ImportError:
        return ReadResult(
            text="", reader=READER, problem=ReadingProblem("missing-extra", MISSING_EXTRA_MESSAGE)
        )
    try:
        document = docx.Document(io.BytesIO(data))
        return _read_document(document)
    except Exception as exc:  # a damaged package fails in zipfile, lxml or python-docx
        message = f"Word 文档已损坏或无法解析（{type(exc).__name__}），请提供完好的 .docx 文件"
        return ReadResult(text="", reader=READER, problem=ReadingProblem("unreadable", message))


def _read_document(document: Any) -> ReadResult:
    numbering = _Numbering(document)
    body = document.element.body
    lines: list[str] = []
    places: list[str] = []
    paragraph_no = 0
    table_no = 0

    def separate(place: str) -> None:
        if lines and lines[-1]:
            lines.append("")
            places.append(place)

    for element in _block_items(body):
        if element.tag == _w("p"):
            prefix = numbering.prefix(element)  # counted even when the paragraph is empty
            text = _paragraph_text(element)
            if not text.strip():
                continue
            text = prefix + text
            pieces = [tidy_spaces(p) for p in text.split("\n")]
            pieces = [p for p in pieces if p]
            if not pieces:
                continue
            paragraph_no += 1
            place = f"段落 {paragraph_no}"
            for piece in pieces:
                separate(place)
                lines.append(piece)
                places.append(place)
        elif element.tag == _w("tbl"):
            table_no += 1
            grid, row_numbers = _table_grid(element)
            rows = row_lines(grid)
            if not rows:
                continue
            separate(f"表格 {table_no}")
            # row_lines drops empty rows; map the kept lines back to their Word rows
            kept = [n for n, row in zip(row_numbers, grid, strict=True) if any(row)]
            for i, row in enumerate(rows):
                number = kept[i] if i < len(kept) else kept[-1] if kept else 1
                lines.append(row)
                places.append(f"表格 {table_no} 第 {number} 行")
            lines.append("")
            places.append(f"表格 {table_no}")
    if not any(lines):
        return ReadResult(
            text="", reader=READER, problem=ReadingProblem("empty", "Word 文档中没有文字")
        )
    while lines and not lines[-1]:
        lines.pop()
        places.pop()
    text = "\n".join(lines) + "\n"
    return ReadResult(text=text, reader=READER, place_of_line=(*places, places[-1]))


def _block_items(parent: Any) -> Iterator[Any]:
    """Body paragraphs and tables in document order, looking inside content controls."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (_w("p"), _w("tbl")):
            yield child
        elif tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _block_items(content)
        elif tag in (_w("customXml"), _w("ins")):
            yield from _block_items(child)


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph_text(p: Any) -> str:
    out: list[str] = []
    stack = [p]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag == _w("t"):
            out.append(node.text or "")
        elif tag in (_w("tab"), _w("ptab")):
            out.append(" ")  # a tab inside a paragraph is spacing, never a cell boundary
        elif tag in (_w("br"), _w("cr")):
            out.append("\n")
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        elif tag == _MC_FALLBACK:
            continue  # the same content again, for older readers (text boxes, shapes)
        else:
            stack.extend(reversed(node))
    return "".join(out)


# --- tables ---------------------------------------------------------------------------------


def _table_grid(tbl: Any) -> tuple[list[list[str | None]], list[int]]:
    """The table as a grid: merged-away positions are ``None`` (horizontal ``gridSpan`` and
    vertical ``vMerge`` continuations), empty cells ``""``. Also the 1-based row numbers."""
    grid: list[list[str | None]] = []
    numbers: list[int] = []
    for number, tr in enumerate(_children(tbl, "tr"), start=1):
        row: list[str | None] = []
        before = _int_val(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"), 0)
        row.extend([None] * before)
        for tc in _cells(tr):
            tc_pr = tc.find(_w("tcPr"))
            span = 1
            merged = False
            if tc_pr is not None:
                span = max(1, _int_val(tc_pr.find(_w("gridSpan")), 1))
                v_merge = tc_pr.find(_w("vMerge"))
                if v_merge is not None and v_merge.get(_w("val")) in (None, "continue"):
                    merged = True
            if merged:
                row.extend([None] * span)
            else:
                text = "\n".join(_paragraph_text(p) for p in tc.iter(_w("p")))
                row.append(clean_cell(text))
                row.extend([None] * (span - 1))
        grid.append(row)
        numbers.append(number)
    width = max((len(r) for r in grid), default=0)
    return [r + [None] * (width - len(r)) for r in grid], numbers


def _children(parent: Any, name: str) -> Iterator[Any]:
    for child in parent.iterchildren():
        if child.tag == _w(name):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent"))
            yield from _children(content if content is not None else child, name)


def _cells(tr: Any) -> Iterator[Any]:
    yield from _children(tr, "tc")


def _int_val(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_w("val")))
    except (TypeError, ValueError):
        return default


# --- automatic numbering --------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ENCLOSED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_counting(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return _CN_DIGITS[0]
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _CN_DIGITS[rest]
        return head + (_CN_DIGITS[1] if rest < 20 else "") + chinese_counting(rest)
    return str(n)


def format_number(n: int, fmt: str) -> str:
    """One level's counter in a Word number format (``w:numFmt``)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return chinese_counting(n)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "japaneseCounting":
        return chinese_counting(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _ENCLOSED[n - 1] if 1 <= n <= len(_ENCLOSED) else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


class _Level:
    __slots__ = ("fmt", "start", "suffix", "text")

    def __init__(self, fmt: str, text: str | None, start: int, suffix: str) -> None:
        self.fmt = fmt
        self.text = text
        self.start = start
        self.suffix = suffix


class _Numbering:
    """Word's list numbering: counters per list, formatted with the level's ``w:lvlText``."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}  # numId -> ilvl -> level
        self._abstract_of: dict[str, str] = {}
        self._counters: dict[str, dict[int, int]] = {}  # per abstract list
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        self._style_parent: dict[str, str] = {}
        self._load_numbering(document)
        self._load_styles(document)

    def _load_numbering(self, document: Any) -> None:
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstracts: dict[str, dict[int, _Level]] = {}
        for abstract in root.iterchildren(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                levels[_int_attr(lvl, "ilvl", 0)] = _parse_level(lvl)
            abstracts[abstract.get(_w("abstractNumId"), "")] = levels
        for num in root.iterchildren(_w("num")):
            num_id = num.get(_w("numId"), "")
            abstract_id = _val(num.find(_w("abstractNumId"))) or ""
            levels = dict(abstracts.get(abstract_id, {}))
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = _int_attr(override, "ilvl", 0)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = _parse_level(lvl)
                start = override.find(_w("startOverride"))
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(base.fmt, base.text, _int_val(start, 1), base.suffix)
            self._levels[num_id] = levels
            # lists with a start override restart; others share the abstract list's counters
            has_override = num.find(_w("lvlOverride")) is not None
            self._abstract_of[num_id] = num_id if has_override else f"a{abstract_id}"

    def _load_styles(self, document: Any) -> None:
        try:
            styles = document.styles.element
        except (AttributeError, KeyError, NotImplementedError):
            return
        for style in styles.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"), "")
            based = style.find(_w("basedOn"))
            if based is not None:
                self._style_parent[style_id] = _val(based) or ""
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(_w("numId")))
                ilvl_el = num_pr.find(_w("ilvl"))
                self._style_num[style_id] = (num_id, _int_val(ilvl_el, 0))

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self._style_num:
                return self._style_num[style_id]
            style_id = self._style_parent.get(style_id)
        return None, None

    def prefix(self, p: Any) -> str:
        """The rendered number of a paragraph (``一、``, ``（二）``), or ``""``."""
        if not self._levels:
            return ""
        p_pr = p.find(_w("pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        if p_pr is not None:
            style = p_pr.find(_w("pStyle"))
            num_id, ilvl = self._style_numbering(_val(style) if style is not None else None)
            num_pr = p_pr.find(_w("numPr"))
            if num_pr is not None:
                own_id = _val(num_pr.find(_w("numId")))
                if own_id is not None:
                    num_id = own_id
                if num_pr.find(_w("ilvl")) is not None:
                    ilvl = _int_val(num_pr.find(_w("ilvl")), 0)
        if not num_id or num_id == "0" or num_id not in self._levels:
            return ""
        ilvl = ilvl or 0
        levels = self._levels[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none") or level.text is None:
            return ""
        counters = self._counters.setdefault(self._abstract_of[num_id], {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def render(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k)
            if lvl is None:
                return ""
            value = counters.get(k, lvl.start)
            return format_number(value, lvl.fmt)

        text = re.sub(r"%([1-9])", render, level.text)
        if not text:
            return ""
        if level.suffix == "nothing":
            return text
        return text + " "


def _parse_level(lvl: Any) -> _Level:
    fmt = _val(lvl.find(_w("numFmt"))) or "decimal"
    text_el = lvl.find(_w("lvlText"))
    text = text_el.get(_w("val")) if text_el is not None else None
    start = _int_val(lvl.find(_w("start")), 1)
    suffix = _val(lvl.find(_w("suff"))) or "tab"
    if lvl.find(_w("isLgl")) is not None:
        fmt = "decimal"
    return _Level(fmt, text, start, suffix)


def _val(element: Any) -> str | None:
    return None if element is None else element.get(_w("val"))


def _int_attr(element: Any, name: str, default: int) -> int:
    try:
        return int(element.get(_w(name)))
    except (TypeError, ValueError):
        return default
