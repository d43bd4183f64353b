"""The document grammar's lines → title, parts, sub-headings and paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token, Tree

from giar_lint.model.report import Paragraph, Part, SubHeading, Title
from giar_lint.model.source import SourceText
from giar_lint.parse.grammars import parser, register_callbacks
from giar_lint.parse.headings import CN_DIGITS, HeadingMatch, cn_number, match_part_heading
from giar_lint.read.normalize import SENTENCE_END, normalize_prose

#: Line terminals that may be a part heading (retyped to PART_HEAD by the lexer callback).
_CANDIDATES = ("NUM_LINE", "MD_LINE", "TITLE_LINE", "TEXT_LINE", "PAREN_LINE")


#: Blank lines as the BLANK_LINE terminal reads them.
_BLANKS_RE = re.compile(r"(?:[ \t\u00a0]*(?:\r\n|\r|\n))+")


def _line_end(value: str) -> int:
    """Where the first line of ``value`` ends (its first CR or LF, else its length)."""
    # two finds run in C at memory speed; a regular expression steps through every character
    end = value.find("\n")
    if end < 0:
        end = len(value)
    cr = value.find("\r", 0, end)
    return end if cr < 0 else cr


def _head_text(value: str) -> str:
    """The first line of a line token's text, without its line end."""
    return value[: _line_end(value)]


def _retype(tok: Token) -> Token:
    if match_part_heading(_head_text(tok.value)) is not None:
        return Token.new_borrow_pos("PART_HEAD", tok.value, tok)
    return tok


register_callbacks("document", dict.fromkeys(_CANDIDATES, _retype))

_SUB_STYLES = {
    "dun_line": "dun",
    "paren_line": "paren",
    "paren_arabic_line": "paren_arabic",
    "shi_line": "shi",
    "arabic_line": "arabic",
}
_STRONG = frozenset({"dun", "paren", "paren_arabic"})
#: Where a run-in sub-heading stops: its first sentence stop.
_HEADING_STOP = re.compile(r"[。:：;；]")
_SUB_RE = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*[ \t]*)?(?:"
    r"\([ \t]*(?P<paren>[一二三四五六七八九十]{1,3})[ \t]*\)"
    r"|\([ \t]*(?P<parena>\d{1,2})[ \t]*\)"
    r"|(?P<shi>[一二三四五六七八九十]{1,3})是"
    r"|(?P<dun>[一二三四五六七八九十]{1,3})[ \t]*[、.,]"
    r"|(?P<arabic>\d{1,2})[ \t]*[.、])"
)


@dataclass(slots=True)
class Line:
    """One line of the document: its kind, source range (without the line end) and text."""

    kind: str  # "part", "text", "blank", "footer", "table", or a sub-heading style
    start: int
    end: int
    text: str  # folded text of the line


#: The kind of a stand-in for lines of a table that paragraphs leave out without reading them.
_TABLE = "table"
#: The stand-in itself (one object: a run of table lines needs one).
_TABLE_LINE = Line(_TABLE, -1, -1, "")

#: Lines not split yet: ``(kind, value, base, pos)``, the lines of the token text ``value``
#: (starting at offset ``base``) from ``value[pos:]`` on. ``kind`` is the kind of a line
#: token's first line, or one of the three below. Most of a report's lines are table rows,
#: which paragraphs leave out: their tokens are seldom split into lines at all.
Chunk = tuple[str, str, int, int]
_BLOCK = "<block>"  # plain lines (TEXT_BLOCK)
_BLANK = "<blank>"  # blank lines (BLANK_LINE): one blank line
_TAIL = "<tail>"  # what a line token took after its first line (blank lines, plain lines)


@dataclass(slots=True)
class RawPart:
    heading: Line
    match: HeadingMatch
    #: the body: chunks, or lines once wrapped headings were re-split
    chunks: list[Chunk | Line]


def parse_document_tree(folded: str) -> Tree:
    """The document grammar's tree of ``folded`` (the report text with full-width folded)."""
    return parser("document").parse(folded)


def _expand(
    chunk: Chunk | Line, out: list[Line], excluded: list[tuple[int, int]] | None = None
) -> None:
    """The lines of a chunk; with ``excluded`` (sorted), plain lines that start inside one of
    its ranges are left out, one ``table`` line standing for each run of them."""
    if type(chunk) is Line:
        out.append(chunk)
        return
    kind, value, base, pos = chunk  # type: ignore[misc]
    if kind == _BLOCK:
        _block_lines(value, pos, base, out, excluded)
    elif kind == _TAIL:
        _tail_lines(value, pos, base, out, excluded)
    elif kind == _BLANK:
        text = value.rstrip("\r\n")
        out.append(Line("blank", base, base + len(text), text))
    else:
        end = _line_end(value)
        out.append(Line(kind, base, base + end, value[:end]))
        head = end + 2 if value.startswith("\r\n", end) else end + 1
        if head < len(value):
            _tail_lines(value, head, base, out, excluded)


