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
from dataclasses import dataclass, field
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

    #: the whole YAML text and the scalar's extent in it (``start_index`` at its first
    #: character, indicator or quote, ``end_index`` just past it); set by :func:`compose`
    source: str | None = field(default=None, repr=False, compare=False)
    start_index: int = field(default=-1, repr=False, compare=False)
    end_index: int = field(default=-1, repr=False, compare=False)
    _offsets: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def locate(self, line: int, column: int) -> tuple[int, int]:
        """File position of the 1-based ``(line, column)`` inside this scalar's value.

        Lines of the value are separated by ``"\\n"``; the position is that of the value's
        character at this place (see :meth:`locate_offset`)."""
        value = self.value if isinstance(self.value, str) else str(self.value)
        offset = 0
        for _ in range(max(1, line) - 1):
            found = value.find("\n", offset)
            if found < 0:
                break
            offset = found + 1
        end = value.find("\n", offset)
        end = len(value) if end < 0 else end
        return self.locate_offset(min(offset + max(1, column) - 1, end))

    def locate_offset(self, offset: int) -> tuple[int, int]:
        """File position (1-based line and column) of the character at ``offset`` in this
        scalar's value, counted in the file as written: quotes, escapes (at their backslash),
        doubled quotes, folded line breaks, block indentation and chomping all taken into
        account. The end of the value maps just past its last character, or onto it when that
        would be past the end of its line. A place that cannot be mapped exactly (text the
        reader here does not follow) is reported at the scalar's own position, never past a line."""
        offsets = self._offset_map()
        if offsets is None or self.source is None:
            return self.line, self.column
        index = offsets[max(0, min(offset, len(offsets) - 1))]
        return _position(self.source, index)

    def _offset_map(self) -> list[int] | None:
        if self._offsets is None and self.source is not None and isinstance(self.value, str):
            self._offsets = scalar_offsets(
                self.source, self.start_index, self.end_index, self.style, self.value
            )
        return self._offsets

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


_BLANK = " \t"
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``; an index on a line break or past the end of
    the text moves back onto the last character of its line, if the line has one."""
    index = max(0, min(index, len(text)))
    start = text.rfind("\n", 0, index) + 1
    if index > start and (index == len(text) or text[index] in "\r\n"):
        index -= 1
        if index > start and text[index] == "\r":
            index -= 1
    return text.count("\n", 0, index) + 1, index - start + 1


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The lines of ``text[start:end]`` with the index where each begins (no line breaks)."""
    out: list[tuple[int, str]] = []
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = text[pos:stop]
        if line.endswith("\r"):
            line = line[:-1]
        out.append((pos, line))
        if nl < 0:
            return out
        pos = nl + 1


def _quoted_units(line: str, base: int, style: str | None) -> list[tuple[str, int, bool]]:
    """A flow scalar's line as (value text, source index, is unescaped blank) units."""
    units: list[tuple[str, int, bool]] = []
    j = 0
    while j < len(line):
        ch = line[j]
        if style == "'" and ch == "'" and line[j + 1 : j + 2] == "'":
            units.append(("'", base + j, False))
            j += 2
        elif style == '"' and ch == "\\" and j + 1 < len(line):
            code = line[j + 1]
            if code in _HEX_ESCAPES:
                size = _HEX_ESCAPES[code]
                digits = line[j + 2 : j + 2 + size]
                try:
                    units.append((chr(int(digits, 16)), base + j, False))
                except ValueError:
                    units.append(("\ufffd", base + j, False))
                j += 2 + size
            else:
                units.append((_ESCAPES.get(code, "\ufffd"), base + j, False))
                j += 2
        else:
            units.append((ch, base + j, ch in _BLANK))
            j += 1
    return units


def _flow_offsets(text: str, start: int, end: int, style: str | None) -> tuple[str, list[int]]:
    # Plain and quoted scalars fold alike: blanks around a line break go, a single break
    # becomes a space and each empty line a newline. Quoted scalars keep the blanks just
    # inside their quotes; a double-quoted line ending in a backslash joins the next without
    # a space.
    if style in ("'", '"'):
        start, end = start + 1, end - 1
    lines = _lines(text, start, end)
    chars: list[str] = []
    offsets: list[int] = []
    empty = 0
    joined = False  # the previous line ended in an escaped line break
    for number, (base, line) in enumerate(lines):
        first, last = number == 0, number == len(lines) - 1
        escaped_break = False
        if style == '"' and not last:
            body = line.rstrip(_BLANK)
            backslashes = len(body) - len(body.rstrip("\\"))
            if backslashes % 2 == 1 and body == line:
                escaped_break = True
                line = line[:-1]
        units = _quoted_units(line, base, style) if style in ("'", '"') else None
        if units is None:
            units = [(ch, base + j, ch in _BLANK) for j, ch in enumerate(line)]
        lo, hi = 0, len(units)
        if not first:
            while lo < hi and units[lo][2]:
                lo += 1
        if not last and not escaped_break:
            while hi > lo and units[hi - 1][2]:
                hi -= 1
        if not first:
            if lo == hi and not last:
                empty += 1
                continue
            at = units[lo][1] if lo < hi else base + len(line)
            fold = "\n" * empty if (empty or joined) else " "
            chars.extend(fold)
            offsets.extend([at] * len(fold))
            empty = 0
        for ch, index, _ in units[lo:hi]:
            chars.extend(ch)
            offsets.extend([index] * len(ch))
        joined = escaped_break
    offsets.append(end if style in ("'", '"') else (offsets[-1] + 1 if offsets else start))
    return "".join(chars), offsets


