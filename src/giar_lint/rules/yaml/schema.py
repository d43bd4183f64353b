"""The rule file schema: positioned YAML values → :class:`YamlRule` objects.

Everything is checked here, once, when the file loads: keys, types, patterns, expressions and
message placeholders. A rule that loads can only fail to decide, never crash.
"""

from __future__ import annotations

import re
from typing import Any

from giar_lint.model.catalogue import PART_KEYS
from giar_lint.rules.base import RuleMeta
from giar_lint.rules.yaml.checks import (
    COMMON_PLACEHOLDERS,
    AssertCheck,
    ForbidCheck,
    OldFormatCheck,
    PartsCheck,
    Pattern,
    RequireCheck,
)
from giar_lint.rules.yaml.errors import RuleFileError
from giar_lint.rules.yaml.expr import (
    DOMAIN_KINDS,
    TABLE_ROWS,
    CellRef,
    Compare,
    Domain,
    Expr,
    ExprError,
    Name,
    Scope,
    cell_refs,
    compile_expression,
)
from giar_lint.rules.yaml.loader import Node
from giar_lint.rules.yaml.regex_safety import UnsafePattern, compile_pattern
from giar_lint.rules.yaml.rule import YamlRule
from giar_lint.rules.yaml.scopes import SCOPE_NAMES, ScopeSpec
from giar_lint.rules.yaml.template import Template, TemplateError

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,5}[0-9]{2,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SEVERITIES = ("error", "warning", "info")
CHECK_KINDS = ("require", "forbid", "parts", "assert", "old_format")
RULE_KEYS = frozenset(
    {
        "id",
        "name",
        "severity",
        "summary",
        "description",
        "basis",
        "message",
        "scope",
        "when",
        "examples",
        "fix",
        *CHECK_KINDS,
    }
)
RESERVED_NAMES = frozenset({"year", "format", "agency", "scope", "sum", "min", "max", "abs"})


_CJK_GAP = re.compile(
    r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f\d])|(?<=[^\x00-\x7f]) (?=\d)|(?<=\d) (?=[^\x00-\x7f])"
)


def prose(text: str) -> str:
    """Explanatory text as written, without the spaces YAML folding (``>``) puts where a
    Chinese sentence was wrapped: Chinese is written without spaces between characters."""
    return _CJK_GAP.sub("", text.strip())


class FileReader:
    """Reads one rule file's values, raising :class:`RuleFileError` at the right place."""

    def __init__(self, path: str) -> None:
        self.path = path

    def error(self, node: Node, message: str) -> RuleFileError:
        return RuleFileError(self.path, node.line, node.column, message)

    def mapping(self, node: Node, what: str, allowed: frozenset[str] | None = None) -> dict:
        if not isinstance(node.value, dict):
            raise self.error(node, f"{what}应为映射（key: value）")
        if allowed is not None:
            for key, (key_node, _) in node.value.items():
                if key not in allowed:
                    known = "、".join(sorted(allowed))
                    raise self.error(key_node, f"{what}中未知的键“{key}”（可用：{known}）")
        return node.value

    def get(self, mapping: dict, key: str) -> Node | None:
        entry = mapping.get(key)
        return entry[1] if entry else None

    def require(self, mapping: dict, key: str, parent: Node, what: str) -> Node:
        node = self.get(mapping, key)
        if node is None:
            raise self.error(parent, f"{what}缺少“{key}”")
        return node

    def string(self, node: Node, what: str, allow_empty: bool = False) -> str:
        if not isinstance(node.value, str):
            raise self.error(node, f"{what}应为字符串")
        if not allow_empty and not node.value.strip():
            raise self.error(node, f"{what}不能为空")
        return node.value

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node.value, list):
            raise self.error(node, f"{what}应为列表")
        return node.value

    def strings(self, node: Node, what: str) -> list[tuple[Node, str]]:
        if isinstance(node.value, str):
            return [(node, self.string(node, what))]
        return [(n, self.string(n, what)) for n in self.sequence(node, what)]

    def choice(self, node: Node, what: str, options: tuple[str, ...]) -> str:
        value = self.string(node, what)
        if value not in options:
            raise self.error(node, f"{what}应为 {' | '.join(options)}，而不是“{value}”")
        return value

    def expression(self, node: Node, kind: str, scope: Scope, what: str) -> Expr:
        text = self.string(node, what)
        try:
            return compile_expression(text, kind, scope)
        except ExprError as exc:
            line, column = node.locate(exc.line, exc.column)
            raise RuleFileError(self.path, line, column, f"{what}：{exc.message}") from None

    def pattern(self, node: Node, what: str) -> re.Pattern[str]:
        text = self.string(node, what)
        try:
            return compile_pattern(text)
        except UnsafePattern as exc:
            raise self.error(node, f"{what}：{exc}") from None
        except re.error as exc:
            line, column = node.locate_offset(exc.pos if isinstance(exc.pos, int) else 0)
            raise RuleFileError(
                self.path, line, column, f"{what}：正则表达式错误：{exc.msg}"
            ) from None
        except (RecursionError, OverflowError):
            raise self.error(node, f"{what}：正则表达式过于复杂") from None

    def template(self, node: Node, allowed: frozenset[str], what: str) -> Template:
        text = self.string(node, what)
        try:
            return Template.compile(text, allowed)
        except TemplateError as exc:
            line, column = node.locate_offset(exc.offset)
            raise RuleFileError(self.path, line, column, f"{what}：{exc.message}") from None