def _lines(chunks: list[Chunk | Line]) -> list[Line]:
    out: list[Line] = []
    for chunk in chunks:
        _expand(chunk, out)
    return out


def _tail_lines(
    value: str, pos: int, base: int, out: list[Line], excluded: list[tuple[int, int]] | None
) -> None:
    """The lines in ``value[pos:]`` as the tokens the grammar folds into a line's end would
    give them: one blank line for the consecutive blank lines (BLANK_LINE), one for spaces
    ending the text, then the plain lines (TEXT_BLOCK)."""
    m = _BLANKS_RE.match(value, pos)
    if m is not None:
        text = m.group().rstrip("\r\n")
        out.append(Line("blank", base + pos, base + pos + len(text), text))
        pos = m.end()
    if pos < len(value):
        if value[pos:].strip(" \t\u00a0"):
            _block_lines(value, pos, base, out, excluded)
        else:
            text = value[pos:]
            out.append(Line("blank", base + pos, base + pos + len(text), text))


_TOKEN_KINDS = {
    "TEXT_LINE": "text",
    "TITLE_LINE": "text",
    "MD_LINE": "text",
    "BLANK_LINE": "blank",
    "FOOTER": "footer",
}
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _block_lines(
    value: str, pos: int, base: int, out: list[Line], excluded: list[tuple[int, int]] | None
) -> None:
    """The lines of a TEXT_BLOCK ``value[pos:]`` (``value`` starting at ``base``); with
    ``excluded``, a run of lines starting inside one of its ranges is one ``table`` line."""
    if value.find("\r", pos) >= 0:
        for m in _LINE_RE.finditer(value, pos):
            text = m.group().rstrip("\r\n")
            start = base + m.start()
            out.append(Line("text" if text.strip() else "blank", start, start + len(text), text))
        return
    # "\n" line ends only (the usual case): a line starts at ``pos`` and after each "\n"
    size = len(value)
    if excluded:
        for a, b in excluded:
            a -= base
            b -= base
            if b <= pos or a >= size:
                continue
            # the first line starting at or after a, and at or after b
            first = pos if a <= pos else value.find("\n", a - 1) + 1 or size
            after = pos if b <= pos else value.find("\n", b - 1) + 1 or size
            if first >= after:
                continue
            _plain_lines(value, pos, first, base, out)
            if not out or out[-1] is not _TABLE_LINE:
                out.append(_TABLE_LINE)
            pos = after
    _plain_lines(value, pos, size, base, out)


def _plain_lines(value: str, pos: int, stop: int, base: int, out: list[Line]) -> None:
    """The lines of ``value[pos:stop]`` (no CR; ``stop`` is a line start or the end)."""
    start = base + pos
    # a split gives the same lines as _LINE_RE
    pieces = value[pos:stop].split("\n")
    if not pieces[-1]:
        pieces.pop()  # the block ends with its line end
    for text in pieces:
        # isspace() rather than strip(): no copy of the line
        blank = not text or text.isspace()
        out.append(Line("blank" if blank else "text", start, start + len(text), text))
        start += len(text) + 1


def _collect(items: list[Tree | Token]) -> list[Chunk | Line]:
    chunks: list[Chunk | Line] = []
    for item in items:
        if isinstance(item, Token):
            kind = item.type
            if kind == "TEXT_BLOCK":
                chunks.append((_BLOCK, item.value, item.start_pos, 0))
            elif kind == "BLANK_LINE":
                chunks.append((_BLANK, item.value, item.start_pos, 0))
            else:
                chunks.append((_TOKEN_KINDS.get(kind, "text"), item.value, item.start_pos, 0))
            continue
        tok = item.children[0] if item.children else None
        if isinstance(tok, Token):
            kind = _SUB_STYLES.get(str(item.data), "text")
            chunks.append((kind, tok.value, tok.start_pos, 0))
    return chunks


