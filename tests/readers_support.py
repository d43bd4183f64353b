"""Word and HTML versions of the seed reports, built the way such documents are published.

The seed's own text is kept for everything outside the three tables (title, parts 一, 五, 六 and
the part headings); the tables are laid out as the 2021 template prints them — group labels in
merged cells (rowspan / ``vMerge``), header cells spanning columns — and filled with the seed's
hand-checked values from ``tests/fixtures/seeds/expected-tables.json``.
"""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from giar_lint.model.catalogue import (
    APPLICATION_GROUPS,
    APPLICATION_ROW_KEYS,
    APPLICATION_ROW_LABELS,
)

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
EXPECTED_TABLES: dict[str, dict] = json.loads(
    (SEEDS / "expected-tables.json").read_text(encoding="utf-8")
)
SEED_NAMES = sorted(EXPECTED_TABLES)

_TABLE_PARTS = {
    "二": re.compile(r"^(?:#+\s*)?二[、.]\s*(?:行政机关)?主动公开政府信息情况"),
    "三": re.compile(r"^(?:#+\s*)?三[、.]\s*(?:行政机关)?收到和处理政府信息公开申请情况"),
    "四": re.compile(r"^(?:#+\s*)?四[、.]\s*(?:政府信息公开行政复议|因政府信息公开)"),
    "五": re.compile(r"^(?:#+\s*)?五[、.]\s*(?:政府信息公开工作)?存在"),
}


@dataclass
class SeedParts:
    before: list[str]  # title and part 一, one entry per line of the seed
    headings: dict[str, str]  # 二 / 三 / 四 heading lines
    after: list[str]  # parts 五 and 六


def split_seed(name: str) -> SeedParts:
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    index: dict[str, int] = {}
    for i, line in enumerate(lines):
        for key, pattern in _TABLE_PARTS.items():
            if key not in index and pattern.match(line.strip()):
                index[key] = i
    assert set(index) == set(_TABLE_PARTS), (name, index)
    headings = {k: _strip_markdown(lines[index[k]]) for k in ("二", "三", "四")}
    return SeedParts(
        before=[_strip_markdown(x) for x in lines[: index["二"]]],
        headings=headings,
        after=[_strip_markdown(x) for x in lines[index["五"] :]],
    )


def _strip_markdown(line: str) -> str:
    return re.sub(r"^#+\s*", "", line.strip())


# --- the three tables as cells with spans -----------------------------------------------------


@dataclass(frozen=True)
class C:
    """A table cell as HTML writes it: text, rowspan, colspan."""

    text: str
    rows: int = 1
    cols: int = 1


def _n(value: object) -> str:
    if isinstance(value, float):
        return str(Decimal(str(value)))
    return str(value)


def disclosure_table(d: dict) -> list[list[C]]:
    def header(item: str) -> list[C]:
        return [C(item, cols=4)]

    return [
        header("第二十条第（一）项"),
        [C("信息内容"), C("本年制发件数"), C("本年废止件数"), C("现行有效件数")],
        [C("规章"), *(C(_n(v)) for v in d["regulations"])],
        [C("行政规范性文件"), *(C(_n(v)) for v in d["normative_documents"])],
        header("第二十条第（五）项"),
        [C("信息内容"), C("本年处理决定数量", cols=3)],
        [C("行政许可"), C(_n(d["licensing"]), cols=3)],
        header("第二十条第（六）项"),
        [C("信息内容"), C("本年处理决定数量", cols=3)],
        [C("行政处罚"), C(_n(d["punishment"]), cols=3)],
        [C("行政强制"), C(_n(d["coercion"]), cols=3)],
        header("第二十条第（八）项"),
        [C("信息内容"), C("本年收费金额（单位：万元）", cols=3)],
        [C("行政事业性收费"), C(_n(d["fees_10k_yuan"]), cols=3)],
    ]


