"""HTML reader: a saved government web page, or the bare article fragment, → report text.

Standard library only. The page is built into a small tolerant tree (government pages are often
malformed: unclosed ``<td>``/``<p>``, layout tables), navigation and scripts are left out, the
article is located by its part headings and tables, and the text is written in the readers'
common shape: one line per paragraph, one tab-separated line per table row with
rowspan/colspan expanded (see :func:`giar_lint.read.cells.row_lines`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from giar_lint.model.report import ReadingProblem
from giar_lint.read.cells import clean_cell, row_lines, tidy_spaces
from giar_lint.read.result import ReadResult

READER = "html"

#: Elements whose content is never report text.
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "nav",
        "header",
        "footer",
        "aside",
        "iframe",
        "select",
        "button",
        "svg",
        "object",
        "embed",
        "canvas",
        "menu",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
#: Elements that break the flow of text into separate lines.
_BLOCK = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_PART_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:[一二三四五六][、.．]|第[一二三四五六]部分)\s*"
    r"(?:政府信息公开)?(?:总体情况|主动公开|收到和处理|行政机关|政府信息公开行政复议|因政府信息公开"
    r"|存在的主要问题|存在问题|其他需要报告)"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_LAYOUT_CELL_CHARS = 300
_MAX_DEPTH = 150
_LINE_ENDS = re.compile(r"[\r\n\f\v]+")
_TABLE_TAGS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th"})


class _Node:
    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[_Node | str] = []

    def iter(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            if isinstance(child, _Node):
                yield from child.iter()

    def text(self) -> str:
        """Inline text of the subtree (blocks separated by newlines), skipped elements left out."""
        out: list[str] = []
        self._collect(out)
        return "".join(out)

    def _collect(self, out: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif child.tag in _SKIP or _hidden(child):
                continue
            elif child.tag == "br" or child.tag in _BLOCK:
                out.append("\n")
                child._collect(out)
                out.append("\n")
            else:
                child._collect(out)


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: implied end tags for cells, rows, paragraphs and list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.stack: list[_Node] = [self.root]

    def _close_to(self, tags: frozenset[str], stop: frozenset[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in stop:
                return
            if tag in tags:
                del self.stack[i:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self._close_to(frozenset({"td", "th"}), frozenset({"tr", "table"}))
        elif tag == "tr":
            self._close_to(frozenset({"tr"}), frozenset({"table"}))
        elif tag in ("tbody", "thead", "tfoot"):
            self._close_to(frozenset({"tbody", "thead", "tfoot"}), frozenset({"table"}))
        elif tag == "li":
            self._close_to(frozenset({"li"}), frozenset({"ul", "ol", "table"}))
        elif tag in ("p", "div", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"):
            self._close_to(frozenset({"p"}), frozenset({"div", "td", "th", "li", "table"}))
        node = _Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        # Past a sane depth, elements are kept flat (their content goes to the parent) so that
        # walking the tree never recurses without bound on pathological markup.
        if tag not in _VOID and (len(self.stack) < _MAX_DEPTH or tag in _TABLE_TAGS):
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
            # an end tag never closes past the table that holds it
            if self.stack[i].tag == "table" and tag not in ("table",):
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


# --- decoding -------------------------------------------------------------------------------


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode an HTML page: byte-order mark, then the declared charset (``<meta charset>``,
    ``http-equiv``, XML declaration), then strict UTF-8, then GB18030 (a superset of GBK and
    GB2312, which Chinese government sites still use)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    head = data[:65536]  # pages often carry long scripts before their <meta>
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match:
        codec = _codec(match.group(1).decode("ascii", "ignore"))
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8"


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "chinese"):
        return "gb18030"  # pages labelled GB2312/GBK routinely contain GBK-only characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# --- reading --------------------------------------------------------------------------------


def read_html(data: bytes, path: str) -> ReadResult:
    """Extract the report text of an HTML page or fragment; never raises."""
    try:
        text, encoding = decode_html(data)
        lines = html_to_lines(text)
    except Exception as exc:  # html.parser is forgiving, but a reader must never raise
        return ReadResult(
            text="",
            reader=READER,
            problem=ReadingProblem("unreadable", f"无法解析 HTML 文件（{type(exc).__name__}）"),
        )
    if not any(line.strip() for line in lines):
        return ReadResult(
            text="",
            encoding=encoding,
            reader=READER,
            problem=ReadingProblem("empty", "HTML 文件中没有可读取的正文文字"),
        )
    return ReadResult(text="\n".join(lines) + "\n", encoding=encoding, reader=READER)


def html_to_lines(markup: str) -> list[str]:
    """The report text of an HTML document as lines: paragraphs separated by blank lines, table
    rows one per line."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    root = builder.root
    body = next((n for n in root.iter() if n.tag == "body"), root)
    content = _content_root(body)
    writer = _Writer()
    if content is not body:
        title = _title_before(body, content)
        if title:
            writer.paragraph(title)
    writer.walk(content)
    writer.flush()
    return writer.lines


def _content_root(body: _Node) -> _Node:
    """The smallest element holding every part heading and data table of the report."""
    anchors: list[_Node] = []
    for node in body.iter():
        if node.tag in _SKIP or _hidden(node):
            continue
        if node.tag == "table" and _is_report_table(node):
            anchors.append(node)
        elif node.tag in _BLOCK and node.tag not in ("table", "tbody", "tr", "td", "th"):
            own = "".join(c for c in node.children if isinstance(c, str))
            if (
                _PART_HEADING.match(own)
                or (
                    not any(isinstance(c, _Node) and c.tag in _BLOCK for c in node.children)
                    and _PART_HEADING.match(node.text())
                )
            ) and not _inside_skipped(node):
                anchors.append(node)
    if len(anchors) < 2:
        return body
    paths = [_ancestors(a) for a in anchors]
    common = body
    for level in zip(*paths, strict=False):
        if all(n is level[0] for n in level):
            common = level[0]
        else:
            break
    if common.tag in ("table", "tbody", "tr", "thead", "tfoot"):
        return body
    return common


