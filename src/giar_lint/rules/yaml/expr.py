"""The expression language of YAML rules: parsing (``grammars/expr.lark``, LALR), checking
against the table catalogue, and evaluation by walking the tree (never ``eval``).

Values are numbers (``int`` or ``Decimal``), strings, or :data:`UNKNOWN` (``None``): a cell that
could not be read, a missing row or table. Arithmetic with an unknown value is unknown, and a
comparison with an unknown side is unknown, so an assertion over unreadable cells stays silent.
Conditions (``when:``) use three-valued logic: ``unknown or true`` is true, ``unknown and true``
is unknown, and a rule applies only when its condition is true.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any, get_args

from giar_lint.model import catalogue as cat
from giar_lint.model.report import FormatName
from giar_lint.rules.yaml.records import MutableRecord, Record

if TYPE_CHECKING:
    from lark import Lark, Tree

    from giar_lint.model.report import Cell, Report, Row, Table

UNKNOWN = None
Number = int | Decimal
Value = Number | str | None

# --------------------------------------------------------------------------- tables

TABLE_LABELS: dict[str, str] = {
    "disclosure": "表二",
    "applications": "表三",
    "review_litigation": "表四",
}

#: Row keys of each table in catalogue order (subtotals are addressed as ``subtotals.<group>``).
TABLE_ROWS: dict[str, tuple[str, ...]] = {
    "disclosure": tuple(k for k, _, _ in cat.DISCLOSURE_ROWS),
    "applications": cat.APPLICATION_ROW_KEYS,
    "review_litigation": tuple(k for k, _ in cat.REVIEW_GROUPS),
}
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "disclosure": (),
    "applications": cat.APPLICANT_COLUMNS,
    "review_litigation": cat.REVIEW_COLUMNS,
}
#: Most cells a row of the table has (bounds integer column indexes).
TABLE_WIDTH: dict[str, int] = {"disclosure": 3, "applications": 7, "review_litigation": 5}
TABLE_GROUPS: dict[str, tuple[str, ...]] = {
    "disclosure": (),
    "applications": tuple(k for k in cat.APPLICATION_GROUPS if k != "results"),
    "review_litigation": (),
}


def _short_label(label: str) -> str:
    """A row label without its numbering and parenthesised remarks, for messages."""
    text = label
    for sep in ("、", "."):
        head, found, rest = text.partition(sep)
        if found and len(head) <= 3:
            text = rest
            break
    if text.startswith("（") and "）" in text[:4]:
        text = text[text.index("）") + 1 :]
    if "（" in text:
        text = text[: text.index("（")]
    return text


ROW_LABELS: dict[str, dict[str, str]] = {
    "disclosure": {k: label for k, label, _ in cat.DISCLOSURE_ROWS},
    "applications": {k: _short_label(v) for k, v in cat.APPLICATION_ROW_LABELS.items()},
    "review_litigation": dict(cat.REVIEW_GROUPS),
}
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "disclosure": {},
    "applications": dict(cat.APPLICANT_COLUMN_LABELS),
    "review_litigation": dict(cat.REVIEW_COLUMN_LABELS),
}
GROUP_LABELS: dict[str, str] = {k: _short_label(v) for k, v in cat.APPLICATION_GROUPS.items()}

#: Quantifier domains: ``for: {c: applications.columns}``.
DOMAIN_KINDS = ("columns", "rows", "subtotals")


class Domain(Record):
    """The keys a quantifier variable ranges over: a table's columns, rows or subtotals."""

    _fields = ("table", "kind")
    table: str
    kind: str  # columns | rows | subtotals

    def __init__(self, table: str, kind: str) -> None:
        self.__dict__.update(table=table, kind=kind)

    def values(self, report: Report) -> tuple[str, ...]:
        """The keys the variable takes: column keys; the catalogue's row keys followed by
        ``subtotals.<group>`` for each subtotal row the report has; or the subtotal groups."""
        if self.kind == "columns":
            return TABLE_COLUMNS[self.table]
        table = getattr(report.tables, self.table, None)
        subtotals = tuple(table.subtotals) if table is not None else ()
        if self.kind == "rows":
            return TABLE_ROWS[self.table] + tuple(f"subtotals.{g}" for g in subtotals)
        return subtotals

    def label(self, key: str) -> str:
        if self.kind == "columns":
            return COLUMN_LABELS[self.table].get(key, key)
        if self.kind == "rows":
            head, _, group = key.partition(".")
            if head == "subtotals":
                return GROUP_LABELS.get(group, group)
            return ROW_LABELS[self.table].get(key, key)
        return GROUP_LABELS.get(key, key)


# --------------------------------------------------------------------------- syntax tree


