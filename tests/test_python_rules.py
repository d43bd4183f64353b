"""The built-in Python rules: their documentation, their examples, and targeted cases on the
seed reports parsed by the real parser."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from giar_lint.builtin.python_rules import giar_lint_cross_report_rules, giar_lint_rules
from giar_lint.builtin.python_rules._common import normalise_agency
from giar_lint.builtin.python_rules.cross_report import EXAMPLE_SEPARATOR, same_body
from giar_lint.diagnostics import Diagnostic
from giar_lint.model.report import ReadingProblem, Report
from giar_lint.parse import parse_result
from giar_lint.read.decode import read_text_bytes
from giar_lint.read.result import ReadResult

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
RULES = {rule.meta.code: rule for rule in giar_lint_rules()}
CROSS_RULES = {rule.meta.code: rule for rule in giar_lint_cross_report_rules()}
ALL_META = {code: rule.meta for code, rule in {**RULES, **CROSS_RULES}.items()}
OWN_CODES = {
    "E001": ("unreadable-input", "error"),
    "S106": ("heading-numbering", "warning"),
    "S108": ("missing-title", "warning"),
    "S110": ("unsupported-format", "info"),
    "T201": ("missing-table", "error"),
    "T202": ("missing-row", "error"),
    "T203": ("cell-count", "error"),
    "T204": ("invalid-cell", "warning"),
    "C501": ("narrative-table-mismatch", "warning"),
    "C502": ("year-mismatch", "warning"),
    "C503": ("agency-mismatch", "warning"),
    "C504": ("carryover-mismatch", "warning"),
}
SEED_NAMES = {
    "000": "000_80769d72cf641a83.txt",
    "001": "001_092edd9a71238ba5.txt",
    "002": "002_967c1590f64ec95c.txt",
    "003": "003_8a3103fe368513da.txt",
    "004": "004_006a45e46abc384b.txt",
}
#: What these rules (and only these) must report on each seed, as (code, line).
EXPECTED_ON_SEEDS = {
    "000": [],
    "001": [("C501", 9), ("C502", 15)],
    "002": [("S106", 13)],
    "003": [],
    "004": [("C501", 13), ("C503", 7)],
}


def seed_text(key: str) -> str:
    return (SEEDS / SEED_NAMES[key]).read_text(encoding="utf-8")


def parse(text: str, path: str = "report.txt") -> Report:
    """Text through the real pipeline: the plain-text reader (which reports empty or binary
    input), then the parser."""
    return parse_result(read_text_bytes(text.encode("utf-8"), path), path)


def run(report: Report, code: str | None = None) -> list[Diagnostic]:
    """Findings of one rule, or of every single-report rule of the pack."""
    rules = [RULES[code]] if code else list(RULES.values())
    return [d for rule in rules for d in rule.check(report)]


def run_cross(reports: list[Report]) -> list[Diagnostic]:
    return list(CROSS_RULES["C504"].check_reports(reports))


def found(findings: list[Diagnostic]) -> list[tuple[str, int]]:
    return sorted((d.code, d.span.line) for d in findings)


def replace_line(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- documentation -------------------------------------------------------------------------


def test_the_pack_has_exactly_its_codes() -> None:
    assert {code: (m.name, m.severity) for code, m in ALL_META.items()} == OWN_CODES
    assert set(CROSS_RULES) == {"C504"}


@pytest.mark.parametrize("code", sorted(OWN_CODES))
def test_every_rule_is_documented(code: str) -> None:
    meta = ALL_META[code]
    assert meta.summary and re.search(r"[\u4e00-\u9fff]", meta.summary)
    assert len(meta.description) >= 80
    assert re.search(r"《.+》|〔\d{4}〕\d+号", meta.basis)
    assert meta.examples_pass and meta.examples_fail
    assert meta.fixable is False


def _example_cases() -> list[tuple[str, str, bool]]:
    cases = []
    for code, meta in sorted(ALL_META.items()):
        cases += [(code, text, True) for text in meta.examples_fail]
        cases += [(code, text, False) for text in meta.examples_pass]
    return cases


@pytest.mark.parametrize(
    ("code", "example", "fires"),
    _example_cases(),
    ids=[f"{c}-{'fail' if f else 'pass'}{i}" for i, (c, _, f) in enumerate(_example_cases())],
)
def test_examples(code: str, example: str, fires: bool) -> None:
    if code in CROSS_RULES:
        reports = [
            parse(text, f"example-{i}.txt")
            for i, text in enumerate(example.split(EXAMPLE_SEPARATOR))
        ]
        findings = run_cross(reports)
    else:
        findings = run(parse(example), code)
    assert [d.code for d in findings] == ([code] if fires else []), findings


# --- the seeds -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_seed_findings_of_this_pack(key: str) -> None:
    report = parse(seed_text(key), SEED_NAMES[key])
    assert found(run(report)) == sorted(EXPECTED_ON_SEEDS[key])


def test_c501_message_names_both_numbers() -> None:
    (finding,) = run(parse(seed_text("001")), "C501")
    assert finding.message == "第一部分称“收到政府信息公开申请45件”，但表三“一、本年新收”总计为24"
    assert finding.severity == "warning"
    text = seed_text("001")
    assert text[finding.span.start : finding.span.end] == "收到政府信息公开申请 45 件"


def test_c501_on_seed_004_compares_with_the_total() -> None:
    (finding,) = run(parse(seed_text("004")), "C501")
    assert "办理线下依申请公开信息20件" in finding.message
    assert "（七）总计”为0" in finding.message


def test_c502_points_at_the_year() -> None:
    text = seed_text("001")
    (finding,) = run(parse(text), "C502")
    assert text[finding.span.start : finding.span.end] == "2022"
    assert "2023" in finding.message and "2022" in finding.message


def test_c503_points_at_the_other_body() -> None:
    text = seed_text("004")
    (finding,) = run(parse(text), "C503")
    assert text[finding.span.start : finding.span.end].strip() == "平顶山市人民政府办公室"
    assert "鲁山县人民政府办公室" in finding.message


def test_s106_names_the_offending_headings() -> None:
    (finding,) = run(parse(seed_text("002")), "S106")
    assert "一、主动公开情况" in finding.message
    assert "二、依申请公开办理情况" in finding.message


# --- targeted cases ------------------------------------------------------------------------


def test_unreadable_input_is_one_e001_and_nothing_else() -> None:
    report = parse_result(
        ReadResult(
            text="",
            problem=ReadingProblem("unusable-pdf", "扫描件或无法读取的 PDF：文本层无法解码"),
        ),
        "scan.pdf",
    )
    findings = run(report)
    assert [(d.code, d.span.line, d.span.column) for d in findings] == [("E001", 1, 1)]
    assert findings[0].message == "扫描件或无法读取的 PDF：文本层无法解码"


def test_empty_text_is_unreadable() -> None:
    assert [d.code for d in run(parse("   \n\n"))] == ["E001"]


def test_2007_report_gets_one_s110_and_nothing_else() -> None:
    example = RULES["S110"].meta.examples_fail[0]
    findings = run(parse(example))
    assert [(d.code, d.severity) for d in findings] == [("S110", "info")]


def test_s108_silent_on_seeds_and_fires_without_year() -> None:
    text = seed_text("003").replace("周口市人民政府办公室 2024 年", "周口市人民政府办公室")
    assert [d.code for d in run(parse(text), "S108")] == ["S108"]


def test_c502_period_of_another_year() -> None:
    text = seed_text("002").replace(
        "统计期限为 2023年 1月 1日至 2023年 12月 31日",
        "统计期限为 2022年 1月 1日至 2022年 12月 31日",
    )
    findings = run(parse(text), "C502")
    assert [d.span.line for d in findings] == [7]


def test_c502_title_year_changed() -> None:
    text = seed_text("000").replace("平顶山市人民政府办公室2023年", "平顶山市人民政府办公室2024年")
    assert (
        run(parse(text), "C502") == []
    )  # 000 states no period and no part-一 paragraph opens with a year
    text = seed_text("002").replace("焦作市人民政府2023年", "焦作市人民政府2024年")
    lines = sorted(d.span.line for d in run(parse(text), "C502"))
    assert lines == [7, 9]


def test_t201_when_a_table_is_removed() -> None:
    text = seed_text("003")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("行政复议\t"))
    del lines[start : start + 4]
    findings = run(parse("\n".join(lines)), "T201")
    assert [(d.code, d.span.line) for d in findings] == [("T201", 65)]
    assert "表四" in findings[0].message


def test_t202_names_the_missing_row() -> None:
    text = seed_text("001")
    text = replace_line(text, "\t\t2. 重复申请\t5\t0\t0\t0\t0\t0\t5\n", "")
    findings = run(parse(text), "T202")
    assert len(findings) == 1
    assert "重复申请" in findings[0].message


def test_t202_t203_t204_leave_2020_rows_alone() -> None:
    text = seed_text("003").replace(
        "2024 年政府信息公开工作年度报告", "2020 年政府信息公开工作年度报告"
    )
    text = replace_line(
        text,
        "\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        "\t0\t0\t0\t0\t0\t0\t0\t\n",
        "",
    )
    text = text.replace("行政强制\t0", "行政强制\t/")
    assert run(parse(text), "T202") == []
    assert run(parse(text), "T204") == []
    # The same defects in a 2024 report are reported.
    text_2024 = text.replace("2020 年政府信息公开工作年度报告", "2024 年政府信息公开工作年度报告")
    assert [d.code for d in run(parse(text_2024), "T202")] == ["T202"]
    assert [d.code for d in run(parse(text_2024), "T204")] == ["T204"]


def test_t203_counts_the_numbers() -> None:
    text = replace_line(
        seed_text("003"), "\t\t2.重复申请\t7\t0\t0\t0\t0\t0\t7", "\t\t2.重复申请\t7\t0\t0\t0\t0\t7"
    )
    (finding,) = run(parse(text), "T203")
    assert "应有7个数，实际读到6个" in finding.message


@pytest.mark.parametrize(
    ("cell", "severity", "words"),
    [
        ("/", "warning", "填写为“/”"),
        ("—", "warning", "填写为“—”"),
        ("-3", "error", "负数"),
        ("1.5", "error", "小数"),
    ],
)
def test_t204_severity_follows_the_cell(cell: str, severity: str, words: str) -> None:
    text = replace_line(seed_text("003"), "行政强制\t0", f"行政强制\t{cell}")
    (finding,) = run(parse(text), "T204")
    assert finding.severity == severity
    assert words in finding.message
    assert "行政强制" in finding.message


def test_c504_pairs_consecutive_years_of_one_body() -> None:
    last = parse(seed_text("003").replace("2024 年", "2023 年"), "2023/zhoukou.txt")
    # The seed's own numbers: 上年结转 24 0 0 0 19 0 43; last year's copy carries 109 forward.
    this = parse(seed_text("003"), "2024/zhoukou.txt")
    findings = run_cross([this, last])
    assert len(findings) == 1
    (finding,) = findings
    assert finding.path == "2024/zhoukou.txt"
    assert "2023/zhoukou.txt" in finding.message
    assert "总计列本年43、上一年109" in finding.message
    assert finding.span.line == 40


def test_c504_silent_when_the_numbers_agree_or_bodies_differ() -> None:
    last = parse(seed_text("003").replace("2024 年", "2023 年"), "a.txt")
    this = parse(seed_text("003"), "b.txt")
    agreeing = last.source.text.replace(
        "四、结转下年度继续办理\t\t109\t0\t0\t0\t0\t0\t109",
        "四、结转下年度继续办理\t\t24\t0\t0\t0\t19\t0\t43",
    )
    assert run_cross([this, parse(agreeing, "a.txt")]) == []
    other_body = last.source.text.replace("周口市人民政府办公室", "商丘市人民政府办公室")
    assert run_cross([this, parse(other_body, "a.txt")]) == []
    assert run_cross([this]) == []


def test_other_rules_ignore_a_2007_report_and_an_unreadable_one() -> None:
    counts = Counter(d.code for d in run(parse(RULES["S110"].meta.examples_fail[0])))
    assert counts == Counter({"S110": 1})


@pytest.mark.parametrize(
    ("announcement", "fires"),
    [
        ("现发布《郏县人民政府办公室2024年政府信息公开工作年度报告》。", True),
        ("现发布《2024年度郏县人民政府办公室政府信息公开工作年度报告》。", True),
        ("现将《郏县人民政府办公室2024年政府信息公开工作年度报告》予以公布。", True),
        # the body itself, written shorter or longer, or generically
        ("现发布《鲁山县政府办公室2024年政府信息公开工作年度报告》。", False),
        ("现发布《鲁山县人民政府2024年政府信息公开工作年度报告》。", False),
        ("现发布《本机关2024年政府信息公开工作年度报告》。", False),
        ("现发布《2024年政府信息公开工作年度报告》。", False),
        # other bodies named without announcing their report
        ("指导平顶山市人民政府办公室完成政务公开目录建设。", False),
        ("现发布《平顶山市人民政府关于加强政务公开工作的通知》。", False),
    ],
)
def test_c503_only_announcements_of_another_bodys_report(announcement: str, fires: bool) -> None:
    text = replace_line(
        seed_text("004"),
        "现发布《平顶山市人民政府办公室 2024 年政府信息公开工作年度报告》。",
        announcement,
    )
    assert [d.code for d in run(parse(text), "C503")] == (["C503"] if fires else [])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("淮安市洪泽区人民政府", "洪泽区人民政府", True),
        ("周口市人民政府办公室", "周口市政府办公室", True),
        ("河南省平顶山市人民政府办公室", "平顶山市人民政府办公室", True),
        ("南京市鼓楼区人民政府", "福州市鼓楼区人民政府", False),
        ("平顶山市人民政府办公室", "市人民政府办公室", False),
        ("鲁山县人民政府办公室", "平顶山市人民政府办公室", False),
        ("鲁山县人民政府办公室", "鲁山县人民政府", False),
    ],
)
def test_c504_same_body(a: str, b: str, same: bool) -> None:
    assert same_body(normalise_agency(a), normalise_agency(b)) is same


def test_c504_pairs_names_with_and_without_the_city() -> None:
    last = parse(
        seed_text("003").replace(
            "周口市人民政府办公室 2024 年", "河南省周口市人民政府办公室 2023 年"
        ),
        "2023.txt",
    )
    this = parse(seed_text("003"), "2024.txt")
    assert [d.path for d in run_cross([last, this])] == ["2024.txt"]
    # Two candidate bodies for last year: the pairing is ambiguous, nothing is compared.
    twin = parse(last.source.text.replace("河南省周口市", "周口市"), "2023b.txt")
    assert run_cross([last, this, twin]) == []


@pytest.mark.parametrize(
    ("period", "fires"),
    [
        ("统计期限为 2023年 1月 1日至 2023年 12月 31日", False),
        ("统计期限为 2023年 1月 1日至 12月 31日", False),
        ("统计期限为 2022年 1月 1日至 12月 31日", True),
        ("统计期限自 2023年 1月 1日起至 2022年 12月 31日止", True),
        ("统计期限为 2022年 1月 1日至 2022年 12月 31日", True),
        # a date range that is not the statistics period
        (
            "统计期限为 2023年 1月 1日至 2023年 12月 31日。"
            "《规划》实施期为2021年1月1日至2025年12月31日",
            False,
        ),
    ],
)
def test_c502_statistics_period(period: str, fires: bool) -> None:
    text = replace_line(seed_text("002"), "统计期限为 2023年 1月 1日至 2023年 12月 31日", period)
    assert [(d.code, d.span.line) for d in run(parse(text), "C502")] == (
        [("C502", 7)] if fires else []
    )


def test_c502_past_years_elsewhere_are_fine() -> None:
    # 000 mentions 2022 inside a part-一 paragraph and in part 五; 003's part 五 opens with years.
    text = replace_line(seed_text("003"), "一是针对部分重点领域", "2023年，针对部分重点领域")
    assert run(parse(text), "C502") == []
    assert run(parse(seed_text("000")), "C502") == []


def test_t204_fee_may_be_a_decimal() -> None:
    text = replace_line(seed_text("003"), "行政事业性收费\t0", "行政事业性收费\t12.5")
    assert run(parse(text), "T204") == []


def test_t204_blank_cell_in_table_three() -> None:
    text = replace_line(seed_text("003"), "\t\t2.重复申请\t7\t0\t", "\t\t2.重复申请\t7\t\t")
    (finding,) = run(parse(text), "T204")
    assert finding.message == "表三“（五）不予处理 2.重复申请”行“商业企业”列为空，没有发生的应填 0"
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("全年共收到政府信息公开申请1300件。", True),
        ("2024 年，共收到政府信息公开申请1300件。", True),
        ("全年共收到政府信息公开申请1333件。", False),
        # counts of another year, or of another scope
        ("2023 年，共收到政府信息公开申请1300件。", False),
        ("去年共收到政府信息公开申请1300件。", False),
        ("全市共收到政府信息公开申请5000件。", False),
        ("市政府办公室代表市政府收到政府信息公开申请 300 件。", False),
        ("全年共收到政府信息公开申请1300余件。", False),
        ("全年共收到网民留言1300件。", False),
        # carry-over and outcome counts
        ("上年结转政府信息公开申请40件。", True),
        ("全年办结政府信息公开申请1266件。", True),
        ("全年办结政府信息公开申请1267件，结转下年度继续办理109件。", False),
        ("因政府信息公开被申请行政复议4件。", True),
        ("因政府信息公开被申请行政复议3件。", False),
        ("全年制发行政规范性文件20件。", True),
        ("全年制发行政规范性文件18件。", False),
    ],
)
def test_c501_cases_on_a_real_report(sentence: str, fires: bool) -> None:
    # Seed 003 (周口市人民政府办公室 2024): new 1333, carried over 43, total 1267, forward 109,
    # 行政复议 total 3, 行政规范性文件 制发 18.
    text = replace_line(
        seed_text("003"), "(二) 依申请公开情况。", f"(二) 依申请公开情况。{sentence}"
    )
    findings = run(parse(text), "C501")
    assert [(d.code, d.span.line) for d in findings] == ([("C501", 9)] if fires else [])


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("（一）主动公开情况。发布信息120条。\n\n（二）依申请公开情况。收到申请5件。", False),
        # a wrapped citation is not a heading (第二十条 / （三）项)
        (
            "（一）主动公开情况。依据《条例》第二十条\n（三）项规定发布信息。\n\n（二）依申请公开情况。",
            False,
        ),
        (
            "（一）主动公开情况。发布信息120条。\n\n（二）依申请公开情况。\n\n（二）政府信息管理情况。",
            True,
        ),
        ("一、主动公开情况。发布信息120条。\n\n二、依申请公开情况。收到申请5件。", True),
        # 一是/二是 enumerations restart in every paragraph: never a numbering problem
        ("（一）存在问题。一是公开不及时。\n\n（二）改进措施。一是加强督促；二是加强培训。", False),
    ],
)
def test_s106_cases(body: str, fires: bool) -> None:
    text = "某某县人民政府办公室2023年政府信息公开工作年度报告\n\n一、总体情况\n\n" + body + "\n"
    assert [d.code for d in run(parse(text), "S106")] == (["S106"] if fires else [])


def test_c501_silent_when_the_row_is_misaligned() -> None:
    # 一、本年新收 read with six numbers: its 总计 is unknown, so 300 vs the table is undecidable.
    text = replace_line(
        seed_text("000"),
        "（二）依申请公开情况。",
        "（二）依申请公开情况。全年共收到政府信息公开申请300件。",
    )
    assert [d.code for d in run(parse(text), "C501")] == ["C501"]
    text = replace_line(text, "数量 238 45 0 0 0 0 283", "数量 238 45 0 0 0 283")
    report = parse(text)
    assert [d.code for d in run(report, "T203")] == ["T203"]
    assert run(report, "C501") == []


@pytest.mark.parametrize(("year", "fires"), [(2020, False), (2021, True), (2024, True)])
def test_t201_table_two_is_required_from_2021(year: int, fires: bool) -> None:
    lines = seed_text("003").replace("2024 年政府信息", f"{year} 年政府信息").split("\n")
    start = lines.index("二、主动公开政府信息情况") + 2
    end = next(i for i, line in enumerate(lines) if line.startswith("行政事业性收费"))
    del lines[start : end + 1]
    findings = run(parse("\n".join(lines)), "T201")
    assert [(d.code, d.span.line) for d in findings] == ([("T201", 17)] if fires else [])
