"""Composing untrusted YAML into positioned plain values.

Configuration files and rule files are both untrusted. Their text is read as a stream of YAML
parser events and composed here, never by a YAML constructor, so no tag can construct an object
and nothing in the file runs. Anchors and aliases are refused outright (they are the vehicle of
"billion laughs" expansion and neither kind of file needs them), as are explicit tags, more than
one document, nesting deeper than the caller's limit and duplicate or non-scalar mapping keys.
Every value keeps its 1-based line and column.

Each problem is one :class:`YamlProblem` naming its kind and position; callers turn it into
their own error type and wording. Size limits on the text stay with the callers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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


class YamlProblem(Exception):
    """Why a YAML text was refused, and where (1-based line and column).

    ``kind`` is one of:

    - ``"syntax"``: the parser failed; ``detail`` is its problem ("" when it gave none) and
      ``marked`` whether it named the position (otherwise the position is derived from the
      offset it gave, or 1:1); ``original`` is the parser's exception
    - ``"alias"``, ``"anchor"`` (``detail``: the anchor's name), ``"tag"`` (``detail``: the tag)
    - ``"documents"``: a second document starts here
    - ``"depth"``: a collection nested deeper than ``max_depth``; ``"recursion"``: the parser
      itself ran out of stack
    - ``"nodes"``: more than ``max_nodes`` values
    - ``"key"``: a mapping key that is not a string, number or boolean scalar
    - ``"duplicate-key"``: ``detail`` is the key, ``first_line`` the line where it first stood
    """

    def __init__(
        self,
        kind: str,
        line: int,
        column: int,
        detail: str = "",
        *,
        first_line: int = 0,
        marked: bool = True,
        original: BaseException | None = None,
    ) -> None:
        super().__init__(f"{line}:{column}: {kind} {detail}".rstrip())
        self.kind = kind
        self.line = line
        self.column = column
        self.detail = detail
        self.first_line = first_line
        self.marked = marked
        self.original = original


def resolve_plain(text: str) -> Any:
    """The value of a plain scalar under the YAML core schema (null, booleans, numbers)."""
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    return text


def compose(
    text: str,
    *,
    max_depth: int,
    max_nodes: int | None = None,
    typed: bool = True,
    round_trip: bool = False,
    late_key_problems: bool = False,
) -> Node | None:
    """Compose the single document of YAML ``text`` into a :class:`Node` tree.

    Returns None when the text holds no document (empty or only comments). With ``typed``,
    plain scalars resolve to ``int``, ``float``, ``bool`` or ``None``; without it they stay
    strings, except that a plain null is ``None``. ``round_trip`` reads with ruamel.yaml's
    round-trip scanner and parser rather than the safe ones: they accept the same YAML but can
    report a different error first in a broken text. ``late_key_problems`` raises a mapping's
    bad or duplicate key when the mapping ends rather than where the key stands, so an error
    later inside the mapping is reported first. Raises :class:`YamlProblem`.
    """
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

    yaml = YAML(typ="rt") if round_trip else YAML(typ="safe", pure=True)
    # Open collections: [node, pending key node or None, deferred key problem or None].
    stack: list[list[Any]] = []
    root: Node | None = None
    documents = 0
    count = 0
    lines: list[str] | None = None

    def content_start(after_line: int) -> tuple[int, int]:
        # The first non-blank line after a block scalar's indicator line holds its indent.
        nonlocal lines
        if lines is None:
            lines = text.splitlines()
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
            top[1] = node
            if node.kind != "scalar" or not isinstance(node.value, str | int | bool):
                refuse(top, YamlProblem("key", node.line, node.column))
            return
        key_node: Node = top[1]
        top[1] = None
        key = str(key_node.value)
        if top[2] is not None:
            return  # a deferred problem already stands for this mapping
        if key in container.value:
            first = container.value[key][0]
            refuse(
                top,
                YamlProblem(
                    "duplicate-key", key_node.line, key_node.column, key, first_line=first.line
                ),
            )
            return
        container.value[key] = (key_node, node)

    def refuse(top: list[Any], problem: YamlProblem) -> None:
        if not late_key_problems:
            raise problem
        if top[2] is None:
            top[2] = problem

    try:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent):
                raise YamlProblem("alias", *pos(event))
            anchor = getattr(event, "anchor", None)
            if anchor:
                raise YamlProblem("anchor", *pos(event), anchor)
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise YamlProblem("tag", *pos(event), str(tag))
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem("documents", *pos(event))
            elif isinstance(event, ScalarEvent):
                count += 1
                line, col = pos(event)
                value: Any = event.value
                if event.style is None and event.implicit[0]:
                    if typed:
                        value = resolve_plain(value)
                    elif _NULL.match(value):
                        value = None
                node = Node(value, line, col, style=event.style)
                if event.style in ("|", ">"):
                    node.content_line, node.content_indent = content_start(line)
                add(node)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                count += 1
                line, col = pos(event)
                if len(stack) >= max_depth:
                    raise YamlProblem("depth", line, col)
                node = Node({} if isinstance(event, MappingStartEvent) else [], line, col)
                add(node)
                stack.append([node, None, None])
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                deferred = stack.pop()[2]
                if deferred is not None:
                    raise deferred
            if max_nodes is not None and count > max_nodes:
                raise YamlProblem("nodes", *pos(event))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(
            "syntax", line, col, str(exc.problem or exc.context or ""), original=exc
        ) from None
    except (YAMLError, ValueError) as exc:
        line, col = 1, 1
        position = getattr(exc, "position", None)  # ReaderError: a character YAML forbids
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            col = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = getattr(exc, "reason", None) or str(exc)
        raise YamlProblem("syntax", line, col, str(reason), marked=False, original=exc) from None
    except RecursionError:
        raise YamlProblem("recursion", 1, 1) from None
    return root
