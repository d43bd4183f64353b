"""giar-lint's built-in Python rules, registered through the public plugin hooks.

This module is an ordinary pluggy plugin: a third-party rule package would look the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from giar_lint.hookspecs import hookimpl
from giar_lint.rules.base import CrossReportRule, Rule


@hookimpl
def giar_lint_rules() -> Sequence[Rule]:
    """The single-report rules: reading, structure, tables, consistency."""
    return []


@hookimpl
def giar_lint_cross_report_rules() -> Sequence[CrossReportRule]:
    """The rules over a set of reports (C504)."""
    return []
