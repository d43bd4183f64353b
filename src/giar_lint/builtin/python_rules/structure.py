"""Structure rules written in Python: S106 heading numbering, S108 missing title."""

from __future__ import annotations

import re
from collections.abc import Iterator

from giar_lint.builtin.python_rules._common import (
    BASIS_FORMAT_2021,
    BASIS_REGULATION_49,
    first_line_span,
    is_checkable,
    part_label,
)
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.catalogue import PARTS
from giar_lint.model.report import Part, Report, SubHeading
from giar_lint.rules.base import PythonRule, RuleMeta

#: Styles whose numbers must run 1, 2, 3 … inside a part. Inline enumerations (一是, 1.) are
#: left out: a wrapped line often hides one of them, and a false "skip" would be a false alarm.
_SEQUENCE_STYLES = ("paren", "paren_arabic")
_STYLE_EXAMPLES = {
    "paren": "（一）",
    "paren_arabic": "（1）",
    "dun": "一、",
    "shi": "一是",
    "arabic": "1.",
}
_PART_TITLES = frozenset(t for p in PARTS for t in (p.template, *p.variants))
_HEADING_LABEL = re.compile(r"^[#\s]*[（(]?[一二三四五六七八九十\d]+[)）、.．]?\s*")


def _short(heading: SubHeading) -> str:
    """The heading's numeral and title, without the text that follows it on the line."""
    text = re.split(r"[。：:；;]", heading.text, maxsplit=1)[0].strip()
    return text if len(text) <= 20 else text[:18] + "…"


def _is_part_title(heading: SubHeading) -> bool:
    title = _HEADING_LABEL.sub("", heading.text)
    title = re.split(r"[。：:]", title, maxsplit=1)[0].strip()
    return title in _PART_TITLES


def _is_citation_fragment(heading: SubHeading) -> bool:
    """A wrapped line that starts inside a legal citation (``第二十条\n（三）项规定…``)."""
    rest = _HEADING_LABEL.sub("", heading.text, count=1)
    return rest[:1] in ("项", "条", "款", "目", "号")


def _in_tables(report: Report, heading: SubHeading) -> bool:
    return any(t.span.start <= heading.span.start < t.span.end for t in report.tables)


def _part_name(part: Part) -> str:
    return part_label(part.key)


_EXAMPLE_OK = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

一、总体情况

（一）主动公开情况。全年通过政府门户网站发布信息120条。

（二）依申请公开情况。全年收到政府信息公开申请5件。

（三）政府信息管理情况。严格落实公开属性源头认定机制。
"""

_EXAMPLE_DUN = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

一、总体情况

一、主动公开情况。全年通过政府门户网站发布信息120条。

二、依申请公开情况。全年收到政府信息公开申请5件。

三、政府信息管理情况。严格落实公开属性源头认定机制。
"""

_EXAMPLE_SKIP = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

一、总体情况

（一）主动公开情况。全年通过政府门户网站发布信息120条。

