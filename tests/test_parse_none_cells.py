"""A table cell written 无 (none): read as 0, status "dash" (a placeholder written instead of a
number, like "/" or "—"), reported by T204 as a warning and counted as 0 by the arithmetic rules.
Labels and prose holding 无 (（四）无法提供, 无正当理由…) stay text. Each case edits a seed report:
000 (PDF text, space-separated) and 003 (tab-separated)."""

from __future__ import annotations

from pathlib import Path

import pytest

from giar_lint import api
from giar_lint.model.report import Cell, Report
from giar_lint.parse import parse_text

SPACED = "000_80769d72cf641a83.txt"
TABBED = "003_8a3103fe368513da.txt"


@pytest.fixture(autouse=True)
def _fresh() -> None:
    api.reload_config()


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def findings(text: str, tmp_path: Path) -> list[tuple[str, str, int, str]]:
    return [
        (d.code, d.severity, d.span.line, d.message)
        for d in api.lint_text(text, str(tmp_path / "report.txt"))
    ]


def new_findings(base: str, text: str, tmp_path: Path) -> list[tuple[str, str, int, str]]:
    before = findings(base, tmp_path)
    after = findings(text, tmp_path)
    for finding in before:
        after.remove(finding)  # every finding of the seed is still there
    return after


def _is_none(cell: Cell, text: str) -> bool:
    assert cell.span is not None
    return (cell.value, cell.status, cell.raw) == (0, "dash", "无") and text[
        cell.span.start : cell.span.end
    ] == "无"


def test_tab_separated_none_cell(seeds: dict[str, str], tmp_path: Path) -> None:
    base = seeds[TABBED]
    text = edit(base, "行政许可\t0\t\t", "行政许可\t无\t\t")
    row = parse_text(text).tables.disclosure.rows["licensing"]  # type: ignore[union-attr]
    assert _is_none(row.cells[0], text) and row.extra == ()
    line = text[: text.index("行政许可\t无")].count("\n") + 1
    assert new_findings(base, text, tmp_path) == [
        (
            "T204",
            "warning",
            line,
            "表二“行政许可”行“本年处理决定数量”列填写为“无”，没有发生的应填 0",
        )
    ]


def test_space_separated_row_of_none_cells(seeds: dict[str, str], tmp_path: Path) -> None:
    base = seeds[SPACED]
    text = edit(base, "规章 0 0 0", "规章 无 无 无")
    row = parse_text(text).tables.disclosure.rows["regulations"]  # type: ignore[union-attr]
    assert all(_is_none(c, text) for c in row.cells)
    assert row.read_count == 3 and row.extra == ()
    added = new_findings(base, text, tmp_path)
    assert [(code, severity) for code, severity, _, _ in added] == [("T204", "warning")] * 3


def test_none_cells_among_numbers_count_as_zero(seeds: dict[str, str], tmp_path: Path) -> None:
    base = seeds[SPACED]
    text = edit(
        base,
        "3.要求提供公开出版物 0 0 0 0 0 0 0",
        "3.要求提供公开出版物 无 0 无 0 0 0 无",
    )
    report = parse_text(text)
    row = report.tables.applications.rows["not_processed.publication"]  # type: ignore[union-attr]
    assert [c.status for c in row.cells] == ["dash", "ok", "dash", "ok", "ok", "ok", "dash"]
    assert row.values == (0,) * 7
    # read as 0 the sums still hold: three warnings, no arithmetic finding
    assert [f[0] for f in new_findings(base, text, tmp_path)] == ["T204"] * 3


def test_none_in_place_of_a_number_breaks_the_sums(seeds: dict[str, str], tmp_path: Path) -> None:
    base = seeds[SPACED]
    text = edit(base, "（一）予以公开 10 3 0", "（一）予以公开 无 3 0")
    codes = sorted(f[0] for f in new_findings(base, text, tmp_path))
    assert codes == ["A302", "A303", "T204"]


def test_none_cells_in_table_four(seeds: dict[str, str], tmp_path: Path) -> None:
    base = seeds[SPACED]
    text = edit(base, "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", "0 0 无 0 0 0 0 0 0 0 无 0 0 0 0")
    table = parse_text(text).tables.review_litigation
    assert table is not None
    cells = [c for r in table.rows.values() for c in r.cells]
    assert len(cells) == 15
    assert [i for i, c in enumerate(cells) if c.status == "dash"] == [2, 10]
    assert all(_is_none(cells[i], text) for i in (2, 10))
    assert [f[0] for f in new_findings(base, text, tmp_path)] == ["T204"] * 2


def test_none_cell_in_a_markdown_pipe_table(seeds: dict[str, str]) -> None:
    text = edit(
        seeds[TABBED],
        "规章\t0\t0\t0\n行政规范性文件\t18\t113\t172",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
        "| 规章 | 无 | 0 | 无 |\n| 行政规范性文件 | 18 | 113 | 172 |",
    )
    table = parse_text(text).tables.disclosure
    assert table is not None
    cells = table.rows["regulations"].cells
    assert [c.status for c in cells] == ["dash", "ok", "dash"]
    assert _is_none(cells[0], text) and _is_none(cells[2], text)
    assert table.rows["normative_documents"].values == (18, 113, 172)


def _cells(report: Report) -> dict[str, dict[str, list[tuple[object, str]]]]:
    return {
        t.kind: {k: [(c.value, c.status) for c in r.cells] for k, r in t.rows.items()}
        for t in report.tables
    }


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # prose under a table, 无 inside a word and set off by spaces
        ("行政许可 0\n", "行政许可 0\n\n（本年度无行政许可事项，表中 无 收费）\n"),
        # labels holding 无 wrapped at other places
        ("（四）无\n法提供", "（四）\n无法提供"),
        ("4.无正当理由大量反复申请", "4.无正当理由\n大量反复申请"),
        ("1.申请人无正当理由逾期不补正、", "1.申请人\n无正当理由逾期不补正、"),
    ],
)
def test_none_in_labels_and_prose_is_not_a_cell(
    old: str, new: str, seeds: dict[str, str], tmp_path: Path
) -> None:
    base = seeds[SPACED]
    text = edit(base, old, new)
    assert _cells(parse_text(text)) == _cells(parse_text(base))
    assert findings(text, tmp_path) == findings(base, tmp_path)