def _demote_paren_parts(tree: Tree) -> None:
    """Where parts are numbered 一、 or 第一部分, a （一）-numbered part title is a sub-heading of
    the part before it (``（一）总体情况`` opening part 一's body): fold such parts back into the
    part (or preamble) before them, as the ``paren_line`` they were lexed as."""
    matches = [
        (i, match_part_heading(_head_text(c.children[0].value)))
        for i, c in enumerate(tree.children)
        if isinstance(c, Tree) and c.data == "part" and isinstance(c.children[0], Token)
    ]
    if not any(m is not None and m.paren for _, m in matches) or all(
        m is None or m.paren for _, m in matches
    ):
        return
    demote = {i for i, m in matches if m is not None and m.paren}
    children: list[Tree | Token] = []
    for i, child in enumerate(tree.children):
        if i not in demote:
            children.append(child)
            continue
        assert isinstance(child, Tree)
        head = child.children[0]
        assert isinstance(head, Token)
        line = Tree("paren_line", [Token.new_borrow_pos("PAREN_LINE", head.value, head)])
        host = children[-1]  # the preamble comes first, always
        assert isinstance(host, Tree)
        host.children.append(line)
        host.children.extend(child.children[1:])
    tree.children = children


def split_tree(tree: Tree) -> tuple[list[Line], list[RawPart]]:
    """Preamble lines and parts (heading + body) from the document tree."""
    _demote_paren_parts(tree)
    preamble: list[Chunk | Line] = []
    parts: list[RawPart] = []
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "preamble":
            preamble = _collect(child.children)
        elif child.data == "part":
            head = child.children[0]
            assert isinstance(head, Token)
            value = head.value
            end = _line_end(value)
            match = match_part_heading(value[:end])
            if match is None:  # cannot happen: the callback matched the same text
                continue
            start = head.start_pos
            heading = Line("part", start, start + end, value[:end])
            chunks = _collect(child.children[1:])
            after = end + 2 if value.startswith("\r\n", end) else end + 1
            if after < len(value):
                chunks.insert(0, (_TAIL, value, start, after))
            parts.append(RawPart(heading, match, chunks))
    preamble, parts = _join_wrapped_headings(preamble, parts)
    return _lines(preamble), parts


def _wrapped_heading(lines: list[Line], i: int) -> tuple[HeadingMatch, int] | None:
    """A numbered line and the short line after it (blank lines between allowed, as PDF text
    has them) that together read as a part heading wrapped in two: its match and the index of
    the second line."""
    first = lines[i]
    if first.kind != "dun" or len(first.text.strip()) > 30 or _ends_sentence(first.text):
        return None
    j = i + 1
    while j < len(lines) and lines[j].kind == "blank":
        j += 1
    if j >= len(lines) or lines[j].kind != "text" or len(lines[j].text.strip()) > 20:
        return None
    match = match_part_heading(first.text.rstrip() + lines[j].text.strip())
    return (match, j) if match is not None else None


def _has_wrapped_heading(group: list[Chunk | Line]) -> bool:
    """Whether a numbered line of ``group`` begins a part heading wrapped over two lines;
    only the lines from such a line to the next non-blank one are split."""
    for c, chunk in enumerate(group):
        if type(chunk) is Line or chunk[0] != "dun":
            continue
        text = _head_text(chunk[1])  # type: ignore[index]
        if len(text.strip()) > 30 or _ends_sentence(text):
            continue
        lines: list[Line] = []
        _expand(chunk, lines)
        k = c + 1
        j = 1
        while True:
            while j < len(lines) and lines[j].kind == "blank":
                j += 1
            if j < len(lines) or k >= len(group):
                break
            _expand(group[k], lines)
            k += 1
        if _wrapped_heading(lines, 0) is not None:
            return True
    return False


def _join_wrapped_headings(
    preamble: list[Chunk | Line], parts: list[RawPart]
) -> tuple[list[Chunk | Line], list[RawPart]]:
    """Re-split preamble and parts where a part heading was wrapped over two lines."""
    # table 三's 一、… rows are short numbered lines too: look for a real wrapped heading first
    if not any(_has_wrapped_heading(g) for g in (preamble, *(p.chunks for p in parts))):
        return preamble, parts
    groups = [_lines(preamble), *(_lines(p.chunks) for p in parts)]
    new_preamble: list[Chunk | Line] = []
    new_parts: list[RawPart] = []
    for index, group in enumerate(groups):
        if index > 0:
            new_parts.append(RawPart(parts[index - 1].heading, parts[index - 1].match, []))
        i = 0
        while i < len(group):
            found = _wrapped_heading(group, i)
            if found is None:
                (new_parts[-1].chunks if new_parts else new_preamble).append(group[i])
                i += 1
                continue
            match, j = found
            first, second = group[i], group[j]
            heading = Line("part", first.start, second.end, first.text)
            new_parts.append(RawPart(heading, match, []))
            i = j + 1
    return new_preamble, new_parts


