"""Consistency rules within one report: C501 text vs tables, C502 years, C503 agency.

These rules compare what the report says in two places. They only speak when both places are
unambiguous; a sentence or a cell that cannot be read with certainty keeps them silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from giar_lint.builtin.python_rules._common import (
    BASIS_FORMAT_2021,
    BASIS_REGULATION_49,
    BASIS_REGULATION_50,
    PART_NUMERALS,
    is_checkable,
    normalise_agency,
    squeeze,
)
from giar_lint.builtin.python_rules.narrative import (
    QuotedCount,
    find_counts,
    subject_is_reporting_body,
)
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.report import Paragraph, Report, Table
from giar_lint.rules.base import PythonRule, RuleMeta

#: Parts whose paragraphs may quote each kind of count.
_PARTS_FOR_KIND: dict[str, frozenset[str]] = {
    "review": frozenset({"overview", "review"}),
    "litigation": frozenset({"overview", "review"}),
    "norm_issued": frozenset({"overview", "disclosure"}),
    "norm_repealed": frozenset({"overview", "disclosure"}),
    "norm_valid": frozenset({"overview", "disclosure"}),
}
_APPLICATION_PARTS = frozenset({"overview", "applications"})
#: Parts whose paragraphs may quote any count: the others are not read at all.
_COUNTING_PARTS = _APPLICATION_PARTS.union(*_PARTS_FOR_KIND.values())
#: Counts compared with one cell: kind → (table, row, column, the cell's name in a message).
_ONE_CELL: dict[str, tuple[str, str, str | int, str]] = {
    "carried_over": ("applications", "carried_over", "total", "表三“二、上年结转”总计"),
    "carried_forward": (
        "applications",
        "carried_forward",
        "total",
        "表三“四、结转下年度继续办理”总计",
    ),
    "review": ("review_litigation", "review", "total", "表四“行政复议”总计"),
    "norm_issued": (
        "disclosure",
        "normative_documents",
        0,
        "表二“行政规范性文件”的“本年制发件数”",
    ),
    "norm_repealed": (
        "disclosure",
        "normative_documents",
        1,
        "表二“行政规范性文件”的“本年废止件数”",
    ),
    "norm_valid": (
        "disclosure",
        "normative_documents",
        2,
        "表二“行政规范性文件”的“现行有效件数”",
    ),
}


def _cell_int(table: Table | None, row_key: str, column: str | int = "total") -> int | None:
    """A readable integer cell of ``table``, or None when it is absent or not clean."""
    if table is None:
        return None
    row = table.row(row_key)
    if row is None or row.extra or any(c.status == "missing" for c in row.cells):
        return None  # a row read with too many or too few numbers: which is which is unknown
    if isinstance(column, int):
        index = column
    elif column in table.columns:
        index = table.columns.index(column)
    else:
        return None
    if index >= len(row.cells):
        return None
    cell = row.cells[index]
    if cell.status != "ok":
        return None
    value = cell.value
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            return None
        return int(value)
    return value if isinstance(value, int) else None


def _part_paragraphs(report: Report) -> Iterator[tuple[str, int, Paragraph]]:
    for part in report.parts:
        if part.key not in _COUNTING_PARTS:
            continue
        for paragraph in part.paragraphs:
            yield part.key, part.number, paragraph


def _contradiction(report: Report, count: QuotedCount) -> str | None:
    """What the table says against ``count``, or None when it agrees or cannot tell."""
    apps = report.tables.applications
    if count.kind in ("new", "accepted", "handled", "concluded"):
        new = _cell_int(apps, "new")
        carried = _cell_int(apps, "carried_over")
        total = _cell_int(apps, "total")
        with_carry = new + carried if new is not None and carried is not None else None
        if count.includes_carry_over:
            if with_carry is None or count.value == with_carry:
                return None
            return f"表三“一、本年新收”与“二、上年结转”总计之和为{with_carry}（{new}+{carried}）"
        if count.kind == "new":
            if new is None or count.value == new:
                return None
            return f"表三“一、本年新收”总计为{new}"
        if count.kind == "concluded":
            if total is None or count.value == total:
                return None
            return f"表三“（七）总计”为{total}"
        # 受理 and 办理 are used for both the received and the handled applications: only a
        # number matching none of the table's readings is a contradiction.
        readings = [v for v in (new, with_carry, total) if v is not None]
        if not readings or count.value in readings:
            return None
        if count.kind == "accepted":
            if new is None:
                return None
            return f"表三“一、本年新收”总计为{new}" + (
                f"（含上年结转为{with_carry}）" if with_carry not in (None, new) else ""
            )
        return f"表三“（七）总计”为{total}" if total is not None else None
    if count.kind == "litigation":
        review = report.tables.review_litigation
        direct = _cell_int(review, "litigation_direct")
        after = _cell_int(review, "litigation_after_review")
        if direct is None or after is None or direct + after == count.value:
            return None
        return f"表四“行政诉讼”总计为{direct + after}（未经复议直接起诉{direct}+复议后起诉{after}）"
    one = _ONE_CELL.get(count.kind)
    if one is None:
        return None
    table, row_key, column, name = one
    value = _cell_int(getattr(report.tables, table), row_key, column)
    if value is None or value == count.value:
        return None
    return f"{name}为{value}"


_C501_PASS = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

一、总体情况

（二）依申请公开情况。全年共收到政府信息公开申请24件，均在法定期限内予以答复。

三、收到和处理政府信息公开申请情况

一、本年新收政府信息公开申请数量\t24\t0\t0\t0\t0\t0\t24
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
"""

