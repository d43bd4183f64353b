"""Rules over the set of reports of one run: C504 carry-over between consecutive years."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache

from giar_lint.builtin.python_rules._common import (
    BASIS_FORMAT_2021,
    is_checkable,
    normalise_agency,
)
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.catalogue import APPLICANT_COLUMN_LABELS
from giar_lint.model.report import Report, Row
from giar_lint.rules.base import PythonRule, RuleMeta

_TABLE_2023 = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

三、收到和处理政府信息公开申请情况

四、结转下年度继续办理\t2\t1\t0\t0\t0\t0\t3
"""

_TABLE_2024 = """\
某某县人民政府办公室2024年政府信息公开工作年度报告

三、收到和处理政府信息公开申请情况

二、上年结转政府信息公开申请数量\t2\t1\t0\t0\t0\t0\t3
"""


#: The examples of a cross-report rule hold several reports, separated by this line.
EXAMPLE_SEPARATOR = "\n---\n"


class CarryoverMismatch(PythonRule):
    """C504: this year's 上年结转 differs from last year's 结转下年度继续办理 (same body).

    A cross-report rule (:class:`giar_lint.rules.base.CrossReportRule`): one report alone has
    nothing to compare, so :meth:`check` finds nothing and :meth:`check_reports` does the work.
    """

    meta = RuleMeta(
        code="C504",
        name="carryover-mismatch",
        severity="warning",
        summary="本年“上年结转”与上一年度报告的“结转下年度继续办理”不一致",
        description=(
            "上一年没有办完、结转到下一年继续办理的申请，就是下一年表三的“二、上年结转政府信息"
            "公开申请数量”。同一机关相邻两年的报告，这两行应逐列相等；不等说明某一年的数字有误，"
            "或者申请在两年之间“丢失”了。本规则在一次检查的文件中，按标题的机关名称和年度找出"
            "同一机关相邻两年的报告加以比较（例如 giar-lint check 2023/*.txt 2024/*.txt），"
            "在后一年的单元格上报告，并指明另一份文件。某一年有多份同一机关的报告时无法确定"
            "配对，不作比较。"
        ),
        basis=f"{BASIS_FORMAT_2021}（表三“二、上年结转政府信息公开申请数量”）",
        examples_pass=(_TABLE_2023 + EXAMPLE_SEPARATOR + _TABLE_2024,),
        examples_fail=(
            _TABLE_2023
            + EXAMPLE_SEPARATOR
            + _TABLE_2024.replace("\t2\t1\t0\t0\t0\t0\t3", "\t2\t0\t0\t0\t0\t0\t2"),
        ),
        extra={"example_separator": EXAMPLE_SEPARATOR.strip()},
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        return iter(())

    def check_reports(self, reports: Sequence[Report]) -> Iterator[Diagnostic]:
        # Reports are grouped by the name without its leading province/city, so that
        # 洪泽区人民政府 and 淮安市洪泽区人民政府 meet; inside a group, names must be equal or one
        # must be the other with a place prefix (南京市鼓楼区 and 福州市鼓楼区 never pair).
        groups: dict[tuple[str, int], list[tuple[str, Report]]] = defaultdict(list)
        for report in reports:
            if not is_checkable(report) or not report.agency or report.year is None:
                continue
            name = normalise_agency(report.agency)
            groups[(_short_name(name), report.year)].append((name, report))
        for (short, year), members in groups.items():
            previous = groups.get((short, year - 1))
            if previous is None:
                continue
            for name, report in members:
                this_year = [r for n, r in members if same_body(n, name)]
                last_year = [r for n, r in previous if same_body(n, name)]
                if len(this_year) == 1 and len(last_year) == 1:
                    yield from self._compare(report, last_year[0])

    def _compare(self, report: Report, previous: Report) -> Iterator[Diagnostic]:
        this_table = report.tables.applications
        last_table = previous.tables.applications
        if this_table is None or last_table is None:
            return
        this_row = this_table.row("carried_over")
        last_row = last_table.row("carried_forward")
        if this_row is None or last_row is None:
            return
        columns = this_table.columns or last_table.columns
        if this_table.columns != last_table.columns:
            return
        differences = _differences(this_row, last_row, columns)
        if not differences:
            return
        # Point at the total when it differs: it is the number readers compare first.
        anchor_index = next(
            (i for i, name, _, _ in differences if name == "total"), differences[0][0]
        )
        details = "；".join(
            f"{APPLICANT_COLUMN_LABELS.get(name, name)}列本年{mine}、上一年{theirs}"
            for _, name, mine, theirs in differences
        )
        anchor = this_row.cells[anchor_index].span
        if anchor is None:
            return
        yield self.diagnostic(
            report,
            anchor,
            f"表三“二、上年结转”与{previous.year}年度报告（{previous.path}）"
            f"“四、结转下年度继续办理”不一致：{details}",
        )


@cache
def _place_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(leading place names, end of a place level, a place name at the start).

    Compiled on first use: only a run over several reports needs them, and compiling the CJK
    ranges costs about 4 ms, which every single-report check would otherwise pay at start-up."""
    return (
        re.compile(r"(?:[\u4e00-\u9fff]{1,8}?[省市州盟])+"),
        re.compile(r"自治州|[省市盟]"),
        re.compile(r"[\u4e00-\u9fff]{1,8}?[省市州盟区县旗]"),
    )


def _short_name(name: str) -> str:
    """``name`` without leading province/city names that are followed by another place."""
    _, level_end, starts_with_place = _place_patterns()
    while True:
        for match in level_end.finditer(name, 0, 10):
            rest = name[match.end() :]
            if match.end() >= 2 and len(rest) >= 4 and starts_with_place.match(rest):
                name = rest
                break
        else:
            return name


def same_body(a: str, b: str) -> bool:
    """Whether two normalised agency names denote the same body: equal, or one is the other
    preceded by the province/city it belongs to (淮安市洪泽区政府 / 洪泽区政府)."""
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if not longer.endswith(shorter) or len(shorter) < 4:
        return False
    place_prefix, _, starts_with_place = _place_patterns()
    if starts_with_place.match(shorter) is None:
        return False
    return place_prefix.fullmatch(longer[: -len(shorter)]) is not None


def _differences(
    this_row: Row, last_row: Row, columns: tuple[str, ...]
) -> list[tuple[int, str, int, int]]:
    """(index, column key, this year's value, last year's value) of each clean, differing
    column; a cell that could not be read cleanly is not compared."""
    out: list[tuple[int, str, int, int]] = []
    for row in (this_row, last_row):
        if row.extra or any(c.status == "missing" for c in row.cells):
            return out  # a misaligned row: which number belongs to which column is unknown
    for index, name in enumerate(columns):
        if index >= len(this_row.cells) or index >= len(last_row.cells):
            break
        mine, theirs = this_row.cells[index], last_row.cells[index]
        if mine.status != "ok" or theirs.status != "ok" or mine.span is None:
            continue
        if mine.value is None or theirs.value is None or mine.value == theirs.value:
            continue
        out.append((index, name, int(mine.value), int(theirs.value)))
    return out