# --------------------------------------------------------------------------------------------
# paragraphs


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(" \t\r*")
    return not stripped or stripped[-1] in SENTENCE_END or stripped[-1] in '。）)》”"」'


def _title_like(line: Line) -> bool:
    """A short line that stands alone: a sub-heading title or a Markdown heading."""
    body = line.text.strip()
    if body.startswith("#"):
        return True
    if line.kind in ("text", "blank", "footer") or len(body) > 30:
        return False
    head = body[:-1]
    return "。" not in head and "；" not in head and ";" not in head


def build_paragraphs(
    source: SourceText,
    folded: str,
    chunks: list[Chunk | Line],
    excluded: list[tuple[int, int]],
) -> tuple[list[Paragraph], list[SubHeading]]:
    """Re-join wrapped lines into paragraphs; lines inside ``excluded`` ranges (tables) are
    left out. A line continues the previous one when that one stops mid-sentence, even across a
    blank line or a page footer (PDF text), unless it opens with a sub-heading numeral after a
    blank line."""
    excluded = sorted(excluded)
    # the lines, each line inside a table replaced by the stand-in (so that the loop below
    # need not look at the tables): only lines of a chunk reaching into a table are looked at
    lines: list[Line] = []
    for chunk in chunks:
        if type(chunk) is Line:
            lines.append(chunk)
            _mark_table_lines(lines, len(lines) - 1, excluded)
            continue
        _, value, base, pos = chunk  # type: ignore[misc]
        first, last = base + pos, base + len(value)
        for a, b in excluded:
            if a <= first and last <= b:
                # all its lines start inside the table: one stand-in, nothing split
                if not lines or lines[-1] is not _TABLE_LINE:
                    lines.append(_TABLE_LINE)
                break
            if a <= last and first <= b:
                n = len(lines)
                _expand(chunk, lines, excluded)
                _mark_table_lines(lines, n, excluded)
                break
        else:
            _expand(chunk, lines)

    paragraphs: list[Paragraph] = []
    subs: list[SubHeading] = []
    current: list[Line] = []
    gap = False  # a blank line or footer since the last text line

    def flush() -> None:
        if current:
            paragraphs.append(_paragraph(source, folded, current))
            current.clear()

    for line in lines:
        if line is _TABLE_LINE:
            flush()
            gap = False
            continue
        kind = line.kind
        text = line.text
        if kind in ("blank", "footer") or not text or text.isspace():
            gap = True
            continue
        starts_new = True
        if current:
            prev = current[-1]
            if not _title_like(prev) and not _ends_sentence(prev.text):
                starts_new = kind in _STRONG and gap
        if starts_new:
            flush()
            if kind not in ("text", "blank", "footer"):
                sub = _sub_heading(source, folded, line)
                if sub is not None:
                    subs.append(sub)
        current.append(line)
        gap = False
    flush()
    return paragraphs, subs


def _mark_table_lines(lines: list[Line], start: int, excluded: list[tuple[int, int]]) -> None:
    """Replace ``lines[start:]`` that lie in a table (start in it, or end in it) by the
    stand-in."""
    for i in range(start, len(lines)):
        line = lines[i]
        if line is _TABLE_LINE:
            continue
        for a, b in excluded:
            if a <= line.start < b or a < line.end <= b:
                lines[i] = _TABLE_LINE
                break


def _paragraph(source: SourceText, folded: str, lines: list[Line]) -> Paragraph:
    text, offsets = normalize_prose(folded, [(ln.start, ln.end) for ln in lines], folded=True)
    start = lines[0].start
    while start < lines[0].end and source.text[start] in " \t\u3000":
        start += 1
    end = lines[-1].end
    while end > start and source.text[end - 1] in " \t\r\u3000":
        end -= 1
    return Paragraph(text, source.span(start, end), offsets, source)


def _sub_heading(source: SourceText, folded: str, line: Line) -> SubHeading | None:
    m = _SUB_RE.match(line.text)
    if m is None:
        return None
    style = m.lastgroup or ""
    numeral = m.group(style) if style else ""
    number = cn_number(numeral)
    if number is None:
        return None
    mapped = {"paren": "paren", "parena": "paren_arabic", "shi": "shi", "dun": "dun"}.get(
        style, "arabic"
    )
    # the heading proper: up to the first sentence stop of a run-in heading
    end = line.end
    body = line.text
    stop = _HEADING_STOP.search(body, m.end())
    if stop is not None:
        end = line.start + stop.start()
    start = line.start + (len(body) - len(body.lstrip(" \t")))
    text, _ = normalize_prose(folded, [(start, end)], folded=True)
    return SubHeading(
        text=text.lstrip("#* "),
        numeral=numeral,
        number=number,
        style=mapped,  # type: ignore[arg-type]
        span=source.span(start, end),
    )


