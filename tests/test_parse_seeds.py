"""The five seed reports parse to their hand-checked tables, parts, title, body and year, and
every position points back at the right characters of the file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SEED_FILES

from giar_lint.model.catalogue import APPLICATION_ROW_KEYS, PART_KEYS
from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_text

TITLES = {
    "000_80769d72cf641a83.txt": ("平顶山市人民政府办公室", 2023),
    "001_092edd9a71238ba5.txt": ("卫辉市人民政府办公室", 2023),
    "002_967c1590f64ec95c.txt": ("焦作市人民政府", 2023),
    "003_8a3103fe368513da.txt": ("周口市人民政府办公室", 2024),
    "004_006a45e46abc384b.txt": ("鲁山县人民政府办公室", 2024),
}


@pytest.mark.parametrize("name", SEED_FILES)
def test_tables_match_hand_checked_values(
    name: str, seeds: dict[str, str], expected_tables: dict[str, dict]
) -> None:
    got = report_to_json(parse_text(seeds[name], name))["tables"]
    want = expected_tables[name]
    assert got["disclosure"] == want["disclosure"]
    assert got["applications"]["rows"] == want["applications"]["rows"]
    assert list(got["applications"]["rows"]) == list(APPLICATION_ROW_KEYS)
    assert got["review_litigation"] == want["review_litigation"]


@pytest.mark.parametrize("name", SEED_FILES)
def test_tables_are_complete_and_clean(name: str, seeds: dict[str, str]) -> None:
    report = parse_text(seeds[name], name)
    tables = list(report.tables)
    assert [t.kind for t in tables] == ["disclosure", "applications", "review_litigation"]
    for table in tables:
        assert table.format == "2021"
        assert table.missing_rows == ()
        assert table.subtotals == {}
        assert table.old_format_labels == ()
        for row in table.rows.values():
            assert row.extra == ()
            assert row.read_count == len(row.cells)
            assert all(c.status == "ok" for c in row.cells), row


@pytest.mark.parametrize("name", SEED_FILES)
def test_parts(name: str, seeds: dict[str, str]) -> None:
    report = parse_text(seeds[name], name)
    keys = [p.key for p in report.parts]
    if name.startswith("004"):
        # part 一's heading occurs twice in this report
        assert keys == ["overview", *PART_KEYS]
    else:
        assert keys == list(PART_KEYS)
    for part in report.parts:
        assert part.title_kind == "template"
        assert part.number == PART_KEYS.index(part.key) + 1
        line = report.source.line_text(part.line)
        assert part.title in line
        heading = report.source.text[part.heading_span.start : part.heading_span.end]
        assert heading.rstrip("。").endswith(part.title)
    assert report.format == "2021"


@pytest.mark.parametrize("name", SEED_FILES)
def test_title_agency_year(name: str, seeds: dict[str, str]) -> None:
    report = parse_text(seeds[name], name)
    agency, year = TITLES[name]
    assert report.title is not None
    assert report.agency == agency
    assert report.year == year
    assert report.title.text.endswith("年度报告")
    text = report.source.text
    assert report.title.year_span is not None and report.title.agency_span is not None
    assert text[report.title.year_span.start : report.title.year_span.end] == str(year)
    assert text[report.title.agency_span.start : report.title.agency_span.end] == agency


def test_wrapped_title_is_joined(seeds: dict[str, str]) -> None:
    report = parse_text(seeds["000_80769d72cf641a83.txt"])
    assert report.title is not None
    assert report.title.text == "平顶山市人民政府办公室2023年政府信息公开工作年度报告"
    assert (report.title.span.line, report.title.span.end_line) == (2, 3)


@pytest.mark.parametrize("name", SEED_FILES)
def test_cell_spans_point_at_their_digits(name: str, seeds: dict[str, str]) -> None:
    report = parse_text(seeds[name], name)
    text = report.source.text
    checked = 0
    for table in report.tables:
        for row in table.rows.values():
            for cell in row.cells:
                assert cell.span is not None
                assert text[cell.span.start : cell.span.end] == cell.raw
                assert cell.raw.replace(".", "").isdigit()
                value = Decimal(cell.raw) if "." in cell.raw else int(cell.raw)
                assert cell.value == value
                line = report.source.line_text(cell.span.line)
                assert line[cell.span.column - 1 : cell.span.end_column - 1] == cell.raw
                checked += 1
    assert checked == 10 + 25 * 7 + 15


@pytest.mark.parametrize(
    ("name", "key", "column", "raw", "line"),
    [
        # a row's last number alone on the next line (PDF text)
        ("000_80769d72cf641a83.txt", "partly_granted", 6, "0", 112),
        ("000_80769d72cf641a83.txt", "unavailable.not_held", 0, "222", 136),
        ("002_967c1590f64ec95c.txt", "partly_granted", 6, "27", 108),
        # the label shifted one column left
        ("003_8a3103fe368513da.txt", "total", 0, "1036", 62),
        ("001_092edd9a71238ba5.txt", "new", 6, "24", 39),
    ],
)
def test_known_cell_positions(
    name: str, key: str, column: int, raw: str, line: int, seeds: dict[str, str]
) -> None:
    report = parse_text(seeds[name], name)
    assert report.tables.applications is not None
    cell = report.tables.applications.rows[key].cells[column]
    assert cell.raw == raw
    assert cell.span is not None and cell.span.line == line


def test_row_label_spans(seeds: dict[str, str]) -> None:
    report = parse_text(seeds["000_80769d72cf641a83.txt"])
    table = report.tables.applications
    assert table is not None
    row = table.rows["not_processed.confirmation"]
    assert row.label == "5.要求行政机关确认或重新出具已获取信息"
    assert row.label_span is not None
    original = report.source.text[row.label_span.start : row.label_span.end]
    assert original == "5.要求行政机关确认或重新出具已\n获取信息"


def test_paragraphs_rejoin_wrapped_lines(seeds: dict[str, str]) -> None:
    report = parse_text(seeds["002_967c1590f64ec95c.txt"])
    first = report.part("overview").paragraphs[0]  # type: ignore[union-attr]
    # "…本市政府信" / blank line / "息公开有关工作制度…": one paragraph
    assert "本市政府信息公开有关工作制度" in first.text
    assert "统计期限为2023年1月1日至2023年12月31日" in first.text
    i = first.text.index("信息公开有关")
    span = first.span_of(i, i + 2)
    assert report.source.text[span.start] == "信"
    assert report.source.text[span.end - 1] == "息"
    assert (span.line, span.end_line) == (4, 6)
    i = first.text.index("2023年1月1日")
    span = first.span_of(i, i + 9)
    assert report.source.text[span.start : span.end] == "2023年 1月 1日"


@pytest.mark.parametrize("name", SEED_FILES)
def test_paragraph_offsets_land_on_original_characters(name: str, seeds: dict[str, str]) -> None:
    report = parse_text(seeds[name], name)
    text = report.source.text
    for paragraph in report.paragraphs:
        for i, ch in enumerate(paragraph.text):
            span = paragraph.span_of(i, i + 1)
            original = text[span.start : span.end]
            assert len(original) == 1
            if ch != " ":
                assert original == ch or ord(original) - 0xFEE0 == ord(ch), (ch, original)


@pytest.mark.parametrize("name", SEED_FILES)
def test_tables_stay_out_of_paragraphs(name: str, seeds: dict[str, str]) -> None:
    report = parse_text(seeds[name], name)
    for key in ("disclosure", "review"):
        part = report.part(key)
        assert part is not None
        assert "行政规范性文件" not in part.text
        assert "结果维持" not in part.text
    applications = report.part("applications")
    assert applications is not None
    assert "予以公开" not in applications.text


def test_subheadings(seeds: dict[str, str]) -> None:
    r000 = parse_text(seeds["000_80769d72cf641a83.txt"])
    overview = r000.part("overview")
    assert overview is not None
    assert [(s.style, s.number, s.text) for s in overview.subheadings] == [
        ("paren", 1, "(一)主动公开情况"),
        ("paren", 2, "(二)依申请公开情况"),
        ("paren", 3, "(三)政府信息管理情况"),
        ("paren", 4, "(四)平台建设情况"),
        ("paren", 5, "(五)监督保障情况"),
    ]
    r002 = parse_text(seeds["002_967c1590f64ec95c.txt"])
    overview = r002.part("overview")
    assert overview is not None
    assert [(s.style, s.numeral) for s in overview.subheadings] == [
        ("dun", n) for n in "一二三四五"
    ]
    assert overview.subheadings[0].text == "一、主动公开情况"
    r003 = parse_text(seeds["003_8a3103fe368513da.txt"])
    problems = r003.part("problems")
    assert problems is not None
    assert [(s.style, s.number) for s in problems.subheadings] == [("shi", 1), ("shi", 2)]


def test_duplicate_heading_recorded_twice(seeds: dict[str, str]) -> None:
    report = parse_text(seeds["004_006a45e46abc384b.txt"])
    first, second = report.parts_by_key("overview")
    assert (first.line, second.line) == (5, 9)
    # the sentence naming all six parts is a paragraph, not six headings
    assert "全文包括总体情况、主动公开政府信息情况" in first.text
    assert len(second.subheadings) == 5
