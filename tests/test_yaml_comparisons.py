"""A comparison that can never be true is an error where it is written: a number compared with a
string (``year >= "2021"``), the format compared with a format that does not exist
(``format == "2020"``), and a string in arithmetic."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from giar_lint.cli import main
from giar_lint.rules.yaml import RuleFileError, load_rule_file

SEED = Path(__file__).parent / "fixtures" / "seeds" / "004_006a45e46abc384b.txt"

RULE = """\
rules:
  - id: HN101
    name: sample-rule
    severity: warning
    summary: 示例
    description: 示例规则。
    basis: 示例依据
    examples:
      pass: ["甲"]
      fail: ["乙"]
"""

REQUIRE = "require: {pattern: 乙}\nmessage: m\n"

ASSERT = """\
assert:
  for: {c: applications.columns}
  let:
    new: applications.new[c]
    label: '"本年新收"'
  expr: %s
message: m
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(RULE + textwrap.indent(body, "    "), encoding="utf-8")
    return path


def error_of(tmp_path: Path, body: str) -> tuple[RuleFileError, str]:
    path = write(tmp_path, body)
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    error = info.value
    line = path.read_text(encoding="utf-8").splitlines()[error.line - 1]
    return error, line[error.column - 1 :]


@pytest.mark.parametrize(
    ("when", "at", "message"),
    [
        (
            'year >= "2021"',
            '"2021"',
            '不能比较数字和字符串：year 是数字，"2021" 是字符串（数字不加引号：2021）',
        ),
        (
            '"2021" <= year and format != "2007"',
            '"2021" <=',
            '不能比较数字和字符串：year 是数字，"2021" 是字符串（数字不加引号：2021）',
        ),
        (
            "format == 2021",
            "2021",
            '不能比较数字和字符串：2021 是数字，format 是字符串（格式要加引号："2021"）',
        ),
        ("year != format", "year", "不能比较数字和字符串：year 是数字，format 是字符串"),
        (
            'format == "2020"',
            '"2020"',
            '报告格式 format 只能是 "2021"、"2019"、"2007"、"unknown"，不会是 "2020"',
        ),
        (
            'year >= 2021 and not (format != "2007 ")',
            '"2007 ")',
            '报告格式 format 只能是 "2021"、"2019"、"2007"、"unknown"，不会是 "2007 "',
        ),
    ],
)
def test_a_condition_that_is_never_true_is_an_error(
    tmp_path: Path, when: str, at: str, message: str
) -> None:
    error, rest = error_of(tmp_path, f"when: '{when}'\n" + REQUIRE)
    assert error.message == f"规则 HN101 when：{message}"
    assert error.line == 11
    assert rest.startswith(at)


@pytest.mark.parametrize(
    "when",
    [
        'year >= 2021 and format != "2007"',
        'format == "unknown" or format == "2019"',
        "year == 2020",
        "not (format == '2021')",
    ],
)
def test_conditions_of_the_right_type_load(tmp_path: Path, when: str) -> None:
    (rule,) = load_rule_file(write(tmp_path, f"when: {when}\n" + REQUIRE))
    assert rule.meta.when == when


def test_the_command_line_refuses_the_rule_file_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write(tmp_path, 'when: format == "2020"\n' + REQUIRE)
    code = main(["check", "--no-progress", "-q", "--rules", str(pack), str(SEED)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith(f"{pack}:11:21: 规则 HN101 when：报告格式 format 只能是")


@pytest.mark.parametrize(
    ("expr", "at", "message"),
    [
        ('new == "0"', '"0"', '不能比较数字和字符串：new 是数字，"0" 是字符串（数字不加引号：0）'),
        ("label != applications.total[c]", "label", "不能比较数字和字符串"),
        ('new + "1" >= 0', '"1"', '字符串 "1" 不能参与算术运算'),
        ("-label < new", "label", "字符串 label 不能参与算术运算"),
        (
            'applications.new[c] > "x"',
            '"x"',
            '不能比较数字和字符串：applications.new[c] 是数字，"x" 是字符串',
        ),
    ],
)
def test_an_assertion_comparing_a_number_with_a_string_is_an_error(
    tmp_path: Path, expr: str, at: str, message: str
) -> None:
    error, rest = error_of(tmp_path, ASSERT % f"'{expr}'")
    assert error.message.startswith(f"规则 HN101 assert expr：{message}")
    assert rest.startswith(at)


def test_coalesce_of_a_number_and_a_string_is_left_to_the_report(tmp_path: Path) -> None:
    (rule,) = load_rule_file(write(tmp_path, ASSERT % "'coalesce(new, label) >= 0'"))
    assert rule.meta.code == "HN101"