def _block_lines(text: str, start: int, end: int) -> tuple[str, list[tuple[int, str]]]:
    lines = _lines(text, start, end)
    body = lines[1:]
    if body and body[-1][1] == "" and text[end - 1] == "\n":
        body = body[:-1]  # the scalar ends where the next line begins
    return lines[0][1], body


def _block_offsets(
    text: str, start: int, style: str, chomp: str, indent: int, body: list[tuple[int, str]]
) -> tuple[str, list[int]]:
    # Lines at the indentation are text; shorter all-space lines are empty lines. A folded
    # scalar joins two text lines that start with no blank by a space, or by the empty lines
    # between them; every other line break stays.
    chars: list[str] = []
    offsets: list[int] = []
    breaks: list[int] = []  # source indexes of the empty lines' breaks not yet written
    previous: str | None = None  # the previous text line, after its indentation
    last_break = -1
    for base, line in body:
        if len(line) <= indent and not line.strip(" "):
            breaks.append(base + len(line))
            continue
        if len(line) - len(line.lstrip(" ")) < indent:
            break
        content = line[indent:]
        folds = (
            previous is not None
            and style == ">"
            and previous[:1] not in (" ", "\t")
            and content[:1] not in (" ", "\t")
        )
        if folds and not breaks:
            chars.append(" ")
            offsets.append(base + indent)
        elif previous is not None and not folds:
            chars.append("\n")
            offsets.append(last_break)
        chars.extend("\n" * len(breaks))
        offsets.extend(breaks)
        breaks = []
        chars.extend(content)
        offsets.extend(range(base + indent, base + len(line)))
        previous = content
        last_break = base + len(line)
    end_offset = (offsets[-1] + 1) if offsets else start
    if previous is not None and chomp != "-" and text[last_break : last_break + 1] in ("\r", "\n"):
        chars.append("\n")
        offsets.append(last_break)
    if chomp == "+":
        chars.extend("\n" * len(breaks))
        offsets.extend(breaks)
    offsets.append(end_offset)
    return "".join(chars), offsets


def _block_scalar_offsets(
    text: str, start: int, end: int, style: str, value: str
) -> list[int] | None:
    header, body = _block_lines(text, start, end)
    match = re.match(r"[|>]([-+]?)([1-9]?)([-+]?)", header)
    if match is None:
        return None
    chomp = match.group(1) or match.group(3)
    # Without an indicator the first text line sets the indentation (the longest of the
    # empty lines when there is none). An explicit indicator counts from the parent's
    # indentation, which is not known here: try each one up to the deepest line's.
    indent = max((len(line) for _, line in body), default=0)
    for _, line in body:
        if line.strip(" "):
            indent = len(line) - len(line.lstrip(" "))
            break
    deepest = max((len(line) - len(line.lstrip(" ")) for _, line in body), default=0)
    candidates = range(deepest, -1, -1) if match.group(2) else (indent,)
    for candidate in candidates:
        decoded, offsets = _block_offsets(text, start, style, chomp, candidate, body)
        if decoded == value:
            return offsets
    return None


def scalar_offsets(
    text: str, start: int, end: int, style: str | None, value: str
) -> list[int] | None:
    """The index in ``text`` of each character of the scalar ``value`` written in
    ``text[start:end]`` in ``style``, and a last one for its end; None when the written scalar,
    read again here, does not give ``value`` (a form not followed here), so no index is
    guessed."""
    if not 0 <= start < end <= len(text):
        return None
    try:
        if style in ("|", ">"):
            offsets = _block_scalar_offsets(text, start, end, style, value)
            if offsets is None:
                return None
            decoded = value
        else:
            decoded, offsets = _flow_offsets(text, start, end, style)
    except (IndexError, ValueError):
        return None
    if decoded != value or len(offsets) != len(value) + 1:
        return None
    return offsets


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
                if isinstance(value, str):
                    node.source = text
                    node.start_index = event.start_mark.index
                    node.end_index = event.end_mark.index
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
