"""giar-lint's built-in Python rules, registered through the public plugin hooks.

This module is an ordinary pluggy plugin: a third-party rule package would look the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from giar_lint.builtin.python_rules.consistency import (
    AgencyMismatch,
    NarrativeTableMismatch,
    YearMismatch,
)
from giar_lint.builtin.python_rules.cross_report import CarryoverMismatch
from giar_lint.builtin.python_rules.reading import UnreadableInput, UnsupportedFormat
from giar_lint.builtin.python_rules.structure import HeadingNumbering, MissingTitle
from giar_lint.builtin.python_rules.tables import CellCount, InvalidCell, MissingRow, MissingTable
from giar_lint.hookspecs import hookimpl
from giar_lint.rules.base import CrossReportRule, Rule

__all__ = [
    "AgencyMismatch",
    "CarryoverMismatch",
    "CellCount",
    "HeadingNumbering",
    "InvalidCell",
    "MissingRow",
    "MissingTable",
    "MissingTitle",
    "NarrativeTableMismatch",
    "UnreadableInput",
    "UnsupportedFormat",
    "YearMismatch",
    "giar_lint_cross_report_rules",
    "giar_lint_rules",
]


@hookimpl
def giar_lint_rules() -> Sequence[Rule]:
    """The single-report rules: reading, structure, tables, consistency."""
    return [
        UnreadableInput(),
        HeadingNumbering(),
        MissingTitle(),
        UnsupportedFormat(),
        MissingTable(),
        MissingRow(),
        CellCount(),
        InvalidCell(),
        NarrativeTableMismatch(),
        YearMismatch(),
        AgencyMismatch(),
    ]


@hookimpl
def giar_lint_cross_report_rules() -> Sequence[CrossReportRule]:
    """The rules over a set of reports (C504)."""
    return [CarryoverMismatch()]