_C501_FAIL = _C501_PASS.replace("收到政府信息公开申请24件", "收到政府信息公开申请45件")


class NarrativeTableMismatch(PythonRule):
    """C501: a count quoted in the text contradicts table 二, 三 or 四."""

    meta = RuleMeta(
        code="C501",
        name="narrative-table-mismatch",
        severity="warning",
        summary="正文引用的数字与统计表不一致",
        description=(
            "第一部分（及第二、三、四部分的文字说明）常常引用统计表的数字，如“全年收到政府信息"
            "公开申请45件”。正文与表格矛盾时，读者无从知道哪个是真的，往往是改了表格忘了改正文，"
            "或照抄了上一年的文字。本规则只比较含义明确的数字：收到/新收 ↔ 表三“一、本年新收”；"
            "受理（含上年结转）↔ 新收+上年结转；办结 ↔ “（七）总计”；办理、受理 ↔ 与表中任何一种"
            "读法都不符时才报告；上年结转、结转下年 ↔ 对应行；被申请行政复议、提起行政诉讼 ↔ 表四"
            "总计；制发/废止/现行有效行政规范性文件 ↔ 表二。范围不清的句子（全市、各部门……）、"
            "约数（余件、多件）、“其中”之后的分项、说的是其他年度的数字（2022年、去年）、"
            "主语是另一机关或代为办理的句子"
            "（“区政府办代表区政府受理……”），以及动词与数字之间夹着其他事物的句子"
            "（网民咨询、主动公开文件……）一概不比较。"
        ),
        basis=f"{BASIS_REGULATION_50}；{BASIS_FORMAT_2021}",
        examples_pass=(_C501_PASS,),
        examples_fail=(_C501_FAIL,),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report):
            return
        for part_key, number, paragraph in _part_paragraphs(report):
            for count in find_counts(paragraph.text):
                allowed = _PARTS_FOR_KIND.get(count.kind, _APPLICATION_PARTS)
                if part_key not in allowed:
                    continue
                if not subject_is_reporting_body(count.subject, report.agency):
                    continue
                if count.said_year is not None and count.said_year != report.year:
                    continue  # a count of another year (or of last year)
                table_says = _contradiction(report, count)
                if table_says is None:
                    continue
                yield self.diagnostic(
                    report,
                    paragraph.span_of(count.start, count.end),
                    f"第{PART_NUMERALS[number - 1]}部分称“{count.quote}”，但{table_says}",
                )


# --- C502 -----------------------------------------------------------------------------------