def parse_rule_file(root: Node, path: str) -> list[YamlRule]:
    reader = FileReader(path)
    if root.value is None:
        raise reader.error(root, "规则文件为空（应包含 rules: 列表）")
    top = reader.mapping(root, "规则文件", frozenset({"rules", "version"}))
    version = reader.get(top, "version")
    if version is not None and version.value != 1:
        raise reader.error(version, "不支持的规则文件版本（只支持 version: 1）")
    rules_node = reader.require(top, "rules", root, "规则文件")
    items = reader.sequence(rules_node, "rules")
    if not items:
        raise reader.error(rules_node, "rules 列表为空")
    rules: list[YamlRule] = []
    seen: dict[str, Node] = {}
    for item in items:
        rule, id_node = _parse_rule(reader, item)
        if rule.meta.code in seen:
            first = seen[rule.meta.code]
            raise reader.error(
                id_node, f"规则编号“{rule.meta.code}”重复（第一次在第 {first.line} 行）"
            )
        seen[rule.meta.code] = id_node
        rules.append(rule)
    return rules


def _parse_rule(reader: FileReader, node: Node) -> tuple[YamlRule, Node]:
    rule = reader.mapping(node, "规则", RULE_KEYS)
    id_node = reader.require(rule, "id", node, "规则")
    code = id_node.value if isinstance(id_node.value, str) else ""
    if not CODE_RE.match(code):
        raise reader.error(id_node, "规则编号应为大写字母加数字，如 A301、HN101")
    what = f"规则 {code} "
    name_node = reader.require(rule, "name", node, what)
    name = reader.string(name_node, f"{what}name")
    if not NAME_RE.match(name):
        raise reader.error(name_node, f"{what}name 应为小写英文短横线格式，如 missing-part")
    severity = reader.choice(
        reader.require(rule, "severity", node, what), f"{what}severity", SEVERITIES
    )
    summary = reader.string(reader.require(rule, "summary", node, what), f"{what}summary")
    description = reader.string(
        reader.require(rule, "description", node, what), f"{what}description"
    )
    basis = reader.string(reader.require(rule, "basis", node, what), f"{what}basis")
    examples_pass, examples_fail = _examples(
        reader, reader.require(rule, "examples", node, what), what
    )

    kinds = [k for k in CHECK_KINDS if k in rule]
    if len(kinds) != 1:
        raise reader.error(
            node,
            f"{what}必须有且只有一种检查（{' | '.join(CHECK_KINDS)}），现有 {len(kinds)} 种",
        )
    kind = kinds[0]
    check_node = rule[kind][1]
    scope_node = reader.get(rule, "scope")
    fix_node = reader.get(rule, "fix")
    if fix_node is not None and kind != "forbid":
        raise reader.error(fix_node, f"{what}fix 只能用于 forbid 检查")
    if kind == "require":
        impl: Any = _require(reader, check_node, _scope(reader, scope_node, what), what)
    elif kind == "forbid":
        impl = _forbid(reader, check_node, _scope(reader, scope_node, what), fix_node, what)
    elif kind == "parts":
        _no_scope(reader, scope_node, what, "parts")
        impl = _parts(reader, check_node, what)
    elif kind == "assert":
        impl = _assert(reader, check_node, scope_node, what)
    else:
        _no_scope(reader, scope_node, what, "old_format")
        impl = _old_format(reader, check_node, what)

    allowed = set(COMMON_PLACEHOLDERS | impl.placeholders)
    if isinstance(impl, AssertCheck):
        allowed |= set(impl.lets)
        for var in impl.variables:
            allowed |= {var, f"{var}_label"}
    message = reader.template(
        reader.require(rule, "message", node, what), frozenset(allowed), f"{what}message"
    )

    condition = None
    when_text = ""
    when_node = reader.get(rule, "when")
    if when_node is not None:
        when_text = reader.string(when_node, f"{what}when")
        condition = reader.expression(
            when_node, "condition", Scope(conditions_only=True), f"{what}when"
        )

    fixable = isinstance(impl, ForbidCheck) and any(p.replace is not None for p in impl.patterns)
    meta = RuleMeta(
        code=code,
        name=name,
        severity=severity,  # type: ignore[arg-type]
        summary=prose(summary),
        description=prose(description),
        basis=prose(basis),
        examples_pass=examples_pass,
        examples_fail=examples_fail,
        fixable=fixable,
        source=reader.path,
        when=when_text,
        extra={"kind": kind},
    )
    rule_obj = YamlRule(meta, kind, impl, message, condition, id_node.line, id_node.column)
    return rule_obj, id_node


