"""Rule file patterns that could backtrack catastrophically are refused before they run; the
ones accepted stay fast on adversarial text."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.rules.yaml.regex_safety import UnsafePattern, check_pattern, compile_pattern

REFUSED = [
    r"(a+)+$",
    r"(a*)*b",
    r"(\d+\s*)+号",
    r"(a|a)*b",
    r"(.|a)*x",
    r"(.*a){12}",
    r".*.*.*=",
    r"(\w)\1",
    r"(?P<x>a)(?P=x)",
    "a" * 2000,
]
ACCEPTED = [
    r"国办函[〔\[(（【]2020[〕\])）】]109号",
    r"(?<=[\u4e00-\u9fff])(?:[\[(（【]((?:19|20)\d\d)[\])）】〕])(?=第?\d{1,5}号)",
    r"处理费|(?:未|没有)(?:收取|产生)(?:任何)?费用",
    r"(?:上一?年度?|去年)[^。]{0,40}?问题",
    r"\d+件",
    r"(?:ab|cd)+e",
    r"(\d{4})+",
    r".*号",
]


@pytest.mark.parametrize("pattern", REFUSED)
def test_dangerous_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(UnsafePattern):
        check_pattern(pattern)


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_useful_patterns_are_accepted_and_fast(pattern: str) -> None:
    regex = compile_pattern(pattern)
    for attack in ("a" * 5000 + "!", "1" * 5000, "国办函（" * 1000, "年" * 3000 + "问"):
        start = time.perf_counter()
        regex.search(attack)
        assert time.perf_counter() - start < 0.5, pattern


def test_invalid_pattern_raises_re_error() -> None:
    with pytest.raises(re.error):
        compile_pattern("a(b")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab()|*+?.{}[]\\d0123,^$-", max_size=24))
def test_any_pattern_is_either_refused_or_fast(pattern: str) -> None:
    try:
        regex = compile_pattern(pattern)
    except (UnsafePattern, re.error, OverflowError, RecursionError):
        return
    start = time.perf_counter()
    for attack in ("a" * 300 + "!", "ab" * 150 + "c", "0" * 300 + "x"):
        regex.search(attack)
    assert time.perf_counter() - start < 1.0, pattern