（三）依申请公开情况。全年收到政府信息公开申请5件。
"""


class HeadingNumbering(PythonRule):
    """S106: sub-headings reuse the part-level numerals or skip/repeat numbers."""

    meta = RuleMeta(
        code="S106",
        name="heading-numbering",
        severity="warning",
        summary="部分内的小标题编号不规范：沿用部分一级的“一、”或编号跳号、重号",
        description=(
            "年度报告的六个部分以“一、”“二、”……编号，部分内的小标题应换用下一级编号"
            "“（一）”“（二）”……。小标题若也写成“一、主动公开情况”，读者（以及汇总统计的"
            "程序）无法分辨哪里是新的部分，报告的层次就乱了；同一级编号跳号（（一）后接（三））"
            "或重号（两个（二））通常说明内容被删改后没有重新编号。"
            "每个部分最多报告一次，位置在第一个有问题的小标题，并列出相关的小标题。"
        ),
        basis=f"{BASIS_FORMAT_2021}；《党政机关公文格式》（GB/T 9704—2012）7.3.3 结构层次序数",
        examples_pass=(_EXAMPLE_OK,),
        examples_fail=(_EXAMPLE_DUN, _EXAMPLE_SKIP),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report):
            return
        for part in report.parts:
            headings = [
                h
                for h in part.subheadings
                if not _in_tables(report, h)
                and not (h.style == "dun" and _is_part_title(h))
                and not _is_citation_fragment(h)
            ]
            dun = [h for h in headings if h.style == "dun"]
            if dun:
                names = "；".join(_short(h) for h in dun[:3]) + ("……" if len(dun) > 3 else "")
                yield self.diagnostic(
                    report,
                    dun[0].span,
                    f"{_part_name(part)}的小标题使用了部分标题的编号样式“一、”（{names}），"
                    "部分内的小标题应编为“（一）”“（二）”……",
                )
                continue
            problem = _sequence_problem(headings)
            if problem is not None:
                heading, expected = problem
                yield self.diagnostic(
                    report,
                    heading.span,
                    f"{_part_name(part)}的小标题编号不连续：“{_short(heading)}”"
                    f"前一个同级小标题是{expected}，此处{_describe(heading, expected)}",
                )


def _sequence_problem(headings: list[SubHeading]) -> tuple[SubHeading, str] | None:
    """The first heading whose number neither follows its predecessor of the same style nor
    restarts at 1, with a description of that predecessor."""
    last: dict[str, SubHeading] = {}
    for heading in headings:
        if heading.style not in _SEQUENCE_STYLES:
            continue
        previous = last.get(heading.style)
        last[heading.style] = heading
        if previous is None:
            if heading.number != 1:
                return heading, "（无）"
            continue
        if heading.number in (previous.number + 1, 1):
            continue
        return heading, f"“{_short(previous)}”"
    return None


def _describe(heading: SubHeading, expected: str) -> str:
    if expected == "（无）":
        return f"编号应从 1 开始，却是 {heading.numeral}"
    return f"编号 {heading.numeral} 不是其下一个编号（跳号或重号）"


_TITLE_OK = """\
某某县人民政府办公室2023年政府信息公开工作年度报告

一、总体情况

（一）主动公开情况。全年通过政府门户网站发布信息120条。
"""

_TITLE_MISSING = """\
一、总体情况

（一）主动公开情况。全年通过政府门户网站发布信息120条。
"""

_TITLE_NO_YEAR = """\
某某县人民政府办公室政府信息公开工作年度报告

一、总体情况

（一）主动公开情况。全年通过政府门户网站发布信息120条。
"""


class MissingTitle(PythonRule):
    """S108: no title line naming the body and the year."""

    meta = RuleMeta(
        code="S108",
        name="missing-title",
        severity="warning",
        summary="缺少写明机关名称和年度的标题",
        description=(
            "年度报告以“某某机关某某年政府信息公开工作年度报告”为题。标题是读者、"
            "上级机关和汇总程序确认“谁的、哪一年的”报告的唯一依据：缺少标题，"
            "或标题里没有机关名称或年度，报告就无法归档、比对，也无法检查年度是否一致（C502）"
            "和机关是否一致（C503）。"
        ),
        basis=f"{BASIS_REGULATION_49}、第五十条；{BASIS_FORMAT_2021}",
        examples_pass=(_TITLE_OK,),
        examples_fail=(_TITLE_MISSING, _TITLE_NO_YEAR),
    )

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not is_checkable(report):
            return
        title = report.title
        if title is None:
            yield self.diagnostic(
                report,
                first_line_span(report),
                "缺少标题行：报告开头应有写明机关名称和年度的标题，"
                "如“某某县人民政府办公室2023年政府信息公开工作年度报告”",
            )
            return
        missing = [
            what
            for what, present in (("机关名称", title.agency), ("年度", title.year))
            if not present
        ]
        if missing:
            yield self.diagnostic(
                report,
                title.span,
                f"标题“{title.text}”未写明{'和'.join(missing)}",
            )