class ExprError(Exception):
    """A problem in an expression, at a 1-based (line, column) inside the expression text."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Expr(Record):
    """A node of an expression tree, at a 1-based position in the expression text."""

    _fields = ("line", "column")
    line: int
    column: int

    def __init__(self, line: int, column: int) -> None:
        self.__dict__.update(line=line, column=column)


class Num(Expr):
    """A number literal."""

    _fields = ("line", "column", "value")
    value: Number

    def __init__(self, line: int, column: int, value: Number) -> None:
        self.__dict__.update(line=line, column=column, value=value)


class Str(Expr):
    """A string literal."""

    _fields = ("line", "column", "value")
    value: str

    def __init__(self, line: int, column: int, value: str) -> None:
        self.__dict__.update(line=line, column=column, value=value)


class Name(Expr):
    """``year``, ``format``, or a ``let:`` value."""

    _fields = ("line", "column", "name")
    name: str

    def __init__(self, line: int, column: int, name: str) -> None:
        self.__dict__.update(line=line, column=column, name=name)


class CellRef(Expr):
    """``table.row.path[columns]``; ``multi`` when it names several cells."""

    _fields = ("line", "column", "table", "segments", "columns", "multi", "text")
    _compared = ("line", "column", "table", "segments", "columns", "multi")
    table: str
    segments: tuple[tuple[str, str], ...]  # ("name", key) | ("star", "") | ("var", name)
    columns: tuple[
        tuple[str, str | int], ...
    ]  # ("var", n) | ("name", key) | ("index", i) | ("star", "")
    multi: bool
    text: str

    def __init__(
        self,
        line: int,
        column: int,
        table: str,
        segments: tuple[tuple[str, str], ...],
        columns: tuple[tuple[str, str | int], ...],
        multi: bool,
        text: str = "",
    ) -> None:
        self.__dict__.update(
            line=line,
            column=column,
            table=table,
            segments=segments,
            columns=columns,
            multi=multi,
            text=text,
        )


class BinOp(Expr):
    """An arithmetic operation: ``+``, ``-``, ``*`` or ``/``."""

    _fields = ("line", "column", "op", "left", "right")
    op: str
    left: Expr
    right: Expr

    def __init__(self, line: int, column: int, op: str, left: Expr, right: Expr) -> None:
        self.__dict__.update(line=line, column=column, op=op, left=left, right=right)


class Neg(Expr):
    """A negated value."""

    _fields = ("line", "column", "operand")
    operand: Expr

    def __init__(self, line: int, column: int, operand: Expr) -> None:
        self.__dict__.update(line=line, column=column, operand=operand)


class Call(Expr):
    """A call of one of :data:`FUNCTIONS`."""

    _fields = ("line", "column", "func", "args")
    func: str
    args: tuple[Expr, ...]

    def __init__(self, line: int, column: int, func: str, args: tuple[Expr, ...]) -> None:
        self.__dict__.update(line=line, column=column, func=func, args=args)


class Compare(Expr):
    """A comparison of two values."""

    _fields = ("line", "column", "op", "left", "right")
    op: str
    left: Expr
    right: Expr

    def __init__(self, line: int, column: int, op: str, left: Expr, right: Expr) -> None:
        self.__dict__.update(line=line, column=column, op=op, left=left, right=right)


class Logic(Expr):
    """``and``, ``or`` (two arguments) or ``not`` (one)."""

    _fields = ("line", "column", "op", "args")
    op: str  # and | or | not
    args: tuple[Expr, ...]

    def __init__(self, line: int, column: int, op: str, args: tuple[Expr, ...]) -> None:
        self.__dict__.update(line=line, column=column, op=op, args=args)


FUNCTIONS: dict[str, tuple[int, int | None]] = {
    # name: (min args, max args or None)
    "sum": (1, None),
    "min": (1, None),
    "max": (1, None),
    "abs": (1, 1),
    "coalesce": (1, None),
}
MULTI_OK = frozenset({"sum", "min", "max"})
CONDITION_NAMES = frozenset({"year", "format"})
#: The values ``format`` takes.
FORMAT_NAMES: tuple[str, ...] = get_args(FormatName)
_NUMBER_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@cache
def _parser() -> Lark:
    """The LALR parser of ``grammars/expr.lark``, built once per process; lark also caches the
    grammar analysis on disk (``cache=True``, a file in the temporary directory keyed by the
    grammar's hash), which makes a cold start cheap."""
    from lark import Lark

    from giar_lint.resources import read_data_text

    text = read_data_text("grammars/expr.lark")
    options: dict[str, Any] = {
        "parser": "lalr",
        "start": ["start_assertion", "start_value", "start_condition"],
        "propagate_positions": True,
        "maybe_placeholders": False,
    }
    try:
        return Lark(text, cache=True, **options)
    except Exception:  # an unusable on-disk cache must not stop loading rules
        return Lark(text, **options)


def _parse(text: str, start: str) -> Tree:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

    if not isinstance(text, str) or not text.strip():
        raise ExprError("表达式为空")
    if len(text) > 4000:
        raise ExprError("表达式过长（上限 4000 个字符）")
    try:
        return _parser().parse(text, start=start)
    except UnexpectedCharacters as exc:
        char = text[exc.pos_in_stream]
        raise ExprError(f"表达式中无法识别的字符“{char}”", exc.line, exc.column) from None
    except UnexpectedEOF:
        lines = text.split("\n")
        raise ExprError("表达式不完整", len(lines), len(lines[-1]) + 1) from None
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        if token is not None and getattr(token, "type", "") == "$END":
            lines = text.split("\n")
            raise ExprError("表达式不完整", len(lines), len(lines[-1]) + 1) from None
        what = f"“{token}”" if token is not None and str(token) else "结尾"
        line = getattr(exc, "line", 1)
        column = getattr(exc, "column", 1)
        if not isinstance(line, int) or line < 1:
            lines = text.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
        raise ExprError(f"表达式语法错误：此处不应出现{what}", line, column) from None
    except RecursionError:
        raise ExprError("表达式嵌套过深") from None


def _shown(expr: Expr) -> str:
    """How an operand reads in a message: a literal or a name as written, else ""."""
    if isinstance(expr, Str):
        return f'"{expr.value}"'
    if isinstance(expr, Num):
        return str(expr.value)
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, CellRef):
        return expr.text
    return ""


class Scope(MutableRecord):
    """What names an expression may use while it is checked."""

    _fields = ("variables", "lets", "conditions_only")

    def __init__(
        self,
        variables: dict[str, Domain] | None = None,
        lets: dict[str, Expr] | None = None,
        conditions_only: bool = False,
    ) -> None:
        #: quantifier variables
        self.variables: dict[str, Domain] = {} if variables is None else variables
        self.lets: dict[str, Expr] = {} if lets is None else lets
        self.conditions_only = conditions_only


def _pos(tree: Any) -> tuple[int, int]:
    meta = getattr(tree, "meta", None)
    if meta is not None and not getattr(meta, "empty", True):
        return meta.line, meta.column
    line = getattr(tree, "line", None)
    if line is not None:
        return line, tree.column
    return 1, 1


