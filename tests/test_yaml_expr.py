"""The expression language: grammar, checks against the table catalogue, and evaluation over
hand-built report models (blank cells count as 0, unreadable ones make an identity undecidable)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giar_lint.model import Cell, Report, Row, SourceText, Table, Tables, Title
from giar_lint.model.catalogue import APPLICANT_COLUMNS, APPLICATION_ROW_KEYS, REVIEW_COLUMNS
from giar_lint.rules.yaml.expr import (
    CellRef,
    Domain,
    Env,
    ExprError,
    Scope,
    compile_expression,
    evaluate,
)

SOURCE = SourceText("<model>", "x" * 200)
SPAN = SOURCE.span(0, 1)


def cell(value: object, status: str = "ok") -> Cell:
    if status in ("blank", "slash", "dash", "invalid", "missing"):
        return Cell(None, "", status, None if status == "missing" else SPAN)  # type: ignore[arg-type]
    return Cell(value, str(value), status, SPAN)  # type: ignore[arg-type]


def row(key: str, values: list[object]) -> Row:
    cells = tuple(v if isinstance(v, Cell) else cell(v) for v in values)
    return Row(key, key, SPAN, cells, read_count=len(cells))


def report(
    applications: dict[str, list[object]] | None = None,
    review: dict[str, list[object]] | None = None,
    subtotals: dict[str, list[object]] | None = None,
    year: int | None = 2023,
    fmt: str = "2021",
) -> Report:
    tables = Tables(
        applications=Table(
            "applications",
            "2021",
            APPLICANT_COLUMNS,
            {k: row(k, v) for k, v in applications.items()},
            SPAN,
            subtotals={k: row(k, v) for k, v in (subtotals or {}).items()},
        )
        if applications is not None
        else None,
        review_litigation=Table(
            "review_litigation",
            "2021",
            REVIEW_COLUMNS,
            {k: row(k, v) for k, v in review.items()},
            SPAN,
        )
        if review is not None
        else None,
    )
    title = Title("某县2023年报告", "某县", year, SPAN) if year is not None else None
    return Report(SOURCE, title, fmt, (), (), tables)  # type: ignore[arg-type]


COLS = Scope(variables={"c": Domain("applications", "columns")})
BALANCE = (
    "applications.new[c] + applications.carried_over[c] == "
    "applications.total[c] + applications.carried_forward[c]"
)


def check_all(expr_text: str, rep: Report, scope: Scope = COLS) -> list[object]:
    expr = compile_expression(expr_text, "assertion", scope)
    var, domain = next(iter(scope.variables.items()))
    return [evaluate(expr, Env(rep, {var: key})) for key in domain.values(rep)]


def full(values: dict[str, int]) -> dict[str, list[object]]:
    """Table 三 where every row has ``values[key]`` in the natural-person and total columns."""
    return {k: [values.get(k, 0), 0, 0, 0, 0, 0, values.get(k, 0)] for k in APPLICATION_ROW_KEYS}


def test_balance_holds_and_fails() -> None:
    good = full({"new": 5, "carried_over": 1, "granted": 4, "total": 4, "carried_forward": 2})
    assert check_all(BALANCE, report(good)) == [True] * 7
    bad = dict(good, carried_forward=[3, 0, 0, 0, 0, 0, 2])
    assert check_all(BALANCE, report(bad)) == [False] + [True] * 6


def test_blank_slash_dash_count_as_zero() -> None:
    values = full({"new": 2, "total": 2})
    values["carried_over"] = [
        cell(None, "blank"),
        cell(None, "slash"),
        cell(None, "dash"),
        0,
        0,
        0,
        0,
    ]
    assert check_all(BALANCE, report(values)) == [True] * 7


def test_unreadable_cell_or_missing_row_or_table_is_undecidable() -> None:
    values = full({"new": 2, "total": 3})
    values["carried_over"] = [cell(None, "invalid"), 0, 0, 0, 0, 0, 0]
    assert check_all(BALANCE, report(values))[0] is None
    values = full({"new": 2, "total": 3})
    del values["carried_forward"]
    assert check_all(BALANCE, report(values)) == [None] * 7
    assert check_all(BALANCE, report(None)) == [None] * 7


def test_missing_cell_is_undecidable() -> None:
    values = full({})
    values["new"] = [0, 0, 0, 0, 0, 0, cell(None, "missing")]
    assert check_all(BALANCE, report(values))[6] is None


def test_wildcard_rows_and_column_lists_in_sum() -> None:
    values = full({"withheld.state_secret": 1, "withheld.inquiry_matters": 2, "total": 3})
    expr = "applications.total[c] == sum(applications.withheld.*[c])"
    assert check_all(expr, report(values))[0] is True
    rows = Scope(variables={"r": Domain("applications", "rows")})
    row_total = (
        "applications.{r}[total] == sum(applications.{r}[natural_person, commercial, research,"
        " public_interest, legal_services, other])"
    )
    results = check_all(row_total, report(values), rows)
    assert results == [True] * len(APPLICATION_ROW_KEYS)
    values["granted"] = [1, 1, 0, 0, 0, 0, 1]
    results = check_all(row_total, report(values), rows)
    assert results[APPLICATION_ROW_KEYS.index("granted")] is False


def test_subtotals_and_coalesce() -> None:
    values = full({"withheld.third_party": 2})
    rep = report(values, subtotals={"withheld": [2, 0, 0, 0, 0, 0, 2]})
    scope = Scope(
        variables={"g": Domain("applications", "subtotals"), "c": Domain("applications", "columns")}
    )
    expr = compile_expression(
        "applications.subtotals.{g}[c] == sum(applications.{g}.*[c])", "assertion", scope
    )
    assert Domain("applications", "subtotals").values(rep) == ("withheld",)
    assert evaluate(expr, Env(rep, {"g": "withheld", "c": "total"})) is True
    # 2019 format: no other.* rows, a single （六）其他处理 row instead.
    values = {k: v for k, v in full({"total": 1}).items() if not k.startswith("other.")}
    rep = report(values, subtotals={"other": [1, 0, 0, 0, 0, 0, 1]})
    value = compile_expression(
        "coalesce(sum(applications.other.*[c]), applications.subtotals.other[c])", "value", COLS
    )
    assert evaluate(value, Env(rep, {"c": "total"})) == 1


def test_review_groups() -> None:
    scope = Scope(variables={"g": Domain("review_litigation", "rows")})
    expr = (
        "review_litigation.{g}[upheld] + review_litigation.{g}[corrected] + "
        "review_litigation.{g}[other] + review_litigation.{g}[pending] == "
        "review_litigation.{g}[total]"
    )
    rep = report(
        review={
            "review": [10, 1, 0, 0, 0],
            "litigation_direct": [0, 0, 0, 0, 0],
            "litigation_after_review": [5, 0, 0, 0, 5],
        }
    )
    assert check_all(expr, rep, scope) == [False, True, True]


def test_decimal_arithmetic() -> None:
    rep = report(full({}))
    expr = compile_expression("1.5 + 2 * 3 - 10 / 4", "value", Scope())
    assert evaluate(expr, Env(rep)) == Decimal("5.0")
    assert evaluate(compile_expression("1 / 0", "value", Scope()), Env(rep)) is None


@pytest.mark.parametrize(
    ("text", "year", "fmt", "expected"),
    [
        ("year >= 2021", 2023, "2021", True),
        ("year >= 2021", 2020, "2019", False),
        ("year >= 2021", None, "2021", None),
        ("year >= 2021 or format == '2021'", None, "2021", True),
        ('year >= 2021 and format != "2007"', None, "2021", None),
        ("not (year < 2019)", 2019, "2019", True),
        ("format == '2007'", 2010, "2007", True),
    ],
)
def test_conditions_are_three_valued(
    text: str, year: int | None, fmt: str, expected: object
) -> None:
    expr = compile_expression(text, "condition", Scope(conditions_only=True))
    assert evaluate(expr, Env(report(None, year=year, fmt=fmt))) is expected


@pytest.mark.parametrize(
    ("text", "kind", "column", "needle"),
    [
        ("applications.new[c] +", "assertion", 22, "不完整"),
        ("applications.new[c] == applications.totl[c]", "assertion", 24, "totl"),
        ("applications.new[x] == 1", "assertion", 18, "没有列“x”"),
        ("tables.new[c] == 1", "assertion", 1, "未知的表"),
        ("applications.new[c] # 1", "assertion", 21, "无法识别"),
        ("applications.new == 1", "assertion", 1, "缺少列"),
        ("applications.new[c] == 1 == 2", "assertion", 26, "不应出现"),
        ("applications.withheld.*[c] == 1", "assertion", 1, "多个单元格"),
        ("abs(applications.withheld.*[c])", "value", 5, "多个单元格"),
        ("evil(1)", "value", 1, "未知函数"),
        ("__import__", "value", 1, "未知的名称"),
        ("applications.new[c] > 1", "condition", 1, "不能引用"),
        ("applications.{c}[total] == 1", "assertion", 1, "应写在 [ ] 中"),
        ("applications.new[9] == 1", "assertion", 18, "第 9 列"),
        ("applications.nope.*[c] == 1", "assertion", 1, "nope"),
    ],
)
def test_expression_errors_point_at_the_column(
    text: str, kind: str, column: int, needle: str
) -> None:
    scope = COLS if kind != "condition" else Scope(conditions_only=True)
    with pytest.raises(ExprError) as info:
        compile_expression(text, kind, scope)
    assert needle in info.value.message
    assert (info.value.line, info.value.column) == (1, column)


def test_cell_reference_text_is_kept() -> None:
    expr = compile_expression("applications.total[c]", "value", COLS)
    assert isinstance(expr, CellRef)
    assert expr.text == "applications.total[c]"
    assert not expr.multi


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=list("applicationsnewtotal.[]{}()*+-/=<>!c r0123456789,'\"_ "), max_size=60)
)
def test_arbitrary_expressions_give_expr_error_or_an_expression(text: str) -> None:
    for kind in ("assertion", "value", "condition"):
        try:
            expr = compile_expression(
                text, kind, COLS if kind != "condition" else Scope(conditions_only=True)
            )
        except ExprError as error:
            assert error.line >= 1 and error.column >= 1
            continue
        for key in ("natural_person", "total"):
            evaluate(expr, Env(report(full({"new": 1})), {"c": key}))
