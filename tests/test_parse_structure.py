"""Structural facts the parser records instead of failing: odd headings, odd cells, odd rows,
older formats. Each case edits a real seed report (003, tab-separated tables) so everything
else stays realistic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from giar_lint.model.catalogue import PART_KEYS
from giar_lint.model.report import ReadingProblem
from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_result, parse_text, parse_tree
from giar_lint.read.result import ReadResult

SEED = "003_8a3103fe368513da.txt"


@pytest.fixture
def base(seeds: dict[str, str]) -> str:
    return seeds[SEED]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


# --- part headings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind", "numeral"),
    [
        ("## 一、总体情况", "template", "一"),
        ("第一部分 总体情况", "template", "第一部分"),
        ("一、总体情况。", "template", "一"),
        ("一. 总体情况", "template", "一"),
        ("**一、总体情况**", "template", "一"),
        ("一、政府信息公开总体情况", "variant", "一"),
        ("一、 总 体 情 况", "template", "一"),
        ("总体情况", "template", None),
    ],
)
def test_heading_forms(base: str, heading: str, kind: str, numeral: str | None) -> None:
    report = parse_text(edit(base, "\n一、总体情况\n", f"\n{heading}\n"))
    part = report.parts[0]
    assert (part.key, part.title_kind, part.numeral) == ("overview", kind, numeral)
    assert [p.key for p in report.parts][1:] == [
        "disclosure",
        "applications",
        "review",
        "problems",
        "other",
    ]


def test_misspelt_heading_is_nonstandard(base: str) -> None:
    text = edit(
        base, "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"
    )
    part = parse_text(text).part("review")
    assert part is not None
    assert part.title_kind == "nonstandard"
    assert part.title == "政府信息公开行政法复议、行政诉讼情况"


@pytest.mark.parametrize(
    "line",
    [
        "三、政府信息管理情况",  # a sub-heading of part 一, not part 三
        "一、主动公开情况。全年发布信息 7474 条。",
        "本年度总体情况良好，主动公开政府信息情况见下表。",
        "一、本年新收政府信息公开申请数量",
    ],
)
def test_lines_that_are_not_part_headings(base: str, line: str) -> None:
    text = edit(base, "(三) 政府信息管理情况。", f"{line}\n\n(三) 政府信息管理情况。")
    report = parse_text(text)
    assert [p.key for p in report.parts] == list(PART_KEYS)


def test_missing_and_out_of_order_parts(base: str) -> None:
    text = edit(base, "五、存在的主要问题及改进情况\n", "")
    text = edit(text, "六、其他需要报告的事项", "五、其他需要报告的事项")
    report = parse_text(text)
    assert [(p.key, p.numeral) for p in report.parts][-2:] == [("review", "四"), ("other", "五")]


def test_subheading_styles(base: str) -> None:
    text = edit(base, "(二) 依申请公开情况。", "(2) 依申请公开情况。")
    text = edit(text, "(三) 政府信息管理情况。", "三是政府信息管理情况。")
    text = edit(text, "(四) 政府信息公开平台建设情况。", "4. 政府信息公开平台建设情况。")
    text = edit(text, "(五) 监督保障情况。", "五、监督保障情况。")
    part = parse_text(text).part("overview")
    assert part is not None
    assert [(s.style, s.number) for s in part.subheadings] == [
        ("paren", 1),
        ("paren_arabic", 2),
        ("shi", 3),
        ("arabic", 4),
        ("dun", 5),
    ]
    assert part.subheadings[4].text == "五、监督保障情况"


# --- cells ------------------------------------------------------------------------------------


def test_blank_slash_dash_and_negative_cells(base: str) -> None:
    text = edit(base, "规章\t0\t0\t0", "规章\t0\t\t0")
    text = edit(text, "行政许可\t0\t\t", "行政许可\t/\t\t")
    text = edit(text, "行政处罚\t0\t\t", "行政处罚\t—\t\t")
    text = edit(text, "行政规范性文件\t18\t113\t172", "行政规范性文件\t18\t-3\t172")
    table = parse_text(text).tables.disclosure
    assert table is not None
    regulations = table.rows["regulations"]
    assert [c.status for c in regulations.cells] == ["ok", "blank", "ok"]
    assert regulations.values == (0, 0, 0)
    assert regulations.read_count == 3 and regulations.extra == ()
    assert table.rows["licensing"].cells[0].status == "slash"
    assert table.rows["licensing"].cells[0].value == 0
    assert table.rows["punishment"].cells[0].status == "dash"
    cell = table.rows["normative_documents"].cells[1]
    assert (cell.status, cell.value) == ("negative", -3)
    assert table.rows["coercion"].cells[0].status == "ok"


def test_short_long_and_missing_rows(base: str) -> None:
    text = edit(
        base, "⇥⇥2.重复申请⇥7⇥0⇥0⇥0⇥0⇥0⇥7".replace("⇥", "\t"), "\t\t2.重复申请\t7\t0\t0\t0\t0\t7"
    )
    text = edit(
        text,
        "\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0",
        "\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0\t5",
    )
    text = edit(text, "\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n", "")
    table = parse_text(text).tables.applications
    assert table is not None
    short = table.rows["not_processed.repeated"]
    assert short.read_count == 6
    assert [c.status for c in short.cells][-1] == "missing"
    assert short.values[-1] is None
    long = table.rows["not_processed.publication"]
    assert long.read_count == 8
    assert [c.raw for c in long.extra] == ["5"]
    assert table.missing_rows == ("withheld.inquiry_matters",)
    data = report_to_json(parse_text(text))
    assert data["tables"]["applications"]["rows"]["not_processed.repeated"][-1] is None
    assert "withheld.inquiry_matters" not in data["tables"]["applications"]["rows"]


def test_numbers_on_a_group_label_are_a_subtotal(base: str) -> None:
    text = edit(
        base,
        "\t(三) 不予公开\t1.属于国家秘密",
        "\t(三) 不予公开\t5\t0\t0\t0\t0\t0\t5\n\t\t1.属于国家秘密",
    )
    table = parse_text(text).tables.applications
    assert table is not None
    assert list(table.subtotals) == ["withheld"]
    assert table.subtotals["withheld"].values == (5, 0, 0, 0, 0, 0, 5)
    assert table.rows["withheld.state_secret"].values == (0,) * 7
    assert table.format == "2021"


def test_markdown_pipe_table_with_blank_cell(base: str) -> None:
    text = edit(
        base,
        "规章\t0\t0\t0\n行政规范性文件\t18\t113\t172",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
        "| 规章 |  | 0 | 0 |\n| 行政规范性文件 | 18 | 113 |  |",
    )
    table = parse_text(text).tables.disclosure
    assert table is not None
    assert [c.status for c in table.rows["regulations"].cells] == ["blank", "ok", "ok"]
    assert [c.status for c in table.rows["normative_documents"].cells] == ["ok", "ok", "blank"]


def test_decimal_fee(base: str) -> None:
    text = edit(base, "行政事业性收费\t0\t\t", "行政事业性收费\t12.50\t\t")
    report = parse_text(text)
    table = report.tables.disclosure
    assert table is not None
    assert table.rows["fees_10k_yuan"].values == (Decimal("12.50"),)
    assert report_to_json(report)["tables"]["disclosure"]["fees_10k_yuan"] == 12.5


# --- formats ----------------------------------------------------------------------------------

TABLE_TWO_2019 = """第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t5\t5\t120
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t30\t-2\t1200
其他对外管理服务事项\t4\t0\t15
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t10\t1\t300
行政强制\t2\t0\t5
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t3\t0
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t12\t345.6
"""


def test_2019_table_two(base: str) -> None:
    start = base.index("第二十条第（一）项")
    end = base.index("三、收到和处理政府信息公开申请情况")
    text = base[:start] + TABLE_TWO_2019 + "\n" + base[end:]
    text = text.replace("2024 年政府信息公开", "2020 年政府信息公开")
    report = parse_text(text)
    table = report.tables.disclosure
    assert table is not None
    assert table.format == "2019"
    assert report.format == "2019"
    assert table.rows["normative_documents"].values == (5, 5, 120)
    assert table.rows["licensing"].values == (30, -2, 1200)
    assert table.rows["other_services"].values == (4, 0, 15)
    assert table.rows["fees"].values == (3, 0)
    assert table.rows["procurement"].values == (12, Decimal("345.6"))
    labels = [label for label, _ in table.old_format_labels]
    assert labels[:3] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert {"其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额"} <= set(labels)
    for label, span in table.old_format_labels:
        assert report.source.text[span.start : span.end].replace("／", "/") == label
    data = report_to_json(report)
    assert "disclosure" not in data["tables"]
    assert data["tables"]["disclosure_2019"]["procurement"] == [12, 345.6]
    assert data["format"] == "2019"


def test_single_row_other_processing_is_2019(base: str) -> None:
    start = base.index("(六) 其他处理")
    end = base.index("(七) 总计")
    text = base[:start] + "(六) 其他处理\t\t74\t7\t0\t0\t19\t0\t100\n" + base[end:]
    report = parse_text(text)
    table = report.tables.applications
    assert table is not None
    assert table.format == "2019"
    assert report.format == "2019"
    assert table.subtotals["other"].values == (74, 7, 0, 0, 19, 0, 100)
    assert not any(k.startswith("other.") for k in table.rows)
    assert table.missing_rows == ()


REPORT_2007 = """某某县人民政府2010年政府信息公开工作年度报告