class _Builder:
    def __init__(self, scope: Scope, source: str) -> None:
        self.scope = scope
        self.source = source

    def build(self, tree: Any) -> Expr:
        from lark import Token

        if isinstance(tree, Token):
            raise ExprError(f"此处不应出现“{tree}”", *_pos(tree))
        line, column = _pos(tree)
        kind = tree.data
        ch = tree.children
        if kind in ("start_assertion", "compare"):
            left, op, right = self.build(ch[0]), ch[1], self.build(ch[2])
            self._scalar(left)
            self._scalar(right)
            self._comparable(left, right)
            return Compare(line, column, str(op), left, right)
        if kind in ("start_value", "start_condition"):
            return self.build(ch[0])
        if kind in ("or_", "and_"):
            return Logic(line, column, kind[:-1], (self.build(ch[0]), self.build(ch[1])))
        if kind == "not_":
            return Logic(line, column, "not", (self.build(ch[0]),))
        if kind in ("add", "sub", "mul", "div"):
            op = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[kind]
            left, right = self.build(ch[0]), self.build(ch[1])
            self._scalar(left)
            self._scalar(right)
            self._numeric(left, right)
            return BinOp(line, column, op, left, right)
        if kind == "neg":
            operand = self.build(ch[0])
            self._scalar(operand)
            self._numeric(operand)
            return Neg(line, column, operand)
        if kind == "number":
            text = str(ch[0])
            return Num(line, column, Decimal(text) if "." in text else int(text))
        if kind == "string":
            return Str(line, column, str(ch[0])[1:-1])
        if kind == "call":
            return self._call(tree, line, column)
        if kind == "ref":
            return self._ref(tree, line, column)
        raise ExprError("无法理解的表达式", line, column)

    def _scalar(self, expr: Expr) -> None:
        if isinstance(expr, CellRef) and expr.multi:
            raise ExprError(
                f"“{expr.text}”表示多个单元格，只能放在 sum()、min()、max() 中",
                expr.line,
                expr.column,
            )

    def _type(self, expr: Expr) -> str | None:
        """``"number"`` or ``"string"``: what ``expr`` gives when it is known; None when that
        depends on the report (``coalesce`` of a number and a string)."""
        if isinstance(expr, Str):
            return "string"
        if isinstance(expr, Name):
            if expr.name in self.scope.lets:
                return self._type(self.scope.lets[expr.name])
            return "string" if expr.name == "format" else "number"
        if isinstance(expr, Call) and expr.func == "coalesce":
            types = {self._type(a) for a in expr.args}
            return types.pop() if len(types) == 1 else None
        return "number"

    def _comparable(self, left: Expr, right: Expr) -> None:
        # A comparison that can never be true is a mistake in the rule, not a rule that stays
        # silent: a number against a string, or the format against a format that does not exist.
        for a, b in ((left, right), (right, left)):
            if isinstance(a, Name) and a.name == "format" and isinstance(b, Str):
                if b.value not in FORMAT_NAMES:
                    known = "、".join(f'"{f}"' for f in FORMAT_NAMES)
                    raise ExprError(
                        f'报告格式 format 只能是 {known}，不会是 "{b.value}"', b.line, b.column
                    )
        types = (self._type(left), self._type(right))
        if None in types or types[0] == types[1]:
            return
        number, string = (left, right) if types[0] == "number" else (right, left)
        at = string if isinstance(string, Str) else number if isinstance(number, Num) else left
        hint = ""
        if isinstance(string, Str) and _NUMBER_TEXT.fullmatch(string.value):
            hint = f"（数字不加引号：{string.value}）"
        elif isinstance(string, Name) and string.name == "format" and isinstance(number, Num):
            hint = f'（格式要加引号："{number.value}"）'
        shown_number, shown_string = _shown(number), _shown(string)
        raise ExprError(
            "不能比较数字和字符串："
            f"{f'{shown_number} 是数字' if shown_number else '一边是数字'}，"
            f"{f'{shown_string} 是字符串' if shown_string else '另一边是字符串'}{hint}",
            at.line,
            at.column,
        )

    def _numeric(self, *operands: Expr) -> None:
        for operand in operands:
            if self._type(operand) == "string":
                shown = _shown(operand)
                raise ExprError(
                    f"字符串 {shown} 不能参与算术运算" if shown else "字符串不能参与算术运算",
                    operand.line,
                    operand.column,
                )

    def _call(self, tree: Any, line: int, column: int) -> Expr:
        name_token, *arg_trees = tree.children
        name = str(name_token)
        if self.scope.conditions_only:
            raise ExprError(f"条件中不能调用函数“{name}”", line, column)
        if name not in FUNCTIONS:
            known = "、".join(FUNCTIONS)
            raise ExprError(f"未知函数“{name}”（可用：{known}）", line, column)
        args = tuple(self.build(a) for a in arg_trees)
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            raise ExprError(f"函数“{name}”的参数个数不对", line, column)
        if name not in MULTI_OK:
            for a in args:
                self._scalar(a)
        return Call(line, column, name, args)

    def _ref(self, tree: Any, line: int, column: int) -> Expr:
        from lark import Token

        head, *rest = tree.children
        name = str(head)
        segments: list[tuple[str, str]] = []
        columns_tree = None
        for item in rest:
            if isinstance(item, Token):
                continue
            if item.data == "seg_name":
                segments.append(("name", str(item.children[0])))
            elif item.data == "seg_star":
                segments.append(("star", ""))
            elif item.data == "seg_var":
                segments.append(("var", str(item.children[0])))
            elif item.data == "columns":
                columns_tree = item
        meta = tree.meta
        text = name
        if not getattr(meta, "empty", True) and meta.start_pos is not None:
            text = self.source[meta.start_pos : meta.end_pos]
        if name not in TABLE_ROWS:
            if segments or columns_tree is not None:
                tables = "、".join(TABLE_ROWS)
                raise ExprError(f"未知的表“{name}”（可用：{tables}）", line, column)
            return self._name(name, line, column)
        if self.scope.conditions_only:
            raise ExprError("条件中不能引用表格单元格", line, column)
        return self._cell(name, segments, columns_tree, line, column, text)

    def _name(self, name: str, line: int, column: int) -> Expr:
        if name in self.scope.lets and not self.scope.conditions_only:
            return Name(line, column, name)
        if name in CONDITION_NAMES:
            return Name(line, column, name)
        if name in self.scope.variables:
            raise ExprError(
                f"变量“{name}”只能用在单元格引用中"
                f"（如 applications.{{{name}}}[total] 或 [{name}]）",
                line,
                column,
            )
        known = sorted(CONDITION_NAMES | set(self.scope.lets))
        raise ExprError(f"未知的名称“{name}”（可用：{'、'.join(known)}）", line, column)

    def _cell(
        self,
        table: str,
        segments: list[tuple[str, str]],
        columns_tree: Any,
        line: int,
        column: int,
        text: str,
    ) -> CellRef:
        if not segments:
            raise ExprError(
                f"“{text}”缺少行名（如 {table}.{TABLE_ROWS[table][0]}[...]）", line, column
            )
        if columns_tree is None:
            raise ExprError(f"“{text}”缺少列（如 [c]、[total] 或 [0]）", line, column)
        for i, (kind, value) in enumerate(segments):
            if kind == "star" and i != len(segments) - 1:
                raise ExprError("行名中的 * 只能放在最后", line, column)
            if kind == "var":
                domain = self.scope.variables.get(value)
                if domain is None:
                    raise ExprError(f"未定义的变量“{value}”（在 for: 中定义）", line, column)
                if domain.kind == "columns":
                    raise ExprError(f"变量“{value}”表示列，应写在 [ ] 中", line, column)
                if domain.table != table:
                    raise ExprError(
                        f"变量“{value}”属于表 {domain.table}，不是 {table}", line, column
                    )
        static = all(kind == "name" for kind, _ in segments)
        if static:
            key = ".".join(v for _, v in segments)
            if not self._known_row(table, key):
                raise ExprError(f"表 {table} 没有行“{key}”", line, column)
        elif segments[-1][0] == "star":
            prefix = ".".join(v for k, v in segments[:-1] if k == "name")
            if all(k == "name" for k, _ in segments[:-1]) and prefix:
                if not any(r.startswith(prefix + ".") for r in TABLE_ROWS[table]):
                    raise ExprError(f"表 {table} 没有以“{prefix}.”开头的行", line, column)
        cols: list[tuple[str, str | int]] = []
        for item in columns_tree.children:
            cline, ccol = _pos(item)
            if item.data == "col_star":
                cols.append(("star", ""))
            elif item.data == "col_index":
                index = int(str(item.children[0]))
                if index >= TABLE_WIDTH[table]:
                    raise ExprError(f"表 {table} 没有第 {index} 列（从 0 数起）", cline, ccol)
                cols.append(("index", index))
            else:
                cname = str(item.children[0])
                domain = self.scope.variables.get(cname)
                if domain is not None:
                    if domain.kind != "columns":
                        raise ExprError(f"变量“{cname}”表示行，应写在 {{ }} 中", cline, ccol)
                    if domain.table != table:
                        raise ExprError(
                            f"变量“{cname}”属于表 {domain.table}，不是 {table}", cline, ccol
                        )
                    cols.append(("var", cname))
                elif cname in TABLE_COLUMNS[table]:
                    cols.append(("name", cname))
                else:
                    known = "、".join(TABLE_COLUMNS[table]) or "0、1、2"
                    raise ExprError(f"表 {table} 没有列“{cname}”（可用：{known}）", cline, ccol)
        multi = any(k == "star" for k, _ in segments) or len(cols) > 1 or cols[0][0] == "star"
        return CellRef(line, column, table, tuple(segments), tuple(cols), multi, text)

    @staticmethod
    def _known_row(table: str, key: str) -> bool:
        if key in TABLE_ROWS[table]:
            return True
        head, _, group = key.partition(".")
        return head == "subtotals" and group in TABLE_GROUPS[table]


