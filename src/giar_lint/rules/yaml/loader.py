"""Loading untrusted YAML rule files into positioned plain values.

Composition is :mod:`giar_lint.safe_yaml`'s (no constructor runs, so nothing in the file runs;
tags, anchors, aliases, several documents, duplicate keys and nesting deeper than
:data:`MAX_DEPTH` are refused). Here are the rule files' own limits (:data:`MAX_FILE_BYTES`,
:data:`MAX_NODES`), the core-schema resolution of plain scalars, and the Chinese wording of
every problem as a :class:`RuleFileError` naming ``file:line:col``.
"""

from __future__ import annotations

from pathlib import Path

from giar_lint.rules.yaml.errors import RuleFileError
from giar_lint.safe_yaml import Node, YamlProblem, compose

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "Node", "load_yaml_file", "load_yaml_text"]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 100_000


def load_yaml_file(path: Path) -> Node:
    """Read ``path`` and return its single document as a :class:`Node` tree."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RuleFileError(name, 1, 1, f"规则文件过大（{size} 字节，上限 {MAX_FILE_BYTES}）")
        data = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(name, 1, 1, f"无法读取规则文件：{exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise RuleFileError(name, 1, 1, f"规则文件过大（上限 {MAX_FILE_BYTES} 字节）")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleFileError(name, 1, 1, f"规则文件不是 UTF-8 编码（字节 {exc.start}）") from None
    return load_yaml_text(text, name)


def load_yaml_text(text: str, name: str = "<rules>") -> Node:
    """Compose YAML ``text`` into a :class:`Node` tree, refusing anything unsafe."""
    if len(text) > MAX_FILE_BYTES:
        raise RuleFileError(name, 1, 1, f"规则文件过大（上限 {MAX_FILE_BYTES} 字节）")
    try:
        root = compose(text, max_depth=MAX_DEPTH, max_nodes=MAX_NODES)
    except YamlProblem as problem:
        raise _rule_file_error(name, problem) from None
    if root is None:
        return Node(None, 1, 1)
    return root


def _rule_file_error(name: str, problem: YamlProblem) -> RuleFileError:
    kind, line, col = problem.kind, problem.line, problem.column
    if kind == "syntax":
        if not problem.marked:
            return RuleFileError(name, 1, 1, f"YAML 语法错误：{problem.original}")
        return RuleFileError(name, line, col, f"YAML 语法错误：{problem.detail or 'YAML 语法错误'}")
    messages = {
        "alias": "规则文件不允许使用别名（*alias）",
        "anchor": f"规则文件不允许使用锚点（&{problem.detail}）",
        "tag": f"规则文件不允许使用标签（{problem.detail}）",
        "documents": "一个规则文件只能包含一个 YAML 文档",
        "depth": f"嵌套层数超过 {MAX_DEPTH}",
        "recursion": "规则文件嵌套过深",
        "nodes": f"规则文件的元素超过 {MAX_NODES} 个",
        "key": "映射的键必须是简单字符串",
        "duplicate-key": f"重复的键“{problem.detail}”（第一次在第 {problem.first_line} 行）",
    }
    return RuleFileError(name, line, col, messages.get(kind, f"YAML 错误：{kind}"))
