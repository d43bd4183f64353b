"""A static check that refuses regular expressions able to backtrack catastrophically.

Python's ``re`` cannot be interrupted once a match runs, so rule files' patterns are checked
before use instead of being timed. Refused:

- back-references (``\\1``): matching them is NP-hard in general;
- a quantifier inside an unbounded quantifier (``(a+)+``, ``(\\d*x)*``): exponential;
- an unbounded quantifier over alternatives that can start with the same character or can both
  match nothing (``(a|a)*``, ``(ab|ac)+`` after prefix factoring is fine): exponential;
- an unbounded quantifier inside any repeat (``(.*a){12}``): polynomial of high degree;
- three or more unbounded quantifiers that can match the same characters (``.*.*.*``): the
  failing search is polynomial of high degree;
- patterns longer than :data:`MAX_PATTERN_LENGTH` characters.

The check errs on the side of refusing; a refused pattern can always be rewritten with bounded
quantifiers (``{0,20}``) or disjoint alternatives.
"""

from __future__ import annotations

import re
import warnings
from itertools import combinations
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MAX_PATTERN_LENGTH = 1000
#: A bounded repeat this large behaves like an unbounded one for backtracking purposes.
LARGE_REPEAT = 50

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)

_SPACE = frozenset({(9, 13), (32, 32), (0x3000, 0x3000), (0xA0, 0xA0)})
_DIGIT = frozenset({(48, 57), (0xFF10, 0xFF19)})
#: A character class too broad to reason about: overlaps with everything.
WIDE = None
Chars = frozenset[tuple[int, int]] | None


class UnsafePattern(ValueError):
    """A pattern refused by :func:`check_pattern` (message in Chinese)."""


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Check ``pattern`` and compile it; raises :class:`UnsafePattern` or ``re.error``."""
    # ``re`` warns about syntax that may change meaning in future versions (``[[``); a rule
    # file's author gets errors, not warnings on the console of every run.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_pattern(pattern)
        return re.compile(pattern)


def check_pattern(pattern: str) -> None:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise UnsafePattern(f"正则表达式过长（上限 {MAX_PATTERN_LENGTH} 个字符）")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = _p.parse(pattern)
    _walk(list(parsed), outer=0)
    unbounded = list(_unbounded_repeats(list(parsed)))
    if len(unbounded) >= 3:
        for a, b, c in combinations(unbounded, 3):
            if _overlap(a, b) and _overlap(b, c) and _overlap(a, c):
                raise UnsafePattern(
                    "正则表达式含三个以上可匹配相同字符的无界量词（如 .*.*.*），可能回溯过多"
                )


def _is_unbounded(args: Any) -> bool:
    low, high, _ = args
    return high == _c.MAXREPEAT or (high >= LARGE_REPEAT and high != low)


def _walk(items: list[Any], outer: int) -> None:
    """``outer``: 0 outside any repeat, 1 inside a bounded repeat, 2 inside an unbounded one."""
    for op, av in items:
        if op == _c.GROUPREF or op == getattr(_c, "GROUPREF_EXISTS", None):
            raise UnsafePattern("正则表达式不允许使用反向引用")
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            unbounded = _is_unbounded(av)
            varying = high != low and high > 1
            if (outer == 2 and varying) or (outer == 1 and unbounded):
                raise UnsafePattern("正则表达式含嵌套量词（如 (a+)+），可能灾难性回溯")
            if unbounded:
                _check_branches(body)
            inner = 2 if unbounded else (1 if high > 1 else 0)
            _walk(body, max(outer, inner))
        elif op == _c.SUBPATTERN:
            _walk(list(av[-1]), outer)
        elif op == _c.BRANCH:
            for alt in av[1]:
                _walk(list(alt), outer)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _walk(list(av[1]), outer)
        elif op == getattr(_c, "ATOMIC_GROUP", None):
            _walk(list(av), outer)


def _check_branches(items: list[Any]) -> None:
    """Alternatives under an unbounded repeat must be disjoint (the parser has already factored
    out common prefixes, so ``(a|a)*`` arrives here as ``a(?:|)``)."""
    for op, av in items:
        if op == _c.SUBPATTERN:
            _check_branches(list(av[-1]))
        elif op == _c.BRANCH:
            alts = [list(a) for a in av[1]]
            nullable = sum(1 for a in alts if _nullable(a))
            if nullable > 1:
                raise UnsafePattern("正则表达式在量词中含可同时匹配空串的选择项（如 (a|a)*）")
            for a, b in combinations(alts, 2):
                if _overlap(_first(a), _first(b)):
                    raise UnsafePattern(
                        "正则表达式在量词中含开头相同的选择项（如 (a|a)*），可能灾难性回溯"
                    )
            for alt in alts:
                _check_branches(alt)


def _unbounded_repeats(items: list[Any]) -> list[Chars]:
    out: list[Chars] = []
    for op, av in items:
        if op in _REPEATS:
            if _is_unbounded(av):
                out.append(_first(list(av[2])))
            else:
                out.extend(_unbounded_repeats(list(av[2])))
        elif op == _c.SUBPATTERN:
            out.extend(_unbounded_repeats(list(av[-1])))
        elif op == _c.BRANCH:
            for alt in av[1]:
                out.extend(_unbounded_repeats(list(alt)))
    return out


def _nullable(items: list[Any]) -> bool:
    for op, av in items:
        if op in _REPEATS:
            if av[0] > 0 and not _nullable(list(av[2])):
                return False
        elif op == _c.SUBPATTERN:
            if not _nullable(list(av[-1])):
                return False
        elif op == _c.BRANCH:
            if not any(_nullable(list(a)) for a in av[1]):
                return False
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return False
    return True


def _first(items: list[Any]) -> Chars:
    """Characters that can start a match of ``items`` (``WIDE`` when too broad to say)."""
    chars: set[tuple[int, int]] = set()
    for op, av in items:
        here: Chars
        if op == _c.LITERAL:
            here = frozenset({(av, av)})
        elif op == _c.IN:
            here = _class(av)
        elif op in _REPEATS:
            here = _first(list(av[2]))
        elif op == _c.SUBPATTERN:
            here = _first(list(av[-1]))
        elif op == _c.BRANCH:
            acc: set[tuple[int, int]] = set()
            for alt in av[1]:
                sub = _first(list(alt))
                if sub is WIDE:
                    return WIDE
                acc |= sub
            here = frozenset(acc)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return WIDE
        if here is WIDE:
            return WIDE
        chars |= here
        if not _nullable([(op, av)]):
            break
    return frozenset(chars)


def _class(items: Any) -> Chars:
    out: set[tuple[int, int]] = set()
    for op, av in items:
        if op == _c.NEGATE:
            return WIDE
        if op == _c.LITERAL:
            out.add((av, av))
        elif op == _c.RANGE:
            out.add((av[0], av[1]))
        elif op == _c.CATEGORY and av == _c.CATEGORY_DIGIT:
            out |= _DIGIT
        elif op == _c.CATEGORY and av == _c.CATEGORY_SPACE:
            out |= _SPACE
        else:
            return WIDE
    return frozenset(out)


def _overlap(a: Chars, b: Chars) -> bool:
    if a is WIDE or b is WIDE:
        return True
    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in a for lo2, hi2 in b)