def compile_expression(text: str, kind: str, scope: Scope) -> Expr:
    """Parse and check ``text`` as an ``assertion``, a ``value`` or a ``condition``.

    Raises :class:`ExprError` with the position inside ``text``."""
    tree = _parse(text, f"start_{kind}")
    return _Builder(scope, text).build(tree)


def cell_refs(expr: Expr) -> Iterator[CellRef]:
    """The cell references in ``expr``, left to right."""
    if isinstance(expr, CellRef):
        yield expr
    elif isinstance(expr, BinOp | Compare):
        yield from cell_refs(expr.left)
        yield from cell_refs(expr.right)
    elif isinstance(expr, Neg):
        yield from cell_refs(expr.operand)
    elif isinstance(expr, Call | Logic):
        for a in expr.args:
            yield from cell_refs(a)


# --------------------------------------------------------------------------- evaluation


class Env(MutableRecord):
    """What an expression is evaluated against."""

    _fields = ("report", "bindings", "lets")

    def __init__(
        self,
        report: Report,
        bindings: Mapping[str, str] | None = None,
        lets: dict[str, Value] | None = None,
    ) -> None:
        self.report = report
        #: quantifier variable → key
        self.bindings: Mapping[str, str] = {} if bindings is None else bindings
        self.lets: dict[str, Value] = {} if lets is None else lets


def cell_value(cell: Cell | None) -> Number | None:
    """A cell's value for arithmetic: blank, ``/`` and ``—`` count as 0; unreadable is unknown."""
    if cell is None:
        return UNKNOWN
    if cell.status in ("blank", "slash", "dash"):
        return 0
    if cell.status in ("invalid", "missing"):
        return UNKNOWN
    return cell.value


def _table(report: Report, name: str) -> Table | None:
    return getattr(report.tables, name, None)


def _row(table: Table, key: str) -> Row | None:
    head, _, group = key.partition(".")
    if head == "subtotals" and group:
        return table.subtotals.get(group)
    return table.rows.get(key)


