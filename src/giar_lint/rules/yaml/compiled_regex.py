"""Compiled regular expressions that pickle as their compiled form.

A pickled ``re.Pattern`` is compiled again when it is loaded, and compiling is what costs: the
patterns of the built-in rules take about 5 ms to compile, paid by every ``giar-lint check``
that loads the cached rules. :func:`regex_state` keeps instead what ``re``'s compiler hands to
the regular expression engine, and :func:`restore_regex` gives it back to the engine directly.

Only the rule cache stores such states, and it is used only by the exact Python version that
wrote it. A state is kept only when it rebuilds a pattern equal to the original (same pattern,
flags and compiled code); anything unexpected falls back to compiling the pattern.
"""

from __future__ import annotations

import re
from typing import Any

#: ("sre", arguments of ``_sre.compile``) or ("re", pattern, flags)
RegexState = tuple[Any, ...]


def regex_state(regex: re.Pattern[str]) -> RegexState:
    """What :func:`restore_regex` needs to rebuild ``regex``."""
    try:
        import _sre
        from re import _compiler, _parser

        parsed = _parser.parse(regex.pattern, regex.flags)
        code = [int(op) for op in _compiler._code(parsed, regex.flags)]  # plain ints pickle
        groupindex = parsed.state.groupdict
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        arguments = (
            regex.pattern,
            regex.flags | parsed.state.flags,
            code,
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        if _sre.compile(*arguments) == regex:
            return ("sre", arguments)
    except Exception:
        pass
    return ("re", regex.pattern, regex.flags)


def restore_regex(state: RegexState) -> re.Pattern[str]:
    """The pattern :func:`regex_state` described."""
    if state[0] == "sre":
        try:
            import _sre

            return _sre.compile(*state[1])  # type: ignore[no-any-return]
        except Exception:
            return re.compile(state[1][0], state[1][1])
    return re.compile(state[1], state[2])
