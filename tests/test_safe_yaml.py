"""The shared composer of untrusted YAML: one problem type with kind and position, and the
options through which configuration and rule files differ."""

from __future__ import annotations

from typing import Any

import pytest

from giar_lint.safe_yaml import YamlProblem, compose


def _problem(text: str, **options: Any) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        compose(text, max_depth=4, **options)
    return info.value


def test_typed_and_untyped_scalars() -> None:
    text = "a: 1\nb: true\nc: ~\nd: '1'\ne:\n"
    typed = compose(text, max_depth=4)
    untyped = compose(text, max_depth=4, typed=False)
    assert typed is not None and untyped is not None
    assert typed.plain() == {"a": 1, "b": True, "c": None, "d": "1", "e": None}
    assert untyped.plain() == {"a": "1", "b": "true", "c": None, "d": "1", "e": None}


def test_no_document_is_none_and_positions_are_one_based() -> None:
    assert compose("# only a comment\n", max_depth=4) is None
    root = compose("x:\n  - |\n      text\n", max_depth=4)
    assert root is not None
    key, seq = root.value["x"]
    block = seq.value[0]
    assert (key.line, key.column) == (1, 1)
    assert (block.line, block.column, block.content_line, block.content_indent) == (2, 5, 3, 6)


@pytest.mark.parametrize(
    ("text", "kind", "line", "column", "detail"),
    [
        ("a: &x 1\n", "anchor", 1, 4, "x"),
        ("a: *x\n", "alias", 1, 4, ""),
        ("a: !!str 1\n", "tag", 1, 4, "tag:yaml.org,2002:str"),
        ("a: 1\n---\nb: 2\n", "documents", 2, 1, ""),
        ("a: [[[[1]]]]\n", "depth", 1, 7, ""),  # the mapping is the first level
        ("? [k]\n: 1\n", "key", 1, 3, ""),
        ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3, 1, "a"),
        ("a: [1\n", "syntax", 2, 1, ""),
    ],
)
def test_problem_kinds_and_positions(
    text: str, kind: str, line: int, column: int, detail: str
) -> None:
    problem = _problem(text)
    assert (problem.kind, problem.line, problem.column) == (kind, line, column)
    if detail:
        assert problem.detail == detail
    if kind == "duplicate-key":
        assert problem.first_line == 1


def test_node_limit() -> None:
    problem = _problem("[1, 2, 3, 4]\n", max_nodes=3)
    assert (problem.kind, problem.line, problem.column) == ("nodes", 1, 8)
    assert compose("[1, 2]\n", max_depth=4, max_nodes=3) is not None


def test_forbidden_character_is_positioned_from_the_reader() -> None:
    problem = _problem("a: 1\nb: \x01\n")
    assert (problem.kind, problem.marked, problem.line, problem.column) == ("syntax", False, 2, 4)


def test_late_key_problems_let_a_later_error_in_the_mapping_come_first() -> None:
    text = "a: 1\na: 2\nb: *x\n"
    assert _problem(text).kind == "duplicate-key"
    assert _problem(text, late_key_problems=True).kind == "alias"
    assert _problem("a: 1\na: 2\n", late_key_problems=True).kind == "duplicate-key"
