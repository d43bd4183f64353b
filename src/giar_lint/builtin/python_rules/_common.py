"""Helpers shared by the built-in Python rules: which reports to check, places, labels."""

from __future__ import annotations

import re

from giar_lint.model.catalogue import (
    APPLICANT_COLUMN_LABELS,
    APPLICATION_ROW_LABELS,
    DISCLOSURE_COLUMN_LABELS,
    DISCLOSURE_ROWS,
    PART_BY_KEY,
    REVIEW_COLUMN_LABELS,
    REVIEW_GROUPS,
)
from giar_lint.model.report import Report, Row, Table
from giar_lint.model.source import Span

BASIS_REGULATION_50 = "《中华人民共和国政府信息公开条例》（国务院令第711号）第五十条"
BASIS_REGULATION_49 = "《中华人民共和国政府信息公开条例》（国务院令第711号）第四十九条"
BASIS_FORMAT_2021 = "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）"
BASIS_FORMAT_2019 = "《政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）"

TABLE_NAMES: dict[str, str] = {
    "disclosure": "表二",
    "applications": "表三",
    "review_litigation": "表四",
}
#: Which part holds which table.
TABLE_PART: dict[str, str] = {
    "disclosure": "disclosure",
    "applications": "applications",
    "review_litigation": "review",
}
PART_NUMERALS = "一二三四五六"

_SHORT_APPLICATION_LABELS: dict[str, str] = {
    "new": "一、本年新收",
    "carried_over": "二、上年结转",
    "granted": "（一）予以公开",
    "partly_granted": "（二）部分公开",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
_APPLICATION_GROUP_NAMES: dict[str, str] = {
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}


def is_checkable(report: Report) -> bool:
    """Whether the content rules have anything to check: the input was read as text and is
    not a 2007-条例 era report (those get one S110 and nothing else)."""
    return report.readable and report.format != "2007"


def uses_trial_format_year(report: Report) -> bool:
    """Whether the report is for a year before the 2021 format (2019/2020 reports use the trial
    format of 国办公开办函〔2019〕60号 legitimately). Without a year, the tables' own format
    decides."""
    year = report.year
    if year is not None:
        return year < 2021
    if report.format == "2019":
        return True
    return any(t.format == "2019" for t in report.tables)


def part_label(key: str) -> str:
    """``第三部分“收到和处理政府信息公开申请情况”``."""
    spec = PART_BY_KEY[key]
    return f"第{PART_NUMERALS[spec.number - 1]}部分“{spec.template}”"


def row_label(table: Table, key: str) -> str:
    """A short readable label for a row of ``table``, as in the official format."""
    if table.kind == "applications":
        if key in _SHORT_APPLICATION_LABELS:
            return _SHORT_APPLICATION_LABELS[key]
        group, _, _ = key.partition(".")
        label = APPLICATION_ROW_LABELS.get(key, key)
        # The numbered leaf labels repeat across groups ("1.…"): name the group too.
        label = re.sub(r"（区分处理的.*）$", "", label)
        if len(label) > 24:
            label = label[:22] + "…"
        group_name = _APPLICATION_GROUP_NAMES.get(group)
        return f"{group_name} {label}" if group_name else label
    if table.kind == "review_litigation":
        return dict(REVIEW_GROUPS).get(key, key)
    for row_key, label, _count in DISCLOSURE_ROWS:
        if row_key == key:
            return label
    return key


def column_label(table: Table, row: Row, index: int) -> str:
    """The readable name of column ``index`` of ``row``."""
    if table.kind == "applications" and table.columns:
        if index < len(table.columns):
            return APPLICANT_COLUMN_LABELS.get(table.columns[index], table.columns[index])
    if table.kind == "review_litigation" and table.columns:
        if index < len(table.columns):
            return REVIEW_COLUMN_LABELS.get(table.columns[index], table.columns[index])
    if table.kind == "disclosure":
        if len(row.cells) == 3 and index < 3:
            return DISCLOSURE_COLUMN_LABELS[index]
        if row.key == "fees_10k_yuan":
            return "本年收费金额"
        return "本年处理决定数量"
    return f"第{index + 1}列"


def first_line_span(report: Report) -> Span:
    """The first non-blank line of the source (or the start of an empty file)."""
    source = report.source
    for line in range(1, source.line_count + 1):
        text = source.line_text(line)
        if text.strip():
            start = source.offset(line, 1)
            stripped = len(text) - len(text.lstrip())
            return source.span(start + stripped, start + len(text.rstrip()))
    return source.span(0, 0)


def start_span(report: Report) -> Span:
    """A zero-width span at line 1, column 1."""
    return report.source.span(0, 0)


def squeeze(text: str) -> str:
    """Text without any whitespace (for comparing names and quoting numbers)."""
    # str.split() splits at the whitespace ``\s`` matches (str.isspace), much faster than re.sub
    return "".join(text.split())


def normalise_agency(name: str) -> str:
    """An agency name reduced for comparison: no whitespace, half-width brackets, and the
    common abbreviation 人民政府 → 政府 undone."""
    name = squeeze(name).replace("(", "（").replace(")", "）")
    return name.replace("人民政府", "政府")
