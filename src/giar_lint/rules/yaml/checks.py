"""The check kinds of the YAML rule language.

Each check yields ``(span, values, fix)`` triples: where the finding is, the values its message
template may name, and an optional fix. :class:`giar_lint.rules.yaml.rule.YamlRule` turns them
into diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import product
from typing import Any

from giar_lint.diagnostics import Edit, Fix
from giar_lint.model.catalogue import CN_NUMERALS, PART_BY_KEY, PART_KEYS
from giar_lint.model.report import Report
from giar_lint.model.source import Span
from giar_lint.rules.yaml.expr import (
    TABLE_LABELS,
    CellRef,
    Domain,
    Env,
    Evaluator,
    Expr,
    Name,
    compare_values,
    compile_evaluator,
    resolve_cells,
    resolve_row,
)
from giar_lint.rules.yaml.records import MutableRecord, Record
from giar_lint.rules.yaml.scopes import ScopeSpec, ScopeText, scope_text
from giar_lint.rules.yaml.template import Template

Finding = tuple[Span, dict[str, Any], Fix | None]

#: A pattern check reports at most this many matches per rule and report.
MAX_MATCHES = 500

# Placeholders every check offers.
COMMON_PLACEHOLDERS = frozenset({"year", "agency", "scope"})


def common_values(report: Report) -> dict[str, Any]:
    return {"year": report.year, "agency": report.agency or ""}


class Pattern(Record):
    """A compiled pattern of a check, with its label and optional replacement."""

    _fields = ("regex", "label", "replace")
    regex: re.Pattern[str]
    label: str
    replace: str | None

    def __init__(self, regex: re.Pattern[str], label: str, replace: str | None = None) -> None:
        self.__dict__.update(regex=regex, label=label, replace=replace)


class RequireCheck(MutableRecord):
    """A pattern (any or all of several) must occur in the scope."""

    _fields = ("scope", "patterns", "mode", "within", "if_present", "keep_whitespace")

    def __init__(
        self,
        scope: ScopeSpec,
        patterns: tuple[Pattern, ...],
        mode: str = "any",
        within: str = "scope",
        if_present: Pattern | None = None,
        keep_whitespace: bool = False,
    ) -> None:
        self.scope = scope
        self.patterns = patterns
        self.mode = mode  # any | all
        self.within = within  # scope | paragraph
        self.if_present = if_present
        self.keep_whitespace = keep_whitespace

    placeholders = frozenset({"label", "trigger"})

    def run(self, report: Report) -> Iterator[Finding]:
        text = scope_text(report, self.scope, self.keep_whitespace)
        if text is None:
            return
        anchor = text.anchor
        trigger = ""
        if self.if_present is not None:
            m = self.if_present.regex.search(text.joined)
            if m is None:
                return
            anchor = text.span(m.start(), max(m.end(), m.start() + 1))
            trigger = m.group(0)
        missing = self._missing(text)
        if not missing:
            return
        values = {**common_values(report), "scope": self.scope.describe(), "trigger": trigger}
        if self.mode == "all":
            for pattern in missing:
                yield anchor, {**values, "label": pattern.label}, None
        else:
            yield anchor, {**values, "label": "、".join(p.label for p in missing)}, None

    def _missing(self, text: ScopeText) -> list[Pattern]:
        if self.within == "paragraph":
            found = [False] * len(self.patterns)
            for unit_text in text.compact:
                hits = [bool(p.regex.search(unit_text)) for p in self.patterns]
                if self.mode == "all" and all(hits):
                    return []
                if self.mode == "any" and any(hits):
                    return []
                found = [a or b for a, b in zip(found, hits, strict=True)]
            if self.mode == "all":
                # No single paragraph has them all: name those absent everywhere, or all of
                # them when each occurs somewhere but never together.
                absent = [p for p, f in zip(self.patterns, found, strict=True) if not f]
                return absent or list(self.patterns)
            return list(self.patterns)
        joined = text.joined
        if self.mode == "all":
            return [p for p in self.patterns if not p.regex.search(joined)]
        if any(p.regex.search(joined) for p in self.patterns):
            return []
        return list(self.patterns)


class ForbidCheck(MutableRecord):
    """Report every match of the patterns in the scope, with an optional replacement."""

    _fields = ("scope", "patterns", "keep_whitespace", "fix_message")

    def __init__(
        self,
        scope: ScopeSpec,
        patterns: tuple[Pattern, ...],
        keep_whitespace: bool = False,
        fix_message: Template | None = None,
    ) -> None:
        self.scope = scope
        self.patterns = patterns
        self.keep_whitespace = keep_whitespace
        self.fix_message = fix_message

    placeholders = frozenset({"label", "match", "original", "replacement"})

    def run(self, report: Report) -> Iterator[Finding]:
        text = scope_text(report, self.scope, self.keep_whitespace)
        if text is None:
            return
        base = {**common_values(report), "scope": self.scope.describe()}
        count = 0
        for u, unit_text in enumerate(text.compact):
            for pattern in self.patterns:
                for m in pattern.regex.finditer(unit_text):
                    if m.end() == m.start():
                        continue
                    span = text.unit_span(u, m.start(), u, m.end())
                    original = report.source.text[span.start : span.end]
                    values = {
                        **base,
                        "label": pattern.label,
                        "match": m.group(0),
                        "original": original,
                    }
                    fix = None
                    values["replacement"] = ""
                    if pattern.replace is not None:
                        try:
                            replacement = m.expand(pattern.replace)
                        except (re.error, IndexError):
                            replacement = None
                        if replacement is not None:
                            values["replacement"] = replacement
                            message = (
                                self.fix_message.render(values)
                                if self.fix_message is not None
                                else f"改为“{replacement}”"
                            )
                            fix = Fix(message, (Edit(span, replacement),))
                    yield span, values, fix
                    count += 1
                    if count >= MAX_MATCHES:
                        return


class PartsCheck(MutableRecord):
    """Checks over the part catalogue: required, order, unique, title."""

    _fields = ("check", "parts")

    def __init__(self, check: str, parts: tuple[str, ...] = PART_KEYS) -> None:
        self.check = check  # required | order | unique | title
        self.parts = parts

    placeholders = frozenset(
        {
            "numeral",
            "number",
            "key",
            "title",
            "template",
            "first_line",
            "previous_numeral",
            "previous_title",
        }
    )

    def run(self, report: Report) -> Iterator[Finding]:
        base = {**common_values(report), "scope": "全文"}
        if self.check == "required":
            yield from self._required(report, base)
        elif self.check == "order":
            yield from self._order(report, base)
        elif self.check == "unique":
            yield from self._unique(report, base)
        else:
            yield from self._title(report, base)

    @staticmethod
    def _values(key: str, title: str | None = None) -> dict[str, Any]:
        spec = PART_BY_KEY[key]
        return {
            "numeral": CN_NUMERALS[spec.number - 1],
            "number": spec.number,
            "key": key,
            "template": spec.template,
            "title": spec.template if title is None else title,
        }

    def _required(self, report: Report, base: dict[str, Any]) -> Iterator[Finding]:
        present = {p.key for p in report.parts}
        for key in self.parts:
            if key in present:
                continue
            number = PART_BY_KEY[key].number
            # Point where the part belongs: at the first part that should follow it.
            later = [p for p in report.parts if p.number > number]
            if later:
                span = later[0].heading_span
            elif report.parts:
                span = report.parts[-1].heading_span
            elif report.title is not None:
                span = report.title.span
            else:
                span = report.source.span(0, 0)
            yield span, {**base, **self._values(key)}, None

    def _order(self, report: Report, base: dict[str, Any]) -> Iterator[Finding]:
        seen: set[str] = set()
        highest = None
        for part in report.parts:
            if part.key in seen or part.key not in self.parts:
                continue
            seen.add(part.key)
            if highest is not None and part.number < highest.number:
                values = {**base, **self._values(part.key, part.title)}
                values["previous_numeral"] = CN_NUMERALS[highest.number - 1]
                values["previous_title"] = highest.title
                yield part.heading_span, values, None
            elif highest is None or part.number > highest.number:
                highest = part

    def _unique(self, report: Report, base: dict[str, Any]) -> Iterator[Finding]:
        first: dict[str, int] = {}
        for part in report.parts:
            if part.key not in self.parts:
                continue
            if part.key in first:
                values = {**base, **self._values(part.key, part.title)}
                values["first_line"] = first[part.key]
                yield part.heading_span, values, None
            else:
                first[part.key] = part.line

    def _title(self, report: Report, base: dict[str, Any]) -> Iterator[Finding]:
        for part in report.parts:
            if part.key in self.parts and part.title_kind == "nonstandard":
                yield part.heading_span, {**base, **self._values(part.key, part.title)}, None


class AssertCheck(MutableRecord):
    """An arithmetic assertion over table cells, for every binding of its variables."""

    _fields = ("expr", "variables", "lets", "at", "source", "tables")

    def __init__(
        self,
        expr: Expr,
        variables: dict[str, Domain],
        lets: dict[str, Expr],
        at: Expr,
        source: str = "",
        tables: tuple[str, ...] = (),
    ) -> None:
        self.expr = expr
        self.variables = variables
        self.lets = lets
        self.at = at
        self.source = source
        self.tables = tables

    placeholders = frozenset(
        {
            "lhs",
            "rhs",
            "diff",
            "abs_diff",
            "table_label",
            "column",
            "column_label",
            "row",
            "row_label",
            "group",
            "group_label",
        }
    )

    def __getstate__(self) -> dict[str, Any]:
        # compiled evaluators are closures: rebuilt after unpickling, never stored
        state = dict(self.__dict__)
        state.pop("_compiled", None)
        return state

    def _evaluators(
        self,
    ) -> tuple[list[tuple[str, Evaluator]], Evaluator, Evaluator, Callable[[Any, Any], Any]]:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            lets = [(name, compile_evaluator(let)) for name, let in self.lets.items()]
            expr: Any = self.expr  # an assertion: a comparison
            compiled = (
                lets,
                compile_evaluator(expr.left),
                compile_evaluator(expr.right),
                compare_values(expr.op),
            )
            self.__dict__["_compiled"] = compiled
        return compiled

    def run(self, report: Report) -> Iterator[Finding]:
        names = list(self.variables)
        domains = [self.variables[n].values(report) for n in names]
        base = {**common_values(report), "scope": ""}
        lets, left, right, compare = self._evaluators()
        # A side that is just a ``let:`` value is read from the values bound (what its
        # evaluator would return) without a call.
        expr: Any = self.expr
        left_let = self._let_name(expr.left)
        right_let = self._let_name(expr.right)
        # One environment for all bindings, given fresh bindings and values each time: nothing
        # that outlives a binding keeps it (a finding's values are copied out of it).
        env = Env(report)
        if len(names) == 1:
            only = names[0]
            every = ({only: key} for key in domains[0])
        else:
            every = (dict(zip(names, combo, strict=True)) for combo in product(*domains))
        for bindings in every:
            env.bindings = bindings
            env.lets = bound = {}
            for name, let in lets:
                bound[name] = let(env)
            lhs = bound[left_let] if left_let else left(env)
            rhs = bound[right_let] if right_let else right(env)
            if compare(lhs, rhs) is not False:
                continue
            values: dict[str, Any] = {**base, **env.lets, "lhs": lhs, "rhs": rhs}
            try:
                values["diff"] = lhs - rhs
                values["abs_diff"] = abs(lhs - rhs)
            except TypeError:
                values["diff"] = values["abs_diff"] = None
            table = self._table_of(env)
            values["table_label"] = TABLE_LABELS.get(table, table)
            values["scope"] = values["table_label"]
            for name, key in bindings.items():
                domain = self.variables[name]
                label = domain.label(key)
                values[name] = key
                values[f"{name}_label"] = label
                generic = {"columns": "column", "rows": "row", "subtotals": "group"}[domain.kind]
                values[generic] = key
                values[f"{generic}_label"] = label
            span = self._span(env)
            if span is None:
                continue
            yield span, values, None

    def _let_name(self, side: Expr) -> str:
        """The name of the ``let:`` value ``side`` reads, or ""."""
        if isinstance(side, Name) and side.name in self.lets:
            return side.name
        return ""

    def _table_of(self, env: Env) -> str:
        target = self._at_ref()
        if target is not None:
            return target.table
        return self.tables[0] if self.tables else ""

    def _at_ref(self) -> CellRef | None:
        at = self.at
        seen = 0
        while isinstance(at, Name) and at.name in self.lets and seen < 50:
            at = self.lets[at.name]
            seen += 1
        return at if isinstance(at, CellRef) else None

    def _span(self, env: Env) -> Span | None:
        ref = self._at_ref()
        if ref is None:
            return None
        cells = resolve_cells(ref, env)
        if cells and cells[0] is not None and cells[0].span is not None:
            return cells[0].span
        row = resolve_row(ref, env)
        if row is not None and row.label_span is not None:
            return row.label_span
        table = getattr(env.report.tables, ref.table, None)
        return table.span if table is not None else None


class OldFormatCheck(MutableRecord):
    """Traces of the 2019 trial format in the tables: the labels the parser found
    (``Table.old_format_labels``), table 二's row 规范性文件 without 行政, and table 三's
    single-row （六）其他处理 (a subtotal row on the group label with no items under it)."""

    _fields = ("tables",)

    def __init__(self, tables: tuple[str, ...]) -> None:
        self.tables = tables

    placeholders = frozenset({"label", "table_label"})

    def run(self, report: Report) -> Iterator[Finding]:
        base = common_values(report)
        for name in self.tables:
            table = getattr(report.tables, name, None)
            if table is None:
                continue
            table_label = TABLE_LABELS.get(name, name)
            values = {**base, "scope": table_label, "table_label": table_label}
            for text, span in table.old_format_labels:
                yield span, {**values, "label": text}, None
            if table.format != "2019":
                continue
            if name == "disclosure":
                row = table.rows.get("normative_documents")
                if row is not None and row.label_span is not None:
                    label = "".join(row.label.split())
                    if label == "规范性文件":
                        yield row.label_span, {**values, "label": label}, None
            elif name == "applications":
                single = table.subtotals.get("other")
                has_items = any(key.startswith("other.") for key in table.rows)
                if single is not None and not has_items and single.label_span is not None:
                    label = "（六）其他处理（单行，无子项）"
                    yield single.label_span, {**values, "label": label}, None
