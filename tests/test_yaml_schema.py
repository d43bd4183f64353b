"""Rule file schema: every mistake in a rule file is one RuleFileError naming file:line:col."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.model import Report
from giar_lint.parse import parse_text
from giar_lint.rules.yaml import RuleFileError, load_rule_file, load_rule_paths, rule_files

HEADER = """\
rules:
  - id: X101
    name: sample-rule
    severity: warning
    summary: 示例
    description: 示例规则。
    basis: 示例依据
    examples:
      pass: ["甲"]
      fail: ["乙"]
"""


def write(tmp_path: Path, body: str, name: str = "r.yaml", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + textwrap.indent(textwrap.dedent(body), "    "), encoding="utf-8")
    return path


def error_of(tmp_path: Path, body: str, header: str = HEADER) -> RuleFileError:
    path = write(tmp_path, body, header=header)
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    assert str(info.value).startswith(f"{path}:{info.value.line}:{info.value.column}: ")
    return info.value


def test_valid_rule_loads_with_its_meta(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        when: year >= 2021
        scope: {part: other}
        require: {pattern: 处理费}
        message: "{scope}没有提到信息处理费"
        """,
    )
    (rule,) = load_rule_file(path)
    assert rule.meta.code == "X101"
    assert rule.meta.name == "sample-rule"
    assert rule.meta.severity == "warning"
    assert rule.meta.source == str(path)
    assert rule.meta.when == "year >= 2021"
    assert rule.meta.examples_pass == ("甲",)
    assert rule.meta.examples_fail == ("乙",)
    assert not rule.meta.fixable


def test_unknown_key(tmp_path: Path) -> None:
    error = error_of(tmp_path, "require: {pattern: a}\nmessage: m\ncolour: red\n")
    assert (error.line, error.column) == (13, 5)
    assert "colour" in error.message


def test_unknown_key_inside_a_check(tmp_path: Path) -> None:
    error = error_of(tmp_path, "require: {pattern: a, mode: all}\nmessage: m\n")
    assert (error.line, error.column) == (11, 27)
    assert "mode" in error.message


def test_missing_check_and_two_checks(tmp_path: Path) -> None:
    assert "有且只有一种检查" in error_of(tmp_path, "message: m\n").message
    error = error_of(tmp_path, "require: {pattern: a}\nforbid: {pattern: b}\nmessage: m\n")
    assert "现有 2 种" in error.message


def test_wrong_types(tmp_path: Path) -> None:
    header = HEADER.replace("severity: warning", "severity: fatal")
    error = error_of(tmp_path, "require: {pattern: a}\nmessage: m\n", header=header)
    assert (error.line, error.column) == (4, 15)
    header = HEADER.replace('pass: ["甲"]', "pass: 甲")
    assert (
        "应为列表"
        in error_of(tmp_path, "require: {pattern: a}\nmessage: m\n", header=header).message
    )
    header = HEADER.replace("id: X101", "id: x-1")
    assert (
        "规则编号"
        in error_of(tmp_path, "require: {pattern: a}\nmessage: m\n", header=header).message
    )


def test_empty_examples_are_refused(tmp_path: Path) -> None:
    header = HEADER.replace('fail: ["乙"]', "fail: []")
    assert (
        "至少" in error_of(tmp_path, "require: {pattern: a}\nmessage: m\n", header=header).message
    )


def test_bad_regex_and_catastrophic_regex(tmp_path: Path) -> None:
    error = error_of(tmp_path, "forbid: {pattern: 'a(b'}\nmessage: m\n")
    assert error.line == 11 and "正则表达式错误" in error.message
    error = error_of(tmp_path, "forbid: {pattern: '(a+)+$'}\nmessage: m\n")
    assert error.line == 11 and "嵌套量词" in error.message


def test_unknown_scope_part(tmp_path: Path) -> None:
    error = error_of(tmp_path, "scope: {part: sixth}\nrequire: {pattern: a}\nmessage: m\n")
    assert (error.line, error.column) == (11, 19)
    assert "sixth" in error.message


def test_expression_error_points_inside_the_expression(tmp_path: Path) -> None:
    body = """\
    assert:
      for: {c: applications.columns}
      expr: applications.new[c] + applications.carried_ovr[c] == applications.total[c]
    message: m
    """
    error = error_of(tmp_path, body)
    line = (tmp_path / "r.yaml").read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert error.line == 13
    assert line[error.column - 1 :].startswith("applications.carried_ovr")
    assert "carried_ovr" in error.message


def test_expression_error_in_a_block_scalar(tmp_path: Path) -> None:
    body = """\
    assert:
      for: {c: applications.columns}
      expr: |
        applications.new[c] ==
          applications.totl[c]
    message: m
    """
    error = error_of(tmp_path, body)
    line = (tmp_path / "r.yaml").read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line[error.column - 1 :].startswith("applications.totl")


def test_quoted_expression_column(tmp_path: Path) -> None:
    body = """\
    when: "year >= 2021 and fromat == '2021'"
    require: {pattern: a}
    message: m
    """
    error = error_of(tmp_path, body)
    line = (tmp_path / "r.yaml").read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line[error.column - 1 :].startswith("fromat")


def test_unknown_table_path_and_domain(tmp_path: Path) -> None:
    body = "assert:\n  for: {c: applications.cols}\n  expr: applications.new[c] == 1\nmessage: m\n"
    assert "applications.columns" in error_of(tmp_path, body).message
    body = "assert:\n  expr: applications.new[total] == applications.old[total]\nmessage: m\n"
    assert "没有行“old”" in error_of(tmp_path, body).message