def row_is_aligned(row: Row) -> bool:
    """Whether the row's numbers can be trusted to sit in their columns: a row with more or
    fewer numbers than columns (T203) has them assigned by guesswork, so arithmetic over it
    cannot decide anything."""
    return not row.extra and not (0 < row.read_count < len(row.cells))


def _row_keys(ref: CellRef, env: Env) -> list[str]:
    parts: list[str] = []
    for kind, value in ref.segments:
        if kind == "name":
            parts.append(value)
        elif kind == "var":
            parts.append(env.bindings[value])
        else:
            prefix = ".".join(parts)
            rows = TABLE_ROWS[ref.table]
            if not prefix:
                return list(rows)
            return [r for r in rows if r.startswith(prefix + ".")]
    return [".".join(parts)]


def _column_indexes(ref: CellRef, env: Env, table: Table) -> list[int]:
    names = table.columns or TABLE_COLUMNS[ref.table]
    out: list[int] = []
    for kind, value in ref.columns:
        if kind == "star":
            out.extend(range(len(names) if names else TABLE_WIDTH[ref.table]))
            continue
        if kind == "index":
            out.append(int(value))
            continue
        key = env.bindings[str(value)] if kind == "var" else str(value)
        if key in names:
            out.append(names.index(key))
        else:
            out.append(-1)
    return out


def resolve_cells(ref: CellRef, env: Env) -> list[Cell | None] | None:
    """The cells ``ref`` names (``None`` entries for absent cells), or ``None`` when the table is
    absent."""
    table = _table(env.report, ref.table)
    if table is None:
        return None
    out: list[Cell | None] = []
    indexes = _column_indexes(ref, env, table)
    for key in _row_keys(ref, env):
        row = _row(table, key)
        if row is not None and not row_is_aligned(row):
            row = None
        for i in indexes:
            if row is None or i < 0 or i >= len(row.cells):
                out.append(None)
            else:
                out.append(row.cells[i])
    return out


def resolve_row(ref: CellRef, env: Env) -> Row | None:
    table = _table(env.report, ref.table)
    if table is None:
        return None
    keys = _row_keys(ref, env)
    return _row(table, keys[0]) if keys else None


def _values(expr: Expr, env: Env) -> list[Value]:
    if isinstance(expr, CellRef) and expr.multi:
        cells = resolve_cells(expr, env)
        if cells is None:
            return [UNKNOWN]
        return [cell_value(c) for c in cells]
    return [evaluate(expr, env)]


def _number(value: Value) -> Number | None:
    return value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None


def evaluate(expr: Expr, env: Env) -> Any:
    """The value of ``expr``: a number, a string, a truth value, or ``None`` when unknown."""
    if isinstance(expr, Num | Str):
        return expr.value
    if isinstance(expr, Name):
        if expr.name in env.lets:
            return env.lets[expr.name]
        if expr.name == "year":
            return env.report.year
        if expr.name == "format":
            return env.report.format
        return UNKNOWN
    if isinstance(expr, CellRef):
        cells = resolve_cells(expr, env)
        if not cells:
            return UNKNOWN
        return cell_value(cells[0])
    if isinstance(expr, Neg):
        value = _number(evaluate(expr.operand, env))
        return UNKNOWN if value is None else -value
    if isinstance(expr, BinOp):
        left = _number(evaluate(expr.left, env))
        right = _number(evaluate(expr.right, env))
        if left is None or right is None:
            return UNKNOWN
        return _ARITH[expr.op](left, right)
    if isinstance(expr, Call):
        return _call(expr, env)
    if isinstance(expr, Compare):
        left = evaluate(expr.left, env)
        right = evaluate(expr.right, env)
        if left is None or right is None:
            return UNKNOWN
        try:
            return _COMPARE[expr.op](left, right)
        except TypeError:
            return UNKNOWN
    if isinstance(expr, Logic):
        values = [evaluate(a, env) for a in expr.args]
        if expr.op == "not":
            return UNKNOWN if values[0] is None else not values[0]
        if expr.op == "and":
            if any(v is False for v in values):
                return False
            return UNKNOWN if any(v is None for v in values) else True
        if any(v is True for v in values):
            return True
        return UNKNOWN if any(v is None for v in values) else False
    return UNKNOWN


def _div(a: Number, b: Number) -> Number | None:
    if b == 0:
        return UNKNOWN
    try:
        return Decimal(a) / Decimal(b)
    except (InvalidOperation, ArithmeticError):
        return UNKNOWN


# The operator module's functions are the operators themselves, called without a Python frame.
_ARITH: dict[str, Callable[[Number, Number], Number | None]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _div,
}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _call(expr: Call, env: Env) -> Value:
    if expr.func == "coalesce":
        for arg in expr.args:
            value = evaluate(arg, env)
            if value is not None:
                return value
        return UNKNOWN
    values: list[Value] = []
    for arg in expr.args:
        values.extend(_values(arg, env))
    numbers = [_number(v) for v in values]
    if not numbers or any(n is None for n in numbers):
        return UNKNOWN
    nums: Sequence[Number] = [n for n in numbers if n is not None]
    if expr.func == "sum":
        total: Number = 0
        for n in nums:
            total = total + n
        return total
    if expr.func == "min":
        return min(nums)
    if expr.func == "max":
        return max(nums)
    if expr.func == "abs":
        return abs(nums[0])
    return UNKNOWN


# --------------------------------------------------------------------------- compiled evaluation

#: An expression compiled to a function of its environment (:func:`compile_evaluator`).
Evaluator = Callable[[Env], Any]


