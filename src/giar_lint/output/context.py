"""What output formats may need besides the findings themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from giar_lint.model.source import line_starts

if TYPE_CHECKING:
    from giar_lint.engine import FileResult
    from giar_lint.rules.base import RuleMeta


@dataclass
class OutputContext:
    #: per checked path: its text, body, year, pages
    files: Mapping[str, FileResult] = field(default_factory=dict)
    #: every known rule, by code (SARIF lists them all)
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)
    #: code -> "built-in", plugin name or rule file
    sources: Mapping[str, str] = field(default_factory=dict)
    #: one-line messages about rules, plugins or inputs that failed during the run
    errors: Sequence[str] = ()

    def line_text(self, path: str, line: int) -> str | None:
        result = self.files.get(path)
        if result is None or result.text is None:
            return None
        text = result.text
        starts = _line_starts(text)
        if not 1 <= line <= len(starts):
            return None
        end = starts[line] if line < len(starts) else len(text)
        return text[starts[line - 1] : end].rstrip("\r\n")


@lru_cache(maxsize=16)
def _line_starts(text: str) -> tuple[int, ...]:
    # the full output asks for a line per finding: index each file's text once
    return line_starts(text)