# --------------------------------------------------------------------------------------------
# parts and title


def make_part(
    source: SourceText,
    folded: str,
    raw: RawPart,
    body_end: int,
    excluded: list[tuple[int, int]],
) -> Part:
    head = raw.heading
    m = raw.match
    paragraphs, subs = build_paragraphs(source, folded, raw.chunks, excluded)
    start = head.start + (len(head.text) - len(head.text.lstrip(" \t")))
    end = head.end
    while end > start and source.text[end - 1] in " \t\r":
        end -= 1
    body_start = min(head.end + 1, len(source.text))
    return Part(
        key=m.spec.key,
        number=m.spec.number,
        numeral=m.numeral,
        title=m.title,
        title_kind=m.kind,
        heading_span=source.span(start, end),
        body_span=source.span(body_start, max(body_start, body_end)),
        subheadings=tuple(subs),
        paragraphs=tuple(paragraphs),
    )


_YEAR_RE = re.compile(r"((?:19|20)\d{2})[ \t\u3000]*年")
_CN_YEAR_RE = re.compile(r"([二〇零一二三四五六七八九]{4})[ \t\u3000]*年")


def _title_lines(lines: list[Line], index: int) -> tuple[list[Line], str]:
    """The line at ``index`` and, for a title wrapped over lines, the short lines after it."""
    first = lines[index]
    used = [first]
    joined = "".join(first.text.split()).lstrip("#*").rstrip("*")
    if "报告" not in joined:
        for nxt in lines[index + 1 : index + 3]:
            frag = "".join(nxt.text.split())
            if len(frag) > 20 or (_ends_sentence(frag) and not frag.endswith("报告")):
                break
            used.append(nxt)
            joined += frag
            if "报告" in joined:
                break
    return used, joined


def _looks_like_title(joined: str, strict: bool) -> bool:
    if strict:
        # past the first line only a real report title will do
        return "报告" in joined and ("政府信息公开" in joined or "年度" in joined)
    return any(w in joined for w in ("报告", "年度", "政府信息公开"))


def find_title(
    source: SourceText, folded: str, preamble: list[Line]
) -> tuple[Title | None, list[Line]]:
    """The title from the first non-empty preamble lines (wrapped titles joined) and the lines
    it used."""
    lines = [ln for ln in preamble if ln.kind not in ("blank", "footer") and ln.text.strip()]
    # web pages put a few metadata lines (索引号, 发布日期…) before the title: look a little further
    for index in range(min(len(lines), 12)):
        used, joined = _title_lines(lines, index)
        if len(joined) <= 80 and _looks_like_title(joined, strict=index > 0):
            break
    else:
        return None, []
    text, offsets = normalize_prose(folded, [(ln.start, ln.end) for ln in used], folded=True)
    lead = len(text) - len(text.lstrip("#* "))
    text = text.strip("#* ")
    year = None
    year_span = None
    agency = None
    agency_span = None
    m = _YEAR_RE.search(text)
    if m:
        year = int(m.group(1))
        a, b = m.start(1) + lead, m.end(1) + lead
        year_span = source.span(offsets.to_original(a), offsets.to_original_end(b))
    else:
        m = _CN_YEAR_RE.search(text)
        if m:
            digits = [CN_DIGITS.get(c) for c in m.group(1)]
            if all(d is not None for d in digits):
                year = int("".join(str(d) for d in digits))
                a, b = m.start(1) + lead, m.end(1) + lead
                year_span = source.span(offsets.to_original(a), offsets.to_original_end(b))
    agency_at = 0
    cut = m.start() if m else text.find("政府信息公开")
    if m is not None and cut <= 0:
        # the year first: "2023年某某局政府信息公开工作年度报告"
        agency_at = m.end() + (1 if text.startswith("度", m.end()) else 0)
        cut = text.find("政府信息公开", agency_at)
        if cut < 0:
            cut = text.find("年度报告", agency_at)
    if cut > agency_at:
        raw_agency = text[agency_at:cut]
        agency = raw_agency.strip(" 《")
        if agency:
            a = lead + agency_at + raw_agency.index(agency)
            agency_span = source.span(
                offsets.to_original(a), offsets.to_original_end(a + len(agency))
            )
        else:
            agency = None
    start = offsets.to_original(lead)
    end = offsets.to_original_end(lead + len(text))
    title = Title(
        text=text,
        agency=agency,
        year=year,
        span=source.span(start, end),
        year_span=year_span,
        agency_span=agency_span,
    )
    return title, used