# The groups of table 三 with their items, in table order, from the catalogue.
_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (label, [(k, APPLICATION_ROW_LABELS[k]) for k in APPLICATION_ROW_KEYS if k.startswith(f"{g}.")])
    for g, label in APPLICATION_GROUPS.items()
    if g != "results"
]


def applications_table(rows: dict[str, list]) -> list[list[C]]:
    def values(key: str) -> list[C]:
        return [C(_n(v)) for v in rows[key]]

    result_rows = 2 + sum(len(items) for _g, items in _GROUPS) + 1
    out: list[list[C]] = [
        [
            C(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                rows=3,
                cols=3,
            ),
            C("申请人情况", cols=7),
        ],
        [C("自然人", rows=2), C("法人或其他组织", cols=5), C("总计", rows=2)],
        [C("商业企业"), C("科研机构"), C("社会公益组织"), C("法律服务机构"), C("其他")],
        [C("一、本年新收政府信息公开申请数量", cols=3), *values("new")],
        [C("二、上年结转政府信息公开申请数量", cols=3), *values("carried_over")],
        [
            C("三、本年度办理结果", rows=result_rows),
            C("（一）予以公开", cols=2),
            *values("granted"),
        ],
        [
            C("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", cols=2),
            *values("partly_granted"),
        ],
    ]
    for group, items in _GROUPS:
        for i, (key, label) in enumerate(items):
            head = [C(group, rows=len(items))] if i == 0 else []
            out.append([*head, C(label), *values(key)])
    out.append([C("（七）总计", cols=2), *values("total")])
    out.append([C("四、结转下年度继续办理", cols=3), *values("carried_forward")])
    return out


def review_table(d: dict) -> list[list[C]]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [C("行政复议", cols=5), C("行政诉讼", cols=10)],
        [*(C(h, rows=2) for h in heads), C("未经复议直接起诉", cols=5), C("复议后起诉", cols=5)],
        [*(C(h) for h in heads), *(C(h) for h in heads)],
        [C(_n(v)) for v in d["review"] + d["litigation_direct"] + d["litigation_after_review"]],
    ]


def seed_tables(name: str) -> dict[str, list[list[C]]]:
    expected = EXPECTED_TABLES[name]
    return {
        "二": disclosure_table(expected["disclosure"]),
        "三": applications_table(expected["applications"]["rows"]),
        "四": review_table(expected["review_litigation"]),
    }


def place(table: list[list[C]]) -> list[tuple[int, int, C]]:
    """(row, column, cell) of every cell, with spans resolved as a browser lays them out."""
    taken: set[tuple[int, int]] = set()
    out: list[tuple[int, int, C]] = []
    for r, row in enumerate(table):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((r, col, cell))
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    taken.add((r + dr, col + dc))
            col += cell.cols
    return out


# --- HTML ---------------------------------------------------------------------------------------


