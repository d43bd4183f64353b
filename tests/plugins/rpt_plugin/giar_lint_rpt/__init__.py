"""An example third-party giar-lint plugin.

- Rule X901 (``missing-contact``): a report should tell readers whom to contact, with a
  telephone number (联系电话).
- A reader for ``.rpt`` files, the export format of a (fictional) office system: a header of
  ``key: value`` lines, a line ``---``, then the report text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from giar_lint.diagnostics import Diagnostic
from giar_lint.hookspecs import hookimpl
from giar_lint.model.report import ReadingProblem, Report
from giar_lint.read.result import ReadResult
from giar_lint.rules.base import PythonRule, RuleMeta

_PHONE = re.compile(r"联系电话[:：]?\s*[0-9０-９\-－（）()]{7,}")


class MissingContact(PythonRule):
    meta = RuleMeta(
        code="X901",
        name="missing-contact",
        severity="warning",
        summary="报告没有写明联系电话",
        description="报告末尾应写明读者咨询时的联系电话，便于公众查询。",
        basis="本省政务公开工作要点（示例）",
        examples_pass=(
            "某县人民政府办公室2023年政府信息公开工作年度报告\n联系电话：0371-12345678\n",
        ),
        examples_fail=("某县人民政府办公室2023年政府信息公开工作年度报告\n",),
    )

    def check(self, report: Report) -> Iterable[Diagnostic]:
        if _PHONE.search(report.source.text):
            return
        end = len(report.source.text)
        yield self.diagnostic(report, report.source.span(end, end), "报告没有写明联系电话")


@hookimpl
def giar_lint_rules() -> Sequence[PythonRule]:
    return [MissingContact()]


@hookimpl
def giar_lint_read_input(path: Path, data: bytes) -> ReadResult | None:
    if Path(path).suffix.lower() != ".rpt":
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ReadResult(
            text="",
            problem=ReadingProblem("undecodable", ".rpt 文件不是 UTF-8 编码"),
            reader="rpt",
        )
    header, sep, body = text.partition("\n---\n")
    if not sep or not header.startswith("RPT"):
        return ReadResult(
            text="", problem=ReadingProblem("unreadable", "不是有效的 .rpt 文件"), reader="rpt"
        )
    return ReadResult(text=body, reader="rpt")


@hookimpl
def giar_lint_input_suffixes() -> Sequence[str]:
    return [".rpt"]
