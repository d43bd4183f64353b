"""Tables written as Markdown pipe tables, as Word/web-page converters write them: each table
one Markdown table whose first row is followed by a header separator row (``|---|``,
``| --- |``, with alignment colons, or without outer pipes), and merged cells written as empty
cells, so that group labels (三、本年度办理结果, （三）不予公开…) stand in a column of their own
above empty cells. ``giar-lint parse`` must still give the hand-checked values of
expected-tables.json.

The tab-separated seeds (001, 003) hold their tables cell by cell, merged cells included, so
they are converted as they are.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from giar_lint import api
from giar_lint.parse import parse_text

TAB_SEEDS = ["001_092edd9a71238ba5.txt", "003_8a3103fe368513da.txt"]


def _row(cells: list[str], outer: bool) -> str:
    inner = " | ".join(cells)
    return f"| {inner} |" if outer else inner


SEPARATORS: dict[str, Callable[[int], str]] = {
    "plain": lambda n: "|" + "---|" * n,
    "spaced": lambda n: _row(["---"] * n, outer=True),
    "aligned": lambda n: "|" + "|".join([":---", *[":---:"] * (n - 2), "---:"]) + "|",
    "no_outer_pipes": lambda n: _row(["---"] * n, outer=False),
}


def to_markdown(text: str, style: str) -> str:
    """Each run of tab-separated lines → one Markdown table (separator after its first row)."""
    outer = style != "no_outer_pipes"
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            in_table = False
            continue
        cells = [c.strip() for c in line.split("\t")]
        out.append(_row(cells, outer))
        if not in_table:
            out.append(SEPARATORS[style](len(cells)))
            in_table = True
    return "\n".join(out)


def parse_cli(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "giar_lint", "parse", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("style", sorted(SEPARATORS))
@pytest.mark.parametrize("name", TAB_SEEDS)
def test_markdown_tables_give_the_hand_checked_values(
    name: str,
    style: str,
    seeds: dict[str, str],
    expected_tables: dict[str, dict],
    tmp_path: Path,
) -> None:
    text = to_markdown(seeds[name], style)
    lines = text.split("\n")
    # one Markdown table per table (and per tab-separated note): a separator row under each
    assert sum(1 for ln in lines if set(ln) <= set("|-: ") and "---" in ln) >= 3
    # merged cells: rows opening with empty cells under a group label
    empty_first = "|  | " if style != "no_outer_pipes" else " | "
    assert sum(1 for ln in lines if ln.startswith(empty_first)) >= 20
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    tables = parse_cli(path)["tables"]
    want = expected_tables[name]
    assert tables["disclosure"] == want["disclosure"]
    assert tables["applications"]["rows"] == want["applications"]["rows"]
    assert tables["review_litigation"] == want["review_litigation"]


@pytest.mark.parametrize("name", TAB_SEEDS)
def test_markdown_tables_are_read_cleanly(name: str, seeds: dict[str, str]) -> None:
    text = to_markdown(seeds[name], "aligned")
    report = parse_text(text, name)
    assert [t.kind for t in report.tables] == ["disclosure", "applications", "review_litigation"]
    for table in report.tables:
        assert table.missing_rows == () and table.subtotals == {}
        for row in table.rows.values():
            assert row.extra == () and row.read_count == len(row.cells)
            for cell in row.cells:
                assert cell.status == "ok", (table.kind, row.key)
                assert cell.span is not None
                assert text[cell.span.start : cell.span.end] == cell.raw


@pytest.mark.parametrize("name", TAB_SEEDS)
def test_markdown_tables_give_the_same_findings(
    name: str, seeds: dict[str, str], tmp_path: Path
) -> None:
    api.reload_config()
    path = str(tmp_path / name)
    want = sorted((d.code, d.message) for d in api.lint_text(seeds[name], path))
    got = sorted(
        (d.code, d.message) for d in api.lint_text(to_markdown(seeds[name], "spaced"), path)
    )
    assert got == want
