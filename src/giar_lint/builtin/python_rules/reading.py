"""Rules about whether the input can be checked at all: E001 and S110."""

from __future__ import annotations

from collections.abc import Iterator

from giar_lint.builtin.python_rules._common import (
    BASIS_FORMAT_2019,
    BASIS_FORMAT_2021,
    first_line_span,
    start_span,
)
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.report import UNREADABLE_KINDS, Report
from giar_lint.rules.base import PythonRule, RuleMeta

_REPORT_2023 = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

一、总体情况

（一）主动公开情况。全年通过政府门户网站发布信息120条。
"""

_REPORT_2007 = """\
某某县人民政府2015年政府信息公开工作年度报告

一、概述

2015年，我县认真贯彻落实《中华人民共和国政府信息公开条例》。

二、主动公开政府信息情况

全年主动公开政府信息1200条。

三、依申请公开政府信息情况

全年收到政府信息公开申请12件。

四、政府信息公开的收费及减免情况

未收取任何费用。

五、因政府信息公开申请行政复议、提起行政诉讼的情况

无。

六、政府信息公开工作存在的主要问题及改进措施

部分单位公开不及时，将加强督促。
"""


class UnreadableInput(PythonRule):
    """E001: the input could not be read as a report."""

    meta = RuleMeta(
        code="E001",
        name="unreadable-input",
        severity="error",
        summary="文件无法作为年度报告读取",
        description=(
            "文件是二进制数据、无法解码、内容为空，或是没有可用文本层的 PDF（扫描件），"
            "因此无法读出报告文本，其他规则也就无从检查。年度报告须向社会公开，"
            "公众能读取的文本是一切检查的前提：请提供可复制文字的 PDF、DOCX、HTML 或文本文件；"
            "若提示缺少读取组件，请按提示安装（例如 giar-lint[pdf]）。"
            "此规则在每个无法读取的文件上报告一次，位置为第 1 行第 1 列。"
        ),
        basis=("《中华人民共和国政府信息公开条例》（国务院令第711号）第二十三条、第五十条"),
        examples_pass=(_REPORT_2023,),
        examples_fail=("",),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        for problem in report.problems:
            if problem.kind in UNREADABLE_KINDS:
                span = problem.span if problem.span is not None else start_span(report)
                yield self.diagnostic(report, span, problem.message or "文件无法读取")
                return


class UnsupportedFormat(PythonRule):
    """S110: a report in the 2007 条例 layout, outside the checked formats."""

    meta = RuleMeta(
        code="S110",
        name="unsupported-format",
        severity="info",
        summary="2019 年以前的年报版式（2007 年《条例》版式），不作进一步检查",
        description=(
            "2019 年以前的年度报告按 2007 年《条例》的版式编写（概述、依申请公开政府信息情况、"
            "政府信息公开的收费及减免情况……），没有现行格式的六个部分和表二、表三、表四。"
            "用现行格式检查这样的报告只会得到一长串“缺少部分”，毫无用处，"
            "因此只在标题处说明一次，不再作其他检查。"
        ),
        basis=f"{BASIS_FORMAT_2021}；{BASIS_FORMAT_2019}",
        examples_pass=(_REPORT_2023,),
        examples_fail=(_REPORT_2007,),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not report.readable or report.format != "2007":
            return
        span = report.title.span if report.title is not None else first_line_span(report)
        year = f"（{report.year}年）" if report.year else ""
        yield self.diagnostic(
            report,
            span,
            f"本报告{year}采用 2007 年《条例》时期的年报版式，"
            "不适用现行年报格式（国办公开办函〔2021〕30号），不作进一步检查",
        )