def compile_evaluator(expr: Expr) -> Evaluator:
    """A function computing what :func:`evaluate` computes for ``expr``, built once per rule:
    the tree is walked here rather than for every binding of every report, and whatever does
    not depend on the report (row keys, column names, operators) is looked up in advance."""
    if isinstance(expr, Num | Str):
        constant = expr.value
        return lambda env: constant
    if isinstance(expr, Name):
        return _compile_name(expr.name)
    if isinstance(expr, CellRef):
        return _compile_cell(expr)
    if isinstance(expr, Neg):
        operand = compile_evaluator(expr.operand)

        def neg(env: Env) -> Any:
            value = _number(operand(env))
            return UNKNOWN if value is None else -value

        return neg
    if isinstance(expr, BinOp):
        return _compile_binop(expr)
    if isinstance(expr, Call):
        return _compile_call(expr)
    if isinstance(expr, Compare):
        left, right = compile_evaluator(expr.left), compile_evaluator(expr.right)
        compare = compare_values(expr.op)
        return lambda env: compare(left(env), right(env))
    if isinstance(expr, Logic):
        return _compile_logic(expr)
    return lambda env: UNKNOWN


def compare_values(op: str) -> Callable[[Any, Any], Any]:
    """The comparison ``op`` of two evaluated sides, unknown when either side is."""
    test = _COMPARE[op]

    def compare(left: Any, right: Any) -> Any:
        if left is None or right is None:
            return UNKNOWN
        try:
            return test(left, right)
        except TypeError:
            return UNKNOWN

    return compare


def _compile_name(name: str) -> Evaluator:
    def value(env: Env) -> Any:
        lets = env.lets
        if name in lets:
            return lets[name]
        if name == "year":
            return env.report.year
        if name == "format":
            return env.report.format
        return UNKNOWN

    return value


def _compile_binop(expr: BinOp) -> Evaluator:
    left, right = compile_evaluator(expr.left), compile_evaluator(expr.right)
    arith = _ARITH[expr.op]

    def binop(env: Env) -> Any:
        a = left(env)
        b = right(env)
        if a.__class__ not in _NUMBER_TYPES:
            a = _number(a)
        if b.__class__ not in _NUMBER_TYPES:
            b = _number(b)
        if a is None or b is None:
            return UNKNOWN
        return arith(a, b)

    return binop


#: Exact classes :func:`_number` accepts as they are (subclasses take the slow path).
_NUMBER_TYPES = frozenset({int, Decimal})


def _compile_logic(expr: Logic) -> Evaluator:
    args = [compile_evaluator(a) for a in expr.args]
    op = expr.op

    def logic(env: Env) -> Any:
        values = [a(env) for a in args]
        if op == "not":
            return UNKNOWN if values[0] is None else not values[0]
        if op == "and":
            if any(v is False for v in values):
                return False
            return UNKNOWN if any(v is None for v in values) else True
        if any(v is True for v in values):
            return True
        return UNKNOWN if any(v is None for v in values) else False

    return logic


def _compile_call(expr: Call) -> Evaluator:
    func = expr.func
    if func == "coalesce":
        options = [compile_evaluator(a) for a in expr.args]

        def coalesce(env: Env) -> Any:
            for option in options:
                value = option(env)
                if value is not None:
                    return value
            return UNKNOWN

        return coalesce
    # Each argument gives the values of all cells of a multi-cell reference, or one value.
    parts: list[tuple[bool, Callable[[Env], Any]]] = []
    for arg in expr.args:
        if isinstance(arg, CellRef) and arg.multi:
            parts.append((True, _compile_cell_values(arg)))
        else:
            parts.append((False, compile_evaluator(arg)))

    def gather(env: Env) -> list[Value]:
        values: list[Value] = []
        for multi, part in parts:
            if multi:
                values += part(env)
            else:
                values.append(part(env))
        return values

    if func == "sum":

        def total(env: Env) -> Any:
            values: list[Value] = []
            for multi, part in parts:
                if multi:
                    values += part(env)
                else:
                    values.append(part(env))
            if not values:
                return UNKNOWN
            if _NUMBER_TYPES.issuperset(map(type, values)):
                # All plain numbers (the common case): the built-in sum adds them the same way,
                # left to right from 0, without a Python loop.
                return sum(values)  # type: ignore[arg-type]
            # Added as they come, left to right from 0, as the tree walk does; any value that is
            # not a number makes the sum unknown.
            result: Number = 0
            for v in values:
                if v.__class__ not in _NUMBER_TYPES:
                    v = _number(v)
                    if v is None:
                        return UNKNOWN
                result = result + v  # type: ignore[operator]
            return result

        return total

    def call(env: Env) -> Any:
        nums: list[Number] = []
        for v in gather(env):
            if v.__class__ not in _NUMBER_TYPES:
                v = _number(v)
                if v is None:
                    return UNKNOWN
            nums.append(v)  # type: ignore[arg-type]
        if not nums:
            return UNKNOWN
        if func == "min":
            return min(nums)
        if func == "max":
            return max(nums)
        if func == "abs":
            return abs(nums[0])
        return UNKNOWN

    return call


class _TableView:
    """What the compiled references read of one table, worked out once per table and shared by
    every reference of every rule (a report's assertions read each table many times).

    ``by_key`` maps a row key as a reference spells it (``total``, ``withheld.state_secret``,
    ``subtotals.withheld``) to the values of the row's cells (:func:`cell_value`), or to
    ``None`` for a row whose numbers are not aligned (:func:`row_is_aligned`); an absent row has
    no entry. ``where`` gives each column name's position, ``width`` the number of columns
    ``[*]`` stands for."""

    __slots__ = ("by_key", "table", "where", "width")

    def __init__(self, name: str, table: Table) -> None:
        self.table = table
        by_key: dict[str, tuple[Value, ...] | None] = {}
        for key, row in table.rows.items():
            head, _, group = key.partition(".")
            if head == "subtotals" and group:
                continue  # a reference with this spelling means a subtotal row
            by_key[key] = _row_content(row)
        for group, row in table.subtotals.items():
            if group:
                by_key[f"subtotals.{group}"] = _row_content(row)
        self.by_key = by_key
        names = table.columns or TABLE_COLUMNS[name]
        where: dict[str, int] = {}
        for i, column in enumerate(names):
            where.setdefault(column, i)
        self.where = where
        self.width = len(names) if names else TABLE_WIDTH[name]


