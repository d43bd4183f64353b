"""Layout does not matter: every seed re-laid-out parses to the same tables, parts and title.

Each transformation imitates a way real reports reach us: PDF text hard-wrapped at some width
(with or without blank lines between the wrapped lines, with page footers), tables copied with
spaces instead of tabs or as Markdown pipe rows, headings as Markdown, half-width brackets,
CRLF line ends, and the encodings Windows tools write.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import SEED_FILES

from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_result, parse_text
from giar_lint.parse.headings import match_part_heading
from giar_lint.read.decode import read_text_bytes


def summary(text: str) -> dict[str, Any]:
    report = parse_text(text, "seed")
    out = report_to_json(report)
    out.pop("path")
    out["parts"] = [(p["number"], p["key"], p["title"]) for p in out["parts"]]
    out["title"] = report.title.text if report.title else None
    out["missing"] = {t.kind: t.missing_rows for t in report.tables}
    out["extra"] = {
        t.kind: {k: len(r.extra) for k, r in t.rows.items() if r.extra} for t in report.tables
    }
    out["statuses"] = sorted(
        {c.status for t in report.tables for r in t.rows.values() for c in r.cells}
    )
    return out


def _is_heading(line: str) -> bool:
    return match_part_heading(line.replace("（", "(").replace("）", ")")) is not None


def _break_ok(line: str, i: int) -> bool:
    """Never split inside a number such as 22302.6396 (PDF text never does)."""
    return not (line[i - 1] in "0123456789." and line[i] in "0123456789.")


def hard_wrap(text: str, width: int, blank_between: bool = False) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width or _is_heading(line) or line.startswith("|---"):
            out.append(line)
            continue
        rest = line
        while len(rest) > width:
            cut = width
            while cut > 1 and not _break_ok(rest, cut):
                cut -= 1
            out.append(rest[:cut])
            if blank_between:
                out.append("")
            rest = rest[cut:]
        out.append(rest)
    return "\n".join(out)


def with_footers(text: str, every: int = 23) -> str:
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % every == 0:
            out.append(f"- {i // every} -")
    return "\n".join(out)


def tabs_to_spaces(text: str) -> str:
    return text.replace("\t", " ")


_NUMBERS_ROW = re.compile(r"^(?P<label>\S.*?)(?P<numbers>(?: +\d+(?:\.\d+)?)+) *$")
_ONLY_NUMBERS = re.compile(r"^\d+(?:\.\d+)?(?: +\d+(?:\.\d+)?)* *$")


def pipe_tables(text: str) -> str:
    """Tab-separated rows (and space-separated label + numbers rows of PDF text) → Markdown
    pipe rows, with a separator row after the first row of each block."""
    out: list[str] = []
    in_block = False
    for line in text.split("\n"):
        cells: list[str] | None = None
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
        elif _ONLY_NUMBERS.match(line):
            cells = line.split()
        else:
            m = _NUMBERS_ROW.match(line)
            if m and not _is_heading(line) and len(m.group("label")) < 40:
                cells = [m.group("label"), *m.group("numbers").split()]
        if cells is None:
            out.append(line)
            in_block = False
            continue
        out.append("| " + " | ".join(cells) + " |")
        if not in_block:
            out.append("|" + "---|" * len(cells))
            in_block = True
    return "\n".join(out)


def markdown_headings(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if _is_heading(line):
            line = "## " + line.lstrip("# ")
        out.append(line)
    return "\n".join(out)


def numbered_parts(text: str) -> str:
    """一、总体情况 → 第一部分 总体情况"""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^(#*\s*)([一二三四五六])、(.*)$", line)
        if m and _is_heading(line):
            line = f"{m.group(1)}第{m.group(2)}部分 {m.group(3)}"
        out.append(line)
    return "\n".join(out)


def half_width_brackets(text: str) -> str:
    return text.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")


def full_width_brackets(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "wrap17": lambda t: hard_wrap(t, 17),
    "wrap23": lambda t: hard_wrap(t, 23),
    "wrap31": lambda t: hard_wrap(t, 31),
    "wrap44": lambda t: hard_wrap(t, 44),
    "wrap29_blank_lines": lambda t: hard_wrap(t, 29, blank_between=True),
    "wrap37_footers": lambda t: with_footers(hard_wrap(t, 37)),
    "tabs_to_spaces": tabs_to_spaces,
    "pipe_tables": pipe_tables,
    "markdown_headings": markdown_headings,
    "numbered_parts": numbered_parts,
    "half_width_brackets": half_width_brackets,
    "full_width_brackets": full_width_brackets,
    "crlf": crlf,
    "wrap26_crlf_pipes": lambda t: crlf(hard_wrap(pipe_tables(t), 26)),
    "spaces_markdown_wrap": lambda t: markdown_headings(hard_wrap(tabs_to_spaces(t), 33)),
}


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
@pytest.mark.parametrize("name", SEED_FILES)
def test_relayout_keeps_tables_and_parts(
    name: str, transform: str, seeds: dict[str, str], expected_tables: dict[str, dict]
) -> None:
    original = seeds[name]
    changed = TRANSFORMS[transform](original)
    want = summary(original)
    got = summary(changed)
    assert got["tables"] == want["tables"]
    assert got["parts"] == want["parts"]
    assert (
        got["missing"]
        == want["missing"]
        == {
            "disclosure": (),
            "applications": (),
            "review_litigation": (),
        }
    )
    assert (
        got["extra"]
        == want["extra"]
        == {
            "disclosure": {},
            "applications": {},
            "review_litigation": {},
        }
    )
    assert got["statuses"] == want["statuses"] == ["ok"]
    assert (got["agency"], got["year"], got["format"]) == (
        want["agency"],
        want["year"],
        want["format"],
    )
    assert got["tables"]["disclosure"] == expected_tables[name]["disclosure"]


ENCODINGS = ["utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", SEED_FILES)
def test_encodings_read_the_same(name: str, encoding: str, seeds: dict[str, str]) -> None:
    original = seeds[name]
    data = original.encode(encoding)
    result = read_text_bytes(data, name)
    assert result.problem is None
    assert result.text == original
    got = report_to_json(parse_result(result, name))
    want = report_to_json(parse_text(original, name))
    assert got == want


@pytest.mark.parametrize("name", SEED_FILES)
def test_spans_follow_the_relaid_text(name: str, seeds: dict[str, str]) -> None:
    """After re-layout, cell spans still point at the digits of the changed text."""
    changed = crlf(hard_wrap(pipe_tables(seeds[name]), 21))
    report = parse_text(changed, name)
    for table in report.tables:
        for row in table.rows.values():
            for cell in row.cells:
                assert cell.span is not None
                assert changed[cell.span.start : cell.span.end] == cell.raw


@pytest.mark.parametrize("name", SEED_FILES)
@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "lone_cr"])
def test_line_ends_do_not_move_findings(name: str, line_end: str, seeds: dict[str, str]) -> None:
    """A report saved with CRLF or with lone CR line ends (old Mac tools, some exports) gives
    the findings of its LF version at the same lines and columns, and its parts start on the
    same lines, as an editor shows them."""
    from giar_lint.engine import Linter

    linter = Linter()
    text = seeds[name]

    def findings(data: bytes) -> list[tuple[object, ...]]:
        result = linter.check_bytes("seed.txt", data)
        return [
            (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column, d.message)
            for d in result.diagnostics
        ]

    def part_lines(data: bytes) -> list[tuple[int, int]]:
        report = parse_result(read_text_bytes(data, "seed.txt"), "seed.txt")
        return [(p.heading_span.line, p.heading_span.column) for p in report.parts]

    lf = text.encode("utf-8")
    other = text.replace("\n", line_end).encode("utf-8")
    assert findings(other) == findings(lf)
    assert part_lines(other) == part_lines(lf)
    assert len(part_lines(lf)) >= 5
