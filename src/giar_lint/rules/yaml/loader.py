"""Safe loading of untrusted YAML rule files into positioned plain values.

The file is read as a stream of YAML events and composed here, never by a YAML constructor, so
no tag can construct an object and nothing in the file runs. Anchors and aliases are refused
outright (they are the vehicle of "billion laughs" expansion and rule files do not need them),
as are explicit tags, files over :data:`MAX_FILE_BYTES` and nesting deeper than
:data:`MAX_DEPTH`. Every value keeps its 1-based line and column for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from giar_lint.rules.yaml.errors import RuleFileError

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 100_000

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$")


@dataclass
class Node:
    """A YAML value with its position. ``value`` is a ``str``, ``int``, ``float``, ``bool``,
    ``None``, a ``list[Node]`` or a ``dict[str, tuple[Node, Node]]`` (key node, value node)."""

    value: Any
    line: int
    column: int
    #: scalar style: None (plain), "'", '"', "|" or ">"
    style: str | None = None
    #: for block scalars: 1-based line and 0-based indent of the first content line
    content_line: int = 0
    content_indent: int = 0

    @property
    def kind(self) -> str:
        v = self.value
        if isinstance(v, dict):
            return "mapping"
        if isinstance(v, list):
            return "sequence"
        return "scalar"

    def locate(self, line: int, column: int) -> tuple[int, int]:
        """File position of the 1-based ``(line, column)`` inside this scalar's text (exact for
        single-line plain and quoted scalars and for block scalars; escapes are not counted)."""
        if self.style in ("|", ">"):
            return self.content_line + line - 1, self.content_indent + column
        if line <= 1:
            shift = 1 if self.style in ("'", '"') else 0
            return self.line, self.column + shift + column - 1
        return self.line + line - 1, column

    def plain(self) -> Any:
        """The value without positions."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, (_, v) in self.value.items()}
        if isinstance(self.value, list):
            return [n.plain() for n in self.value]
        return self.value


def _resolve_plain(text: str) -> Any:
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    return text


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
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    if len(text) > MAX_FILE_BYTES:
        raise RuleFileError(name, 1, 1, f"规则文件过大（上限 {MAX_FILE_BYTES} 字节）")
    yaml = YAML(typ="safe", pure=True)
    # Stack of open collections: [node, pending key node or None].
    stack: list[list[Any]] = []
    root: Node | None = None
    documents = 0
    count = 0
    lines = text.splitlines()

    def content_start(after_line: int) -> tuple[int, int]:
        # The first non-blank line after a block scalar's indicator line holds its indent.
        for i in range(after_line, len(lines)):
            stripped = lines[i].lstrip(" ")
            if stripped:
                return i + 1, len(lines[i]) - len(stripped)
        return after_line + 1, 0

    def pos(event: Any) -> tuple[int, int]:
        mark = event.start_mark
        return mark.line + 1, mark.column + 1

    def add(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        container: Node = top[0]
        if isinstance(container.value, list):
            container.value.append(node)
            return
        if top[1] is None:
            if node.kind != "scalar" or not isinstance(node.value, str | int | bool):
                raise RuleFileError(name, node.line, node.column, "映射的键必须是简单字符串")
            top[1] = node
            return
        key_node: Node = top[1]
        key = str(key_node.value)
        if key in container.value:
            first = container.value[key][0]
            raise RuleFileError(
                name,
                key_node.line,
                key_node.column,
                f"重复的键“{key}”（第一次在第 {first.line} 行）",
            )
        container.value[key] = (key_node, node)
        top[1] = None

    try:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent):
                line, col = pos(event)
                raise RuleFileError(name, line, col, "规则文件不允许使用别名（*alias）")
            anchor = getattr(event, "anchor", None)
            if anchor:
                line, col = pos(event)
                raise RuleFileError(name, line, col, f"规则文件不允许使用锚点（&{anchor}）")
            tag = getattr(event, "tag", None)
            if tag is not None:
                line, col = pos(event)
                raise RuleFileError(name, line, col, f"规则文件不允许使用标签（{tag}）")
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = pos(event)
                    raise RuleFileError(name, line, col, "一个规则文件只能包含一个 YAML 文档")
            elif isinstance(event, ScalarEvent):
                count += 1
                line, col = pos(event)
                if event.style is None and event.implicit[0]:
                    value = _resolve_plain(event.value)
                else:
                    value = event.value
                node = Node(value, line, col, style=event.style)
                if event.style in ("|", ">"):
                    node.content_line, node.content_indent = content_start(line)
                add(node)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                count += 1
                line, col = pos(event)
                if len(stack) >= MAX_DEPTH:
                    raise RuleFileError(name, line, col, f"嵌套层数超过 {MAX_DEPTH}")
                node = Node({} if isinstance(event, MappingStartEvent) else [], line, col)
                add(node)
                stack.append([node, None])
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                stack.pop()
            if count > MAX_NODES:
                line, col = pos(event)
                raise RuleFileError(name, line, col, f"规则文件的元素超过 {MAX_NODES} 个")
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "YAML 语法错误"
        raise RuleFileError(name, line, col, f"YAML 语法错误：{problem}") from None
    except YAMLError as exc:
        raise RuleFileError(name, 1, 1, f"YAML 语法错误：{exc}") from None
    except RecursionError:
        raise RuleFileError(name, 1, 1, "规则文件嵌套过深") from None
    if root is None:
        return Node(None, 1, 1)
    return root