# The leading lookaheads of _PERIOD and _ANNOUNCEMENT only name the characters a match can start
# with: the regular expression engine then skips to them instead of trying the whole pattern at
# every position of every paragraph.
_PERIOD = re.compile(
    r"(?=\d)(?<!\d)(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起\s*)?(?:至|到|—|－|-|~|～)\s*"
    r"(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日"
)
_PERIOD_CONTEXT = re.compile(r"统计|数据")


def _may_state_period(text: str) -> bool:
    """Whether ``text`` has the words every match of _PERIOD has (…12月31日): most paragraphs
    do not, and these tests cost far less than the regular expression's search."""
    return "31" in text and "12" in text and "月" in text and "日" in text


def _is_statistics_period(text: str, start: int) -> bool:
    """Whether the date range at ``start`` is the report's statistics period: its sentence says
    统计 or 数据 before it (a plan's 2021年1月1日至2025年12月31日 is not)."""
    sentence_start = max(text.rfind(mark, 0, start) for mark in "。；;") + 1
    return _PERIOD_CONTEXT.search(text, sentence_start, start) is not None


_HEADING_LABEL = re.compile(
    r"^\s*(?:#+\s*)?(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*、|"
    r"\d+\s*[.．、])\s*"
)
_HEADING_TITLE = re.compile(r"[^，,。：:；;\d]{1,20}?[：:。]\s*")
_OPENING_YEAR = re.compile(r"(\d{4})\s*年(?:度)?\s*[，,]")


def _opening_year(text: str) -> re.Match[str] | None:
    """The year a paragraph opens with ("2022 年，…"), after its sub-heading label if any."""
    position = 0
    label = _HEADING_LABEL.match(text)
    if label is not None:
        position = label.end()
        title = _HEADING_TITLE.match(text, position)
        if title is not None:
            position = title.end()
    return _OPENING_YEAR.match(text, position)


_C502_PASS = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

一、总体情况

本报告中所列数据的统计期限为2023年1月1日至2023年12月31日。

（五）监督保障情况。2023年，我办组织开展政务公开培训3次。
"""

_C502_FAIL = _C502_PASS.replace("。2023年，", "。2022年，")
_C502_FAIL_PERIOD = _C502_PASS.replace("统计期限为2023年", "统计期限为2022年").replace(
    "至2023年", "至2022年"
)


class YearMismatch(PythonRule):
    """C502: the title year, the statistics period or part 一 disagree about the year."""

    meta = RuleMeta(
        code="C502",
        name="year-mismatch",
        severity="warning",
        summary="标题年度与统计期限或第一部分所述年度不一致",
        description=(
            "年度报告报告的是标题所写那一年的工作：统计期限（统计期限/统计时限为某年1月1日至"
            "12月31日）应与标题年度一致，第一部分以年份开头的段落（“2023年，……”）讲的也应是"
            "这一年。年份对不上，通常是沿用了上一年的报告而没有改全。第五部分回顾上一年的问题、"
            "正文引用以前年份的文件、段落中间提到的以前年份都是正常的，不报告。"
        ),
        basis=f"{BASIS_REGULATION_49}、第五十条；{BASIS_FORMAT_2021}",
        examples_pass=(_C502_PASS,),
        examples_fail=(_C502_FAIL, _C502_FAIL_PERIOD),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report) or report.year is None:
            return
        year = report.year
        for paragraph in report.paragraphs:
            if not _may_state_period(paragraph.text):
                continue
            for period in _PERIOD.finditer(paragraph.text):
                wrong = [g for g in (1, 2) if period.group(g) and int(period.group(g)) != year]
                if not wrong or not _is_statistics_period(paragraph.text, period.start()):
                    continue
                first = wrong[0]
                yield self.diagnostic(
                    report,
                    paragraph.span_of(period.start(first), period.end(first)),
                    f"标题年度为{year}年，但统计期限为“{squeeze(period.group())}”",
                )
        for part in report.parts_by_key("overview"):
            for paragraph in part.paragraphs:
                opening = _opening_year(paragraph.text)
                if opening is None or int(opening.group(1)) == year:
                    continue
                yield self.diagnostic(
                    report,
                    paragraph.span_of(opening.start(1), opening.end(1)),
                    f"标题年度为{year}年，但第一部分的段落以“{opening.group(1)}年”开头，"
                    "第一部分应报告本年度的工作",
                )


# --- C503 -----------------------------------------------------------------------------------

_ANNOUNCEMENT = re.compile(
    r"(?=[现特兹向])(?:(?:现|特|兹|向社会)\s*(?:予以\s*)?(?:发布|公布)\s*[《<]([^《》<>\n]{2,80}?)[》>]"
    r"|现将\s*[《<]([^《》<>\n]{2,80}?)[》>]\s*(?:予以\s*)?(?:发布|公布))"
)


def _may_announce(text: str) -> bool:
    """Whether ``text`` has the words every match of _ANNOUNCEMENT has (发布 or 公布 and an
    opening title bracket): most paragraphs do not, and these tests cost far less than the
    regular expression's search."""
    return ("发布" in text or "公布" in text) and ("《" in text or "<" in text)


