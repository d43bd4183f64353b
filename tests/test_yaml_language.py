"""Features of the YAML rule language, through small rule files of our own run on parsed
reports: scopes, pattern options, fixes with capture groups, part checks, assertions, conditions
and message templates."""

from __future__ import annotations

import textwrap
from pathlib import Path

from giar_lint.diagnostics import Diagnostic
from giar_lint.parse import parse_text
from giar_lint.rules.yaml import load_rule_file

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def rule_file(tmp_path: Path, body: str, *, when: str = "") -> Path:
    text = (
        "rules:\n"
        "  - id: X901\n"
        "    name: sample\n"
        "    severity: info\n"
        "    summary: 示例\n"
        "    description: 示例。\n"
        "    basis: 示例\n"
        '    examples: {pass: ["甲"], fail: ["乙"]}\n'
        + (f"    when: {when}\n" if when else "")
        + textwrap.indent(textwrap.dedent(body), "    ")
    )
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def check(tmp_path: Path, body: str, text: str, *, when: str = "") -> list[Diagnostic]:
    (rule,) = load_rule_file(rule_file(tmp_path, body, when=when))
    return list(rule.check(parse_text(text, "r.txt")))


def test_title_scope_maps_matches_into_a_spaced_title(tmp_path: Path) -> None:
    text = seed("004")
    body = "scope: title\nforbid: {pattern: '2024年'}\nmessage: '{original}'\n"
    (found,) = check(tmp_path, body, text)
    assert text[found.span.start : found.span.end] == "2024 年"
    assert found.message == "2024 年"
    body = "scope: title\nrequire: {pattern: 年度报告$}\nmessage: 标题不是年度报告\n"
    assert check(tmp_path, body, text) == []
    assert len(check(tmp_path, body, text.replace("年度报告\n", "年度总结\n", 1))) == 1


def test_require_any_and_all_with_labels(tmp_path: Path) -> None:
    text = seed("003")
    body = """\
    scope: {part: problems}
    require:
      match: all
      patterns:
        - {pattern: 重点领域, label: 重点领域}
        - {pattern: 人工智能, label: 人工智能}
        - {pattern: 区块链, label: 区块链}
    message: '{scope}缺少{label}'
    """
    found = check(tmp_path, body, text)
    assert [d.message for d in found] == [
        "第五部分“存在的主要问题及改进情况”缺少人工智能",
        "第五部分“存在的主要问题及改进情况”缺少区块链",
    ]
    body = body.replace("match: all", "match: any")
    assert check(tmp_path, body, text) == []


def test_within_paragraph_requires_one_paragraph_with_all(tmp_path: Path) -> None:
    text = seed("003")
    body = """\
    scope: {part: overview}
    require:
      match: all
      within: {within}
      patterns: [主动公开, 依申请公开]
    message: '{label}'
    """
    assert check(tmp_path, body.replace("{within}", "scope"), text) == []
    found = check(tmp_path, body.replace("{within}", "paragraph"), text)
    assert len(found) == 2  # each occurs, but never in the same paragraph


def test_whitespace_keep_sees_the_spaces(tmp_path: Path) -> None:
    # Normalisation keeps the space between two ASCII words; `keep` matches it as written.
    text = seed("002").replace("规定，本年度", "规定（GB/T 9704），本年度")
    body = "scope: {part: other}\nrequire: {pattern: 'T9704', whitespace: WS}\nmessage: m\n"
    assert check(tmp_path, body.replace("WS", "ignore"), text) == []
    assert len(check(tmp_path, body.replace("WS", "keep"), text)) == 1


def test_if_present_reports_at_the_trigger(tmp_path: Path) -> None:
    text = seed("004")
    body = """\
    scope: {part: problems}
    require: {if_present: 改进措施, pattern: 整改到位}
    message: '提到“{trigger}”但没有说明整改结果'
    """
    (found,) = check(tmp_path, body, text)
    assert text[found.span.start : found.span.end] == "改进措施"
    assert found.message == "提到“改进措施”但没有说明整改结果"


def test_forbid_replacement_with_named_group_and_fix_message(tmp_path: Path) -> None:
    text = seed("001")
    body = """\
    scope: {part: overview}
    forbid:
      pattern: (?P<n>\\d+)\\s*件
      replace: \\g<n>宗
    fix: 改为“{replacement}”
    message: '“{original}”→“{replacement}”'
    """
    found = check(tmp_path, body, text)
    assert found
    for d in found:
        original = text[d.span.start : d.span.end]
        assert original.endswith("件")
        assert d.fix is not None and d.fix.message == f"改为“{d.fix.edits[0].content}”"
        assert d.fix.edits[0].content == original.rstrip("件").strip() + "宗"


def test_parts_subset(tmp_path: Path) -> None:
    text = seed("003").replace("六、其他需要报告的事项", "六、其它事项")
    body = "parts: {check: required, parts: [other]}\nmessage: 缺少{template}\n"
    (found,) = check(tmp_path, body, text)
    assert found.message == "缺少其他需要报告的事项"
    body = "parts: {check: required, parts: [overview]}\nmessage: 缺少{template}\n"
    assert check(tmp_path, body, text) == []


def test_assert_on_table_two_without_quantifier(tmp_path: Path) -> None:
    text = seed("004")
    body = """\
    assert:
      expr: disclosure.normative_documents[2] >= disclosure.normative_documents[0]
    message: 现行有效件数{lhs}少于本年制发件数{rhs}
    """
    assert check(tmp_path, body, text) == []
    body = body.replace(">=", "<")
    (found,) = check(tmp_path, body, text)
    assert found.message == "现行有效件数199少于本年制发件数3"
    # Without `at:`, the first cell of the expression.
    assert text[found.span.start : found.span.end] == "199"


def test_literal_braces_and_unknown_values_in_messages(tmp_path: Path) -> None:
    text = seed("004")
    body = """\
    assert:
      for: {c: applications.columns}
      expr: applications.new[c] > 100
    message: '{{{column_label}}}：{lhs}'
    """
    found = check(tmp_path, body, text)
    assert [d.message for d in found][:2] == ["{自然人}：0", "{商业企业}：0"]


def test_when_limits_by_year_and_format(tmp_path: Path) -> None:
    text = seed("004")
    body = "parts: unique\nmessage: 重复\n"
    assert len(check(tmp_path, body, text, when="year >= 2024")) == 1
    assert check(tmp_path, body, text, when="year < 2024") == []
    assert check(tmp_path, body, text, when="format == '2019'") == []
    assert len(check(tmp_path, body, text, when="(format == '2021') and not year == 2023")) == 1
