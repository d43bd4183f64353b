"""The HTML reader: saved pages and article fragments of the seed reports (real rowspan/colspan
tables), encodings, and the odd markup government sites publish."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from readers_support import EXPECTED_TABLES, SEED_NAMES, SEEDS, seed_html

from giar_lint.builtin import readers
from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_result
from giar_lint.read.cells import row_lines
from giar_lint.read.html import decode_html, html_to_lines, read_html

#: (full page?, charset) per seed: GBK and UTF-8 pages, fragments with and without a BOM
VARIANTS = {
    SEED_NAMES[0]: (True, "gbk"),
    SEED_NAMES[1]: (False, "utf-8"),
    SEED_NAMES[2]: (True, "gb18030"),
    SEED_NAMES[3]: (True, "utf-8"),
    SEED_NAMES[4]: (False, "gb2312"),
}


def _tables(data: bytes, name: str) -> dict:
    result = read_html(data, name)
    assert result.problem is None, result.problem
    return report_to_json(parse_result(result, name))["tables"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_pages_parse_to_the_same_tables(name: str) -> None:
    full_page, charset = VARIANTS[name]
    data = seed_html(name, full_page=full_page, charset=charset)
    tables = _tables(data, name.replace(".txt", ".html"))
    expected = EXPECTED_TABLES[name]
    assert tables["disclosure"] == expected["disclosure"]
    assert tables["applications"]["rows"] == expected["applications"]["rows"]
    assert tables["review_litigation"] == expected["review_litigation"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_pages_keep_parts_and_drop_page_furniture(name: str) -> None:
    _full_page, charset = VARIANTS[name]
    result = read_html(seed_html(name, full_page=True, charset=charset), "page.html")
    report = parse_result(result, "page.html")
    assert [p.key for p in report.parts][-2:] == ["problems", "other"]
    for noise in ("首页", "当前位置", "打印本页", "ICP备", "document.write", "统计代码", "td {"):
        assert noise not in result.text


def test_rowspan_group_label_is_written_once() -> None:
    text = read_html(seed_html(SEED_NAMES[3], full_page=False), "x.html").text
    lines = text.split("\n")
    assert text.count("三、本年度办理结果") == 1
    first = next(x for x in lines if x.startswith("三、本年度办理结果"))
    assert first.split("\t")[:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert len(first.split("\t")) == 2 + 7
    # rows under a spanning group label carry their own label and exactly seven values
    secret = next(x for x in lines if x.startswith("（三）不予公开\t"))
    assert len(secret.split("\t")) == 2 + 7
    second = next(x for x in lines if x.startswith("2.其他法律行政法规禁止公开\t"))
    assert len(second.split("\t")) == 1 + 7
    # a value spanning three columns is one value, not three
    assert "行政许可\t0" in lines


def test_blank_cell_stays_in_its_column() -> None:
    page = """<table>
    <tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>5</td><td></td><td>0</td><td>0</td>
        <td>&nbsp;</td><td>0</td><td>5</td></tr>
    <tr><td rowspan=2>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>5</td><td>0</td>
        <td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
    </table>"""
    lines = read_html(page.encode(), "x.html").text.split("\n")
    assert "一、本年新收政府信息公开申请数量\t5\t\t0\t0\t\t0\t5" in lines


def test_unclosed_cells_rows_and_paragraphs() -> None:
    page = (
        "<p>一、总体情况<p>本年度工作。<table><tr><td>规章<td>1<td>2<td>3"
        "<tr><td>行政规范性文件<td>4<td>5<td>6</table><p>完"
    )
    lines = [x for x in read_html(page.encode(), "x.html").text.split("\n") if x]
    assert lines == [
        "一、总体情况",
        "本年度工作。",
        "规章\t1\t2\t3",
        "行政规范性文件\t4\t5\t6",
        "完",
    ]


def test_entities_and_whitespace() -> None:
    page = (
        "<div><p>&nbsp;&nbsp;&nbsp;&nbsp;依据&ldquo;国办函&#12308;2020&#x3015;109号&rdquo;"
        "&amp;规定，\n  未收取 信息处理费。</p></div>"
    )
    text = read_html(page.encode(), "x.html").text
    assert text == "依据“国办函〔2020〕109号”&规定，未收取信息处理费。\n"


def test_layout_table_is_not_a_data_table() -> None:
    body = "".join(f"<p>（{n}）这是一段很长的正文，" + "内容" * 80 + "。</p>" for n in "一二")
    page = f"""<html><body><table><tr><td><table><tr><td>菜单</td></tr></table></td>
    <td><h2>二、主动公开政府信息情况</h2>{body}
    <table><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table></td></tr></table>
    </body></html>"""
    lines = [x for x in read_html(page.encode(), "x.html").text.split("\n") if x]
    assert "规章\t0\t0\t0" in lines
    assert any(x.startswith("（一）这是一段很长的正文") for x in lines)
    assert all("\t" not in x for x in lines if x.startswith("（"))


def test_title_outside_the_article_is_kept() -> None:
    page = """<html><body><nav>导航</nav><div class="title"><h1>某某县人民政府办公室
    2023年政府信息公开工作年度报告</h1></div><div class="info">来源：办公室</div>
    <div class="content"><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>
    <p>六、其他需要报告的事项</p><p>无。</p></div></body></html>"""
    lines = [x for x in read_html(page.encode(), "x.html").text.split("\n") if x]
    assert lines[0] == "某某县人民政府办公室2023年政府信息公开工作年度报告"
    assert "来源：办公室" not in lines
    assert lines[1] == "一、总体情况"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "<p>政府信息</p>".encode(), "utf-8"),
        (codecs.BOM_UTF16_LE + "<p>政府信息</p>".encode("utf-16-le"), "utf-16-le"),
        ('<meta charset="GB2312"><p>政府信息 镕</p>'.encode("gb18030"), "gb18030"),
        (
            '<?xml version="1.0" encoding="gbk"?><html><p>政府信息</p></html>'.encode("gbk"),
            "gb18030",
        ),
        ("<p>政府信息</p>".encode("gbk"), "gb18030"),  # undeclared GBK
        ('<meta charset="utf-8"><p>政府信息</p>'.encode("gbk"), "gb18030"),  # wrong declaration
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    text, found = decode_html(data)
    assert found == encoding
    assert "政府信息" in text
    assert "政府信息" in read_html(data, "x.html").text


def test_empty_and_garbage_pages_are_problems_not_exceptions() -> None:
    for data in (b"", b"<html><script>var a;</script></html>", b"\xff\xfe\x00<", b"<<<>>>&#xZZ;"):
        result = read_html(data, "x.html")
        assert result.problem is not None or result.text.strip()


def test_deeply_nested_markup_does_not_fail() -> None:
    page = ("<div>" * 5000) + "<p>一、总体情况</p>" + ("</div>" * 5000)
    result = read_html(page.encode(), "x.html")
    assert "一、总体情况" in result.text


def test_reader_plugin_dispatch(tmp_path: Path) -> None:
    page = seed_html(SEED_NAMES[1], full_page=True)
    for name in ("report.html", "report.htm", "report.shtml"):
        result = readers.giar_lint_read_input(tmp_path / name, page)
        assert result is not None and result.reader == "html"
    # a saved page without an HTML suffix is recognised by its content
    result = readers.giar_lint_read_input(tmp_path / "content.jsp", page)
    assert result is not None and result.reader == "html"


def test_hidden_elements_breadcrumbs_and_sidebars_are_left_out() -> None:
    page = """<html><body>
    <div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年度报告</div>
    <div class="side"><table><tr><td>一</td><td>二</td><td>三</td></tr>
      <tr><td>1</td><td>2</td><td>3</td></tr></table></div>
    <div class="main"><h2 class="article-title">某某区人民政府2023年政府信息公开工作年度报告</h2>
    <div class="body"><p>一、总体情况</p><p style="display: none">隐藏的文字</p>
    <p hidden>也隐藏</p><p>正文。</p><p>二、主动公开政府信息情况</p>
    <table><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
    <tr><td>行政规范性文件</td><td>1</td><td>0</td><td>9</td></tr></table>
    <p>六、其他需要报告的事项</p><p>无。</p></div></div></body></html>"""
    lines = [x for x in read_html(page.encode(), "x.html").text.split("\n") if x]
    assert lines[0] == "某某区人民政府2023年政府信息公开工作年度报告"
    assert "1\t2\t3" not in lines
    assert not [x for x in lines if "隐藏" in x or "当前位置" in x or "首页" in x]
    assert "行政规范性文件\t1\t0\t9" in lines


@pytest.mark.parametrize("name", SEED_NAMES)
def test_web_pages_give_the_findings_of_the_text_versions(name: str) -> None:
    from collections import Counter

    from giar_lint.engine import Linter

    linter = Linter()
    text_codes = Counter(d.code for d in linter.check_file(SEEDS / name).diagnostics)
    full_page, charset = VARIANTS[name]
    data = seed_html(name, full_page=full_page, charset=charset)
    result = linter.check_bytes(name.replace(".txt", ".html"), data)
    assert Counter(d.code for d in result.diagnostics) == text_codes


def test_table_of_contents_in_navigation_does_not_widen_the_article() -> None:
    page = """<html><body><div class="wrap">
    <nav class="toc"><p>一、总体情况</p><p>六、其他需要报告的事项</p></nav>
    <div class="tools">字号：大 中 小</div>
    <div class="content"><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>
    <p>六、其他需要报告的事项</p><p>无。</p></div>
    <div class="tools">【打印】【关闭】</div></div></body></html>"""
    lines = [x for x in read_html(page.encode(), "x.html").text.split("\n") if x]
    assert lines == [
        "一、总体情况",
        "正文。",
        "二、主动公开政府信息情况",
        "六、其他需要报告的事项",
        "无。",
    ]


_MARKUP = st.sampled_from(
    [
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<td rowspan=3>",
        "<td colspan=0>",
        "<td rowspan=x colspan=999>",
        "<th>",
        "<p>",
        "</p>",
        "<br>",
        "<div>",
        "</div>",
        "<nav>",
        "</nav>",
        "<script>",
        "</script>",
        "<tbody>",
        "<pre>",
        "</pre>",
        "<span style='display:none'>",
        "</span>",
        "一、总体情况",
        "行政许可",
        "12",
        "&amp;",
        "&#xD800;",
        "\n",
        "\t",
        "<!--",
        "-->",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_MARKUP, max_size=60))
def test_any_markup_gives_lines(parts: list[str]) -> None:
    lines = html_to_lines("".join(parts))
    assert all("\n" not in line and "\r" not in line for line in lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=8), max_size=8))
def test_any_grid_gives_one_line_per_row(rows: list[list[str | None]]) -> None:
    lines = row_lines(rows)
    assert len(lines) <= len(rows)
    assert all("\n" not in line and "\r" not in line for line in lines)
