"""Parsing: report text → :class:`~giar_lint.model.report.Report`.

``parse_text`` and ``parse_result`` never raise: whatever the input, they return a report (an
unreadable one carries its :class:`~giar_lint.model.report.ReadingProblem`).
"""

from __future__ import annotations

from dataclasses import replace

from lark import Tree

from giar_lint.collector import paused_collection
from giar_lint.model.report import ReadingProblem, Report, Tables
from giar_lint.model.source import SourceText
from giar_lint.parse.document import (
    Line,
    RawPart,
    build_paragraphs,
    find_title,
    make_part,
    parse_document_tree,
    split_tree,
)
from giar_lint.parse.formats import detect_format
from giar_lint.parse.tables import (
    ParsedTable,
    parse_applications,
    parse_disclosure,
    parse_review,
)
from giar_lint.read.normalize import fold
from giar_lint.read.result import ReadResult

__all__ = ["MAX_TEXT_CHARS", "parse_result", "parse_text", "parse_tree"]

#: Longest report text that is parsed, in characters. A year's report is 5 to 200 thousand
#: characters; parsing holds several hundred bytes per character at its peak, so a text ten times
#: longer than any report (a concatenated archive, a one-line dump) would only take seconds and
#: gigabytes. Every reader's text (plain text, HTML, DOCX, PDF, plugins) reaches the parser
#: through :func:`parse_text`, which refuses a longer one with a reading problem (E001).
MAX_TEXT_CHARS = 2_000_000


def parse_result(result: ReadResult, path: str) -> Report:
    """The report for what a reader produced; a reading problem gives an unreadable report."""
    if result.problem is not None:
        source = SourceText(path, result.text, result.encoding)
        return _unreadable(source, result.problem, result.page_of_line)
    report = parse_text(result.text, path, encoding=result.encoding)
    if result.page_of_line is not None:
        report = replace(report, page_of_line=result.page_of_line)
    return report


def parse_text(text: str, path: str = "<text>", encoding: str = "utf-8") -> Report:
    """Parse report text. Never raises. A text longer than :data:`MAX_TEXT_CHARS` is not parsed:
    the report is unreadable, with a problem that gives its length and the limit."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_TEXT_CHARS:
        return _unreadable(SourceText(path, "", encoding), too_long(len(text)))
    source = SourceText(path, text, encoding)
    try:
        with paused_collection():
            return _parse(source)[0]
    except Exception as exc:  # the grammars are total; this is the last line of defence
        problem = ReadingProblem("unreadable", f"报告结构无法解析：{type(exc).__name__}: {exc}")
        return _unreadable(source, problem)


def too_long(length: int) -> ReadingProblem:
    """The problem of a text over :data:`MAX_TEXT_CHARS` characters."""
    return ReadingProblem(
        "unreadable",
        f"报告文本过长（{length} 个字符，上限 {MAX_TEXT_CHARS} 个字符），"
        "不是一份年度报告，未作解析",
    )


def _unreadable(
    source: SourceText, problem: ReadingProblem, page_of_line: tuple[int, ...] | None = None
) -> Report:
    """A report with no structure, carrying the problem that stopped it being read."""
    return Report(
        source=source,
        title=None,
        format="unknown",
        parts=(),
        preamble=(),
        tables=Tables(),
        problems=(problem,),
        page_of_line=page_of_line,
    )


def parse_tree(text: str) -> Tree:
    """The lark parse tree of the document, with each table's tree under its part
    (for ``parse --format tree``)."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_TEXT_CHARS:
        return Tree("start", [])
    try:
        return _parse(SourceText("<text>", text))[1]
    except Exception:  # the grammars are total; this is the last line of defence
        return Tree("start", [])


def _regions(parts: list[RawPart], length: int) -> list[tuple[RawPart, int]]:
    """Each part with the end of its body (the start of the next part)."""
    out = []
    for i, raw in enumerate(parts):
        end = parts[i + 1].heading.start if i + 1 < len(parts) else length
        out.append((raw, end))
    return out


#: Cells read that a table found outside its own part needs before it is believed (prose
#: elsewhere mentions 行政复议 or 规章 next to a number).
_FALLBACK_CELLS = {"disclosure": 4, "applications": 20, "review_litigation": 10}


def _cells_read(parsed: ParsedTable) -> int:
    return sum(1 for row in parsed.table.rows.values() for c in row.cells if c.status != "missing")


def _find_tables(
    source: SourceText, folded: str, regions: list[tuple[RawPart, int]]
) -> dict[str, tuple[ParsedTable, int]]:
    """Tables 二/三/四, looked for in the body of their part (the first one holding the table),
    else, when the part is missing or holds no table, in the whole text. ``folded`` is the
    source text already folded (so the regions are not folded again)."""
    readers = {
        "disclosure": parse_disclosure,
        "applications": parse_applications,
        "review_litigation": parse_review,
    }
    part_keys = {
        "disclosure": "disclosure",
        "applications": "applications",
        "review_litigation": "review",
    }
    found: dict[str, tuple[ParsedTable, int]] = {}
    length = len(source.text)
    for kind, read in readers.items():
        candidates = [
            (i, raw.heading.end, end)
            for i, (raw, end) in enumerate(regions)
            if raw.match.spec.key == part_keys[kind]
        ]
        for index, start, end in candidates:
            table = read(source, start, end, folded)
            if table is not None:
                found[kind] = (table, index)
                break
        else:
            table = read(source, 0, length, folded)
            if table is not None and _cells_read(table) >= _FALLBACK_CELLS[kind]:
                found[kind] = (table, -1)
    return found


def _parse(source: SourceText) -> tuple[Report, Tree]:
    folded = fold(source.text)
    tree = parse_document_tree(folded)
    preamble_lines, raw_parts = split_tree(tree)
    regions = _regions(raw_parts, len(source.text))
    tables = _find_tables(source, folded, regions)
    excluded = [(t.start, t.end) for t, _ in tables.values()]

    title, title_lines = find_title(source, folded, preamble_lines)
    used = {id(ln) for ln in title_lines}
    preamble_rest: list[Line] = [ln for ln in preamble_lines if id(ln) not in used]
    preamble, _subs = build_paragraphs(source, folded, preamble_rest, excluded)
    parts = tuple(make_part(source, folded, raw, end, excluded) for raw, end in regions)

    t = Tables(
        disclosure=tables["disclosure"][0].table if "disclosure" in tables else None,
        applications=tables["applications"][0].table if "applications" in tables else None,
        review_litigation=(
            tables["review_litigation"][0].table if "review_litigation" in tables else None
        ),
    )
    fmt = detect_format(title.year if title else None, parts, raw_parts, t)
    report = Report(
        source=source,
        title=title,
        format=fmt,
        parts=parts,
        preamble=tuple(preamble),
        tables=t,
    )
    _graft_tables(tree, tables, len(regions))
    return report, tree


def _graft_tables(tree: Tree, tables: dict[str, tuple[ParsedTable, int]], parts: int) -> None:
    part_trees = [c for c in tree.children if isinstance(c, Tree) and c.data == "part"]
    if len(part_trees) != parts:  # a heading wrapped over two lines made a part of its own
        part_trees = []
    for kind, (parsed, index) in tables.items():
        sub = Tree(f"table_{kind}", parsed.tree.children)
        if 0 <= index < len(part_trees):
            part_trees[index].children.append(sub)
        else:
            tree.children.append(sub)