一、概述
本年度我县政府信息公开工作稳步推进。

二、主动公开政府信息情况
全年主动公开政府信息1200条。

三、依申请公开政府信息情况
全年受理申请15件。

四、政府信息公开的收费及减免情况
未收取费用。

五、因政府信息公开申请行政复议、提起行政诉讼的情况
无。

六、政府信息公开工作存在的主要问题及改进情况
工作有待加强。
"""


def test_2007_layout() -> None:
    report = parse_text(REPORT_2007)
    assert report.format == "2007"
    assert report.year == 2010
    assert report.agency == "某某县人民政府"


@pytest.mark.parametrize("text", ["", "\n\n", "随便写的一段话，没有任何结构。", "12 34 56\n7 8"])
def test_unstructured_text(text: str) -> None:
    report = parse_text(text)
    assert report.parts == ()
    assert report.format == "unknown"
    assert list(report.tables) == []
    assert report.readable


def test_reading_problem_gives_unreadable_report() -> None:
    result = ReadResult(text="", encoding="", problem=ReadingProblem("binary", "二进制文件"))
    report = parse_result(result, "x.bin")
    assert not report.readable
    assert report.path == "x.bin"
    assert report_to_json(report)["problems"] == [{"kind": "binary", "message": "二进制文件"}]


def test_page_of_line_is_kept(base: str) -> None:
    pages = tuple(1 + i // 40 for i in range(base.count("\n") + 1))
    report = parse_result(ReadResult(text=base, reader="pdf", page_of_line=pages), "x.pdf")
    assert report.page_of_line == pages


def test_parse_tree_holds_parts_and_tables(base: str) -> None:
    tree = parse_tree(base)
    assert tree.data == "start"
    parts = [c for c in tree.children if getattr(c, "data", None) == "part"]
    assert len(parts) == 6
    names = {sub.data for part in parts for sub in part.children if hasattr(sub, "data")}
    assert {"table_disclosure", "table_applications", "table_review_litigation"} <= names


@pytest.mark.parametrize(("junk", "position"), [("abc", 2), ("1O9", 0), ("?", 6), ("x", 0)])
def test_unreadable_cells(base: str, junk: str, position: int) -> None:
    cells = ["109", "0", "0", "0", "0", "0", "109"]
    cells[position] = junk
    old = "四、结转下年度继续办理\t\t109\t0\t0\t0\t0\t0\t109"
    text = edit(base, old, "四、结转下年度继续办理\t\t" + "\t".join(cells))
    report = parse_text(text)
    table = report.tables.applications
    assert table is not None
    row = table.rows["carried_forward"]
    assert row.read_count == 7
    bad = row.cells[position]
    assert (bad.status, bad.value, bad.raw) == ("invalid", None, junk)
    assert bad.span is not None
    assert report.source.text[bad.span.start : bad.span.end] == junk
    others = [c for i, c in enumerate(row.cells) if i != position]
    assert all(c.status == "ok" for c in others)


def test_part_heading_wrapped_over_two_lines(base: str) -> None:
    text = edit(
        base,
        "四、政府信息公开行政复议、行政诉讼情况\n",
        "四、因政府信息公开工作被申请行政复议、提\n\n起行政诉讼情况\n",
    )
    report = parse_text(text)
    assert [p.key for p in report.parts] == list(PART_KEYS)
    review = report.part("review")
    assert review is not None
    assert review.title_kind == "variant"
    assert (review.heading_span.line, review.heading_span.end_line) == (65, 67)
    assert report.tables.review_litigation is not None
    assert report.tables.review_litigation.rows["review"].values == (2, 0, 0, 1, 3)
    applications = report.part("applications")
    assert applications is not None and "提" not in applications.text


def test_title_with_the_year_first(base: str) -> None:
    text = edit(
        base,
        "周口市人民政府办公室 2024 年政府信息公开工作年度报告",
        "2024年度周口市人民政府办公室政府信息公开工作年度报告",
    )
    report = parse_text(text)
    assert (report.agency, report.year) == ("周口市人民政府办公室", 2024)


def test_title_year_in_chinese_numerals(base: str) -> None:
    text = edit(
        base,
        "周口市人民政府办公室 2024 年政府信息公开工作年度报告",
        "周口市人民政府办公室二〇二四年政府信息公开工作年度报告",
    )
    report = parse_text(text)
    assert (report.agency, report.year) == ("周口市人民政府办公室", 2024)
    assert report.title is not None and report.title.year_span is not None
    span = report.title.year_span
    assert text[span.start : span.end] == "二〇二四"


def test_review_table_one_row_per_group(base: str) -> None:
    start = base.index("行政复议\t")
    end = base.index("五、存在的主要问题及改进情况")
    table = (
        "| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|---|\n"
        "| 行政复议 | 2 | 0 | 0 | 1 | 3 |\n"
        "| 行政诉讼·未经复议直接起诉 | 0 | 1 | 0 | 0 | 1 |\n"
        "| 行政诉讼·复议后起诉 | 0 | 0 | 0 | 0 | 0 |\n\n"
    )
    report = parse_text(base[:start] + table + base[end:])
    rows = report.tables.review_litigation
    assert rows is not None
    assert {k: r.values for k, r in rows.rows.items()} == {
        "review": (2, 0, 0, 1, 3),
        "litigation_direct": (0, 1, 0, 0, 1),
        "litigation_after_review": (0, 0, 0, 0, 0),
    }


def test_tables_found_without_their_part_headings(base: str) -> None:
    text = edit(base, "三、收到和处理政府信息公开申请情况\n", "")
    report = parse_text(text)
    assert "applications" not in [p.key for p in report.parts]
    table = report.tables.applications
    assert table is not None
    assert table.rows["total"].values == (1036, 32, 0, 0, 199, 0, 1267)
    assert table.missing_rows == ()


def test_thousands_separators(base: str) -> None:
    text = edit(base, "行政处罚\t0\t\t", "行政处罚\t12,345\t\t")
    text = edit(text, "行政许可\t0\t\t", "行政许可\t1,0\t\t")
    table = parse_text(text).tables.disclosure
    assert table is not None
    cell = table.rows["punishment"].cells[0]
    assert (cell.value, cell.raw, cell.status) == (12345, "12,345", "ok")
    # not a thousands group: the junk is one unreadable cell
    cell = table.rows["licensing"].cells[0]
    assert (cell.value, cell.raw, cell.status) == (None, "1,0", "invalid")


def test_units_after_numbers(base: str) -> None:
    text = edit(base, "行政处罚\t0\t\t", "行政处罚\t12件\t\t")
    text = edit(text, "行政规范性文件\t18\t113\t172", "行政规范性文件\t18件\t113件\t172件")
    table = parse_text(text).tables.disclosure
    assert table is not None
    assert table.rows["punishment"].values == (12,)
    assert table.rows["normative_documents"].values == (18, 113, 172)


def test_table_under_the_wrong_part_is_still_found(base: str) -> None:
    # part 四's table printed under part 五 (part 四 left without a table)
    start = base.index("行政复议\t")
    end = base.index("五、存在的主要问题及改进情况")
    table = base[start:end]
    text = base[:start] + base[end:]
    text = edit(text, "六、其他需要报告的事项", table + "六、其他需要报告的事项")
    report = parse_text(text)
    review = report.tables.review_litigation
    assert review is not None
    assert review.rows["review"].values == (2, 0, 0, 1, 3)


def test_removed_table_is_absent_not_read_from_prose(base: str) -> None:
    start = base.index("行政复议\t")
    end = base.index("五、存在的主要问题及改进情况")
    text = base[:start] + base[end:]
    text = edit(text, "本年度未收取信息处理费。", "本年度行政复议 2020 年以来无变化，规章 3 件。")
    report = parse_text(text)
    assert report.tables.review_litigation is None
    assert report.part("review") is not None


def test_title_after_web_page_metadata(base: str) -> None:
    meta = "索引号：11411600/2025-00031\n发布机构：周口市人民政府办公室\n发布日期：2025-01-20\n"
    report = parse_text(meta + base)
    assert (report.agency, report.year) == ("周口市人民政府办公室", 2024)
    assert report.preamble[0].text.startswith("索引号")


def test_indented_lines_with_ideographic_and_no_break_spaces(base: str) -> None:
    text = edit(base, "\n一、总体情况\n", "\n\u3000\u3000一、总体情况\n")
    text = edit(text, "(一) 主动公开情况。", "\xa0\xa0(一) 主动公开情况。")
    report = parse_text(text)
    overview = report.part("overview")
    assert overview is not None
    assert overview.subheadings[0].text == "(一)主动公开情况"
    assert overview.paragraphs[0].text.startswith("(一)主动公开情况。")
    assert report.source.text[overview.heading_span.start] == "一"
