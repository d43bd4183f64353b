"""Any text parses: random mixtures of report fragments, CJK, digits, separators and line breaks
never make the parser raise, and every position it reports lies inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giar_lint.model.catalogue import APPLICATION_ROWS, DISCLOSURE_ROWS, PARTS
from giar_lint.output.parse_json import report_to_json
from giar_lint.parse import parse_text, parse_tree

FRAGMENTS = [
    *(f"{n}、{p.template}" for n, p in zip("一二三四五六", PARTS, strict=True)),
    *(label for _, label in APPLICATION_ROWS),
    *(label for _, label, _ in DISCLOSURE_ROWS),
    "三、本年度办理结果",
    "（三）不予公开",
    "（六）其他处理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "总计",
    "第二十条第（一）项",
    "本年新制作数量",
    "本年增/减",
    "（一）",
    "(2)",
    "一是",
    "3.",
    "## ",
    "**",
    "|",
    "|---|---|",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "- 3 -",
    " ",
    "/",
    "—",
    "-",
    "。",
    "，",
    "2023年",
    "0",
    "12",
    "3.5",
    "-7",
    "\ufeff",
    "\u3000",
]

ALPHABET = "政府信息公开年度报告情况一二三四五六七八九十（）()、。0123456789 \t\n|/-"
pieces = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(
        alphabet="政府信息公开年度报告情况一二三四五六七八九十（）()、。0123456789 \t\n|/-",
        max_size=12,
    ),
    st.text(max_size=4),
)
documents = st.lists(pieces, max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_parse_never_raises(text: str) -> None:
    report = parse_text(text, "fuzz.txt")
    assert report.problems == ()
    report_to_json(report)
    length = len(report.source.text)
    for table in report.tables:
        assert 0 <= table.span.start <= table.span.end <= length
        for row in [*table.rows.values(), *table.subtotals.values()]:
            for cell in (*row.cells, *row.extra):
                if cell.span is not None:
                    assert 0 <= cell.span.start <= cell.span.end <= length
    for part in report.parts:
        assert 0 <= part.heading_span.start < part.heading_span.end <= length
    for paragraph in report.paragraphs:
        assert paragraph.text
        span = paragraph.span_of(0, len(paragraph.text))
        assert 0 <= span.start <= span.end <= length


@settings(max_examples=40, deadline=None)
@given(documents)
def test_parse_tree_never_raises(text: str) -> None:
    assert parse_tree(text).data == "start"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode(text: str) -> None:
    report = parse_text(text)
    assert report.problems == ()
