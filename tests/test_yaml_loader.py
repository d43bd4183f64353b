"""Rule files are untrusted: the YAML loader never constructs objects and refuses anything that
could run code or blow up, always naming ``file:line:col``."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.rules.yaml import RuleFileError, load_rule_file
from giar_lint.rules.yaml.loader import MAX_DEPTH, MAX_FILE_BYTES, load_yaml_file, load_yaml_text
from giar_lint.rules.yaml.schema import parse_rule_file


def _error(text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_yaml_text(text, "r.yaml")
    return info.value


def test_plain_values_and_positions() -> None:
    node = load_yaml_text("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: [x, {g: h}]\n", "r.yaml")
    assert node.plain() == {
        "a": 1,
        "b": "1",
        "c": True,
        "d": None,
        "e": 1.5,
        "f": ["x", {"g": "h"}],
    }
    key, value = node.value["f"]
    assert (key.line, key.column) == (6, 1)
    assert (value.line, value.column) == (6, 4)


def test_folded_block_scalar_has_no_fold_markers() -> None:
    node = load_yaml_text("x: >\n  a\n  b\n    c\n", "r.yaml")
    assert node.plain() == {"x": "a b\n  c\n"}


def test_python_tag_is_refused_without_constructing_anything() -> None:
    error = _error("rules: !!python/object/apply:os.system ['touch /tmp/giar-pwned']\n")
    assert (error.line, error.column) == (1, 8)
    assert "标签" in error.message
    assert not Path("/tmp/giar-pwned").exists()


@pytest.mark.parametrize("text", ["a: !foo 1\n", "a: !!str 1\n", "a: !!map {b: 1}\n"])
def test_any_explicit_tag_is_refused(text: str) -> None:
    assert "标签" in _error(text).message


def test_anchor_and_alias_are_refused() -> None:
    error = _error("a: &x [1, 2]\nb: *x\n")
    assert (error.line, error.column) == (1, 4)
    assert "锚点" in error.message


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    error = _error("\n".join(lines) + "\n")
    assert error.line == 1


def test_deep_nesting_is_refused() -> None:
    depth = MAX_DEPTH + 5
    error = _error("[" * depth + "]" * depth + "\n")
    assert f"{MAX_DEPTH}" in error.message


def test_very_deep_nesting_does_not_crash() -> None:
    depth = 5_000
    error = _error("[" * depth + "]" * depth)
    assert error.line == 1


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_yaml_file(path)
    assert str(info.value).startswith(f"{path}:1:1: ")


def test_duplicate_key_names_both_places() -> None:
    error = _error("a: 1\nb: 2\na: 3\n")
    assert (error.line, error.column) == (3, 1)
    assert "第 1 行" in error.message


def test_syntax_error_position() -> None:
    error = _error("rules:\n  - id: A1\n    name: [unclosed\n")
    assert error.line >= 3
    assert "YAML" in error.message


def test_two_documents_are_refused() -> None:
    assert _error("a: 1\n---\nb: 2\n").line == 2


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("rules: 规则\n".encode("gbk"))
    with pytest.raises(RuleFileError) as info:
        load_yaml_file(path)
    assert "UTF-8" in info.value.message


def test_error_string_shape(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("rules:\n  - id: A1\n    name: &x a\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    error = info.value
    assert str(error) == f"{path}:3:11: {error.message}"
    assert (error.path, error.line, error.column) == (str(path), 3, 11)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="rules:-id[]{}&*!|>'\"#\n  \t,?%@`xA1规则：\ufeff", max_size=120))
def test_arbitrary_text_gives_a_rule_file_error_or_rules(text: str) -> None:
    try:
        parse_rule_file(load_yaml_text(text, "f.yaml"), "f.yaml")
    except RuleFileError as error:
        assert error.line >= 1 and error.column >= 1
        assert str(error).startswith("f.yaml:")
