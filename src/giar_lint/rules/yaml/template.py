"""Message templates: ``{name}`` placeholders, ``{{``/``}}`` for literal braces.

Deliberately not ``str.format``: a format string can reach attributes (``{x.__class__}``), and
rule files are untrusted. Placeholder names are checked when the rule file loads.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from giar_lint.rules.yaml.expr import format_value
from giar_lint.rules.yaml.records import Record

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class TemplateError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class Template(Record):
    """A message template and the placeholder names it uses."""

    _fields = ("text", "names")
    text: str
    names: tuple[str, ...]

    def __init__(self, text: str, names: tuple[str, ...]) -> None:
        self.__dict__.update(text=text, names=names)

    @classmethod
    def compile(cls, text: str, allowed: Collection[str]) -> Template:
        names: list[str] = []
        for m in _TOKEN.finditer(text):
            token = m.group(0)
            if token in ("{{", "}}"):
                continue
            if m.group(1) is None:
                raise TemplateError(
                    f"消息模板中单独的“{token}”（字面花括号写作 {token * 2}）", m.start()
                )
            name = m.group(1).strip()
            if not _NAME.match(name):
                raise TemplateError(f"消息模板中无效的占位符“{token}”", m.start())
            if name not in allowed:
                known = "、".join(sorted(allowed))
                raise TemplateError(
                    f"消息模板中未知的占位符“{{{name}}}”（可用：{known}）", m.start()
                )
            names.append(name)
        return cls(text, tuple(names))

    def render(self, values: Mapping[str, object]) -> str:
        def sub(m: re.Match[str]) -> str:
            token = m.group(0)
            if token == "{{":
                return "{"
            if token == "}}":
                return "}"
            value = values.get((m.group(1) or "").strip())
            return value if isinstance(value, str) else format_value(value)

        return _TOKEN.sub(sub, self.text)
