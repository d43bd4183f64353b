"""Findings: what a rule reports, with its place in the source and an optional fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from giar_lint.model.source import Span

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Edit:
    """Replace the text of ``span`` with ``content``."""

    span: Span
    content: str


@dataclass(frozen=True)
class Fix:
    """A fix of a finding: a message and the text edits that apply it."""

    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Diagnostic:
    """A finding of a rule at a place in a report."""

    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    path: str = ""
    fix: Fix | None = None
    #: extra facts for output formats (e.g. the PDF page); never needed to understand the finding
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.start, self.span.end, self.code, self.message)


def _place(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.path, d.span.start, d.span.end, d.code)


def finalize(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by position and code and merge duplicates (same code, place and message).

    Findings of one code at one place keep the order their rule gave them (the catalogue's:
    parts 二, 三, 四 rather than the order of their messages' characters); the sort is stable and
    the rules run in a fixed order, so the output is the same from run to run."""
    seen: set[tuple[str, int, int, str, str]] = set()
    out: list[Diagnostic] = []
    for d in sorted(diagnostics, key=_place):
        key = d.sort_key
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out