def _examples(reader: FileReader, node: Node, what: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    examples = reader.mapping(node, f"{what}examples", frozenset({"pass", "fail"}))
    out: list[tuple[str, ...]] = []
    for key in ("pass", "fail"):
        items = reader.sequence(
            reader.require(examples, key, node, f"{what}examples "), f"{what}examples.{key}"
        )
        if not items:
            raise reader.error(node, f"{what}examples.{key} 至少要有一个例子")
        out.append(tuple(reader.string(i, f"{what}examples.{key} 的例子") for i in items))
    return out[0], out[1]


def _scope(reader: FileReader, node: Node | None, what: str) -> ScopeSpec:
    if node is None:
        return ScopeSpec("document")
    if isinstance(node.value, str):
        return ScopeSpec(reader.choice(node, f"{what}scope", SCOPE_NAMES))
    scope = reader.mapping(node, f"{what}scope", frozenset({"part"}))
    part_node = reader.require(scope, "part", node, f"{what}scope ")
    keys: list[str] = []
    for key_node, key in reader.strings(part_node, f"{what}scope.part"):
        if key not in PART_KEYS:
            raise reader.error(
                key_node, f"{what}scope.part：未知的部分“{key}”（可用：{'、'.join(PART_KEYS)}）"
            )
        keys.append(key)
    return ScopeSpec("part", tuple(keys))


def _no_scope(reader: FileReader, node: Node | None, what: str, kind: str) -> None:
    if node is not None and node.value != "document":
        raise reader.error(node, f"{what}{kind} 检查不使用 scope")


def _pattern_items(
    reader: FileReader, check: dict, parent: Node, what: str, allow_replace: bool
) -> list[Pattern]:
    single = reader.get(check, "pattern")
    many = reader.get(check, "patterns")
    if (single is None) == (many is None):
        raise reader.error(parent, f"{what}需要 pattern 或 patterns（二选一）")
    nodes = [single] if single is not None else reader.sequence(many, f"{what}patterns")  # type: ignore[arg-type]
    if not nodes:
        raise reader.error(many or parent, f"{what}patterns 不能为空")
    top_replace = reader.get(check, "replace")
    if top_replace is not None and (single is None or not allow_replace):
        raise reader.error(
            top_replace, f"{what}replace 只能与单个 pattern 同用（多个时写在各项中）"
        )
    top_label = reader.get(check, "label")
    if top_label is not None and single is None:
        raise reader.error(top_label, f"{what}label 只能与单个 pattern 同用（多个时写在各项中）")
    out: list[Pattern] = []
    for item in nodes:
        replace_node = top_replace
        label_node = top_label
        if isinstance(item.value, dict):
            keys = {"pattern", "label", "replace"} if allow_replace else {"pattern", "label"}
            entry = reader.mapping(item, f"{what}patterns 的项", frozenset(keys))
            pattern_node = reader.require(entry, "pattern", item, f"{what}patterns 的项")
            label_node = reader.get(entry, "label")
            replace_node = reader.get(entry, "replace") or replace_node
        else:
            pattern_node = item
        regex = reader.pattern(pattern_node, f"{what}pattern")
        label = reader.string(label_node, f"{what}label") if label_node else pattern_node.value
        replace = None
        if replace_node is not None:
            replace = reader.string(replace_node, f"{what}replace", allow_empty=True)
            try:
                _check_replacement(regex, replace)
            except (re.error, IndexError) as exc:
                raise reader.error(replace_node, f"{what}replace 中的分组引用无效：{exc}") from None
        out.append(Pattern(regex, label, replace))
    return out


def _check_replacement(regex: re.Pattern[str], replace: str) -> None:
    """Raise ``re.error`` when ``replace`` names a group ``regex`` does not have."""
    for m in re.finditer(r"\\(\d+)|\\g<([^>]*)>", replace):
        ref = m.group(1) or m.group(2)
        if ref.isdigit():
            if int(ref) > regex.groups:
                raise re.error(f"没有第 {ref} 组")
        elif ref not in regex.groupindex:
            raise re.error(f"没有名为 {ref} 的组")


def _whitespace(reader: FileReader, check: dict, what: str) -> bool:
    node = reader.get(check, "whitespace")
    if node is None:
        return False
    return reader.choice(node, f"{what}whitespace", ("ignore", "keep")) == "keep"


def _require(reader: FileReader, node: Node, scope: ScopeSpec, what: str) -> RequireCheck:
    what = f"{what}require "
    check = reader.mapping(
        node,
        what,
        frozenset({"pattern", "patterns", "label", "match", "within", "if_present", "whitespace"}),
    )
    patterns = _pattern_items(reader, check, node, what, allow_replace=False)
    mode_node = reader.get(check, "match")
    mode = reader.choice(mode_node, f"{what}match", ("any", "all")) if mode_node else "any"
    within_node = reader.get(check, "within")
    within = (
        reader.choice(within_node, f"{what}within", ("scope", "paragraph"))
        if within_node
        else "scope"
    )
    trigger_node = reader.get(check, "if_present")
    trigger = None
    if trigger_node is not None:
        trigger = Pattern(reader.pattern(trigger_node, f"{what}if_present"), trigger_node.value)
    if scope.kind == "title" and within == "paragraph":
        within = "scope"
    return RequireCheck(
        scope, tuple(patterns), mode, within, trigger, _whitespace(reader, check, what)
    )


def _forbid(
    reader: FileReader, node: Node, scope: ScopeSpec, fix_node: Node | None, what: str
) -> ForbidCheck:
    what = f"{what}forbid "
    check = reader.mapping(
        node, what, frozenset({"pattern", "patterns", "label", "replace", "whitespace"})
    )
    patterns = _pattern_items(reader, check, node, what, allow_replace=True)
    fix_message = None
    if fix_node is not None:
        if not any(p.replace is not None for p in patterns):
            raise reader.error(fix_node, f"{what}有 fix 但没有任何 replace")
        fix_message = reader.template(
            fix_node,
            frozenset(COMMON_PLACEHOLDERS | ForbidCheck.placeholders),
            f"{what}fix",
        )
    return ForbidCheck(scope, tuple(patterns), _whitespace(reader, check, what), fix_message)


def _parts(reader: FileReader, node: Node, what: str) -> PartsCheck:
    what = f"{what}parts "
    if isinstance(node.value, str):
        return PartsCheck(reader.choice(node, what, ("required", "order", "unique", "title")))
    check = reader.mapping(node, what, frozenset({"check", "parts"}))
    kind = reader.choice(
        reader.require(check, "check", node, what),
        f"{what}check",
        ("required", "order", "unique", "title"),
    )
    parts_node = reader.get(check, "parts")
    keys = PART_KEYS
    if parts_node is not None:
        chosen = []
        for key_node, key in reader.strings(parts_node, f"{what}parts"):
            if key not in PART_KEYS:
                raise reader.error(
                    key_node, f"{what}未知的部分“{key}”（可用：{'、'.join(PART_KEYS)}）"
                )
            chosen.append(key)
        keys = tuple(chosen)
    return PartsCheck(kind, keys)


def _assert(reader: FileReader, node: Node, scope_node: Node | None, what: str) -> AssertCheck:
    what = f"{what}assert "
    check = reader.mapping(node, what, frozenset({"for", "let", "expr", "at"}))
    tables: list[str] = []
    if scope_node is not None:
        scope = reader.mapping(scope_node, f"{what}scope", frozenset({"table"}))
        table_node = reader.require(scope, "table", scope_node, f"{what}scope ")
        for tnode, table in reader.strings(table_node, f"{what}scope.table"):
            if table not in TABLE_ROWS:
                raise reader.error(
                    tnode, f"{what}scope.table：未知的表“{table}”（可用：{'、'.join(TABLE_ROWS)}）"
                )
            tables.append(table)
    variables: dict[str, Domain] = {}
    for_node = reader.get(check, "for")
    if for_node is not None:
        for var, (key_node, domain_node) in reader.mapping(for_node, f"{what}for").items():
            if not VAR_RE.match(var) or var in RESERVED_NAMES or var in TABLE_ROWS:
                raise reader.error(key_node, f"{what}for：变量名“{var}”无效或与保留名冲突")
            text = reader.string(domain_node, f"{what}for.{var}")
            table, _, kind = text.partition(".")
            if table not in TABLE_ROWS or kind not in DOMAIN_KINDS:
                raise reader.error(
                    domain_node,
                    f"{what}for.{var}：应为 <表>.<columns|rows|subtotals>，如 applications.columns",
                )
            if kind == "subtotals" and table != "applications":
                raise reader.error(domain_node, f"{what}for.{var}：只有 applications 有小计")
            if kind == "columns" and table == "disclosure":
                raise reader.error(domain_node, f"{what}for.{var}：表二的列用 [0]、[1]、[2] 表示")
            variables[var] = Domain(table, kind)
    scope = Scope(variables=variables)
    lets: dict[str, Expr] = {}
    let_node = reader.get(check, "let")
    if let_node is not None:
        for name, (key_node, value_node) in reader.mapping(let_node, f"{what}let").items():
            if (
                not VAR_RE.match(name)
                or name in RESERVED_NAMES
                or name in variables
                or name in TABLE_ROWS
                or name in AssertCheck.placeholders
            ):
                raise reader.error(key_node, f"{what}let：名称“{name}”无效或与保留名冲突")
            lets[name] = reader.expression(value_node, "value", scope, f"{what}let.{name}")
            if isinstance(lets[name], CellRef) and lets[name].multi:  # type: ignore[attr-defined]
                raise reader.error(
                    value_node, f"{what}let.{name} 表示多个单元格，应写作 sum(...) 等"
                )
            scope.lets[name] = lets[name]
    expr_node = reader.require(check, "expr", node, what)
    expr = reader.expression(expr_node, "assertion", scope, f"{what}expr")
    assert isinstance(expr, Compare)
    at_node = reader.get(check, "at")
    if at_node is not None:
        at = reader.expression(at_node, "value", scope, f"{what}at")
        target = at
        while isinstance(target, Name) and target.name in lets:
            target = lets[target.name]
        if not isinstance(target, CellRef) or target.multi:
            raise reader.error(at_node, f"{what}at 应指向一个单元格（如 applications.total[c]）")
    else:
        refs = [r for r in cell_refs(expr) if not r.multi]
        if not refs:
            for let in lets.values():
                refs.extend(r for r in cell_refs(let) if not r.multi)
        if not refs:
            raise reader.error(node, f"{what}缺少 at（找不到可指向的单元格）")
        at = refs[0]
    if not tables:
        tables = sorted({r.table for r in cell_refs(expr)})
    return AssertCheck(expr, variables, lets, at, expr_node.value, tuple(tables))


def _old_format(reader: FileReader, node: Node, what: str) -> OldFormatCheck:
    what = f"{what}old_format "
    if node.value is True or node.value is None:
        return OldFormatCheck(tuple(TABLE_ROWS))
    check = reader.mapping(node, what, frozenset({"tables"}))
    tables: list[str] = []
    tables_node = reader.get(check, "tables")
    if tables_node is None:
        return OldFormatCheck(tuple(TABLE_ROWS))
    for tnode, table in reader.strings(tables_node, f"{what}tables"):
        if table not in TABLE_ROWS:
            raise reader.error(tnode, f"{what}未知的表“{table}”（可用：{'、'.join(TABLE_ROWS)}）")
        tables.append(table)
    return OldFormatCheck(tuple(tables))
