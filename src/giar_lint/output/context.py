"""What output formats may need besides the findings themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
        lines = result.text.split("\n")
        if not 1 <= line <= len(lines):
            return None
        return lines[line - 1].rstrip("\r")