def test_at_must_be_one_cell(tmp_path: Path) -> None:
    body = """\
    assert:
      for: {c: applications.columns}
      expr: applications.total[c] == sum(applications.withheld.*[c])
      at: sum(applications.withheld.*[c])
    message: m
    """
    assert "at 应指向一个单元格" in error_of(tmp_path, body).message


def test_unknown_placeholder(tmp_path: Path) -> None:
    error = error_of(tmp_path, "require: {pattern: a}\nmessage: '缺少{lable}'\n")
    assert "lable" in error.message
    line = (tmp_path / "r.yaml").read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line[error.column - 1 :].startswith("{lable}")


def test_attribute_access_in_message_is_refused(tmp_path: Path) -> None:
    error = error_of(tmp_path, "require: {pattern: a}\nmessage: '{label.__class__}'\n")
    assert "占位符" in error.message


def test_bad_replacement_group(tmp_path: Path) -> None:
    body = "forbid: {pattern: '(a)b', replace: '\\\\2'}\nfix: 改\nmessage: m\n"
    assert "分组" in error_of(tmp_path, body).message


def test_fix_without_replacement(tmp_path: Path) -> None:
    body = "forbid: {pattern: 'ab'}\nfix: 改\nmessage: m\n"
    assert "replace" in error_of(tmp_path, body).message


def test_duplicate_codes_within_and_across_files(tmp_path: Path) -> None:
    body = "require: {pattern: a}\nmessage: m\n"
    path = write(tmp_path, body)
    text = path.read_text(encoding="utf-8")
    rule = text[len("rules:\n") :]
    path.write_text(text + rule, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    assert "重复" in info.value.message and info.value.line == 13

    folder = tmp_path / "pack"
    folder.mkdir()
    write(folder, body, name="a.yaml")
    write(folder, body, name="b.yml")
    with pytest.raises(RuleFileError) as info:
        load_rule_paths([folder])
    assert info.value.path == str(folder / "b.yml")
    assert (info.value.line, info.value.column) == (2, 9)
    assert "a.yaml" in info.value.message


def test_folders_are_searched_in_sorted_order(tmp_path: Path) -> None:
    body = "require: {pattern: a}\nmessage: m\n"
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", body, name="b.yaml", header=HEADER.replace("X101", "X102"))
    write(tmp_path, body, name="c.yml", header=HEADER.replace("X101", "X103"))
    write(tmp_path, body, name="a.yaml")
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / ".hidden").mkdir()
    write(tmp_path / ".hidden", body, name="z.yaml")
    files = rule_files([tmp_path])
    assert [f.name for f in files] == ["a.yaml", "c.yml", "b.yaml"]
    assert [r.meta.code for r in load_rule_paths([tmp_path])] == ["X101", "X103", "X102"]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as info:
        load_rule_paths([tmp_path / "nope.yaml"])
    assert "不存在" in info.value.message


def test_empty_file_and_wrong_top_level(tmp_path: Path) -> None:
    for text, needle in (("", "为空"), ("- a\n", "映射"), ("rules: []\n", "为空"), ("x: 1\n", "x")):
        path = tmp_path / "r.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(RuleFileError) as info:
            load_rule_file(path)
        assert needle in info.value.message, text


def test_builtin_rules_load_and_are_fixable_where_documented() -> None:
    rules = {r.meta.code: r for r in load_rule_paths([Path(__file__).parent.parent / "rules"])}
    assert {c for c, r in rules.items() if r.meta.fixable} == {"R601", "R602"}
    assert all(r.meta.when for r in rules.values())
    assert rules["F401"].meta.when.startswith("year >= 2021")


BUILTIN_TEXTS = {
    p.name: p.read_text(encoding="utf-8")
    for p in sorted((Path(__file__).parent.parent / "rules").glob("*.yaml"))
}


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(sorted(BUILTIN_TEXTS)),
    position=st.floats(min_value=0, max_value=1, exclude_max=True),
    length=st.integers(min_value=0, max_value=12),
    insert=st.sampled_from(["", "x", " ", "\n", ":", "- ", "{", "[c]", "*", "&a ", "!!", "'", "9"]),
)
def test_mutated_builtin_rule_files_load_or_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, name: str, position: float, length: int, insert: str
) -> None:
    text = BUILTIN_TEXTS[name]
    at = int(position * len(text))
    mutated = text[:at] + insert + text[at + length :]
    path = tmp_path_factory.mktemp("mut") / name
    path.write_text(mutated, encoding="utf-8")
    try:
        rules = load_rule_file(path)
    except RuleFileError as error:
        assert str(error).startswith(f"{path}:")
        assert 1 <= error.line <= mutated.count("\n") + 2
        return
    for rule in rules:
        assert rule.meta.code and rule.meta.examples_fail
        list(rule.check(seed_report()))


@cache
def seed_report() -> Report:
    path = Path(__file__).parent / "fixtures" / "seeds" / "004_006a45e46abc384b.txt"
    return parse_text(path.read_text(encoding="utf-8"), str(path))


def test_folded_chinese_prose_has_no_spaces_from_line_wrapping() -> None:
    cjk_gap = re.compile(r"[\u4e00-\u9fff，。；、] [\u4e00-\u9fff，。；、]")
    for rule in load_rule_paths([Path(__file__).parent.parent / "rules"]):
        for text in (rule.meta.summary, rule.meta.description, rule.meta.basis):
            assert not cjk_gap.search(text), (rule.meta.code, text)
