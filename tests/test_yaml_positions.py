"""A problem inside a scalar is reported at its exact place in the rule file, whatever the
scalar's style: plain or quoted over several lines, with escapes or doubled quotes, or a block
scalar with its indentation and chomping."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.rules.yaml import RuleFileError, load_rule_file
from giar_lint.safe_yaml import Node, compose

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

LETS = """\
assert:
  let:
    new: applications.new[total]
    total: applications.total[total]
"""


def error_at(tmp_path: Path, body: str) -> tuple[RuleFileError, str]:
    """Load a rule whose ``body`` (indented under the rule) is wrong: the error and the text of
    the line it names, which must hold its column."""
    path = tmp_path / "r.yaml"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(body), "    "), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    error = info.value
    assert str(error).startswith(f"{path}:{error.line}:{error.column}: ")
    line = path.read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert 1 <= error.column <= len(line)
    return error, line


def test_folded_expression_error_on_its_second_line(tmp_path: Path) -> None:
    body = LETS + "  expr: >-\n    new + new\n    <= <= total\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert (error.line, error.column) == (17, 12)
    assert line[error.column - 1 :] == "<= total"


def test_plain_expression_wrapped_onto_two_lines(tmp_path: Path) -> None:
    body = LETS + "  expr: new + new +\n    <= total\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert (error.line, error.column) == (16, 9)
    assert line[error.column - 1 :] == "<= total"


def test_plain_expression_folded_over_an_empty_line(tmp_path: Path) -> None:
    body = LETS + "  expr: new + new\n\n      ==   == total\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert (error.line, error.column) == (17, 16)
    assert line[error.column - 1 :] == "== total"


def test_double_quoted_escape_before_the_error(tmp_path: Path) -> None:
    error, line = error_at(tmp_path, 'require:\n  pattern: "\\u4fe1息公开(处理费"\nmessage: m\n')
    assert "正则表达式错误" in error.message
    assert (error.line, error.column) == (12, 26)
    assert line[error.column - 1 :] == '(处理费"'


def test_double_quoted_folded_lines_and_escaped_line_break(tmp_path: Path) -> None:
    body = LETS + '  expr: "new \\t+ \\\n    new\n    == \\x3d= total"\nmessage: m\n'
    error, line = error_at(tmp_path, body)
    # the value is "new \t+ new == == total": the second == is the escape \x3d and one "="
    assert (error.line, error.column) == (17, 12)
    assert line[error.column - 1 :].startswith("\\x3d=")


def test_single_quoted_doubled_quotes_and_folding(tmp_path: Path) -> None:
    body = "require:\n  pattern: '信息''公开\n\n    处理费)'\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert "正则表达式错误" in error.message
    assert (error.line, error.column) == (14, 12)
    assert line[error.column - 1 :] == ")'"


def test_literal_block_with_kept_trailing_lines(tmp_path: Path) -> None:
    body = LETS + "  expr: |+\n\n    new +\n      new ==\n    total total\n\n\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert (error.line, error.column) == (19, 15)
    assert line[error.column - 1 :] == "total"


def test_literal_block_with_explicit_indentation(tmp_path: Path) -> None:
    body = LETS + "  expr: |2-\n      new +\n    new == == total\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert (error.line, error.column) == (17, 16)
    assert line[error.column - 1 :] == "== total"


def test_folded_block_with_a_more_indented_line(tmp_path: Path) -> None:
    body = LETS + "  expr: >\n    new\n      + new\n    == total )\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert line[error.column - 1 :] == ")"
    assert error.line == 18


def test_incomplete_expression_points_at_its_last_character(tmp_path: Path) -> None:
    body = LETS + "  expr: new + new ==\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert "不完整" in error.message
    assert (error.line, error.column) == (15, 24)
    assert line.endswith("==")


def test_placeholder_error_in_a_folded_message(tmp_path: Path) -> None:
    body = "require: {pattern: a}\nmessage: >\n  第一行\n  第二行{lable}\n"
    error, line = error_at(tmp_path, body)
    assert "lable" in error.message
    assert line[error.column - 1 :] == "{lable}"


def test_regex_error_in_a_plain_pattern_on_its_third_line(tmp_path: Path) -> None:
    body = "require:\n  pattern: 信息\n    公开\n    处理费)\nmessage: m\n"
    error, line = error_at(tmp_path, body)
    assert (error.line, error.column) == (14, 12)
    assert line[error.column - 1 :] == ")"


# ---------------------------------------------------------------- every style, every character


def _scalars(node: Node) -> list[Node]:
    if isinstance(node.value, dict):
        return [n for key, value in node.value.values() for n in (key, *_scalars(value))]
    if isinstance(node.value, list):
        return [n for item in node.value for n in _scalars(item)]
    return [node]


def _check_every_character(text: str) -> None:
    root = compose(text, max_depth=10, typed=False)
    assert root is not None
    lines = text.split("\n")
    for node in _scalars(root):
        value = node.value
        if not isinstance(value, str):
            continue
        assert node._offset_map() is not None, (text, value)
        for offset in range(len(value) + 1):
            line, column = node.locate_offset(offset)
            assert 1 <= line <= len(lines)
            assert 1 <= column <= max(1, len(lines[line - 1].rstrip("\r")))
            if offset == len(value) or value[offset] in " \n\t":
                continue  # a fold or the end
            written = lines[line - 1][column - 1]
            if written in "'\\":
                continue  # escapes and doubled quotes have no character of their own
            assert written == value[offset], (text, value, offset)


@pytest.mark.parametrize(
    "text",
    [
        "a: plain\n  wrapped\n\n\n  more   \n  end\n",
        "a: [p, q r, 's t']\nb: {k: v w}\nc: plain # comment\n",
        "a: 'it''s\n  ok\n\n   '\n",
        "a: ' lead\n\n\n  trail  '\n",
        'a: "\\u4fe1x \\\n   y \\\\\n  \\"z\\" \\U0001F600 \\x41"\n',
        'a: "a  \n\n   b \\t c  "\n',
        "a: |\n  l1\n\n  l2\n",
        "a: |+\n   l1\n    l2\n\n\nb: 1\n",
        "a: |-\n  l1\n  l2",
        "a: >\n  l1\n  l2\n\n  l3\n    more\n  l4\n\n\n",
        "a: >+\n\n  l1\n\n  l2\n\n",
        "x:\n  a: |1\n     foo\n    bar\n  b: >2-\n     baz\n    qux\n",
        "x:\n- >\n  item\n  folded\n- 'y'\n- \"\"\n- ''\n- |-\n",
        "a: b\r\n  c\r\nd: |\r\n  e\r\n  f\r\n",
    ],
)
def test_every_character_of_every_style_maps_to_itself(text: str) -> None:
    _check_every_character(text)


_WORDS = st.lists(
    st.sampled_from(
        [
            "信息",
            "公开",
            "a",
            "b'c",
            'd"e',
            "f\\g",
            "x",
            " ",
            "  ",
            "\t",
            "\n",
            "\n\n",
            "é",
            "#",
            ": ",
        ]
    ),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=80, deadline=None)
@given(_WORDS, st.sampled_from(["plain", "'", '"', "|", ">"]), st.integers(4, 20))
def test_emitted_scalars_map_every_character(value: str, style: str, width: int) -> None:
    from io import StringIO

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        FoldedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    kinds = {
        "'": SingleQuotedScalarString,
        '"': DoubleQuotedScalarString,
        "|": LiteralScalarString,
        ">": FoldedScalarString,
    }
    yaml = YAML()
    yaml.width = width
    out = StringIO()
    yaml.dump({"k": {"v": kinds[style](value) if style in kinds else value}}, out)
    text = out.getvalue()
    root = compose(text, max_depth=5, typed=False)
    assert root is not None
    node = root.value["k"][1].value["v"][1]
    if node.value != value:
        return  # the emitter chose a form that does not keep the value (e.g. blanks)
    assert node._offset_map() is not None, text
    _check_every_character(text)