def table_html(table: list[list[C]]) -> str:
    rows = []
    for row in table:
        cells = []
        for c in row:
            attrs = (f' rowspan="{c.rows}"' if c.rows > 1 else "") + (
                f' colspan="{c.cols}"' if c.cols > 1 else ""
            )
            cells.append(f'<td{attrs}><p style="text-align:center">{html.escape(c.text)}</p></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0">\n<tbody>\n' + "\n".join(rows) + "\n</tbody></table>"


def seed_html(name: str, *, full_page: bool, charset: str = "utf-8") -> bytes:
    """The seed as a saved web page (navigation, scripts, header, footer around the article) or
    as the bare article fragment."""
    parts = split_seed(name)
    tables = seed_tables(name)

    def paragraphs(lines: list[str]) -> str:
        return "\n".join(f"<p>&nbsp;&nbsp;{html.escape(x)}</p>" for x in lines if x)

    article = "\n".join(
        [
            paragraphs(parts.before),
            f"<h3>{html.escape(parts.headings['二'])}</h3>",
            table_html(tables["二"]),
            f"<p><strong>{html.escape(parts.headings['三'])}</strong></p>",
            table_html(tables["三"]),
            f"<p><strong>{html.escape(parts.headings['四'])}</strong></p>",
            table_html(tables["四"]),
            paragraphs(parts.after),
        ]
    )
    if not full_page:
        return article.encode(charset)
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>政府信息公开工作年度报告</title>
<style>td {{ border: 1px solid #000; }}</style>
<script>var nav = "一、总体情况 二、主动公开政府信息情况"; document.write(nav);</script>
</head><body>
<header><div class="logo">政府门户网站</div></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/ndbg">政府信息公开年报</a></li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="article"><div class="meta">发布时间：2024-01-31　来源：办公室</div>
<div class="TRS_Editor">
{article}
</div></div>
<div class="share">【打印本页】【关闭窗口】</div>
<footer><p>主办单位：人民政府办公室　网站标识码：4100000000　ICP备00000000号</p></footer>
<script type="text/javascript">console.log("统计代码 1 2 3");</script>
</body></html>
"""
    return page.encode(charset)


# --- DOCX ---------------------------------------------------------------------------------------

_NUM_ID = "77"


def seed_docx(name: str) -> bytes:
    """The seed as a Word document: real tables with merged group cells, and the first part
    heading numbered by Word's automatic numbering (一、 is not in its text)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    parts = split_seed(name)
    tables = seed_tables(name)
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_NUM_ID}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
            '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{_NUM_ID}">'
            f'<w:abstractNumId w:val="{_NUM_ID}"/></w:num>'
        )
    )
    numbered = False
    for line in parts.before:
        if not line:
            continue
        match = re.match(r"^一、\s*(总体情况.*)$", line)
        if match and not numbered:
            paragraph = document.add_paragraph(match.group(1))
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                    f'<w:numId w:val="{_NUM_ID}"/></w:numPr>'
                )
            )
            numbered = True
        else:
            document.add_paragraph(line)
    assert numbered, name
    for key in ("二", "三", "四"):
        document.add_paragraph(parts.headings[key])
        _add_table(document, tables[key])
    for line in parts.after:
        if line:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_table(document: object, table: list[list[C]]) -> None:
    """A Word table with merged cells: ``w:gridSpan`` across columns, ``w:vMerge`` down rows
    (the XML Word writes; built directly because python-docx's ``merge`` is slow on tall
    tables)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    placed = place(table)
    n_cols = max(col + cell.cols for _r, col, cell in placed)
    starts = {(r, col): cell for r, col, cell in placed}
    covered: dict[tuple[int, int], C] = {}
    for r, col, cell in placed:
        for dr in range(1, cell.rows):
            covered[(r + dr, col)] = cell
    rows_xml = []
    for r in range(len(table)):
        cells_xml = []
        col = 0
        while col < n_cols:
            if (r, col) in starts:
                cell = starts[(r, col)]
                merge = '<w:vMerge w:val="restart"/>' if cell.rows > 1 else ""
                text = html.escape(cell.text)
                body = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
            elif (r, col) in covered:
                cell = covered[(r, col)]
                merge = "<w:vMerge/>"
                body = "<w:p/>"
            else:
                col += 1
                continue
            span = f'<w:gridSpan w:val="{cell.cols}"/>' if cell.cols > 1 else ""
            cells_xml.append(f"<w:tc><w:tcPr>{span}{merge}</w:tcPr>{body}</w:tc>")
            col += cell.cols
        rows_xml.append("<w:tr>" + "".join(cells_xml) + "</w:tr>")
    grid = "".join('<w:gridCol w:w="800"/>' for _ in range(n_cols))
    xml = (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        '<w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows_xml)}</w:tbl>"
    )
    body = document.element.body  # type: ignore[attr-defined]
    body.insert(len(body) - 1, parse_xml(xml))  # before the final w:sectPr
