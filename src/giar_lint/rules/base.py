"""What a rule is, for Python rules and YAML rules alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from giar_lint.diagnostics import Diagnostic, Fix, Severity

if TYPE_CHECKING:
    from giar_lint.model.report import Report
    from giar_lint.model.source import Span


@dataclass(frozen=True)
class RuleMeta:
    """Everything a user can learn about a rule (``giar-lint rule CODE``)."""

    code: str  # e.g. "A301"
    name: str  # English slug, e.g. "applications-balance"
    severity: Severity  # default severity
    summary: str  # one line, Chinese
    description: str  # what it checks and why
    basis: str  # legal basis
    examples_pass: tuple[str, ...] = ()
    examples_fail: tuple[str, ...] = ()
    fixable: bool = False
    #: "built-in", a plugin's name, or the YAML file that defines it (filled in at registration)
    source: str = "built-in"
    #: the report years this rule applies to, as written (``"year >= 2021"``), or ""
    when: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class Rule(Protocol):
    meta: RuleMeta

    def check(self, report: Report) -> Iterable[Diagnostic]: ...


@runtime_checkable
class CrossReportRule(Protocol):
    meta: RuleMeta

    def check_reports(self, reports: Sequence[Report]) -> Iterable[Diagnostic]: ...


class PythonRule:
    """Convenience base class for Python rules: set ``meta`` and implement :meth:`check`."""

    meta: RuleMeta

    def check(self, report: Report) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def diagnostic(
        self, report: Report, span: Span, message: str, fix: Fix | None = None
    ) -> Diagnostic:
        """A finding of this rule at ``span`` with its default severity (configuration may
        change the severity later)."""
        return Diagnostic(
            code=self.meta.code,
            name=self.meta.name,
            severity=self.meta.severity,
            message=message,
            span=span,
            path=report.path,
            fix=fix,
        )
