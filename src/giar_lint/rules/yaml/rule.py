"""The rule object a YAML rule becomes: a :class:`giar_lint.rules.base.Rule`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from giar_lint.diagnostics import Diagnostic, Fix
from giar_lint.model.report import Report
from giar_lint.model.source import Span
from giar_lint.rules.base import RuleMeta
from giar_lint.rules.yaml.expr import Env, Expr, compile_evaluator
from giar_lint.rules.yaml.records import MutableRecord
from giar_lint.rules.yaml.template import Template


class Check(Protocol):
    def run(self, report: Report) -> Iterator[tuple[Span, dict[str, Any], Fix | None]]: ...


class YamlRule(MutableRecord):
    """A rule defined in a YAML rule file."""

    _fields = ("meta", "check_kind", "impl", "message", "condition", "line", "column")

    def __init__(
        self,
        meta: RuleMeta,
        check_kind: str,
        impl: Check,
        message: Template,
        condition: Expr | None = None,
        line: int = 1,
        column: int = 1,
    ) -> None:
        self.meta = meta
        self.check_kind = check_kind  # require | forbid | parts | assert | old_format
        self.impl = impl
        self.message = message
        self.condition = condition
        #: position of the rule's ``id`` in its file
        self.line = line
        self.column = column

    def __getstate__(self) -> dict[str, Any]:
        # the compiled condition is a closure: rebuilt after unpickling, never stored
        state = dict(self.__dict__)
        state.pop("_condition", None)
        return state

    def applies_to(self, report: Report) -> bool:
        """Whether the rule's ``when:`` condition holds for ``report`` (unknown counts as no)."""
        if not report.readable:
            return False
        if self.condition is None:
            return True
        condition = self.__dict__.get("_condition")
        if condition is None:
            condition = self.__dict__["_condition"] = compile_evaluator(self.condition)
        return condition(Env(report)) is True

    def check(self, report: Report) -> Iterator[Diagnostic]:
        if not self.applies_to(report):
            return
        for span, values, fix in self.impl.run(report):
            yield Diagnostic(
                code=self.meta.code,
                name=self.meta.name,
                severity=self.meta.severity,
                message=self.message.render(values),
                span=span,
                path=report.path,
                fix=fix,
            )

    def __repr__(self) -> str:
        return f"<YamlRule {self.meta.code} {self.meta.name} from {self.meta.source}>"