def _row_content(row: Row) -> tuple[Value, ...] | None:
    if not row_is_aligned(row):
        return None
    # cell_value() inlined: this runs for every cell of every table of every report
    return tuple(
        [
            0
            if c.status in _ZERO_STATUSES
            else UNKNOWN
            if c.status in _UNKNOWN_STATUSES
            else c.value
            for c in row.cells
        ]
    )


_ZERO_STATUSES = frozenset({"blank", "slash", "dash"})
_UNKNOWN_STATUSES = frozenset({"invalid", "missing"})

#: Per table name, the view of the table seen last. An entry is replaced whole, so concurrent
#: callers never see a mixed state; it holds its table, so an identity test is safe.
_VIEWS: dict[str, _TableView] = {}


def _table_view(name: str, table: Table) -> _TableView:
    view = _VIEWS.get(name)
    if view is None or view.table is not table:
        view = _TableView(name, table)
        _VIEWS[name] = view
    return view


def _at(content: tuple[Value, ...] | None, index: int) -> Value:
    """The value at ``index`` of a row's values; unknown for an absent or unaligned row or a
    position past its end."""
    if content is None or not 0 <= index < len(content):
        return UNKNOWN
    return content[index]


class _RefShape:
    """The static parts of a cell reference, looked up once when it is compiled: how its rows
    and its columns are found."""

    __slots__ = (
        "column_var",
        "columns",
        "dynamic_row",
        "one_variable",
        "static_keys",
        "static_row",
        "table_name",
    )

    def __init__(self, ref: CellRef) -> None:
        self.table_name = ref.table
        segments = ref.segments
        #: the one row a reference without variables or ``*`` names
        self.static_row: str | None = None
        #: the rows a reference without variables names (``*`` expanded)
        self.static_keys: list[str] | None = None
        #: a row given by variables: (is a variable, name or key) per segment
        self.dynamic_row: tuple[tuple[bool, str], ...] | None = None
        #: the row is just a variable's key
        self.one_variable = ""
        if all(kind == "name" for kind, _ in segments):
            self.static_row = ".".join(v for _, v in segments)
            self.static_keys = [self.static_row]
        elif not any(kind == "var" for kind, _ in segments):
            self.static_keys = _row_keys(ref, Env(None))  # type: ignore[arg-type]
        elif not any(kind == "star" for kind, _ in segments):
            self.dynamic_row = tuple((kind == "var", value) for kind, value in segments)
            if len(segments) == 1:
                self.one_variable = segments[0][1]
        self.columns = ref.columns
        #: the columns are just one variable's key
        self.column_var = ""
        if len(ref.columns) == 1 and ref.columns[0][0] == "var":
            self.column_var = str(ref.columns[0][1])

    @property
    def static_columns(self) -> bool:
        return not any(kind == "var" for kind, _ in self.columns)

    def indexes(self, view: _TableView, bindings: Mapping[str, str] | None) -> list[int]:
        """Positions of the columns (for variables, their keys in ``bindings``)."""
        where = view.where
        out: list[int] = []
        for kind, value in self.columns:
            if kind == "var":
                out.append(where.get(bindings[str(value)], -1))  # type: ignore[index]
            elif kind == "name":
                out.append(where.get(str(value), -1))
            elif kind == "index":
                out.append(int(value))
            else:
                out.extend(range(view.width))
        return out

    def row_key(self, bindings: Mapping[str, str]) -> str:
        if self.one_variable:
            return bindings[self.one_variable]
        return ".".join(bindings[v] if is_var else v for is_var, v in self.dynamic_row)  # type: ignore[union-attr]


def _project(content: tuple[Value, ...] | None, indexes: list[int]) -> list[Value]:
    if content is None:  # absent or not aligned
        return [UNKNOWN] * len(indexes)
    n = len(content)
    return [content[i] if 0 <= i < n else UNKNOWN for i in indexes]


class _PerReport:
    """What a compiled reference worked out for the report it saw last: the view of its table
    and what ``prepare`` makes of that view (whatever depends on the table but not on the
    bindings), or ``None`` when the report has no such table.

    The assertions of a rule evaluate a reference for every binding of one report before the
    next report comes, so each evaluation only compares the report with the one seen last."""

    __slots__ = ("prepare", "seen", "table_name")

    def __init__(self, table_name: str, prepare: Callable[[_TableView], Any]) -> None:
        self.table_name = table_name
        self.prepare = prepare
        #: (report, found): a tuple replaced whole, so concurrent callers never see a mixed
        #: state; it holds its report, so an identity test is safe
        self.seen: tuple[Any, tuple[_TableView, Any] | None] = (None, None)

    def refresh(self, report: Report) -> tuple[_TableView, Any] | None:
        table = getattr(report.tables, self.table_name, None)
        found = None
        if table is not None:
            view = _table_view(self.table_name, table)
            found = (view, self.prepare(view))
        self.seen = (report, found)
        return found


def _no_preparation(view: _TableView) -> None:
    return None