@cache
def _name_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(end of a body's name, a leading year, names that stand for the reporting body itself).

    Compiled on first use: only a report that announces a title needs them, and compiling them
    at import costs every check about a millisecond."""
    return (
        re.compile(r"\d{4}|[二〇零一三四五六七八九]{4}\s*年|政府信息公开|年度"),
        re.compile(r"\s*(?:\d{4}|[二〇零一三四五六七八九]{4})\s*年度?\s*"),
        re.compile(r"关于|[本我](?:机关|单位|部门|办|局|委|厅|院|署|级|省|市|县|区|旗|镇|乡|街道)"),
    )


def _announced_name(inner: str) -> tuple[int, str]:
    """The body named in a report title (``平顶山市人民政府办公室2024年政府信息公开…``, also
    ``2024年某某县…``): its offset in ``inner`` and its text, or ``(0, "")``."""
    name_end, leading_year, _ = _name_patterns()
    start = 0
    leading = leading_year.match(inner)
    if leading is not None:
        start = leading.end()
    end = name_end.search(inner, start)
    if end is None:
        return 0, ""
    name = inner[start : end.start()].rstrip()
    return start, name


class AgencyMismatch(PythonRule):
    """C503: the text announces another body's report."""

    meta = RuleMeta(
        code="C503",
        name="agency-mismatch",
        severity="warning",
        summary="正文发布的是另一个机关的年度报告",
        description=(
            "年度报告开头常写“现发布《某某机关某年政府信息公开工作年度报告》”。这里的机关应当"
            "就是标题中的机关；写成了别的机关，几乎总是套用了别人的报告而没有改名字，"
            "读者会怀疑整份报告的内容是否属于本机关。只检查这种宣布发布报告的句子，"
            "正文中提到其他机关（上级机关、下级单位）是正常的。"
        ),
        basis=f"{BASIS_REGULATION_49}",
        examples_pass=(
            """\
某某县人民政府办公室2024年政府信息公开工作年度报告

一、总体情况

现发布《某某县人民政府办公室2024年政府信息公开工作年度报告》。
""",
        ),
        examples_fail=(
            """\
某某县人民政府办公室2024年政府信息公开工作年度报告

一、总体情况

现发布《某某市人民政府办公室2024年政府信息公开工作年度报告》。
""",
        ),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report) or not report.agency:
            return
        own = normalise_agency(report.agency)
        for paragraph in report.paragraphs:
            if not _may_announce(paragraph.text):
                continue
            for match in _ANNOUNCEMENT.finditer(paragraph.text):
                group = 1 if match.group(1) is not None else 2
                inner = match.group(group)
                if "报告" not in inner:
                    continue
                name_start, name = _announced_name(inner)
                other = normalise_agency(name)
                generic = _name_patterns()[2].match(other)
                if len(other) < 2 or generic or other in own or own in other:
                    continue
                start = match.start(group) + name_start
                yield self.diagnostic(
                    report,
                    paragraph.span_of(start, start + len(name)),
                    f"正文发布的是《{squeeze(inner)}》，但本报告标题的机关为“{report.agency}”",
                )
