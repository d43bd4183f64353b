"""Compiled expressions (``compile_evaluator``) compute exactly what the tree walk (``evaluate``)
computes: over every expression of the real rule packs on the seed reports and the rules' own
examples, and over random expressions on hand-built tables whose cells are blank, unreadable,
missing, misaligned or absent."""

from __future__ import annotations

from decimal import Decimal
from itertools import product
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.model import Cell, Report, Row, SourceText, Table, Tables, Title
from giar_lint.model.catalogue import APPLICANT_COLUMNS, APPLICATION_ROW_KEYS
from giar_lint.parse import parse_text
from giar_lint.rules.yaml import load_rule_paths
from giar_lint.rules.yaml.checks import AssertCheck
from giar_lint.rules.yaml.expr import (
    Domain,
    Env,
    Scope,
    compile_evaluator,
    compile_expression,
    evaluate,
)

ROOT = Path(__file__).resolve().parent.parent
RULE_PACKS = (ROOT / "rules", ROOT / "examples" / "provincial-rules")
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and (a == b or (a is None and b is None))


def _reports_for(rules: list) -> list[Report]:
    reports = [parse_text(p.read_text(encoding="utf-8"), str(p)) for p in SEEDS]
    for rule in rules:
        for i, text in enumerate((*rule.meta.examples_pass, *rule.meta.examples_fail)):
            reports.append(parse_text(text, f"<{rule.meta.code} example {i}>"))
    return reports


def test_rule_pack_expressions_compile_to_the_same_values() -> None:
    rules = [r for pack in RULE_PACKS for r in load_rule_paths([pack])]
    checked = 0
    for report in _reports_for(rules):
        for rule in rules:
            if rule.condition is not None:
                env = Env(report)
                assert _same(compile_evaluator(rule.condition)(env), evaluate(rule.condition, env))
            impl = rule.impl
            if not isinstance(impl, AssertCheck):
                continue
            names = list(impl.variables)
            domains = [impl.variables[n].values(report) for n in names]
            for combo in product(*domains):
                walked = Env(report, dict(zip(names, combo, strict=True)))
                compiled = Env(report, dict(zip(names, combo, strict=True)))
                for name, let in impl.lets.items():
                    walked.lets[name] = evaluate(let, walked)
                    compiled.lets[name] = compile_evaluator(let)(compiled)
                    assert _same(compiled.lets[name], walked.lets[name]), (rule.meta.code, name)
                for expr in (impl.expr, impl.expr.left, impl.expr.right):  # type: ignore[attr-defined]
                    assert _same(compile_evaluator(expr)(compiled), evaluate(expr, walked))
                checked += 1
    assert checked > 1000  # the seeds' tables are really walked


# -- random expressions over hand-built tables -------------------------------------------------

SOURCE = SourceText("<model>", "x" * 200)
SPAN = SOURCE.span(0, 1)
ROWS = (
    "new",
    "carried_over",
    "total",
    "withheld.state_secret",
    "withheld.other",
    "carried_forward",
)
STATUSES = ("ok", "ok", "ok", "blank", "slash", "invalid", "missing")


@st.composite
def cells(draw: st.DrawFn) -> Cell:
    status = draw(st.sampled_from(STATUSES))
    if status == "ok":
        value = draw(st.one_of(st.integers(-5, 50), st.decimals("0", "20", places=1)))
        return Cell(value, str(value), "ok", SPAN)
    return Cell(None, "", status, None if status == "missing" else SPAN)  # type: ignore[arg-type]


@st.composite
def reports(draw: st.DrawFn) -> Report:
    rows = {}
    for key in draw(st.lists(st.sampled_from(ROWS), unique=True)):
        width = draw(st.sampled_from((7, 7, 7, 6)))
        row_cells = tuple(draw(cells()) for _ in range(width))
        read = draw(st.sampled_from((width, width, 3, 0)))
        rows[key] = Row(key, key, SPAN, row_cells, read_count=read)
    subtotals = {}
    if draw(st.booleans()):
        row_cells = tuple(draw(cells()) for _ in range(7))
        subtotals["withheld"] = Row("withheld", "withheld", SPAN, row_cells, read_count=7)
    table = Table("applications", "2021", APPLICANT_COLUMNS, rows, SPAN, subtotals=subtotals)
    tables = Tables(applications=table) if draw(st.booleans()) or rows else Tables()
    year = draw(st.sampled_from((None, 2019, 2023)))
    title = Title("某县报告", "某县", year, SPAN) if year is not None else None
    fmt = draw(st.sampled_from(("2021", "2019")))
    return Report(SOURCE, title, fmt, (), (), tables)  # type: ignore[arg-type]


REFS = (
    "applications.new[c]",
    "applications.total[total]",
    "applications.{r}[c]",
    "applications.{r}[0]",
    "applications.withheld.state_secret[natural_person]",
    "applications.subtotals.withheld[c]",
    "applications.subtotals.withheld[0]",
    "applications.{r}[other]",
    "x",
    "year",
    "1",
    "2.5",
    "0",
)
MULTI = (
    "applications.{r}[*]",
    "applications.withheld.*[c]",
    "applications.new[total, other]",
    "applications.{r}[c, total]",
    "applications.withheld.*[total]",
    "applications.subtotals.withheld[*]",
)


def values() -> st.SearchStrategy[str]:
    leaves = st.sampled_from(REFS)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from("+-*/"), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda e: f"-{e}"),
            st.tuples(st.sampled_from(("sum", "min", "max")), st.sampled_from(MULTI), inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
            inner.map(lambda e: f"abs({e})"),
            st.tuples(inner, inner).map(lambda t: f"coalesce({t[0]}, {t[1]})"),
        )

    return st.recursive(leaves, extend, max_leaves=6)


def assertions() -> st.SearchStrategy[str]:
    compare = st.tuples(values(), st.sampled_from(("==", "!=", "<", ">=")), values())
    return compare.map(lambda t: f"{t[0]} {t[1]} {t[2]}")


SCOPE = Scope(
    variables={"c": Domain("applications", "columns"), "r": Domain("applications", "rows")},
    lets={"x": compile_expression("1", "value", Scope())},
)


@settings(max_examples=150, deadline=None)
@given(
    assertions(),
    reports(),
    st.sampled_from(APPLICANT_COLUMNS),
    st.sampled_from(APPLICATION_ROW_KEYS),
)
def test_random_expressions_compile_to_the_same_values(
    text: str, report: Report, column: str, row_key: str
) -> None:
    expr = compile_expression(text, "assertion", SCOPE)
    bindings = {"c": column, "r": row_key}
    walked = Env(report, bindings, {"x": Decimal("1.5")})
    compiled = Env(report, bindings, {"x": Decimal("1.5")})
    assert _same(compile_evaluator(expr)(compiled), evaluate(expr, walked)), text
    assert _same(compile_evaluator(expr.left)(compiled), evaluate(expr.left, walked))  # type: ignore[attr-defined]


@settings(max_examples=30, deadline=None)
@given(
    reports(),
    st.sampled_from(
        (
            "year >= 2021",
            'format != "2007" and year < 2022',
            'not (year == 2019 or format == "2019")',
        )
    ),
)
def test_conditions_compile_to_the_same_values(report: Report, text: str) -> None:
    expr = compile_expression(text, "condition", Scope(conditions_only=True))
    assert _same(compile_evaluator(expr)(Env(report)), evaluate(expr, Env(report)))