def _compile_cell_lookup(
    ref: CellRef, absent: list[Value] | None = None
) -> Callable[[Env], Sequence[Value] | None]:
    """The values (:func:`cell_value`) of the cells :func:`resolve_cells` finds for ``ref``,
    ``absent`` without the table, with the static parts looked up once (and whatever depends
    only on the table once per report). The lists returned may be shared: read them, never
    change them."""
    shape = _RefShape(ref)
    static_keys = shape.static_keys
    if static_keys is not None and shape.static_columns:
        # Nothing depends on the bindings: the same values for every binding of the report.
        def constant(view: _TableView) -> list[Value]:
            indexes = shape.indexes(view, None)
            out: list[Value] = []
            for key in static_keys:
                out += _project(view.by_key.get(key), indexes)
            return out

        values_of = _PerReport(shape.table_name, constant)

        def fixed(env: Env) -> list[Value] | None:
            report = env.report
            seen = values_of.seen
            found = seen[1] if seen[0] is report else values_of.refresh(report)
            return absent if found is None else found[1]

        return fixed
    if static_keys is not None and shape.column_var:
        # Only the column varies: the values of each column name, worked out per report.
        column_var = shape.column_var

        def by_column(view: _TableView) -> tuple[dict[str, list[Value]], list[Value]]:
            contents = [view.by_key.get(key) for key in static_keys]
            columns = {
                name: [
                    content[i] if content is not None and 0 <= i < len(content) else UNKNOWN
                    for content in contents
                ]
                for name, i in view.where.items()
            }
            return columns, [UNKNOWN] * len(static_keys)

        columns_of = _PerReport(shape.table_name, by_column)

        def column(env: Env) -> list[Value] | None:
            report = env.report
            seen = columns_of.seen
            found = seen[1] if seen[0] is report else columns_of.refresh(report)
            if found is None:
                return absent
            columns, unknown = found[1]
            return columns.get(env.bindings[column_var], unknown)

        return column
    if shape.dynamic_row is not None and shape.static_columns:
        # Only the row varies: the column positions are worked out per report, with a getter
        # taking them all at once from a row long enough to have them (a comprehension would
        # create a function for every binding).
        def indexes_of(view: _TableView) -> tuple[list[int], Any, int, list[Value]]:
            indexes = shape.indexes(view, None)
            getter = None
            if len(indexes) > 1 and min(indexes) >= 0:
                getter = operator.itemgetter(*indexes)
            return indexes, getter, max(indexes) + 1, [UNKNOWN] * len(indexes)

        prepared = _PerReport(shape.table_name, indexes_of)
        row_var = shape.one_variable

        def row(env: Env) -> Sequence[Value] | None:
            report = env.report
            seen = prepared.seen
            found = seen[1] if seen[0] is report else prepared.refresh(report)
            if found is None:
                return absent
            view, (indexes, getter, needed, unknown) = found
            key = env.bindings[row_var] if row_var else shape.row_key(env.bindings)
            content = view.by_key.get(key)
            if content is None:  # absent or not aligned
                return unknown
            n = len(content)
            if getter is not None and n >= needed:
                return getter(content)  # type: ignore[no-any-return]
            return [content[i] if 0 <= i < n else UNKNOWN for i in indexes]

        return row
    views = _PerReport(shape.table_name, _no_preparation)

    def cells(env: Env) -> list[Value] | None:
        report = env.report
        seen = views.seen
        found = seen[1] if seen[0] is report else views.refresh(report)
        if found is None:
            return absent
        view = found[0]
        bindings = env.bindings
        indexes = shape.indexes(view, bindings)
        if static_keys is not None:
            keys = static_keys
        elif shape.dynamic_row is not None:
            keys = [shape.row_key(bindings)]
        else:
            keys = _row_keys(ref, env)
        by_key = view.by_key
        out: list[Value] = []
        for key in keys:
            out += _project(by_key.get(key), indexes)
        return out

    return cells


def _compile_cell_values(ref: CellRef) -> Callable[[Env], Sequence[Value]]:
    """The values of the cells of a multi-cell reference (``[UNKNOWN]`` without the table)."""
    return _compile_cell_lookup(ref, [UNKNOWN])  # type: ignore[return-value]


def _compile_cell(ref: CellRef) -> Evaluator:
    """The value of the first cell ``ref`` names (what :func:`evaluate` takes of a reference)."""
    shape = _RefShape(ref)
    if ref.multi or len(ref.columns) != 1:
        cell_values = _compile_cell_lookup(ref)

        def first(env: Env) -> Any:
            found = cell_values(env)
            if not found:
                return UNKNOWN
            return found[0]

        return first
    # One cell: its value is looked up without building a list of values.
    column_var = shape.column_var
    static_row = shape.static_row
    if static_row is not None:
        if column_var:

            def row_by_column(view: _TableView) -> dict[str, Value]:
                content = view.by_key.get(static_row)
                n = -1 if content is None else len(content)
                return {
                    name: content[i] if 0 <= i < n else UNKNOWN  # type: ignore[index]
                    for name, i in view.where.items()
                }

            columns_of = _PerReport(shape.table_name, row_by_column)

            def static_row_column(env: Env) -> Any:
                report = env.report
                seen = columns_of.seen
                found = seen[1] if seen[0] is report else columns_of.refresh(report)
                if found is None:
                    return UNKNOWN
                return found[1].get(env.bindings[column_var])

            return static_row_column

        def one_value(view: _TableView) -> Value:
            return _at(view.by_key.get(static_row), shape.indexes(view, None)[0])

        value_of = _PerReport(shape.table_name, one_value)

        def static_cell(env: Env) -> Any:
            report = env.report
            seen = value_of.seen
            found = seen[1] if seen[0] is report else value_of.refresh(report)
            return UNKNOWN if found is None else found[1]

        return static_cell
    row_var = shape.one_variable
    if column_var:
        views = _PerReport(shape.table_name, _no_preparation)

        def row_column(env: Env) -> Any:
            report = env.report
            seen = views.seen
            found = seen[1] if seen[0] is report else views.refresh(report)
            if found is None:
                return UNKNOWN
            view = found[0]
            bindings = env.bindings
            key = bindings[row_var] if row_var else shape.row_key(bindings)
            return _at(view.by_key.get(key), view.where.get(bindings[column_var], -1))

        return row_column

    def column_index(view: _TableView) -> int:
        return shape.indexes(view, None)[0]

    index_of = _PerReport(shape.table_name, column_index)

    def row_cell(env: Env) -> Any:
        report = env.report
        seen = index_of.seen
        found = seen[1] if seen[0] is report else index_of.refresh(report)
        if found is None:
            return UNKNOWN
        view, index = found
        key = env.bindings[row_var] if row_var else shape.row_key(env.bindings)
        content = view.by_key.get(key)
        if content is None or not 0 <= index < len(content):
            return UNKNOWN
        return content[index]

    return row_cell


def format_value(value: Any) -> str:
    """A value as a message shows it: ``12``, ``3.5``, ``?`` when unknown."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)