def _ancestors(node: _Node) -> list[_Node]:
    path: list[_Node] = []
    current: _Node | None = node
    while current is not None:
        path.append(current)
        current = current.parent
    return path[::-1]


def _title_before(body: _Node, content: _Node) -> str | None:
    """A report title outside the article element (a page's ``<h1>`` above the article body)."""
    start = tidy_spaces(content.text()[:200])
    if "年度报告" in start[:120]:
        return None
    title: str | None = None
    heading: str | None = None  # an <h1>-<h3> or an element named like a title wins
    for node in body.iter():
        if node is content:
            break
        if node.tag in _SKIP or _hidden(node) or _inside_skipped(node):
            continue
        if node.tag in _BLOCK and not any(
            isinstance(c, _Node) and c.tag in _BLOCK for c in node.children
        ):
            text = clean_cell(node.text())
            if "年度报告" in text and len(text) <= 80 and not _BREADCRUMB.search(text):
                title = text
                names = (node.attrs.get("class", "") + " " + node.attrs.get("id", "")).lower()
                if node.tag in ("h1", "h2", "h3") or "title" in names:
                    heading = text
    return heading or title


_BREADCRUMB = re.compile(r"[>»›＞]|当前位置|首页")


def _inside_skipped(node: _Node) -> bool:
    current = node.parent
    while current is not None:
        if current.tag in _SKIP or _hidden(current):
            return True
        current = current.parent
    return False


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(node: _Node) -> bool:
    """An element the browser does not show."""
    attrs = node.attrs
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _is_report_table(table: _Node) -> bool:
    """A data table with the words of table 二, 三 or 四 (not a calendar or a sidebar list)."""
    if not _is_data_table(table):
        return False
    text = table.text()
    return any(word in text for word in _REPORT_TABLE_WORDS)


_REPORT_TABLE_WORDS = ("行政规范性文件", "信息内容", "本年新收", "自然人", "行政复议", "行政诉讼")


def _is_data_table(table: _Node) -> bool:
    """A table holding data, not page layout: no nested table and no essay-length cell."""
    for node in table.iter():
        if node is not table and node.tag == "table":
            return False
        if node.tag in ("td", "th") and len(tidy_spaces(node.text())) > _LAYOUT_CELL_CHARS:
            return False
    return True


class _Writer:
    """Walks the content tree and writes the readers' line shape."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._inline: list[str] = []

    def flush(self) -> None:
        if not self._inline:
            return
        text = "".join(self._inline)
        self._inline = []
        for piece in text.split("\n"):
            self.paragraph(piece)

    def paragraph(self, text: str) -> None:
        text = tidy_spaces(text)
        if not text:
            return
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines.append(text)

    def table(self, rows: list[str]) -> None:
        if not rows:
            return
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines.extend(rows)
        self.lines.append("")

    def walk(self, node: _Node, pre: bool = False) -> None:
        for child in node.children:
            if isinstance(child, str):
                # line ends in the markup are spaces, except in <pre>
                self._inline.append(child if pre else _LINE_ENDS.sub(" ", child))
                continue
            tag = child.tag
            if tag in _SKIP or _hidden(child):
                continue
            if tag == "table" and _is_data_table(child):
                self.flush()
                self.table(row_lines(table_grid(child)))
            elif tag == "br":
                self._inline.append("\n")
            elif tag in _BLOCK:
                self.flush()
                self.walk(child, pre or tag == "pre")
                self.flush()
            else:
                self.walk(child, pre)


def table_grid(table: _Node) -> list[list[str | None]]:
    """The table as a grid with rowspan/colspan expanded: a merged cell's text sits at its first
    position, the positions it covers hold ``None``; an empty cell is ``""``."""
    rows = [n for n in table.iter() if n.tag == "tr" and _owner_table(n) is table]
    grid: list[list[object]] = []
    for r, tr in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        row = grid[r]
        col = 0
        for cell in (c for c in tr.children if isinstance(c, _Node) and c.tag in ("td", "th")):
            while col < len(row) and row[col] is not _FREE:
                col += 1
            text = clean_cell(cell.text())
            colspan = _span(cell.attrs.get("colspan"))
            rowspan = _span(cell.attrs.get("rowspan"))
            for dr in range(rowspan):
                target_r = r + dr
                while len(grid) <= target_r:
                    grid.append([])
                target = grid[target_r]
                for dc in range(colspan):
                    c = col + dc
                    while len(target) <= c:
                        target.append(_FREE)
                    target[c] = text if dr == 0 and dc == 0 else None
            col += colspan
    width = max((len(r) for r in grid), default=0)
    return [
        [c if isinstance(c, str) else None for c in r] + [None] * (width - len(r)) for r in grid
    ]


#: A grid position no cell has claimed yet (distinct from ``None``, a position a span covers).
_FREE = object()


def _owner_table(node: _Node) -> _Node | None:
    current = node.parent
    while current is not None and current.tag != "table":
        current = current.parent
    return current


def _span(value: str | None) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return max(1, min(n, 200))
