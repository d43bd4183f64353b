"""Table reading rules: T201 missing table, T202 missing row, T203 cell count, T204 invalid cell.

These rules report what the parser could not read. They come before the arithmetic: an
identity over an unreadable cell is undecidable, so the reading problem is what the user sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from giar_lint.builtin.python_rules._common import (
    BASIS_FORMAT_2019,
    BASIS_FORMAT_2021,
    BASIS_REGULATION_50,
    TABLE_NAMES,
    TABLE_PART,
    column_label,
    is_checkable,
    part_label,
    row_label,
    uses_trial_format_year,
)
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.catalogue import (
    APPLICATION_ROW_KEYS,
    DISCLOSURE_ROWS,
    REVIEW_GROUPS,
)
from giar_lint.model.report import Cell, Report, Row, Table
from giar_lint.model.source import Span
from giar_lint.rules.base import PythonRule, RuleMeta

_ROW_ORDER: dict[str, tuple[str, ...]] = {
    "disclosure": tuple(k for k, _, _ in DISCLOSURE_ROWS),
    "applications": APPLICATION_ROW_KEYS,
    "review_litigation": tuple(k for k, _ in REVIEW_GROUPS),
}


def _applies(report: Report, table_kind: str, row_key: str | None = None) -> bool:
    """Whether the 2021-only parts of the T2xx rules apply: table 二 and the three rows of
    （六）其他处理 are checked only for reports of 2021 and later."""
    if not uses_trial_format_year(report):
        return True
    if table_kind == "disclosure":
        return False
    return not (row_key is not None and row_key.startswith("other."))


def _tables(report: Report) -> Iterator[Table]:
    for table in report.tables:
        if _applies(report, table.kind):
            yield table


def _rows(report: Report) -> Iterator[tuple[Table, Row]]:
    """The rows that the T2xx rules check, with their table (what :func:`_applies` lets through,
    with the report's format year looked up once rather than for every row)."""
    trial = uses_trial_format_year(report)
    for table in report.tables:
        if trial and table.kind == "disclosure":
            continue
        for row in table.rows.values():
            if not (trial and row.key.startswith("other.")):
                yield table, row


_DISCLOSURE_OK = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

二、主动公开政府信息情况

第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t3\t1\t45
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t120
第二十条第（六）项
信息内容\t本年处理决定数量
行政处罚\t35
行政强制\t2
第二十条第（八）项
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t12.5
"""

_REVIEW_OK = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

四、政府信息公开行政复议、行政诉讼情况

行政复议\t\t\t\t\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉
\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
"""


class MissingTable(PythonRule):
    """T201: part 二, 三 or 四 has no recognisable table."""

    meta = RuleMeta(
        code="T201",
        name="missing-table",
        severity="error",
        summary="第二、三、四部分缺少可识别的统计表",
        description=(
            "年报格式规定第二、三、四部分分别以表二（主动公开）、表三（收到和处理申请）、"
            "表四（行政复议、行政诉讼）报告数据，不能只写文字。部分标题在、表格却找不到"
            "（被删去、被替换成图片或文字叙述、表头无法识别）时，统计数据就无法核对、无法汇总。"
            "2019、2020 年度报告适用试行格式，其表二与现行格式不同，不检查表二。"
        ),
        basis=f"{BASIS_REGULATION_50}；{BASIS_FORMAT_2021}",
        examples_pass=(_DISCLOSURE_OK, _REVIEW_OK),
        examples_fail=(
            """\
某某县人民政府办公室2023年政府信息公开工作年度报告

四、政府信息公开行政复议、行政诉讼情况

本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。
""",
        ),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report):
            return
        for kind, part_key in TABLE_PART.items():
            if getattr(report.tables, kind) is not None or not _applies(report, kind):
                continue
            part = report.part(part_key)
            if part is None:
                continue  # the missing part itself is S101's finding
            yield self.diagnostic(
                report,
                part.heading_span,
                f"{part_label(part_key)}中没有可识别的{TABLE_NAMES[kind]}",
            )


class MissingRow(PythonRule):
    """T202: a required row of a table is absent."""

    meta = RuleMeta(
        code="T202",
        name="missing-row",
        severity="error",
        summary="统计表缺少规定的行",
        description=(
            "表二、表三、表四的行是年报格式规定的，即使数值为 0 也不能删去：缺了一行，"
            "读者不知道是没有发生还是漏报，表三的勾稽关系（A301、A303）也无法核对。"
            "报告指出缺少的是哪一行。2019、2020 年度报告适用试行格式（表二的栏目不同，"
            "“（六）其他处理”只有一行），这些行不检查。"
        ),
        basis=f"{BASIS_FORMAT_2021}；{BASIS_FORMAT_2019}",
        examples_pass=(_DISCLOSURE_OK,),
        examples_fail=(_DISCLOSURE_OK.replace("行政强制\t2\n", ""),),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report):
            return
        for table in _tables(report):
            order = _ROW_ORDER[table.kind]
            for key in table.missing_rows:
                if not _applies(report, table.kind, key):
                    continue
                where, anchor = _place_of_missing_row(table, order, key)
                yield self.diagnostic(
                    report,
                    anchor,
                    f"{TABLE_NAMES[table.kind]}缺少“{row_label(table, key)}”行{where}",
                )


def _place_of_missing_row(table: Table, order: tuple[str, ...], key: str) -> tuple[str, Span]:
    """Where the missing row should be: before the next present row, else after the previous
    one, else at the table."""
    index = order.index(key) if key in order else len(order)
    for later in order[index + 1 :]:
        row = table.rows.get(later)
        if row is not None and row.label_span is not None:
            return f"（应在“{row_label(table, later)}”之前）", row.label_span
    for earlier in reversed(order[:index]):
        row = table.rows.get(earlier)
        if row is not None and row.label_span is not None:
            return f"（应在“{row_label(table, earlier)}”之后）", row.label_span
    return "", _head(table.span, table)


def _head(span: Span, table: Table) -> Span:
    """The first line of a table's span (a whole-table span would underline a page)."""
    if span.line == span.end_line:
        return span
    for row in table.rows.values():
        if row.label_span is not None:
            return row.label_span
    return replace(span, end=span.start, end_line=span.line, end_column=span.column)


def _row_anchor(table: Table, row: Row) -> Span:
    if row.label_span is not None:
        return row.label_span
    for cell in (*row.cells, *row.extra):
        if cell.span is not None:
            return cell.span
    return _head(table.span, table)


class CellCount(PythonRule):
    """T203: a row has more or fewer numbers than the table has columns."""

    meta = RuleMeta(
        code="T203",
        name="cell-count",
        severity="error",
        summary="统计表某行的数字个数与列数不符",
        description=(
            "表三每行有 7 个数（六类申请人和总计），表四有 15 个数（三组，每组 5 个），"
            "表二各行有 3 个或 1 个数。某行多出或缺少数字，说明单元格被合并、拆分、漏填，"
            "或者从 PDF 复制时丢失了内容：此时无法确定每个数属于哪一列，"
            "该行的勾稽关系也无从核对。报告读到的个数和应有的个数。"
        ),
        basis=f"{BASIS_FORMAT_2021}；{BASIS_FORMAT_2019}",
        examples_pass=(_REVIEW_OK,),
        # the numbers row one short of 15
        examples_fail=(_REVIEW_OK.replace("\t0\t0\n", "\t0\n"),),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report):
            return
        for table, row in _rows(report):
            missing = [c.status for c in row.cells].count("missing")
            extra = len(row.extra)
            if not missing and not extra:
                continue
            expected = len(row.cells)
            found = expected - missing + extra
            yield self.diagnostic(
                report,
                _row_anchor(table, row),
                f"{TABLE_NAMES[table.kind]}“{row_label(table, row.key)}”行应有"
                f"{expected}个数，实际读到{found}个",
            )


def _fractional(table: Table, row: Row, cell: Cell) -> bool:
    """A count with a fractional part (only table 二's fee, in 万元, may have one)."""
    if table.kind == "disclosure" and row.key == "fees_10k_yuan":
        return False
    value = cell.value
    return isinstance(value, Decimal) and value != value.to_integral_value()


class InvalidCell(PythonRule):
    """T204: a cell is blank, a slash or dash, negative, or not a number."""

    meta = RuleMeta(
        code="T204",
        name="invalid-cell",
        severity="warning",
        summary="统计表单元格为空、为“/”“—”，或为负数、非数字",
        description=(
            "统计表的每个单元格都应填写数字，没有发生的填 0。空白、“/”、“—”"
            "让读者无法区分“零”和“未统计”，计算勾稽关系时只能按 0 处理（警告）；"
            "负数、小数或不是数字的内容（如“若干”）说明数据有误，无法参与计算（错误）。"
            "除表二的行政事业性收费（单位万元）外，所有数都应是非负整数。"
        ),
        basis=f"{BASIS_FORMAT_2021}；{BASIS_FORMAT_2019}",
        examples_pass=(_DISCLOSURE_OK,),
        examples_fail=(
            _DISCLOSURE_OK.replace("行政强制\t2", "行政强制\t/"),
            _DISCLOSURE_OK.replace("行政处罚\t35", "行政处罚\t-35"),
        ),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report):
            return
        for table, row in _rows(report):
            for index, cell in enumerate(row.cells):
                if cell.status == "ok" and not isinstance(cell.value, Decimal):
                    continue  # a whole number: the common case, nothing to say
                finding = self._cell_finding(report, table, row, index, cell)
                if finding is not None:
                    yield finding

    def _cell_finding(
        self, report: Report, table: Table, row: Row, index: int, cell: Cell
    ) -> Diagnostic | None:
        if cell.status == "missing":
            return None  # a missing cell is T203's finding
        if cell.status == "ok" and not _fractional(table, row, cell):
            return None
        place = (
            f"{TABLE_NAMES[table.kind]}“{row_label(table, row.key)}”行"
            f"“{column_label(table, row, index)}”列"
        )
        span = cell.span if cell.span is not None else _row_anchor(table, row)
        if cell.status == "blank":
            return self.diagnostic(report, span, f"{place}为空，没有发生的应填 0")
        if cell.status in ("slash", "dash"):
            written = cell.raw.strip() or ("/" if cell.status == "slash" else "—")
            return self.diagnostic(report, span, f"{place}填写为“{written}”，没有发生的应填 0")
        if cell.status == "ok":
            message = f"{place}为小数（{cell.raw.strip()}），件数应为整数"
        elif cell.status == "negative":
            message = f"{place}为负数（{cell.raw.strip()}）"
        else:
            message = f"{place}不是数字（“{cell.raw.strip()}”）"
        return replace(self.diagnostic(report, span, message), severity="error")
